"""The UI is promised in English, Armenian and Russian: every string the code marks for
translation must have a reviewed (non-fuzzy) translation in both catalogs, compiled."""

import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

LANGUAGES = ["hy", "ru"]
ROOT = Path(settings.BASE_DIR)
CATALOG = ROOT / "tipmonitor" / "locale" / "{lang}" / "LC_MESSAGES" / "django.{ext}"
SOURCE_DIRS = [
    "tipmonitor",
    "accounts",
    "agencies",
    "plans",
    "reporting",
    "progress",
    "documents",
    "public",
    "cases",
]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w*)\}")


def _catalog(lang: str, ext: str = "po"):
    path = Path(str(CATALOG).format(lang=lang, ext=ext))
    assert path.exists(), f"{path} is missing: run `make messages`"
    return polib.pofile(str(path)) if ext == "po" else polib.mofile(str(path))


def _key(entry) -> tuple[str, str, str]:
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_it_translates_every_string(lang):
    po = _catalog(lang)
    missing = [e.msgid for e in po if not e.obsolete and (not e.translated() or e.fuzzy)]
    assert missing == [], f"{lang}: untranslated or fuzzy: {missing[:20]}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_it_keeps_placeholders_in_translations(lang):
    """A singular keeps its placeholders exactly; each plural form keeps the singular's and may
    use the plural's too (a form that also stands for 21 or 31 needs `%(count)d`, which
    `msgfmt --check` asks for)."""
    for entry in _catalog(lang):
        expected = set(PLACEHOLDER.findall(entry.msgid))
        if not entry.msgid_plural:
            found = set(PLACEHOLDER.findall(entry.msgstr))
            assert found == expected, f"{lang}: {entry.msgid!r} → {entry.msgstr!r}"
            continue
        allowed = expected | set(PLACEHOLDER.findall(entry.msgid_plural))
        for text in entry.msgstr_plural.values():
            found = set(PLACEHOLDER.findall(text))
            assert expected <= found <= allowed, f"{lang}: {entry.msgid!r} → {text!r}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_it_passes_gettexts_own_check_of_the_catalogs(lang):
    """Formats, plural forms and the header as GNU gettext checks them."""
    if shutil.which("msgfmt") is None:
        pytest.fail("GNU gettext (msgfmt) is needed: `make test` installs it")
    po = ROOT / "tipmonitor" / "locale" / lang / "LC_MESSAGES" / "django.po"
    result = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(po)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("lang", LANGUAGES)
def test_it_ships_compiled_catalogs_that_match_the_sources(lang):
    po = {_key(e): e.msgstr for e in _catalog(lang) if e.translated() and not e.msgid_plural}
    mo = {_key(e): e.msgstr for e in _catalog(lang, "mo")}
    stale = {k for k, v in po.items() if mo.get(k) != v}
    assert not stale, f"{lang}: django.mo is older than django.po; run `make messages`"


def test_it_has_every_marked_string_in_the_catalogs(tmp_path, settings, monkeypatch):
    """Extract the strings afresh from a copy of the sources and compare with the catalogs."""
    if shutil.which("xgettext") is None:
        pytest.fail("GNU gettext (xgettext) is needed: `make test` installs it")
    for name in SOURCE_DIRS:
        shutil.copytree(
            ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("locale", "__pycache__")
        )
    (tmp_path / "locale").mkdir()
    settings.LOCALE_PATHS = [str(tmp_path / "locale")]
    monkeypatch.chdir(tmp_path)
    call_command("makemessages", locale=["ru"], verbosity=0, no_location=True)
    fresh = {_key(e) for e in polib.pofile(str(tmp_path / "locale/ru/LC_MESSAGES/django.po"))}
    for lang in LANGUAGES:
        known = {_key(e) for e in _catalog(lang) if not e.obsolete}
        assert fresh - known == set(), (
            f"{lang}: not in catalog, run `make messages`: {sorted(fresh - known)[:20]}"
        )


def test_it_switches_the_interface_language(anonymous, db):
    response = anonymous.post("/i18n/setlang/", {"language": "ru", "next": "/accounts/login/"})
    assert response.status_code == 302
    page = anonymous.get("/accounts/login/")
    sign_in = _catalog("ru").find("Sign in").msgstr
    assert page.headers["Content-Language"] == "ru"
    assert sign_in
    assert sign_in in page.content.decode()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_it_catalogs_the_messages_marked_with_lazy(lang):
    """`_lazy` (our name for gettext_lazy beside `_`) is read by `makemessages` too
    (tipmonitor/management/commands/makemessages.py): the services' refusals are translated."""
    from django.utils import translation

    from accounts.services.users import SELF_GRANT_MESSAGE
    from reporting.services import NO_APPROVER_MESSAGE

    msgids = {entry.msgid for entry in _catalog(lang) if not entry.obsolete}
    with translation.override("en"):
        for message in (SELF_GRANT_MESSAGE, NO_APPROVER_MESSAGE):
            assert str(message) in msgids
