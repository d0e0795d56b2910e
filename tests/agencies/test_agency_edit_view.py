"""Correcting an agency: the coordinator's form, which keeps the tree a tree; everyone else
is refused."""

import pytest
from django.urls import reverse

from agencies.models import Agency
from tests import factories


def edit_url(agency) -> str:
    return reverse("agencies:edit", args=[agency.pk])


def form_of(agency, **changes) -> dict:
    return {
        "code": agency.code,
        "name": agency.name,
        "short_name": agency.short_name,
        "type": agency.type,
        "parent": str(agency.parent_id or ""),
        "email": agency.email,
    } | changes


def test_it_shows_the_coordinator_the_form_filled_in(client_of, coordinator, agency_a):
    response = client_of(coordinator).get(edit_url(agency_a))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Edit POL – Police" in page
    assert 'value="National Police"' in page
    assert reverse("agencies:detail", args=[agency_a.pk]) in page


def test_it_saves_the_corrections(client_of, coordinator, agency_a, secretariat):
    response = client_of(coordinator).post(
        edit_url(agency_a),
        form_of(agency_a, name="National Police Service", parent=str(secretariat.pk)),
    )

    assert response.status_code == 302
    assert response.url == reverse("agencies:detail", args=[agency_a.pk])
    stored = Agency.objects.get(pk=agency_a.pk)
    assert (stored.name, stored.parent) == ("National Police Service", secretariat)


def test_it_refuses_a_parent_below_the_agency(client_of, coordinator, agency_a):
    town = factories.AgencyFactory(code="POL-T", parent=agency_a)

    response = client_of(coordinator).post(
        edit_url(agency_a), form_of(agency_a, parent=str(town.pk), name="Renamed")
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "An agency cannot be placed under itself or under an agency that is below it." in page
    assert "Edit POL – Police" in page  # the title keeps the stored name
    stored = Agency.objects.get(pk=agency_a.pk)
    assert (stored.parent, stored.name) == (None, "National Police")


def test_it_refuses_the_code_of_another_agency(client_of, coordinator, agency_a, agency_b):
    response = client_of(coordinator).post(edit_url(agency_a), form_of(agency_a, code="NGO1"))

    assert "Another agency already has the code “NGO1”." in response.content.decode()
    assert Agency.objects.get(pk=agency_a.pk).code == "POL"


def test_it_answers_404_for_an_agency_that_does_not_exist(client_of, coordinator):
    assert client_of(coordinator).get(reverse("agencies:edit", args=[987654])).status_code == 404


@pytest.mark.parametrize(
    "persona", ["reporter_a", "approver_a", "reporter_b", "viewer", "administrator"]
)
def test_it_refuses_everyone_but_the_coordinator(client_of, request, persona, agency_a):
    client = client_of(request.getfixturevalue(persona))

    assert client.get(edit_url(agency_a)).status_code == 403
    assert client.post(edit_url(agency_a), form_of(agency_a, name="Hacked")).status_code == 403
    assert Agency.objects.get(pk=agency_a.pk).name == "National Police"


def test_it_sends_an_anonymous_visitor_to_sign_in(anonymous, agency_a):
    response = anonymous.post(edit_url(agency_a), form_of(agency_a, name="Hacked"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert Agency.objects.get(pk=agency_a.pk).name == "National Police"
