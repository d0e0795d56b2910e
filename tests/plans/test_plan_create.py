import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from plans import services
from plans.models import Plan, PlanStatus
from tests import factories

pytestmark = pytest.mark.django_db


def _create(**overrides):
    fields = {
        "code": "NAP-2025",
        "title": "National Action Plan 2025–2027",
        "country": "Armenia",
        "starts_on": datetime.date(2025, 1, 1),
        "ends_on": datetime.date(2027, 12, 31),
        "currency": "AMD",
        "status": PlanStatus.DRAFT,
        "languages": ["ru", "en"],
    }
    return services.plan_create(**{**fields, **overrides})


def _errors(**overrides) -> dict:
    with pytest.raises(ValidationError) as caught:
        _create(**overrides)
    assert not Plan.objects.filter(code=overrides.get("code", "NAP-2025")).exists()
    return caught.value.message_dict


def test_it_creates_a_plan_with_the_five_usual_areas():
    plan = _create()
    plan.refresh_from_db()
    assert (plan.code, plan.country, plan.currency, plan.status) == (
        "NAP-2025",
        "Armenia",
        "AMD",
        "draft",
    )
    assert plan.language_list == ["en", "ru"]  # in the order the site offers them
    assert [(a.code, a.name) for a in plan.areas.all()] == [
        ("1", "Enabling framework"),
        ("2", "Prevention"),
        ("3", "Protection"),
        ("4", "Prosecution"),
        ("5", "Partnership"),
    ]


def test_it_creates_a_plan_without_areas_when_asked():
    plan = _create(seed_default_areas=False)
    assert plan.areas.count() == 0


def test_it_refuses_a_code_another_plan_has():
    factories.PlanFactory(code="NAP-2025")
    with pytest.raises(ValidationError) as caught:
        _create()
    assert "NAP-2025" in caught.value.message_dict["code"][0]
    assert Plan.objects.count() == 1


def test_it_refuses_an_end_before_the_start():
    errors = _errors(ends_on=datetime.date(2024, 12, 31))
    assert errors["ends_on"] == ["The plan cannot end before it starts."]


def test_it_refuses_a_currency_that_is_not_an_iso_code():
    assert "currency" in _errors(currency="euro")


def test_it_refuses_an_unknown_status():
    assert "status" in _errors(status="archived")


def test_it_refuses_no_language_and_unknown_languages():
    assert _errors(languages=[])["languages"] == ["Choose at least one language."]
    assert "xx is not a language" in _errors(languages=["en", "xx"])["languages"][0]


def test_it_refuses_a_missing_title_and_a_malformed_code():
    errors = _errors(title="", code="NAP 2025!")
    assert set(errors) >= {"title", "code"}


def test_it_gives_a_new_plan_the_default_reporting_calendar():
    plan = _create()
    plan.refresh_from_db()
    assert (plan.report_deadline_days, plan.reminder_days_before, plan.reminder_days_after) == (
        15,
        5,
        3,
    )


def test_it_stores_the_reporting_calendar_given():
    plan = _create(report_deadline_days=30, reminder_days_before=0, reminder_days_after=90)
    plan.refresh_from_db()
    assert (plan.report_deadline_days, plan.reminder_days_before, plan.reminder_days_after) == (
        30,
        0,
        90,
    )


def test_it_takes_the_largest_deadline_and_refuses_one_beyond():
    assert _create(report_deadline_days=365).report_deadline_days == 365
    errors = _errors(code="NAP-2026", report_deadline_days=366)
    assert errors["report_deadline_days"] == ["Enter a whole number of days from 0 to 365."]


def test_it_refuses_reminders_that_are_negative_too_far_or_not_whole():
    errors = _errors(reminder_days_before=-1, reminder_days_after=91)
    assert errors["reminder_days_before"] == ["Enter a whole number of days from 0 to 90."]
    assert errors["reminder_days_after"] == ["Enter a whole number of days from 0 to 90."]
    assert "report_deadline_days" in _errors(report_deadline_days=2.5)
    assert "reminder_days_after" in _errors(reminder_days_after="3")


def test_it_gives_a_new_plan_the_default_progress_thresholds():
    plan = _create()
    plan.refresh_from_db()
    assert (plan.on_track_from, plan.at_risk_from, plan.maintain_tolerance) == (
        Decimal("0.90"),
        Decimal("0.60"),
        Decimal("0.05"),
    )


def test_it_creates_a_plan_with_its_own_progress_thresholds():
    plan = _create(on_track_from=Decimal(1), at_risk_from=Decimal("0.01"), maintain_tolerance=0)
    plan.refresh_from_db()
    assert (plan.on_track_from, plan.at_risk_from, plan.maintain_tolerance) == (
        Decimal(1),
        Decimal("0.01"),
        Decimal(0),
    )


def test_it_refuses_thresholds_out_of_range_or_with_more_than_two_decimals():
    share = "Enter a share above 0 and at most 1, with at most two decimals, like 0.90."
    errors = _errors(
        on_track_from=Decimal("1.01"),
        at_risk_from=Decimal("0.555"),
        maintain_tolerance=Decimal("-0.01"),
    )
    assert errors["on_track_from"] == [share]
    assert errors["at_risk_from"] == [share]
    assert errors["maintain_tolerance"] == [
        "Enter a share from 0 to 1, with at most two decimals, like 0.05."
    ]
    assert "at_risk_from" in _errors(at_risk_from=Decimal(0))
    assert "maintain_tolerance" in _errors(maintain_tolerance=Decimal("1.5"))


def test_it_refuses_an_at_risk_threshold_not_below_on_track():
    errors = _errors(on_track_from=Decimal("0.70"), at_risk_from=Decimal("0.70"))
    assert errors == {"at_risk_from": ["At risk must start below on track (0.70)."]}
