"""The national overview (`progress:overview`): status by area, the flagged list, charts with
their tables, role refusals and a query count that does not grow with the plan."""

import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans.models import PlanStatus
from reporting.models import ActivityState
from reporting.services import ActivityInput, ValueInput
from tests.progress.dashboard_data import AS_OF, build_plan, fill_reports, grow
from tests.progress.progress_data import COMMENT, file_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def dash(agency_a, agency_b, reporter_a, reporter_b, coordinator):
    data = build_plan(agency_a, agency_b)
    fill_reports(data, reporter_a, reporter_b, coordinator)
    return data


def _url(dash, query: str = f"?as_of={AS_OF}") -> str:
    return reverse("progress:overview", args=[dash.plan.pk]) + query


def _specs(html: str) -> dict[str, dict]:
    specs = {}
    for chunk in html.split('<script class="chart-spec" id="')[1:]:
        element_id, rest = chunk.split('"', 1)
        body = rest.split(">", 1)[1].split("</script>", 1)[0]
        specs[element_id] = json.loads(body)
    return specs


def test_it_shows_status_by_area_and_flags_the_disagreement(dash, client_of, coordinator):
    response = client_of(coordinator).get(_url(dash))

    assert response.status_code == 200
    html = response.content.decode()
    flagged = html.split('id="flagged"', 1)[1].split("</section>", 1)[0]
    assert "V-OFF" in flagged
    assert "Police say: on track, more operations planned." in flagged
    assert "V-ON" not in flagged  # agency and numbers agree (achieved, "on track")
    page = response.context["page"]
    by_code = {row.indicator.code: row for row in page.rows}
    assert by_code["V-OFF"].status == "off_track"
    assert by_code["V-ON"].status == "achieved"
    assert by_code["V-NONE"].status == "no_data"
    assert [a.area.code for a in page.areas] == ["P", "Q", "R"]
    assert [a.flagged for a in page.areas] == [0, 1, 0]


def test_it_embeds_every_chart_with_a_table_view(dash, client_of, coordinator):
    html = client_of(coordinator).get(_url(dash)).content.decode()

    specs = _specs(html)
    assert set(specs) == {
        "chart-status-by-area",
        "chart-status-trend",
        "chart-delivery-area",
        "chart-delivery-agency",
        "chart-completeness",
    }
    by_area = {
        (row["group"], row["status"]): row["count"]
        for row in specs["chart-status-by-area"]["data"]["values"]
    }
    assert by_area["Q Protection", "Off track"] == 1
    assert by_area["P Prevention", "Achieved"] == 1
    trend = specs["chart-status-trend"]["usermeta"]["table"]["rows"]
    assert [row[0] for row in trend][-1] == AS_OF
    assert html.count('<details class="chart-table">') == 5
    assert "<caption>Indicators by status over time</caption>" in html


def test_it_counts_submitted_reports_only_in_the_provisional_view(
    dash, client_of, coordinator, reporter_b
):
    file_report(  # submitted, not accepted
        dash.plan,
        reporter_b,
        "2026-Q1",
        values=[
            ValueInput(dash.on.pk, "2026-Q1", "", Decimal(1), COMMENT),
            ValueInput(dash.off.pk, "2026-Q1", "", Decimal(50), COMMENT),
        ],
        activities=[ActivityInput(dash.a2.pk, ActivityState.ONGOING)],
    )
    client = client_of(coordinator)

    accepted = client.get(_url(dash, "?as_of=2026-Q1")).context["page"]
    provisional = client.get(_url(dash, "?as_of=2026-Q1&provisional=1"))

    assert {r.indicator.code: r.progress.actual for r in accepted.rows}["V-ON"] == 20
    rows = {r.indicator.code: r.progress.actual for r in provisional.context["page"].rows}
    assert rows["V-ON"] == 21
    assert rows["V-OFF"] == 90
    assert "Provisional view" in provisional.content.decode()


def test_it_reports_an_unknown_quarter_and_shows_the_default(dash, client_of, coordinator):
    response = client_of(coordinator).get(_url(dash, "?as_of=2031-Q1"))

    assert response.status_code == 200
    assert response.context["snapshot"].form.errors["as_of"]


@pytest.mark.parametrize(
    "persona",
    ["coordinator", "viewer", "reporter_a", "approver_a", "reporter_b", "administrator"],
)
def test_it_shows_the_national_overview_to_who_may_see_the_plan(dash, client_of, personas, persona):
    assert client_of(personas[persona]).get(_url(dash)).status_code == 200


def test_it_sends_anonymous_visitors_to_sign_in(dash, anonymous):
    response = anonymous.get(_url(dash))

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_it_hides_a_draft_plan_from_agencies(dash, client_of, reporter_a):
    dash.plan.status = PlanStatus.DRAFT
    dash.plan.save()

    assert client_of(reporter_a).get(_url(dash)).status_code == 404


def test_it_shows_agencies_only_the_assessments_of_reports_they_may_read(
    dash, client_of, reporter_b
):
    page = client_of(reporter_b).get(_url(dash)).context["page"]

    agencies = {a.agency.code for row in page.rows for a in row.assessments}
    assert agencies == {"NGO1"}
    assert not page.flagged  # agency A's "on track" is not B's to read


def test_it_reads_the_overview_in_a_fixed_number_of_queries(
    dash, client_of, coordinator, django_assert_max_num_queries
):
    client = client_of(coordinator)
    client.get(_url(dash))  # warm the session and caches
    with CaptureQueriesContext(connection) as small:
        client.get(_url(dash))
    grow(dash.plan, 3)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(_url(dash))

    assert len(response.context["page"].areas) == 6
    assert len(small.captured_queries) <= 30, len(small.captured_queries)


def test_it_shows_every_dashboard_of_a_plan_with_nothing_reported(
    plan, agency_a, client_of, coordinator
):
    client = client_of(coordinator)
    area = plan.areas.order_by("pk").first()
    objective = plan.objectives.order_by("pk").first()
    indicator = plan.indicators.order_by("pk").first()
    urls = [
        reverse("progress:overview", args=[plan.pk]),
        reverse("progress:area", args=[plan.pk, area.pk]),
        reverse("progress:objective", args=[plan.pk, objective.pk]),
        reverse("progress:indicator", args=[plan.pk, indicator.pk]),
        reverse("progress:agency", args=[plan.pk, agency_a.pk]),
    ]

    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
    overview = client.get(urls[0]).content.decode()
    assert "No indicator is flagged" in overview
