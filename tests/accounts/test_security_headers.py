"""Security headers on every kind of answer (ASVS 14.4, 50.x): a Content Security Policy that
allows no inline script or style, no framing, no MIME sniffing, no referrer leaving the site;
and our own pages carry no inline script or style the policy would have to allow."""

import json
import os
import secrets
import subprocess
import sys
from html.parser import HTMLParser

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from accounts.services import activation_code_issue


class _InlineFinder(HTMLParser):
    """Collects what a strict CSP blocks: inline scripts, <style>, style="", on* handlers."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        data_types = {"application/json", "application/ld+json"}
        if tag == "script" and "src" not in names and names.get("type") not in data_types:
            self.found.append("<script> without src")
        if tag == "style":
            self.found.append("<style>")
        self.found.extend(f'{name}="" on <{tag}>' for name in names if name == "style")
        self.found.extend(f"{name} on <{tag}>" for name in names if name.startswith("on"))


def inline_code_in(html: str) -> list[str]:
    finder = _InlineFinder()
    finder.feed(html)
    return finder.found


def _csp(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = [part.split() for part in header.split(";") if part.strip()]
    return {words[0]: words[1:] for words in directives}


@pytest.fixture
def answers(anonymous, client_of, reporter_a, plan):
    """A page for anonymous visitors, a signed-in page, a JSON answer and a refusal."""
    client = client_of(reporter_a)
    return {
        "login page": anonymous.get(reverse("accounts:login")),
        "plan page": client.get(reverse("plans:plan_tree", args=[plan.pk])),
        "API answer": client.get("/api/v1/plans"),
        "API refusal": anonymous.get("/api/v1/plans"),
    }


def test_it_sends_a_strict_content_security_policy_everywhere(answers):
    for name, response in answers.items():
        policy = _csp(response)
        header = response["Content-Security-Policy"]
        assert "'unsafe-inline'" not in header, name
        assert "'unsafe-eval'" not in header, name
        assert policy["default-src"] == ["'self'"], name
        assert policy["script-src"] == ["'self'"], name
        assert policy["style-src"] == ["'self'"], name
        assert policy["object-src"] == ["'none'"], name
        assert policy["frame-ancestors"] == ["'none'"], name
        assert policy["base-uri"] == ["'none'"], name


def test_it_forbids_framing_sniffing_and_referrers_everywhere(answers):
    for name, response in answers.items():
        assert response["X-Frame-Options"] == "DENY", name
        assert response["X-Content-Type-Options"] == "nosniff", name
        assert response["Referrer-Policy"] == "same-origin", name
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", name


def test_it_keeps_the_session_cookie_out_of_scripts(client_of, reporter_a):
    client = client_of(reporter_a)

    response = client.get(reverse("plans:plan_list"))

    assert response.cookies["sessionid"]["httponly"]


def test_it_puts_no_inline_code_in_the_sign_in_pages(anonymous, reporter_a):
    login_page = anonymous.get(reverse("accounts:login")).content.decode()
    anonymous.post(
        reverse("accounts:login"),
        {"username": "reporter_a", "password": "correct horse battery staple"},
    )
    activation_page = anonymous.get(reverse("accounts:two_factor")).content.decode()
    code = activation_code_issue(user=reporter_a)
    anonymous.post(reverse("accounts:two_factor"), {"activation_code": code})
    enrol_page = anonymous.get(reverse("accounts:two_factor")).content.decode()

    assert "<svg" in enrol_page  # the QR code is inline SVG, which needs no style
    assert inline_code_in(login_page) == []
    assert inline_code_in(activation_page) == []
    assert inline_code_in(enrol_page) == []


def test_it_keeps_the_csrf_cookie_out_of_scripts(anonymous, db):
    """Issue 10 #13: as docs/security.md says; forms and htmx send the page's token."""
    response = anonymous.get(reverse("accounts:login"))

    assert response.cookies["csrftoken"]["httponly"]


_COOKIE_SETTINGS = [
    f"{cookie}_COOKIE_{attribute}"
    for cookie in ("SESSION", "CSRF")
    for attribute in ("NAME", "SECURE", "PATH", "DOMAIN")
]


def _production_settings(tmp_path, names: list[str]) -> dict[str, object]:
    """`names` as tipmonitor/settings.py gives them in production (HTTPS on, DEBUG off)."""
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith("TIPMONITOR_")
    }
    environment |= {
        "DJANGO_SETTINGS_MODULE": "tipmonitor.settings",
        "DATABASE_URL": "",
        "TIPMONITOR_VAR_DIR": str(tmp_path),
        "TIPMONITOR_SECRET_KEY": secrets.token_urlsafe(64),
        "TIPMONITOR_ALLOWED_HOSTS": "tip.example.org",
        "TIPMONITOR_HTTPS": "1",
        "TIPMONITOR_DEBUG": "0",
    }
    script = (
        "import json, sys; from django.conf import settings; "
        "print(json.dumps({name: getattr(settings, name) for name in sys.argv[1:]}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, *names],
        cwd=django_settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_it_names_the_cookies_with_the_host_prefix_over_https(
    tmp_path, settings, anonymous, reporter_a
):
    """ASVS 3.3.1, 3.3.3: a browser keeps a "__Host-" cookie only if it is Secure, for Path=/
    and without Domain, so neither a subdomain nor a plain-HTTP page can plant one."""
    production = _production_settings(tmp_path, _COOKIE_SETTINGS)
    for name, value in production.items():
        setattr(settings, name, value)

    login = anonymous.get(reverse("accounts:login"), secure=True)
    signed_in = anonymous.post(
        reverse("accounts:login"),
        {"username": "reporter_a", "password": "correct horse battery staple"},
        secure=True,
    )
    second_factor = anonymous.get(reverse("accounts:two_factor"), secure=True)

    assert production["SESSION_COOKIE_NAME"] == "__Host-sessionid"
    assert production["CSRF_COOKIE_NAME"] == "__Host-csrftoken"
    for response, name in [(login, "__Host-csrftoken"), (signed_in, "__Host-sessionid")]:
        cookie = response.cookies[name]
        assert cookie["secure"], name
        assert cookie["path"] == "/", name
        assert not cookie["domain"], name
    assert "sessionid" not in signed_in.cookies
    # The renamed session cookie is the one read back: the second factor's page, not sign-in.
    assert second_factor.status_code == 200


def test_it_finds_inline_code_when_there_is_some():
    """The check above would catch what it is for."""
    html = '<p style="color:red" onclick="x()"></p><script>x()</script><style></style>'

    assert len(inline_code_in(html)) == 4
