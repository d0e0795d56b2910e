"""An agency's progress page (`progress:agency`): what it owes, what it reported and how its
activities are delivered; coordinators and viewers see every agency, agency users their own."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans.models import IndicatorAgencyTarget
from tests.progress.dashboard_data import AS_OF, build_plan, fill_reports, grow

pytestmark = pytest.mark.django_db


@pytest.fixture
def dash(agency_a, agency_b, reporter_a, reporter_b, coordinator):
    data = build_plan(agency_a, agency_b)
    fill_reports(data, reporter_a, reporter_b, coordinator)
    return data


def _url(dash, agency) -> str:
    return reverse("progress:agency", args=[dash.plan.pk, agency.pk]) + f"?as_of={AS_OF}"


def test_it_shows_what_the_agency_owes_reported_and_delivered(
    dash, client_of, coordinator, agency_a
):
    response = client_of(coordinator).get(_url(dash, agency_a))

    assert response.status_code == 200
    page = response.context["page"]
    # V-OFF is reported by both agencies and the plan gives the police no target of their own:
    # their 20 is a contribution to the national 40, not judged against the national target.
    assert {row.indicator.code: row.status for row in page.rows} == {
        "V-OFF": "not_applicable",
        "V-NONE": "no_data",
    }
    off = next(row for row in page.rows if row.indicator.code == "V-OFF")
    assert off.is_contribution
    assert (off.share.value, off.share.national, off.share.percent) == (20, 40, 50)
    assert off.flagged is False
    assert page.counts.total == 1
    assert [(led.activity.code, led.state, led.delivery) for led in page.activities] == [
        ("A1", "completed", "completed_late")
    ]
    assert page.delivery.completed_late == 1
    cells = {column.code: cell for column, cell in page.report_cells}
    assert cells[AS_OF].state == "accepted"
    assert page.reports.rates.received >= 4
    html = response.content.decode()
    assert "Completed late" in html
    assert 'id="chart-delivery"' in html
    assert "Contribution, not judged" in html
    assert "50 % of the national 40" in html
    assert "Off track" not in html


def test_it_judges_an_agency_share_against_its_own_target(
    dash, client_of, coordinator, agency_a, agency_b
):
    # Police: 30 by the plan's end, from nothing at its start: 20 expected by 2025-12-31.
    IndicatorAgencyTarget.objects.create(indicator=dash.off, agency=agency_a, target=30)
    # The shelter: 10 by the end of 2025, already passed with its 20.
    IndicatorAgencyTarget.objects.create(
        indicator=dash.off, agency=agency_b, target=10, target_date=datetime.date(2025, 12, 31)
    )

    police = client_of(coordinator).get(_url(dash, agency_a)).context["page"]
    shelter = client_of(coordinator).get(_url(dash, agency_b)).context["page"]

    off = next(row for row in police.rows if row.indicator.code == "V-OFF")
    assert not off.is_contribution
    assert off.status == "on_track"
    assert off.progress.actual == 20
    assert off.progress.end_target == 30
    assert off.progress.expected == 20
    assert off.progress_percent == 100
    assert off.share.percent == 50
    # The police say "on track" and now the numbers agree.
    assert off.flagged is False
    assert police.counts.counts["on_track"] == 1
    assert {row.indicator.code: row.status for row in shelter.rows}["V-OFF"] == "achieved"


def test_it_still_judges_an_indicator_one_agency_reports_on_the_national_target(
    dash, client_of, coordinator, agency_b
):
    page = client_of(coordinator).get(_url(dash, agency_b)).context["page"]

    on = next(row for row in page.rows if row.indicator.code == "V-ON")
    assert on.share is None
    assert on.status == "achieved"
    assert on.progress.end_target == 20


@pytest.mark.parametrize(
    "persona", ["coordinator", "viewer", "reporter_a", "approver_a", "administrator"]
)
def test_it_shows_agency_a_to_its_users_coordinators_and_viewers(
    dash, client_of, personas, persona, agency_a
):
    assert client_of(personas[persona]).get(_url(dash, agency_a)).status_code == 200


def test_it_refuses_another_agency_page_to_an_agency_user(dash, client_of, reporter_b, agency_a):
    assert client_of(reporter_b).get(_url(dash, agency_a)).status_code == 403


def test_it_refuses_anonymous_visitors_and_unknown_agencies(dash, anonymous, client_of, viewer):
    assert anonymous.get(_url(dash, dash.a1.lead_agency)).status_code == 302
    missing = reverse("progress:agency", args=[dash.plan.pk, 999999])
    assert client_of(viewer).get(missing).status_code == 404


def test_it_reads_the_page_in_a_fixed_number_of_queries(
    dash, client_of, coordinator, agency_a, django_assert_max_num_queries
):
    client = client_of(coordinator)
    client.get(_url(dash, agency_a))
    with CaptureQueriesContext(connection) as small:
        client.get(_url(dash, agency_a))
    grow(dash.plan, 3, also=agency_a)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(_url(dash, agency_a))
    assert len(response.context["page"].rows) == 2 + 3 * 2
    assert len(response.context["page"].activities) == 1 + 3
    # Four of them read the agency's shares of indicators others report too (issue 9 #7).
    assert len(small.captured_queries) <= 30, len(small.captured_queries)
