"""Indicators counting victims pass disclosure control wherever anyone but the coordinator sees
them (issue 10 #4): the dashboards, their charts, the progress and reports APIs and the public
site never show a count from 1 to 10, nor two values whose difference is one, and an agency's
own values reach only the agency and the coordinator.

The plan (2024–2025, adopted): V counts victims, reported by agencies A and B. Quarterly
counts (A + B): 2024-Q1 30 + 19, then 1, 1, 1, 4 over four quarters, 2025-Q2 10 + 4, 2025-Q3
3 + 20, 2025-Q4 nothing: the national cumulative series 49, 50, 51, 52, 56, 70, 93, 93 would
give every small count away by difference. Published: 49 and 93 only. 70 is 21 away from 49,
but A would read B's part of it (26 against B's 19 published with 49) as 7 more.
"""

import datetime
import itertools
import json
from decimal import Decimal

import pytest
from django.urls import reverse

from cases.models import CaseQuery
from public.selectors import headline_indicators, headline_trends
from tests import factories
from tests.openapi import assert_matches_openapi
from tests.progress.progress_data import import_values

pytestmark = pytest.mark.django_db

COUNTS = {
    "2024-Q1": (30, 19),
    "2024-Q2": (1, 0),
    "2024-Q3": (0, 1),
    "2024-Q4": (1, 0),
    "2025-Q1": (2, 2),
    "2025-Q2": (10, 4),
    "2025-Q3": (3, 20),
}
QUARTERS = [*COUNTS, "2025-Q4"]


@pytest.fixture
def victims(agency_a, agency_b, coordinator):
    plan = factories.PlanFactory.create(
        code="NAP-V", starts_on=datetime.date(2024, 1, 1), ends_on=datetime.date(2025, 12, 31)
    )
    objective = factories.ObjectiveFactory.create(area=factories.AreaFactory.create(plan=plan))
    indicator = factories.IndicatorFactory.create(
        objective=objective,
        code="V",
        name="Victims identified",
        baseline=Decimal(0),
        midterm_target=None,
        end_target=Decimal(200),
        headline=True,
        counts_victims=True,
        responsible=[agency_a, agency_b],
    )
    rows = [
        (indicator.code, quarter, agency.code, str(count))
        for quarter, counts in COUNTS.items()
        for agency, count in zip((agency_a, agency_b), counts, strict=True)
    ]
    import_values(plan, coordinator, rows)
    return plan, indicator


def _numbers_seen(client, plan, indicator) -> set[Decimal]:
    """Every actual of V a user can read on the dashboards and through the API, whatever
    quarter it asks about."""
    seen: set[Decimal] = set()
    for quarter in QUARTERS:
        query = f"?as_of={quarter}"
        overview = client.get(reverse("progress:overview", args=[plan.pk]) + query)
        seen |= {row.progress.actual for row in overview.context["page"].rows}
        page = client.get(reverse("progress:indicator", args=[plan.pk, indicator.pk]) + query)
        seen |= {point.actual for point in page.context["page"].series}
        seen.add(page.context["page"].judged.progress.actual)
        trend = page.context["charts"][0]["table"]["rows"]
        seen |= {Decimal(str(row[1])) for row in trend if row[1] is not None}
        api = client.get(f"/api/v1/plans/{plan.pk}/progress{query}")
        assert_matches_openapi(api, "/api/v1/plans/{plan_id}/progress", "get")
        seen |= {Decimal(row["actual"]) for row in api.json() if row["actual"] is not None}
    return seen - {None}


def _assert_safe(numbers: set[Decimal]) -> None:
    assert not [n for n in numbers if 1 <= abs(n) <= 10], numbers
    pairs = [(a, b) for a, b in itertools.combinations(numbers, 2) if 1 <= abs(a - b) <= 10]
    assert not pairs, numbers


@pytest.mark.parametrize("persona", ["viewer", "reporter_a", "reporter_b", "approver_a"])
def test_it_shows_no_small_count_and_no_small_difference(victims, client_of, personas, persona):
    plan, indicator = victims

    seen = _numbers_seen(client_of(personas[persona]), plan, indicator)

    assert seen == {Decimal(49), Decimal(93)}
    _assert_safe(seen)


def test_it_shows_the_coordinator_every_value(victims, client_of, coordinator):
    plan, indicator = victims

    seen = _numbers_seen(client_of(coordinator), plan, indicator)

    assert {Decimal(50), Decimal(56), Decimal(70)} <= seen


