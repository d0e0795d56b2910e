"""Security headers on every kind of answer (ASVS 14.4, 50.x): a Content Security Policy that
allows no inline script or style, no framing, no MIME sniffing, no referrer leaving the site;
and our own pages carry no inline script or style the policy would have to allow."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse


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
    enrol_page = anonymous.get(reverse("accounts:two_factor")).content.decode()

    assert "<svg" in enrol_page  # the QR code is inline SVG, which needs no style
    assert inline_code_in(login_page) == []
    assert inline_code_in(enrol_page) == []


def test_it_finds_inline_code_when_there_is_some():
    """The check above would catch what it is for."""
    html = '<p style="color:red" onclick="x()"></p><script>x()</script><style></style>'

    assert len(inline_code_in(html)) == 4
