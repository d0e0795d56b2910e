"""The coordinator sets whether an agency's reports need its approver's sign-off: the agency
form's checkbox (a new agency starts with its type's default: on for a state body), the list,
the API and the agency's page (who approves, or a warning when no one can)."""

import pytest
from django.urls import reverse

from accounts.models import Role
from agencies.forms import AgencyForm
from agencies.models import Agency, AgencyType
from tests import factories
from tests.agencies.test_agency_create_view import valid_form


def sign_off_box(page: str) -> str:
    start = page.index('name="requires_sign_off"')
    return page[page.rindex("<input", 0, start) : page.index(">", start) + 1]


def test_it_starts_a_new_agency_with_its_types_default(client_of, coordinator):
    page = client_of(coordinator).get(reverse("agencies:create")).content.decode()

    box = sign_off_box(page)
    assert "checked" in box
    assert 'data-default-types="state"' in box
    assert '<label for="id_requires_sign_off">' in page
    assert "agencies/agency_form.js" in page
    assert AgencyForm(initial={"type": AgencyType.NGO}).initial["requires_sign_off"] is False


@pytest.mark.parametrize(("posted", "stored"), [({"requires_sign_off": "on"}, True), ({}, False)])
def test_it_stores_what_the_coordinator_ticked(client_of, coordinator, posted, stored):
    response = client_of(coordinator).post(reverse("agencies:create"), valid_form(**posted))

    assert response.status_code == 302
    assert Agency.objects.get(code="MOL-INSP").requires_sign_off is stored


def test_it_lets_the_coordinator_switch_it_on_an_existing_agency(client_of, coordinator, agency_b):
    client = client_of(coordinator)
    page = client.get(reverse("agencies:edit", args=[agency_b.pk])).content.decode()
    assert "checked" not in sign_off_box(page)
    assert "agencies/agency_form.js" not in page

    data = valid_form(code=agency_b.code, name=agency_b.name, type=AgencyType.NGO)
    client.post(reverse("agencies:edit", args=[agency_b.pk]), data | {"requires_sign_off": "on"})

    agency_b.refresh_from_db()
    assert agency_b.requires_sign_off
    client.post(reverse("agencies:edit", args=[agency_b.pk]), data)
    agency_b.refresh_from_db()
    assert not agency_b.requires_sign_off


def test_it_shows_the_setting_in_the_list_and_the_api(client_of, reporter_a, agency_a, agency_b):
    agency_a.requires_sign_off = True
    agency_a.save(update_fields=["requires_sign_off"])
    client = client_of(reporter_a)

    page = client.get(reverse("agencies:list")).content.decode()
    assert "Reports signed off by the agency" in page
    body = client.get("/api/v1/agencies").json()
    assert {a["code"]: a["requires_sign_off"] for a in body} == {"NGO1": False, "POL": True}


def test_it_names_the_approvers_on_the_agency_page(client_of, reporter_a, approver_a, agency_a):
    agency_a.requires_sign_off = True
    agency_a.save(update_fields=["requires_sign_off"])
    factories.UserFactory(
        username="former", agency=agency_a, roles=[Role.APPROVER], is_active=False
    )

    page = client_of(reporter_a).get(reverse("agencies:detail", args=[agency_a.pk])).content
    page = page.decode()

    fact = page[page.index('<dd id="sign-off">') :]
    fact = fact[: fact.index("</dd>")]
    assert "Reports need the approval of:" in fact
    assert (approver_a.get_full_name() or approver_a.username) in fact
    assert "former" not in fact


def test_it_warns_when_sign_off_is_on_and_no_one_can_approve(client_of, coordinator, agency_a):
    agency_a.requires_sign_off = True
    agency_a.save(update_fields=["requires_sign_off"])

    page = client_of(coordinator).get(reverse("agencies:detail", args=[agency_a.pk]))

    assert "and it has none: its reporters cannot submit" in page.content.decode()


def test_it_says_when_no_sign_off_is_needed(client_of, coordinator, agency_b):
    page = client_of(coordinator).get(reverse("agencies:detail", args=[agency_b.pk]))

    assert "Not needed: a reporter's submission reaches the coordinator directly." in (
        page.content.decode()
    )
