"""The indicator page (`progress:indicator`): actual against expected over time with the end
target, breakdowns by disaggregation, values by agency, the agencies' words, the flag; refusals
and a fixed query count."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans.models import PlanStatus
from tests import factories
from tests.progress.dashboard_data import AS_OF, build_plan, fill_reports, grow

pytestmark = pytest.mark.django_db


@pytest.fixture
def dash(agency_a, agency_b, reporter_a, reporter_b, coordinator):
    data = build_plan(agency_a, agency_b)
    fill_reports(data, reporter_a, reporter_b, coordinator)
    return data


def _url(dash, indicator=None, query: str = f"?as_of={AS_OF}") -> str:
    indicator = indicator or dash.off
    return reverse("progress:indicator", args=[dash.plan.pk, indicator.pk]) + query


def _spec(html: str, element_id: str) -> dict:
    start = html.index(f'id="{element_id}"')
    body = html[start:].split(">", 1)[1].split("</script>", 1)[0]
    return json.loads(body)


def test_it_draws_actual_against_expected_with_the_target(dash, client_of, coordinator):
    response = client_of(coordinator).get(_url(dash))

    assert response.status_code == 200
    html = response.content.decode()
    trend = _spec(html, "chart-trend")
    table = trend["usermeta"]["table"]["rows"]
    # Quarters of 2024 and 2025 are due by 2025-Q4; nothing was reported in 2024.
    assert [row[0] for row in table][:2] == ["2024-Q1", "2024-Q2"]
    by_period = {row[0]: row for row in table}
    assert by_period["2024-Q4"][1] is None
    assert by_period["2025-Q1"][1] == 10.0
    assert by_period["2025-Q4"][1] == 40.0  # cumulative, summed over both agencies
    assert by_period["2025-Q4"][3] == 200.0
    target = trend["layer"][1]["data"]["values"]
    assert target[0]["value"] == 200.0


def test_it_breaks_the_latest_period_down_and_by_agency(dash, client_of, coordinator):
    html = client_of(coordinator).get(_url(dash)).content.decode()

    breakdown = _spec(html, "chart-breakdown")["data"]["values"]
    assert [(r["dimension"], r["category"], r["value"]) for r in breakdown] == [
        ("Sex", "Female", 7.0),
        ("Sex", "Male", 3.0),
    ]
    agencies = _spec(html, "chart-agencies")["data"]["values"]
    assert {(r["agency"], r["period"], r["value"]) for r in agencies if r["period"] == AS_OF} == {
        ("Police", AS_OF, 5.0),
        ("Shelter", AS_OF, 5.0),
    }


def test_it_shows_the_comments_and_the_flag(dash, client_of, coordinator):
    response = client_of(coordinator).get(_url(dash))

    html = response.content.decode()
    assert "Flagged for the working group" in html
    assert "Police identified victims at the border." in html
    assert "Police say: on track, more operations planned." in html
    assert response.context["page"].judged.status == "off_track"


def test_it_shows_a_qualitative_indicator_without_a_line(dash, client_of, coordinator):
    quality = factories.IndicatorFactory.create(
        objective=dash.off.objective, code="Q-TXT", type="qualitative", baseline=None
    )

    response = client_of(coordinator).get(_url(dash, quality))

    assert response.status_code == 200
    assert response.context["charts"] == []


@pytest.mark.parametrize(
    "persona", ["coordinator", "viewer", "reporter_a", "approver_a", "reporter_b"]
)
def test_it_shows_the_indicator_to_who_may_see_the_plan(dash, client_of, personas, persona):
    assert client_of(personas[persona]).get(_url(dash)).status_code == 200


def test_it_hides_other_agencies_comments_from_an_agency(dash, client_of, reporter_b):
    html = client_of(reporter_b).get(_url(dash)).content.decode()

    assert "Police identified victims" not in html


def test_it_refuses_anonymous_visitors_and_unknown_indicators(dash, anonymous, client_of, viewer):
    assert anonymous.get(_url(dash)).status_code == 302
    other = factories.IndicatorFactory.create()  # another plan's indicator
    wrong = reverse("progress:indicator", args=[dash.plan.pk, other.pk])
    assert client_of(viewer).get(wrong).status_code == 404


def test_it_hides_a_draft_plan_from_a_viewer(dash, client_of, viewer):
    dash.plan.status = PlanStatus.DRAFT
    dash.plan.save()

    assert client_of(viewer).get(_url(dash)).status_code == 404


def test_it_reads_the_page_in_a_fixed_number_of_queries(
    dash, client_of, coordinator, django_assert_max_num_queries
):
    client = client_of(coordinator)
    client.get(_url(dash))
    with CaptureQueriesContext(connection) as small:
        client.get(_url(dash))
    grow(dash.plan, 3)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(_url(dash))
    assert len(small.captured_queries) <= 25, len(small.captured_queries)


def test_it_shows_the_figures_rounded_as_everywhere_else(dash, client_of, coordinator):
    """V-OFF counts whole things (targets 0 and 200): the value expected by now, interpolated,
    is shown whole on the page, as in the chart's tooltips (`figure_places`), not "133.33"."""
    html = client_of(coordinator).get(_url(dash)).content.decode()

    judgement = html[html.index('<dl class="judgement">') :].split("</dl>", 1)[0]
    expected = judgement.split("</dt><dd>", 4)[3].split("</dd>", 1)[0]
    assert re.fullmatch(r"\d+", expected.strip()), expected
    trend = _spec(html, "chart-trend")
    value_tips = [t for t in trend["layer"][0]["encoding"]["tooltip"] if t["field"] == "value"]
    assert value_tips[0]["format"] == ",.0~f"
