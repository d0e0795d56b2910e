"""Every route of the public site: open to anyone without signing in, read-only (GET and HEAD;
anything else is 405 and changes nothing), under the site's strict Content Security Policy with
no inline code, and with headers that suit a public page (who may cache it, what crawlers may
index)."""

import pytest
from django.urls import reverse

from tests.accounts.test_security_headers import inline_code_in

pytestmark = pytest.mark.django_db

ROUTES = ["public:index", "public:plan_detail", "public:document_download", "public:robots_txt"]
PAGES = ["public:index", "public:plan_detail"]


@pytest.fixture
def url_of(world):
    def url(name: str) -> str:
        ids = {"plan_id": world.plan.pk, "document_id": world.annual_pdf.pk}
        if name in ("public:index", "public:robots_txt"):
            return reverse(name)
        if name == "public:plan_detail":
            return reverse(name, kwargs={"plan_id": ids["plan_id"]})
        return reverse(name, kwargs=ids)

    return url


@pytest.mark.parametrize("name", ROUTES)
def test_it_opens_every_route_to_the_anonymous_visitor(anonymous, url_of, name):
    response = anonymous.get(url_of(name))

    assert response.status_code == 200
    assert anonymous.head(url_of(name)).status_code == 200


@pytest.mark.parametrize("name", ROUTES)
def test_it_opens_every_route_to_every_persona(client_of, personas, url_of, name):
    outcome = {
        persona: client_of(user).get(url_of(name)).status_code for persona, user in personas.items()
    }

    assert set(outcome.values()) == {200}, outcome


@pytest.mark.parametrize("name", ROUTES)
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options"])
def test_it_refuses_every_method_but_get_and_head(
    anonymous, client_of, coordinator, url_of, name, method
):
    for client in (anonymous, client_of(coordinator)):
        response = getattr(client, method)(url_of(name))

        assert response.status_code == 405
        assert response["Allow"] == "GET, HEAD"


def test_it_sends_a_signed_in_user_without_the_second_factor_to_enter_it(
    anonymous, coordinator, url_of
):
    """The second factor guards every page of a half-signed-in session, the public ones too
    (accounts.middleware); signing out, or finishing sign-in, opens them again."""
    anonymous.force_login(coordinator)

    response = anonymous.get(url_of("public:index"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor"))


@pytest.mark.parametrize("name", PAGES)
def test_it_keeps_the_strict_policy_and_puts_no_inline_code_in_the_pages(anonymous, url_of, name):
    response = anonymous.get(url_of(name))

    header = response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in header
    assert "'unsafe-eval'" not in header
    assert "script-src 'self'" in header
    assert "style-src 'self'" in header
    assert inline_code_in(response.content.decode()) == []
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("name", PAGES)
def test_it_keeps_the_pages_out_of_shared_caches(anonymous, url_of, name):
    response = anonymous.get(url_of(name))

    # The page holds the visitor's CSRF token (language switch) and is in their language.
    assert set(response["Cache-Control"].split(", ")) == {"private", "no-cache"}
    assert "Cookie" in response["Vary"]
    assert "Accept-Language" in response["Vary"]


@pytest.mark.parametrize("name", PAGES)
def test_it_lets_crawlers_index_the_pages(anonymous, url_of, name):
    response = anonymous.get(url_of(name))

    assert "X-Robots-Tag" not in response.headers
    assert 'name="robots"' not in response.content.decode()


def test_it_tells_crawlers_the_public_site_is_all_they_may_index(anonymous):
    response = anonymous.get(reverse("public:robots_txt"))

    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().splitlines() == [
        "User-agent: *",
        "Allow: /public/",
        "Disallow: /",
    ]
