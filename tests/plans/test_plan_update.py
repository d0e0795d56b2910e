import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from plans import services
from plans.models import Milestone, Plan, PlanStatus
from tests import factories

pytestmark = pytest.mark.django_db


def _update(plan: Plan, **overrides) -> Plan:
    fields = {
        "code": plan.code,
        "title": plan.title,
        "country": plan.country,
        "starts_on": plan.starts_on,
        "ends_on": plan.ends_on,
        "currency": plan.currency,
        "status": plan.status,
        "languages": plan.language_list,
    }
    return services.plan_update(plan=plan, **{**fields, **overrides})


def _refused(plan: Plan, **overrides) -> dict:
    with pytest.raises(ValidationError) as caught:
        _update(plan, **overrides)
    stored = Plan.objects.get(pk=plan.pk)
    assert (stored.code, stored.title, stored.starts_on, stored.ends_on) == (
        "NAP-TEST",
        "Test plan 2024–2026",
        datetime.date(2024, 1, 1),
        datetime.date(2026, 12, 31),
    )
    return caught.value.message_dict


def test_it_changes_every_field(plan):
    _update(
        plan,
        code="NAP-2",
        title="Renamed",
        country="Cambodia",
        starts_on=datetime.date(2023, 7, 1),
        ends_on=datetime.date(2027, 6, 30),
        currency="KHR",
        status=PlanStatus.CLOSED,
        languages=["hy", "en", "ru"],
        report_deadline_days=45,
        reminder_days_before=10,
        reminder_days_after=0,
    )
    plan.refresh_from_db()
    assert (plan.code, plan.title, plan.country, plan.currency, plan.status) == (
        "NAP-2",
        "Renamed",
        "Cambodia",
        "KHR",
        "closed",
    )
    assert (plan.starts_on, plan.ends_on) == (datetime.date(2023, 7, 1), datetime.date(2027, 6, 30))
    assert plan.language_list == ["en", "hy", "ru"]
    assert (plan.report_deadline_days, plan.reminder_days_before, plan.reminder_days_after) == (
        45,
        10,
        0,
    )


def test_it_refuses_a_code_another_plan_has(plan):
    factories.PlanFactory(code="OTHER")
    assert "code" in _refused(plan, code="OTHER")


def test_it_refuses_an_end_before_the_start(plan):
    assert "ends_on" in _refused(plan, ends_on=datetime.date(2023, 1, 1))


def test_it_refuses_a_period_that_strands_milestones(plan):
    indicator = plan.indicators.get()
    Milestone.objects.create(indicator=indicator, year=2026, target=Decimal(5))
    errors = _refused(plan, ends_on=datetime.date(2025, 12, 31))
    assert errors["ends_on"] == [
        "Milestones of indicators I2.1 fall outside this period; change them first."
    ]


def test_it_refuses_a_period_that_strands_activities(plan):
    # The fixture's activities run through 2024.
    errors = _refused(plan, starts_on=datetime.date(2025, 1, 1))
    assert errors[NON_FIELD_ERRORS] == [
        "Activities 2.1.1, 2.1.2 are planned outside this period; change them first."
    ]


def test_it_keeps_the_reporting_calendar_when_not_given(plan):
    plan.report_deadline_days, plan.reminder_days_before, plan.reminder_days_after = 30, 7, 2
    plan.save()
    _update(plan, title="Renamed")
    plan.refresh_from_db()
    assert (plan.report_deadline_days, plan.reminder_days_before, plan.reminder_days_after) == (
        30,
        7,
        2,
    )


def test_it_refuses_a_reporting_calendar_out_of_range(plan):
    errors = _refused(
        plan,
        title="Renamed",
        report_deadline_days=400,
        reminder_days_before=-2,
        reminder_days_after=91,
    )
    assert errors == {
        "report_deadline_days": ["Enter a whole number of days from 0 to 365."],
        "reminder_days_before": ["Enter a whole number of days from 0 to 90."],
        "reminder_days_after": ["Enter a whole number of days from 0 to 90."],
    }
    stored = Plan.objects.get(pk=plan.pk)
    assert (stored.report_deadline_days, stored.reminder_days_before) == (15, 5)


def test_it_changes_the_progress_thresholds(plan):
    _update(
        plan,
        on_track_from=Decimal("0.80"),
        at_risk_from=Decimal("0.40"),
        maintain_tolerance=Decimal("0.10"),
    )
    plan.refresh_from_db()
    assert (plan.on_track_from, plan.at_risk_from, plan.maintain_tolerance) == (
        Decimal("0.80"),
        Decimal("0.40"),
        Decimal("0.10"),
    )


def test_it_keeps_the_stored_thresholds_when_none_are_given(plan):
    plan.on_track_from, plan.at_risk_from, plan.maintain_tolerance = (
        Decimal("0.95"),
        Decimal("0.50"),
        Decimal(0),
    )
    plan.save()
    _update(plan, title="Renamed")
    plan.refresh_from_db()
    assert (plan.on_track_from, plan.at_risk_from, plan.maintain_tolerance) == (
        Decimal("0.95"),
        Decimal("0.50"),
        Decimal(0),
    )


def test_it_refuses_an_at_risk_threshold_above_the_stored_on_track_one(plan):
    errors = _refused(plan, title="Renamed", at_risk_from=Decimal("0.95"))
    assert errors == {"at_risk_from": ["At risk must start below on track (0.90)."]}
    plan.refresh_from_db()
    assert plan.at_risk_from == Decimal("0.60")