def test_it_says_a_value_is_withheld(victims, client_of, viewer):
    plan, indicator = victims
    url = reverse("progress:indicator", args=[plan.pk, indicator.pk]) + "?as_of=2025-Q1"

    response = client_of(viewer).get(url)

    row = response.context["page"].judged.progress
    assert (row.actual, row.progress, row.withheld) == (None, None, True)
    html = response.content.decode()
    assert "withheld: a small count" in html
    assert "This indicator counts victims" in html
    api = client_of(viewer).get(f"/api/v1/plans/{plan.pk}/progress?as_of=2025-Q1").json()
    assert api[0]["actual"] is None
    assert api[0]["withheld"] is True


def test_it_shows_each_agency_only_its_own_values(victims, client_of, viewer, reporter_a):
    plan, indicator = victims
    url = reverse("progress:indicator", args=[plan.pk, indicator.pk]) + "?as_of=2025-Q4"

    as_viewer = client_of(viewer).get(url).context["page"].agency_values
    as_a = client_of(reporter_a).get(url).context["page"].agency_values

    assert as_viewer == []
    assert {value.agency.code for value in as_a} == {reporter_a.agency.code}
    assert [value.value for value in as_a][1:4] == [1, 0, 1]  # its own small counts


def test_it_withholds_an_agency_figures_from_others_on_its_page(
    victims, client_of, viewer, reporter_a, agency_a
):
    plan, _indicator = victims
    url = reverse("progress:agency", args=[plan.pk, agency_a.pk]) + "?as_of=2025-Q1"

    [mine] = client_of(reporter_a).get(url).context["page"].rows
    [theirs] = client_of(viewer).get(url).context["page"].rows

    assert mine.progress.actual == 34  # 30 + 1 + 0 + 1 + 2: the police's own count
    assert mine.share.value == 34
    assert theirs.progress.actual is None
    assert theirs.share.value is None
    # The national 56 is 7 from the published 49: withheld for both.
    assert mine.share.national is None
    assert theirs.share.national is None


def _report_values(client, report_id: int) -> list[dict]:
    response = client.get(f"/api/v1/reports/{report_id}")
    assert response.status_code == 200
    assert_matches_openapi(response, "/api/v1/reports/{report_id}", "get")
    return response.json()["values"]


def test_it_withholds_victim_counts_in_reports_from_other_agencies_and_viewers(
    victims, client_of, viewer, reporter_a, reporter_b, coordinator, agency_a
):
    plan, _indicator = victims
    report = plan.reports.get(agency=agency_a, period="2024-Q2", is_current=True)

    [value] = _report_values(client_of(viewer), report.pk)
    assert (value["value"], value["withheld"]) == (None, True)
    for insider in (reporter_a, coordinator):
        [value] = _report_values(client_of(insider), report.pk)
        assert (value["value"], value["withheld"]) == ("1", False)
    assert client_of(reporter_b).get(f"/api/v1/reports/{report.pk}").status_code == 404


def test_it_publishes_no_small_count_on_the_public_site(victims, anonymous):
    plan, indicator = victims

    # As of 2025-Q2 (its deadline passed by August): 70 would give 7 away; as of 2025-Q4: 93.
    early = headline_indicators(plan, today=datetime.date(2025, 8, 31))
    late = headline_indicators(plan, today=datetime.date(2026, 3, 1))

    assert (early.rows[0].actual, early.rows[0].withheld) == (None, True)
    assert late.rows[0].actual == 93
    assert all(p.actual is None for p in headline_trends(plan, late)[indicator.pk])
    html = anonymous.get(reverse("public:plan_detail", args=[plan.pk])).content.decode()
    start = html.index('<script class="chart-spec" id="chart-indicator-')
    spec = json.loads(html[start:].split(">", 1)[1].split("</script>", 1)[0])
    actuals = [row[1] for row in spec["usermeta"]["table"]["rows"]]
    assert actuals
    assert all(value is None for value in actuals)


def test_it_counts_indicators_bound_to_case_queries_as_counting_victims(
    victims, client_of, viewer, agency_a
):
    plan, indicator = victims
    indicator.counts_victims = False
    indicator.save(update_fields=["counts_victims"])
    url = reverse("progress:indicator", args=[plan.pk, indicator.pk]) + "?as_of=2025-Q1"
    assert client_of(viewer).get(url).context["page"].judged.progress.actual == 56

    CaseQuery.objects.create(indicator=indicator, agency=agency_a, statuses=["identified"])

    assert client_of(viewer).get(url).context["page"].judged.progress.actual is None
