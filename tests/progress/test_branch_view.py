"""The drill-down pages of a strategic area (`progress:area`) and an objective
(`progress:objective`): their objectives with status counts and their indicators."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from tests.progress.dashboard_data import AS_OF, build_plan, fill_reports, grow

pytestmark = pytest.mark.django_db
QUERY = f"?as_of={AS_OF}"


@pytest.fixture
def dash(agency_a, agency_b, reporter_a, reporter_b, coordinator):
    data = build_plan(agency_a, agency_b)
    fill_reports(data, reporter_a, reporter_b, coordinator)
    return data


def _area_url(dash, code: str) -> str:
    area = dash.plan.areas.get(code=code)
    return reverse("progress:area", args=[dash.plan.pk, area.pk]) + QUERY


def _objective_url(dash, code: str) -> str:
    objective = dash.plan.objectives.get(code=code)
    return reverse("progress:objective", args=[dash.plan.pk, objective.pk]) + QUERY


def test_it_lists_an_area_objectives_and_indicators(dash, client_of, coordinator):
    response = client_of(coordinator).get(_area_url(dash, "P"))

    assert response.status_code == 200
    page = response.context["page"]
    assert [(s.objective.code, s.depth, s.counts.total) for s in page.objectives] == [
        ("P1", 0, 1),
        ("P1.1", 1, 1),
    ]
    assert [row.indicator.code for row in page.rows] == ["V-ON"]
    html = response.content.decode()
    assert reverse("progress:indicator", args=[dash.plan.pk, dash.on.pk]) + QUERY in html


def test_it_flags_the_disagreement_in_the_area(dash, client_of, coordinator):
    response = client_of(coordinator).get(_area_url(dash, "Q"))

    assert [row.flagged for row in response.context["page"].rows] == [True]
    assert "Flagged: the agency disagrees" in response.content.decode()


def test_it_shows_an_objective_with_its_sub_objectives(dash, client_of, coordinator):
    response = client_of(coordinator).get(_objective_url(dash, "P1"))

    page = response.context["page"]
    assert page.objective.code == "P1"
    assert [s.objective.code for s in page.objectives] == ["P1.1"]
    assert [row.indicator.code for row in page.rows] == ["V-ON"]
    child = client_of(coordinator).get(_objective_url(dash, "P1.1")).context["page"]
    assert [o.code for o in child.path] == ["P1"]


@pytest.mark.parametrize("persona", ["viewer", "reporter_b", "approver_a"])
def test_it_shows_the_branches_to_who_may_see_the_plan(dash, client_of, personas, persona):
    client = client_of(personas[persona])
    assert client.get(_area_url(dash, "Q")).status_code == 200
    assert client.get(_objective_url(dash, "Q1")).status_code == 200


def test_it_refuses_anonymous_visitors_and_other_plans(dash, anonymous, client_of, viewer):
    assert anonymous.get(_area_url(dash, "Q")).status_code == 302
    assert anonymous.get(_objective_url(dash, "Q1")).status_code == 302
    other = factories.ObjectiveFactory.create()
    assert (
        client_of(viewer)
        .get(reverse("progress:objective", args=[dash.plan.pk, other.pk]))
        .status_code
        == 404
    )
    assert (
        client_of(viewer)
        .get(reverse("progress:area", args=[dash.plan.pk, other.area.pk]))
        .status_code
        == 404
    )


def test_it_reads_the_pages_in_a_fixed_number_of_queries(
    dash, client_of, coordinator, django_assert_max_num_queries
):
    client = client_of(coordinator)
    client.get(_area_url(dash, "P"))
    counts = {}
    for name, url in (("area", _area_url(dash, "P")), ("objective", _objective_url(dash, "P1"))):
        with CaptureQueriesContext(connection) as small:
            client.get(url)
        counts[name] = len(small.captured_queries)
    grow(dash.plan, 3)
    # The grown areas are larger still: their pages cost what the small one did.
    area = dash.plan.areas.get(code="X0")
    objective = dash.plan.objectives.get(code="X0.1")
    with django_assert_max_num_queries(counts["area"]):
        client.get(reverse("progress:area", args=[dash.plan.pk, area.pk]) + QUERY)
    with django_assert_max_num_queries(counts["objective"]):
        client.get(reverse("progress:objective", args=[dash.plan.pk, objective.pk]) + QUERY)
    assert max(counts.values()) <= 20, counts
