"""The statistics page: true counts for the coordinator (with "as published" to see what
disclosure control lets out), only disclosure-controlled counts for a viewer, refused to
everyone else; audited; a fixed number of queries."""

import pytest
from django.urls import reverse

from cases.models import CaseAccess
from tests.cases.stats_data import many

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.cases.stats_urls")]

URL = "cases:stats"


@pytest.fixture
def cases(agency_a):
    many(agency_a, 30, sex="F", age_at_exploitation=30)
    many(agency_a, 4, sex="M", age_at_exploitation=12)
    many(agency_a, 15, sex="M", age_at_exploitation=31)


def _cells(response) -> list:
    return response.context["layout"]["rows"]


def test_it_shows_the_coordinator_true_counts(client_of, coordinator, cases):
    response = client_of(coordinator).get(reverse(URL), {"rows": "sex", "columns": "age_group"})
    assert response.status_code == 200
    rows = dict(_cells(response))
    assert rows["Male"][0] == 4  # male children
    assert "not for publication" in response.content.decode()
    access = CaseAccess.objects.get()
    assert (access.user, access.action) == (coordinator, "stats")
    assert "by=sex,age_group" in access.target


def test_it_shows_the_coordinator_what_would_be_published(client_of, coordinator, cases):
    query = {"rows": "sex", "columns": "age_group", "public": "on"}
    response = client_of(coordinator).get(reverse(URL), query)
    rows = dict(_cells(response))
    assert rows["Male"][0] is None
    assert response.context["public"] is True


def test_it_shows_a_viewer_only_disclosure_controlled_counts(client_of, viewer, cases):
    response = client_of(viewer).get(reverse(URL), {"rows": "sex", "columns": "age_group"})
    assert response.status_code == 200
    assert response.context["public"] is True
    assert "public" not in response.context["form"].fields
    rows = dict(_cells(response))
    assert rows["Male"][0] is None
    published = [v for _label, values in rows.items() for v in values if v is not None]
    assert all(v == 0 or v > 10 for v in published)


def test_it_lists_three_dimensions(client_of, coordinator, cases):
    response = client_of(coordinator).get(reverse(URL), {"table": "eurostat"})
    assert response.context["layout"]["kind"] == "list"
    assert response.status_code == 200


def test_it_refuses_a_bad_filter_and_shows_the_default(client_of, coordinator, cases):
    response = client_of(coordinator).get(reverse(URL), {"rows": "sex", "columns": "sex"})
    assert response.status_code == 200
    assert response.context["form"].errors["columns"]


@pytest.mark.parametrize("persona", ["reporter_a", "approver_a", "reporter_b", "administrator"])
def test_it_refuses_other_roles(persona, personas, client_of, cases):
    assert client_of(personas[persona]).get(reverse(URL)).status_code == 403
    assert not CaseAccess.objects.exists()


def test_it_sends_anonymous_visitors_to_sign_in(anonymous):
    response = anonymous.get(reverse(URL))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_it_takes_a_fixed_number_of_queries(
    client_of, coordinator, agency_a, django_assert_max_num_queries
):
    many(agency_a, 60, sex="F")
    client = client_of(coordinator)
    # Session, user, device, roles, agency; two for the counts; the audit; the session saved.
    with django_assert_max_num_queries(11):
        client.get(reverse(URL), {"rows": "sex", "columns": "agency"})
