"""The agency list: every agency as an indented tree, with its code, type and the number of
people who sign in for it; the coordinator may add one."""

import pytest
from django.urls import reverse

from agencies.models import AgencyType
from tests import factories


def list_url() -> str:
    return reverse("agencies:list")


def test_it_shows_agencies_as_an_indented_tree(client_of, reporter_a, agency_a, agency_b):
    region = factories.AgencyFactory(code="POL-N", name="Northern police", parent=agency_a)
    factories.AgencyFactory(code="POL-N-1", name="Northern town police", parent=region)

    response = client_of(reporter_a).get(list_url())

    assert response.status_code == 200
    page = response.content.decode()
    order = ["Shelter Foundation", "National Police", "Northern police", "Northern town police"]
    assert [page.index(name) for name in order] == sorted(page.index(name) for name in order)
    assert 'class="indent-0"' in page
    assert 'class="indent-1"' in page
    assert 'class="indent-2"' in page
    assert "2 levels down:" in page
    assert "NGO" in page
    assert "State body" in page
    assert reverse("agencies:detail", args=[region.pk]) in page


def test_it_counts_the_active_people_of_each_agency(client_of, reporter_a, approver_a, agency_a):
    factories.UserFactory(agency=agency_a, is_active=False)

    page = client_of(reporter_a).get(list_url()).content.decode()

    row = page[page.index("National Police") :]
    assert row.split('<td class="numeric">')[1].startswith("2</td>")


def test_it_offers_the_coordinator_to_add_an_agency(client_of, coordinator):
    page = client_of(coordinator).get(list_url()).content.decode()

    assert reverse("agencies:create") in page


@pytest.mark.parametrize("persona", ["reporter_a", "viewer", "administrator"])
def test_it_offers_no_change_to_others(client_of, request, persona):
    page = client_of(request.getfixturevalue(persona)).get(list_url()).content.decode()

    assert reverse("agencies:create") not in page


def test_it_says_when_there_is_no_agency(client_of, db):
    lone = factories.UserFactory(agency=None)

    page = client_of(lone).get(list_url()).content.decode()

    assert "There is no agency yet." in page


def test_it_sends_an_anonymous_visitor_to_sign_in(anonymous, db):
    response = anonymous.get(list_url())

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_it_lists_many_agencies_in_a_bounded_number_of_queries(
    client_of, coordinator, django_assert_max_num_queries
):
    for _ in range(20):
        national = factories.AgencyFactory(type=AgencyType.STATE)
        for _region in range(3):
            region = factories.AgencyFactory(parent=national, type=AgencyType.NGO)
            factories.UserFactory(agency=region, password="!")
    client = client_of(coordinator)

    with django_assert_max_num_queries(9):
        response = client.get(list_url())

    assert response.content.decode().count('<th scope="row"') == 81
