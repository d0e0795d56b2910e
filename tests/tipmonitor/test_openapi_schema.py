"""The API's OpenAPI schema: a valid document, every operation in it tested against it, every
operation behind the session login, the schema and its Swagger page for signed-in users only,
and the page running under the site's Content Security Policy (no inline script)."""

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse
from openapi_spec_validator import validate

from tests.openapi import (
    api_schema,
    assert_matches_openapi,
    operations_hit_by_tests,
    schema_operations,
)

TESTS = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Each test makes up to six personas; the production hasher is slow on purpose and
    would spend most of the run hashing. (A suite-wide fixture in tests/conftest.py would
    make this unnecessary.)"""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_it_publishes_a_valid_openapi_document():
    validate(api_schema())


def test_it_tests_every_operation_against_the_schema():
    tested = operations_hit_by_tests(TESTS.rglob("test_*.py"))

    assert schema_operations(), "the schema documents no operation"
    assert schema_operations() - tested == set()


# The operations on case records and estimates from them: the session only (a token is refused).
CASE_PATHS = ("/api/v1/cases/", "/api/v1/population-estimates")


def test_it_puts_every_operation_behind_a_token_or_the_session_and_documents_401():
    """Both ways of signing in are in the schema; every operation takes a token or the
    session, but those on case records the session only; 401 everywhere, 403 wherever a
    token's scope or a role can refuse (every write, every case operation)."""
    schemes = api_schema()["components"]["securitySchemes"]
    assert schemes["TokenAuth"] == schemes["TokenAuth"] | {"type": "http", "scheme": "bearer"}
    assert schemes["SessionAuth"] == schemes["SessionAuth"] | {"type": "apiKey", "in": "cookie"}
    for path, item in api_schema()["paths"].items():
        for method, operation in item.items():
            answers = {str(code) for code in operation["responses"]}
            if path.startswith(CASE_PATHS):
                assert operation["security"] == [{"SessionAuth": []}], (method, path)
                assert "403" in answers, (method, path)
            else:
                assert operation["security"] == [{"TokenAuth": []}, {"SessionAuth": []}]
            assert "401" in answers, (method, path)
            if method != "get":
                assert "403" in answers, (method, path)


def test_it_documents_an_invalid_request_wherever_one_can_be_made():
    """An operation that takes parameters or a body documents 422 (what is wrong, where); one
    that takes a body documents 413 (too large, with the limit)."""
    for path, item in api_schema()["paths"].items():
        for method, operation in item.items():
            answers = {str(code) for code in operation["responses"]}
            if operation.get("parameters") or "requestBody" in operation:
                assert "422" in answers, (method, path)
            if "requestBody" in operation:
                assert "413" in answers, (method, path)


def test_it_serves_the_schema_to_signed_in_users_only(anonymous, client_of, reporter_a):
    refused = anonymous.get(reverse("api:openapi-json"))
    served = client_of(reporter_a).get(reverse("api:openapi-json"))

    assert refused.status_code == 401
    assert refused["Content-Type"] == "application/json"
    assert served.status_code == 200
    assert json.loads(served.content) == api_schema()


def test_it_sends_an_anonymous_visitor_from_the_docs_to_sign_in(anonymous, db):
    response = anonymous.get(reverse("api:openapi-view"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_it_sends_a_session_short_of_the_second_factor_from_the_docs(reporter_a):
    client = Client()
    client.force_login(reporter_a)

    response = client.get(reverse("api:openapi-view"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor"))


class _Scripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[dict[str, str | None]] = []
        self.assets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag == "script":
            self.tags.append(names)
        url = names.get("src") if tag == "script" else names.get("href")
        if tag in {"script", "link"} and url:
            self.assets.append(url)


def test_it_serves_the_docs_page_under_the_content_security_policy(client_of, reporter_a):
    response = client_of(reporter_a).get(reverse("api:openapi-view"))
    page = _Scripts()
    page.feed(response.content.decode())

    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert re.search(r"script-src 'self'(;|$)", policy)
    assert "'unsafe-inline'" not in policy
    # The only script without src is the settings, as data: the policy does not run it.
    inline = [tag for tag in page.tags if "src" not in tag]
    assert [tag.get("type") for tag in inline] == ["application/json"]
    assert any("swagger-ui-init.js" in url for url in page.assets)


def test_it_serves_the_docs_assets_from_the_site_itself(client_of, reporter_a):
    """No CDN: a policy of 'self' would block one, and the API's users may be offline."""
    response = client_of(reporter_a).get(reverse("api:openapi-view"))
    page = _Scripts()
    page.feed(response.content.decode())

    assert page.assets
    for url in page.assets:
        assert url.startswith("/static/"), url
        assert finders.find(url.removeprefix("/static/")), url


def test_it_checks_answers_against_the_schema(client_of, viewer, plan):
    """The helper every API test uses fails on an answer the schema does not promise."""
    response = client_of(viewer).get("/api/v1/agencies")
    assert_matches_openapi(response, "/api/v1/agencies", "get")

    response.content = json.dumps([{"id": "not a number", "code": 1}]).encode()

    with pytest.raises(AssertionError, match="does not match the OpenAPI schema"):
        assert_matches_openapi(response, "/api/v1/agencies", "get")
