"""The glossary (docs/glossary.md) is the one place a native reviewer checks the Armenian and
Russian terms: a catalog entry whose English text is a glossary term must use its translation."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
GLOSSARY = ROOT / "docs" / "glossary.md"
ROW = re.compile(r"^\| (?P<en>[^|]+?) \| (?P<hy>[^|]+?) \| (?P<ru>[^|]+?) \|")


def _glossary() -> dict[str, dict[str, str]]:
    terms = {}
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        match = ROW.match(line)
        if not match or match["en"] in {"English", "---"} or set(match["en"]) <= {"-"}:
            continue
        terms[match["en"]] = {lang: match[lang].replace("†", "").strip() for lang in ("hy", "ru")}
    return terms


def test_it_reads_a_glossary_of_every_core_term():
    terms = _glossary()
    for term in ("Indicator", "Agency", "Report", "Not reported", "Withheld", "Victim"):
        assert term in terms
        assert terms[term]["hy"]
        assert terms[term]["ru"]


@pytest.mark.parametrize("lang", ["hy", "ru"])
def test_it_translates_glossary_terms_as_the_glossary_says(lang):
    catalog = polib.pofile(str(ROOT / "tipmonitor" / "locale" / lang / "LC_MESSAGES" / "django.po"))
    terms = _glossary()
    differing = [
        (entry.msgid, entry.msgstr, terms[entry.msgid][lang])
        for entry in catalog
        if not entry.obsolete
        and not entry.msgctxt
        and entry.msgid in terms
        and entry.msgstr
        and entry.msgstr != terms[entry.msgid][lang]
    ]
    assert differing == [], f"{lang}: catalog and docs/glossary.md disagree: {differing}"
