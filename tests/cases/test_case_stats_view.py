"""The statistics page: true counts for the coordinator (with "as published" to see what
disclosure control lets out), only disclosure-controlled counts for a viewer, refused to
everyone else; audited; a fixed number of queries."""

import pytest
from django.urls import reverse

from cases.models import CaseAccess
from tests.cases.stats_data import many

pytestmark = pytest.mark.django_db

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


def test_it_shows_a_viewer_only_the_published_tables_whatever_is_asked(client_of, viewer, cases):
    asked = {"rows": "sex", "columns": "age_group", "statuses": "presumed", "public": ""}
    response = client_of(viewer).get(reverse(URL), asked)
    assert response.status_code == 200
    assert "rows" not in response.context["form"].fields
    assert response.context["year"] == 2025
    tables = {table["caption"]: table for table in response.context["tables"]}
    assert list(tables) == ["Sex", "Age group", "Citizenship group", "Quarter of identification"]
    age = dict(tables["Age group"]["rows"])
    assert age["Identified victim"][:2] == [None, None]  # 4 children: withheld, and a complement
    assert age["Identified victim"][-1] == 49
    published = [v for table in tables.values() for _l, row in table["rows"] for v in row]
    assert all(v is None or v == 0 or v > 10 for v in published)
    access = CaseAccess.objects.get()
    assert (access.user, access.action, access.target) == (viewer, "stats", "published year=2025")


def test_it_shows_the_coordinator_the_published_tables_as_viewers_see_them(
    client_of, coordinator, viewer, cases
):
    mine = client_of(coordinator).get(reverse(URL), {"published": "2025"})
    theirs = client_of(viewer).get(reverse(URL), {"published": "2025"})
    assert mine.context["tables"] == theirs.context["tables"]
    assert client_of(viewer).get(reverse(URL), {"published": "1999"}).context["year"] == 2025


def test_it_lists_three_dimensions(client_of, coordinator, cases):
    response = client_of(coordinator).get(reverse(URL), {"table": "eurostat"})
    assert response.context["layout"]["kind"] == "list"
    assert response.status_code == 200


def test_it_refuses_a_bad_filter_and_shows_the_default(client_of, coordinator, cases):
    response = client_of(coordinator).get(reverse(URL), {"rows": "sex", "columns": "sex"})
    assert response.status_code == 200
    assert response.context["form"].errors["columns"]


@pytest.mark.parametrize(
    "persona", ["reporter_a", "approver_a", "reporter_b", "case_officer_a", "administrator"]
)
def test_it_refuses_other_roles(persona, request, client_of, cases):
    user = request.getfixturevalue(persona)
    assert client_of(user).get(reverse(URL)).status_code == 403
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
