"""Creating and changing a plan."""

import datetime
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import TypedDict, Unpack, cast

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction

from plans import rules
from plans.models import Milestone, PaperSize, Plan, PlanStatus, StrategicArea, names_clean

from ._common import (
    CALENDAR_LIMITS,
    DEFAULT_AREAS,
    MESSAGES,
    PLAN_SETTINGS,
    THRESHOLD_LIMITS,
    _apply_plan_settings,
    _Errors,
    _outside_plan_error,
    plan_setting_errors,
)

# Plans -----------------------------------------------------------------------------------------


class PlanSettings(TypedDict, total=False):
    """The optional settings of a plan (PLAN_SETTINGS): its reporting calendar, then its
    progress thresholds. None, like a setting not given, keeps what the plan has."""

    report_deadline_days: int | None
    reminder_days_before: int | None
    reminder_days_after: int | None
    on_track_from: Decimal | None
    at_risk_from: Decimal | None
    maintain_tolerance: Decimal | None


def _set_settings(plan: Plan, settings: PlanSettings) -> None:
    if unknown := settings.keys() - set(PLAN_SETTINGS):
        raise TypeError(f"Unknown plan settings: {', '.join(sorted(unknown))}")
    _apply_plan_settings(plan, cast("dict[str, int | Decimal | None]", settings))


def _check_plan(plan: Plan, languages: Sequence[str]) -> None:
    errors = _Errors()
    # Languages and the calendar are checked below, with messages that say what is allowed.
    errors.check_model(plan, exclude=["languages", "currency", *CALENDAR_LIMITS, *THRESHOLD_LIMITS])
    if plan.currency and (currency := rules.currency_error(plan.currency)):
        errors.add("currency", currency)
    values = {name: getattr(plan, name) for name in PLAN_SETTINGS}
    for name, error in plan_setting_errors(values).items():
        errors.add(name, error)
    if plan.code and Plan.objects.filter(code=plan.code).exclude(pk=plan.pk).exists():
        errors.add("code", ValidationError(MESSAGES["plan_code_taken"], params={"code": plan.code}))
    if period := rules.plan_period_error(plan.starts_on, plan.ends_on):
        errors.add("ends_on", period)
    offered = {code for code, _name in settings.LANGUAGES}
    if not languages:
        errors.add("languages", MESSAGES["languages_required"])
    for language in languages:
        if language not in offered:
            params = {"language": language}
            errors.add("languages", ValidationError(MESSAGES["language_unknown"], params=params))
    if plan.pk and plan.starts_on and plan.ends_on and plan.ends_on >= plan.starts_on:
        _check_milestones_in_period(errors, plan)
        _check_activities_in_period(errors, plan)
    errors.raise_if_any()


def _check_milestones_in_period(errors: _Errors, plan: Plan) -> None:
    """A shorter period must not strand yearly milestones outside it."""
    outside = Milestone.objects.filter(indicator__plan=plan).exclude(
        year__range=(plan.starts_on.year, plan.ends_on.year)
    )
    stranded = outside.values_list("indicator__code", "year")
    found = rules.milestones_outside_period(
        stranded, plan_start=plan.starts_on, plan_end=plan.ends_on
    )
    for field, message in found.items():
        errors.add(field, message)


def _check_activities_in_period(errors: _Errors, plan: Plan) -> None:
    """A shorter period must not strand activities outside it."""
    outside = [
        activity.code
        for activity in plan.activities.only(
            "code", "starts_on", "starts_precision", "ends_on", "ends_precision"
        )
        if _outside_plan_error(activity, "starts_on", plan)
        or _outside_plan_error(activity, "ends_on", plan)
    ]
    if outside:
        params = {"codes": ", ".join(sorted(outside))}
        error = ValidationError(MESSAGES["activities_outside_period"], params=params)
        errors.add(NON_FIELD_ERRORS, error)


def _ordered_languages(languages: Sequence[str]) -> str:
    order = [code for code, _name in settings.LANGUAGES]
    return ",".join(sorted(set(languages), key=lambda c: order.index(c) if c in order else 99))


@transaction.atomic
def plan_create(
    *,
    code: str,
    title: str,
    country: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    currency: str,
    status: str = PlanStatus.DRAFT,
    languages: Sequence[str] = ("en",),
    paper_size: str = PaperSize.A4,
    title_i18n: Mapping[str, str] | None = None,
    seed_default_areas: bool = True,
    **settings: Unpack[PlanSettings],
) -> Plan:
    """A new plan; with `seed_default_areas`, it starts with the five areas of the guide.
    A quarter's report is due `report_deadline_days` after the quarter ends; reminders go out
    `reminder_days_before` and `reminder_days_after` days around that deadline. An indicator is
    on track from progress `on_track_from`, at risk from `at_risk_from`; a "maintain" one may
    drift `maintain_tolerance` from its baseline (docs/progress.md). A setting left as None
    takes the model's default."""
    plan = Plan(
        code=code,
        title=title,
        title_i18n=names_clean(title_i18n),
        country=country,
        starts_on=starts_on,
        ends_on=ends_on,
        currency=currency,
        status=status,
        languages=_ordered_languages(languages),
        paper_size=paper_size,
    )
    _set_settings(plan, settings)
    _check_plan(plan, languages)
    plan.save()
    if seed_default_areas:
        StrategicArea.objects.bulk_create(
            StrategicArea(plan=plan, code=area_code, name=str(name), position=position)
            for position, (area_code, name) in enumerate(DEFAULT_AREAS)
        )
    return plan


@transaction.atomic
def plan_update(
    *,
    plan: Plan,
    code: str,
    title: str,
    country: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    currency: str,
    status: str,
    languages: Sequence[str],
    paper_size: str | None = None,
    title_i18n: Mapping[str, str] | None = None,
    **settings: Unpack[PlanSettings],
) -> Plan:
    """Change the plan; titles per language, a reporting-calendar value or progress threshold
    left as None keep the stored ones."""
    plan.code, plan.title, plan.country = code, title, country
    plan.starts_on, plan.ends_on = starts_on, ends_on
    plan.currency, plan.status = currency, status
    plan.languages = _ordered_languages(languages)
    if paper_size is not None:  # None keeps the stored one, as for the settings below
        plan.paper_size = paper_size
    if title_i18n is not None:
        plan.title_i18n = names_clean(title_i18n)
    _set_settings(plan, settings)
    _check_plan(plan, languages)
    plan.save()
    return plan
