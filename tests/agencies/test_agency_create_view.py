"""Adding an agency: the coordinator's form; everyone else is refused."""

import re

import pytest
from django.urls import reverse

from agencies.models import Agency, AgencyType


def create_url() -> str:
    return reverse("agencies:create")


def valid_form(**changes) -> dict:
    return {
        "code": "MOL-INSP",
        "name": "Labour Inspectorate",
        "short_name": "Inspectorate",
        "type": AgencyType.STATE,
        "parent": "",
        "email": "",
    } | changes


def test_it_shows_the_coordinator_an_empty_form_with_every_field(client_of, coordinator):
    response = client_of(coordinator).get(create_url())

    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Add agency</h1>" in page
    for field in ["code", "name", "short_name", "type", "parent", "email"]:
        assert f'<label for="id_{field}"' in page, field
    for label in ["State body", "NGO", "International organisation", "Other"]:
        assert label in page


def test_it_preselects_the_parent_given_in_the_address(client_of, coordinator, agency_a):
    page = client_of(coordinator).get(f"{create_url()}?parent={agency_a.pk}").content.decode()

    assert f'<option value="{agency_a.pk}" selected>' in page


@pytest.mark.parametrize("parent", ["abc", "987654", "1 OR 1=1"])
def test_it_ignores_a_parent_in_the_address_that_is_not_an_agency(client_of, coordinator, parent):
    response = client_of(coordinator).get(create_url(), {"parent": parent})

    assert response.status_code == 200
    assert re.search(r'<option value="\d+" selected>', response.content.decode()) is None


def test_it_adds_an_agency_under_its_parent(client_of, coordinator, agency_a):
    client = client_of(coordinator)
    response = client.post(create_url(), valid_form(parent=str(agency_a.pk), type=AgencyType.NGO))

    agency = Agency.objects.get(code="MOL-INSP")
    assert response.status_code == 302
    assert response.url == reverse("agencies:detail", args=[agency.pk])
    assert (agency.parent, agency.type, agency.short_name) == (agency_a, "ngo", "Inspectorate")
    follow = client.get(response.url).content.decode()
    assert "Agency MOL-INSP added." in follow


def test_it_shows_each_problem_beside_its_field_and_stores_nothing(
    client_of, coordinator, agency_a
):
    before = Agency.objects.count()

    response = client_of(coordinator).post(create_url(), valid_form(code="pol", name=""))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Another agency already has the code “pol”." in page
    assert "This field is required." in page
    assert 'href="#id_code"' in page
    assert 'href="#id_name"' in page
    assert 'aria-invalid="true"' in page
    assert Agency.objects.count() == before


def test_it_refuses_a_badly_formed_code(client_of, coordinator):
    response = client_of(coordinator).post(create_url(), valid_form(code="has space"))

    assert response.status_code == 200
    assert "Use letters, digits, dots, hyphens and underscores" in response.content.decode()
    assert not Agency.objects.filter(name="Labour Inspectorate").exists()


@pytest.mark.parametrize(
    "persona", ["reporter_a", "approver_a", "reporter_b", "viewer", "administrator"]
)
def test_it_refuses_everyone_but_the_coordinator(client_of, request, persona):
    client = client_of(request.getfixturevalue(persona))

    assert client.get(create_url()).status_code == 403
    assert client.post(create_url(), valid_form()).status_code == 403
    assert not Agency.objects.filter(code="MOL-INSP").exists()


def test_it_sends_an_anonymous_visitor_to_sign_in(anonymous, db):
    response = anonymous.post(create_url(), valid_form())

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert not Agency.objects.exists()
