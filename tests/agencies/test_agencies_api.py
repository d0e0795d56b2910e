"""Agencies through the JSON API: every signed-in role past the second factor reads them,
nobody else; the answer matches the OpenAPI schema and costs a fixed number of queries."""

import pytest
from django.test import Client
from django.urls import reverse

from tests import factories
from tests.openapi import assert_matches_openapi


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Each test makes up to six personas; the production hasher is slow on purpose and
    would spend most of the run hashing. (A suite-wide fixture in tests/conftest.py would
    make this unnecessary.)"""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def get_agencies(client: Client):
    response = client.get("/api/v1/agencies")
    assert_matches_openapi(response, "/api/v1/agencies", "get")
    return response


def test_it_refuses_an_anonymous_request(anonymous, agency_a):
    response = get_agencies(anonymous)

    assert response.status_code == 401


def test_it_refuses_a_session_short_of_the_second_factor(reporter_a):
    client = Client()
    client.force_login(reporter_a)

    response = get_agencies(client)

    assert response.status_code == 401
    assert response.json()["two_factor_url"] == reverse("accounts:two_factor")


@pytest.mark.parametrize(
    "persona", ["coordinator", "reporter_a", "approver_a", "reporter_b", "viewer"]
)
def test_it_lists_the_agencies_for_every_role(client_of, personas, persona):
    body = get_agencies(client_of(personas[persona])).json()

    assert [a["code"] for a in body] == ["NGO1", "POL", "SEC"]
    shelter = body[0]
    assert shelter["name"] == "Shelter Foundation"
    assert shelter["type"] == "ngo"


def test_it_gives_the_parent_by_code(client_of, viewer, agency_a):
    factories.AgencyFactory(code="POL-R1", name="Regional police 1", parent=agency_a)

    body = get_agencies(client_of(viewer)).json()

    parents = {a["code"]: a["parent"] for a in body}
    assert parents["POL-R1"] == "POL"
    assert parents["POL"] is None


def test_it_lists_in_a_fixed_number_of_queries(
    client_of, viewer, agency_a, django_assert_max_num_queries
):
    client = client_of(viewer)
    for n in range(40):
        factories.AgencyFactory(code=f"R{n:02d}", parent=agency_a)

    with django_assert_max_num_queries(8):
        response = get_agencies(client)

    assert len(response.json()) == 42  # with the secretariat and the police
