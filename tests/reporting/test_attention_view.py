"""Agencies needing attention in a quarter: off-track self-assessments, values owed but not
reported, and reports not received. Coordinators and viewers read it; only submitted and
accepted reports are judged (a draft is work in progress)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from plans.models import Frequency, IndicatorType
from reporting.models import Assessment, IndicatorEntry, IndicatorValue, ReportStatus
from reporting.selectors.matrix import default_quarter
from tests import factories
from tests.reporting.matrix_data import make_report

D = datetime.date


def attention_url(plan, period: str | None = "2024-Q1") -> str:
    url = reverse("reporting:attention", args=[plan.pk])
    return f"{url}?period={period}" if period else url


def value(report, indicator, period: str, breakdown: str = "") -> IndicatorValue:
    return IndicatorValue.objects.create(
        report=report,
        indicator=indicator,
        period=period,
        breakdown=breakdown,
        value=Decimal(5),
        entered_by=factories.UserFactory.create(),
        entered_at=timezone.now(),
    )


@pytest.fixture
def quarter_reports(plan, agency_a, agency_b):
    goal = plan.objectives.get(code="2.1")
    quarterly = plan.indicators.get(code="I2.1")
    monthly = factories.IndicatorFactory(
        objective=goal, code="I2.2", frequency=Frequency.MONTHLY, responsible=[agency_a]
    )
    narrative = factories.IndicatorFactory(
        objective=goal, code="I2.3", type=IndicatorType.QUALITATIVE, responsible=[agency_a]
    )
    fine_agency = factories.AgencyFactory(code="LAB", name="Labour Inspectorate")
    quarterly.responsible_agencies.add(fine_agency)
    silent_agency = factories.AgencyFactory(code="BORDER", name="Border Guard")
    quarterly.responsible_agencies.add(silent_agency)

    police = make_report(plan, agency_a, "2024-Q1", ReportStatus.SUBMITTED, submitted=D(2024, 4, 9))
    value(police, quarterly, "2024-Q1")
    value(police, monthly, "2024-01")
    value(police, monthly, "2024-02", breakdown="sex=female")  # no total for February
    value(police, monthly, "2024-03")
    IndicatorEntry.objects.create(
        report=police, indicator=quarterly, assessment=Assessment.OFF_TRACK,
        comment="Court statistics delayed",
    )  # fmt: skip
    IndicatorEntry.objects.create(report=police, indicator=narrative, comment="later")

    shelter = make_report(plan, agency_b, "2024-Q1", ReportStatus.DRAFT)
    IndicatorEntry.objects.create(
        report=shelter, indicator=quarterly, assessment=Assessment.OFF_TRACK,
        comment="Secret draft remark",
    )  # fmt: skip

    labour = make_report(
        plan, fine_agency, "2024-Q1", ReportStatus.ACCEPTED, submitted=D(2024, 4, 1)
    )
    value(labour, quarterly, "2024-Q1")
    return {"police": police, "shelter": shelter, "labour": labour}


@pytest.mark.parametrize("persona", ["coordinator", "viewer"])
def test_it_lists_off_track_and_missing_values_and_missing_reports(
    client_of, request, persona, plan, quarter_reports
):
    response = client_of(request.getfixturevalue(persona)).get(attention_url(plan))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Agencies needing attention in 2024-Q1" in page
    assert "3 agencies need attention." in page
    assert "1 agency reported fully with nothing off track." in page
    assert "POL – National Police" in page
    assert '<th scope="row">I2.1</th>' in page
    assert "Court statistics delayed" in page
    assert '<th scope="row">I2.2</th><td>' in page
    assert "<td>2024-02</td>" in page
    assert "<td>2024-01</td>" not in page
    assert '<th scope="row">I2.3</th>' in page  # a qualitative indicator with no narrative
    assert "NGO1 – Shelter Foundation" in page
    assert "Report not received." in page
    assert "BORDER – Border Guard" in page
    assert "Current state: No report; 1 indicator due." in page
    # The shelter owes activity updates only.
    assert "Current state: Draft." in page
    police = quarter_reports["police"]
    assert reverse("reporting:report_detail", args=[police.pk]) in page
    assert reverse("reporting:report_detail", args=[quarter_reports["shelter"].pk]) not in page
    # A draft is not judged, and its contents are not shown.
    assert "Secret draft remark" not in page
    assert "LAB – Labour Inspectorate" not in page


def test_it_judges_the_accepted_version_while_a_correction_is_open(
    client_of, coordinator, plan, agency_a, quarter_reports
):
    police = quarter_reports["police"]
    police.status = ReportStatus.ACCEPTED
    police.is_current = False
    police.save()
    make_report(plan, agency_a, "2024-Q1", ReportStatus.DRAFT, version=2)

    page = client_of(coordinator).get(attention_url(plan)).content.decode()

    assert "Court statistics delayed" in page
    police_section = page.split("POL – National Police")[1]
    assert "Report not received." not in police_section
    assert reverse("reporting:report_detail", args=[police.pk]) in police_section


def test_it_shows_the_latest_ended_quarter_by_default(client_of, coordinator, plan):
    quarter = default_quarter(plan, timezone.localdate())

    page = client_of(coordinator).get(attention_url(plan, period=None)).content.decode()

    assert f'<option value="{quarter.code}" selected>' in page


def test_it_picks_the_newest_ended_quarter_or_the_first(plan):
    assert default_quarter(plan, D(2025, 5, 1)).code == "2025-Q1"
    assert default_quarter(plan, D(2025, 3, 31)).code == "2024-Q4"
    assert default_quarter(plan, D(2023, 1, 1)).code == "2024-Q1"
    assert default_quarter(plan, D(2030, 1, 1)).code == "2026-Q4"


def test_it_says_when_the_quarter_is_not_one_of_the_plans(client_of, coordinator, plan):
    response = client_of(coordinator).get(attention_url(plan, period="2031-Q1"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Select a valid choice. 2031-Q1 is not one of the available choices." in page
    assert 'id="id_period_error"' in page


@pytest.mark.parametrize("persona", ["reporter_a", "approver_a", "reporter_b", "administrator"])
def test_it_refuses_everyone_but_coordinators_and_viewers(client_of, request, persona, plan):
    user = request.getfixturevalue(persona)

    assert client_of(user).get(attention_url(plan)).status_code == 403


def test_it_sends_an_anonymous_visitor_to_sign_in(anonymous, plan):
    response = anonymous.get(attention_url(plan))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_it_lists_many_agencies_in_a_bounded_number_of_queries(
    client_of, coordinator, plan, django_assert_max_num_queries
):
    objective = plan.areas.get(code="3").objectives.get()
    for n in range(30):
        agency = factories.AgencyFactory()
        indicator = factories.IndicatorFactory(objective=objective, responsible=[agency])
        report = make_report(
            plan, agency, "2024-Q1", ReportStatus.SUBMITTED, submitted=D(2024, 4, 1)
        )
        if n % 2:
            value(report, indicator, "2024-Q1")
        IndicatorEntry.objects.create(
            report=report, indicator=indicator, assessment=Assessment.OFF_TRACK
        )
    client = client_of(coordinator)

    # 17, and one for the overdue actions of coordination meetings (reporting/worklists.py).
    with django_assert_max_num_queries(18):
        response = client.get(attention_url(plan))

    assert response.content.decode().count("<caption>Values") == 15
