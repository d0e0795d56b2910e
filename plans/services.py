"""Writes to a plan: create and change its elements, delete them with everything below them.

Every write re-checks the invariants the coordinator's forms check too (codes unique within the
plan per kind, objectives nested inside one area without cycles, an indicator with exactly one
parent in the same plan, numbers for numeric indicators and words for qualitative ones, …), so a
caller that is not a form cannot store a plan the screens would refuse. A refusal is a
`ValidationError` keyed by the form field it concerns; nothing is written when one is raised.
"""

import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import DecimalValidator
from django.db import models, transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from plans.models import (
    Activity,
    DatePrecision,
    Dimension,
    Direction,
    Frequency,
    FundingSource,
    Indicator,
    IndicatorLevel,
    IndicatorType,
    Milestone,
    Objective,
    Plan,
    PlanStatus,
    StrategicArea,
)
from plans.selectors import objective_descendant_ids
from tipmonitor.lib.periods import format_period, period_first_day, period_last_day

if TYPE_CHECKING:  # django-stubs is a development dependency
    from django_stubs_ext import StrOrPromise

# The five areas of the ICMPD guide (annex 2); a plan with another set starts without them.
# Stored in the language the coordinator works in when creating the plan.
DEFAULT_AREAS = [
    ("1", _("Enabling framework")),
    ("2", _("Prevention")),
    ("3", _("Protection")),
    ("4", _("Prosecution")),
    ("5", _("Partnership")),
]

# The shape of the indicators' value columns (baseline, targets, milestones).
DECIMAL = {"max_digits": 20, "decimal_places": 4}

# The elements `element_delete` removes, by the `kind` used in URLs.
ELEMENT_MODELS: dict[str, type[models.Model]] = {
    "area": StrategicArea,
    "objective": Objective,
    "activity": Activity,
    "indicator": Indicator,
}

# One wording per rule, shared with plans/forms.py so that the form and the service say the same.
MESSAGES = {
    "code_taken": _("Another %(kind)s of this plan already has the code %(code)s."),
    "plan_code_taken": _("Another plan already has the code %(code)s."),
    "plan_end_before_start": _("The plan cannot end before it starts."),
    "languages_required": _("Choose at least one language."),
    "language_unknown": _("%(language)s is not a language TIP Monitor offers."),
    "milestones_outside_period": _(
        "Milestones of indicators %(codes)s fall outside this period; change them first."
    ),
    "activities_outside_period": _(
        "Activities %(codes)s are planned outside this period; change them first."
    ),
    "activity_outside_plan": _("%(period)s is outside the plan period (%(start)s to %(end)s)."),
    "not_in_plan": _("Choose an element of this plan."),
    "parent_other_area": _("The parent objective must be in the same strategic area."),
    "parent_cycle": _("An objective cannot be placed under itself or one of its sub-objectives."),
    "activity_end_before_start": _("The planned completion cannot be before the start."),
    "donor_required": _("Name the donor."),
    "donor_not_donor": _("Name a donor only when the funding source is a donor."),
    "parent_required": _("Choose the objective or activity this indicator measures."),
    "parent_both": _("Attach the indicator to an objective or to an activity, not both."),
    "numeric_needs_number": _("A numeric indicator takes a number here, not a description."),
    "qualitative_needs_words": _(
        "A qualitative indicator is described in words here, not with a number."
    ),
    "qualitative_no_milestones": _("A qualitative indicator has no numeric milestones."),
    "milestone_outside_period": _(
        "Milestone year %(year)s is outside the plan period (%(start)s–%(end)s)."
    ),
    "milestone_twice": _("Milestone year %(year)s appears twice."),
    "days_range": _("Enter a whole number of days from 0 to %(max)s."),
    "threshold_range": _(
        "Enter a share above 0 and at most 1, with at most two decimals, like 0.90."
    ),
    "tolerance_range": _("Enter a share from 0 to 1, with at most two decimals, like 0.05."),
    "at_risk_not_below": _("At risk must start below on track (%(on_track)s)."),
    "qualitative_no_aggregation": _(
        "A qualitative indicator is rated, not added up: leave the aggregation empty."
    ),
}

# The reporting calendar of a plan: field -> the most days it may say. A deadline a year after
# the quarter, a reminder a quarter away from it: beyond that the calendar makes no sense.
CALENDAR_LIMITS = {
    "report_deadline_days": 365,
    "reminder_days_before": 90,
    "reminder_days_after": 90,
}

# The progress thresholds of a plan (docs/progress.md): field -> the lowest share it may say
# and whether that lowest share is allowed. All are shares of 1 with two decimals.
THRESHOLD_LIMITS = {
    "on_track_from": (Decimal(0), False),
    "at_risk_from": (Decimal(0), False),
    "maintain_tolerance": (Decimal(0), True),
}

AGGREGATION_FIELDS = ("time_aggregation", "agency_aggregation")

Milestones = Sequence[tuple[int, Decimal]]


# Checks shared with the forms ------------------------------------------------------------------


def duplicate_code_error(
    *, model: type[models.Model], plan: Plan, code: str, exclude_pk: int | None = None
) -> ValidationError | None:
    """The error for a code another element of the same kind in `plan` already has."""
    taken = model._default_manager.filter(plan=plan, code=code)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if not taken.exists():
        return None
    kind = model._meta.verbose_name
    return ValidationError(
        MESSAGES["code_taken"], code="duplicate", params={"kind": kind, "code": code}
    )


def milestone_errors(*, plan: Plan, milestones: Milestones) -> list[ValidationError]:
    """Years outside the plan period or given twice."""
    errors = []
    seen: set[int] = set()
    for year, _target in milestones:
        if not plan.starts_on.year <= year <= plan.ends_on.year:
            params = {"year": year, "start": plan.starts_on.year, "end": plan.ends_on.year}
            errors.append(ValidationError(MESSAGES["milestone_outside_period"], params=params))
        if year in seen:
            errors.append(ValidationError(MESSAGES["milestone_twice"], params={"year": year}))
        seen.add(year)
    return errors


def days_error(value: object, *, maximum: int) -> ValidationError | None:
    """The refusal for a number of days that is not a whole number from 0 to `maximum`."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= maximum:
        return None
    return ValidationError(MESSAGES["days_range"], code="invalid", params={"max": maximum})


# The optional numeric settings of a plan: the reporting calendar, then the progress thresholds.
PLAN_SETTINGS = (*CALENDAR_LIMITS, *THRESHOLD_LIMITS)


def plan_setting_defaults() -> dict[str, int | Decimal]:
    """The settings of a plan that says nothing about them: the model's defaults."""
    blank = Plan()
    return {name: getattr(blank, name) for name in PLAN_SETTINGS}


def plan_setting_message(name: str) -> str:
    """What a plan setting must be, in the words its refusals use."""
    if name in CALENDAR_LIMITS:
        return MESSAGES["days_range"] % {"max": CALENDAR_LIMITS[name]}
    return str(MESSAGES["tolerance_range" if THRESHOLD_LIMITS[name][1] else "threshold_range"])


def plan_setting_errors(values: dict[str, object]) -> dict[str, ValidationError]:
    """Refusals by field for a plan's calendar and thresholds. None is not checked."""
    errors = {
        name: error
        for name, maximum in CALENDAR_LIMITS.items()
        if values.get(name) is not None
        and (error := days_error(values[name], maximum=maximum)) is not None
    }
    return errors | threshold_errors(values)


def _apply_plan_settings(plan: Plan, values: dict[str, int | Decimal | None]) -> None:
    # None keeps what the plan has: the model's default on a new plan, the stored value otherwise.
    for name, value in values.items():
        if value is not None:
            setattr(plan, name, value)


def threshold_errors(values: dict[str, object]) -> dict[str, ValidationError]:
    """Refusals by field for progress thresholds: shares of 1 with at most two decimals
    (0 < at_risk_from < on_track_from <= 1, 0 <= maintain_tolerance <= 1). None is not checked."""
    errors = {}
    for name, (lowest, lowest_allowed) in THRESHOLD_LIMITS.items():
        value = values.get(name)
        if value is None:
            continue
        if not _is_share(value, lowest=lowest, lowest_allowed=lowest_allowed):
            key = "tolerance_range" if lowest_allowed else "threshold_range"
            errors[name] = ValidationError(MESSAGES[key], code="invalid")
    on_track, at_risk = values.get("on_track_from"), values.get("at_risk_from")
    if (
        not errors.keys() & {"on_track_from", "at_risk_from"}
        and on_track is not None
        and at_risk is not None
        and Decimal(at_risk) >= Decimal(on_track)  # type: ignore[arg-type]
    ):
        params = {"on_track": format(Decimal(on_track).quantize(Decimal("0.01")), "f")}  # type: ignore[arg-type]
        errors["at_risk_from"] = ValidationError(
            MESSAGES["at_risk_not_below"], code="invalid", params=params
        )
    return errors


def _is_share(value: object, *, lowest: Decimal, lowest_allowed: bool) -> bool:
    # Decimals and whole numbers only: a float is not exact enough to tell 0.6 from 0.6000001.
    if isinstance(value, int) and not isinstance(value, bool):
        value = Decimal(value)
    if not isinstance(value, Decimal) or not value.is_finite() or value != round(value, 2):
        return False
    return (lowest <= value if lowest_allowed else lowest < value) and value <= 1


class _Errors:
    """Collects refusals by field so that one answer lists all of them."""

    def __init__(self) -> None:
        self.by_field: dict[str, list[ValidationError]] = {}

    def add(self, field: str, error: "ValidationError | StrOrPromise") -> None:
        if not isinstance(error, ValidationError):
            error = ValidationError(error)
        self.by_field.setdefault(field, []).append(error)

    def check_model(self, instance: models.Model, *, exclude: Iterable[str]) -> None:
        """Field rules the model declares (lengths, code format, choices, blank)."""
        try:
            instance.full_clean(
                exclude=list(exclude), validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                for message in messages:
                    self.add(field, message)

    def raise_if_any(self) -> None:
        if self.by_field:
            raise ValidationError(self.by_field)


def _next_position(queryset: models.QuerySet) -> int:
    highest = queryset.aggregate(highest=Max("position"))["highest"]
    return 0 if highest is None else highest + 1


def _code_must_be_free(errors: _Errors, instance: models.Model, plan: Plan) -> None:
    code = instance.code  # type: ignore[attr-defined]
    if code and (
        error := duplicate_code_error(
            model=type(instance), plan=plan, code=code, exclude_pk=instance.pk
        )
    ):
        errors.add("code", error)


def _must_belong(errors: _Errors, field: str, element: models.Model | None, plan: Plan) -> None:
    if element is not None and element.plan_id != plan.pk:  # type: ignore[attr-defined]
        errors.add(field, MESSAGES["not_in_plan"])


# Plans -----------------------------------------------------------------------------------------


def _check_plan(plan: Plan, languages: Sequence[str]) -> None:
    errors = _Errors()
    # Languages and the calendar are checked below, with messages that say what is allowed.
    errors.check_model(plan, exclude=["languages", *CALENDAR_LIMITS, *THRESHOLD_LIMITS])
    values = {name: getattr(plan, name) for name in PLAN_SETTINGS}
    for name, error in plan_setting_errors(values).items():
        errors.add(name, error)
    if plan.code and Plan.objects.filter(code=plan.code).exclude(pk=plan.pk).exists():
        errors.add("code", ValidationError(MESSAGES["plan_code_taken"], params={"code": plan.code}))
    if plan.starts_on and plan.ends_on and plan.ends_on < plan.starts_on:
        errors.add("ends_on", MESSAGES["plan_end_before_start"])
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
    milestones = Milestone.objects.filter(indicator__plan=plan).select_related("indicator")
    for field, outside in (
        ("starts_on", milestones.filter(year__lt=plan.starts_on.year)),
        ("ends_on", milestones.filter(year__gt=plan.ends_on.year)),
    ):
        codes = sorted({milestone.indicator.code for milestone in outside})
        if codes:
            params = {"codes": ", ".join(codes)}
            errors.add(field, ValidationError(MESSAGES["milestones_outside_period"], params=params))


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
    seed_default_areas: bool = True,
    report_deadline_days: int | None = None,
    reminder_days_before: int | None = None,
    reminder_days_after: int | None = None,
    on_track_from: Decimal | None = None,
    at_risk_from: Decimal | None = None,
    maintain_tolerance: Decimal | None = None,
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
        country=country,
        starts_on=starts_on,
        ends_on=ends_on,
        currency=currency,
        status=status,
        languages=_ordered_languages(languages),
    )
    _apply_plan_settings(
        plan,
        {
            "report_deadline_days": report_deadline_days,
            "reminder_days_before": reminder_days_before,
            "reminder_days_after": reminder_days_after,
            "on_track_from": on_track_from,
            "at_risk_from": at_risk_from,
            "maintain_tolerance": maintain_tolerance,
        },
    )
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
    report_deadline_days: int | None = None,
    reminder_days_before: int | None = None,
    reminder_days_after: int | None = None,
    on_track_from: Decimal | None = None,
    at_risk_from: Decimal | None = None,
    maintain_tolerance: Decimal | None = None,
) -> Plan:
    """Change the plan; a reporting-calendar value or progress threshold left as None keeps
    the stored one."""
    plan.code, plan.title, plan.country = code, title, country
    plan.starts_on, plan.ends_on = starts_on, ends_on
    plan.currency, plan.status = currency, status
    plan.languages = _ordered_languages(languages)
    _apply_plan_settings(
        plan,
        {
            "report_deadline_days": report_deadline_days,
            "reminder_days_before": reminder_days_before,
            "reminder_days_after": reminder_days_after,
            "on_track_from": on_track_from,
            "at_risk_from": at_risk_from,
            "maintain_tolerance": maintain_tolerance,
        },
    )
    _check_plan(plan, languages)
    plan.save()
    return plan


# Strategic areas -------------------------------------------------------------------------------


def _check_area(area: StrategicArea) -> None:
    errors = _Errors()
    errors.check_model(area, exclude=["plan"])
    _code_must_be_free(errors, area, area.plan)
    errors.raise_if_any()


@transaction.atomic
def area_create(*, plan: Plan, code: str, name: str) -> StrategicArea:
    area = StrategicArea(plan=plan, code=code, name=name)
    _check_area(area)
    area.position = _next_position(plan.areas.all())
    area.save()
    return area


@transaction.atomic
def area_update(*, area: StrategicArea, code: str, name: str) -> StrategicArea:
    area.code, area.name = code, name
    _check_area(area)
    area.save()
    return area


# Objectives ------------------------------------------------------------------------------------


def _check_objective(objective: Objective, plan: Plan) -> None:
    errors = _Errors()
    errors.check_model(objective, exclude=["plan", "area", "parent"])
    _code_must_be_free(errors, objective, plan)
    area, parent = objective.area, objective.parent
    _must_belong(errors, "area", area, plan)
    _must_belong(errors, "parent", parent, plan)
    if parent is not None and parent.plan_id == plan.pk:
        if parent.area_id != area.pk:
            errors.add("parent", MESSAGES["parent_other_area"])
        elif objective.pk and (
            parent.pk == objective.pk
            or parent.pk in objective_descendant_ids(plan_id=plan.pk, objective_id=objective.pk)
        ):
            errors.add("parent", MESSAGES["parent_cycle"])
    errors.raise_if_any()


@transaction.atomic
def objective_create(
    *,
    plan: Plan,
    area: StrategicArea,
    parent: Objective | None = None,
    code: str,
    name: str,
    kind: str = "",
) -> Objective:
    objective = Objective(plan=plan, area=area, parent=parent, code=code, name=name, kind=kind)
    _check_objective(objective, plan)
    objective.position = _next_position(plan.objectives.all())
    objective.save()
    return objective


@transaction.atomic
def objective_update(
    *,
    objective: Objective,
    area: StrategicArea,
    parent: Objective | None,
    code: str,
    name: str,
    kind: str,
) -> Objective:
    """Change an objective; moving it to another area moves its whole branch along."""
    plan = objective.plan
    moved = objective.area_id != area.pk
    objective.area, objective.parent = area, parent
    objective.code, objective.name, objective.kind = code, name, kind
    _check_objective(objective, plan)
    objective.save()
    if moved:
        branch = objective_descendant_ids(plan_id=plan.pk, objective_id=objective.pk)
        Objective.objects.filter(pk__in=branch).update(area=area)
    return objective


# Activities ------------------------------------------------------------------------------------


def _check_activity(activity: Activity, plan: Plan) -> None:
    errors = _Errors()
    errors.check_model(activity, exclude=["plan", "objective", "lead_agency"])
    _code_must_be_free(errors, activity, plan)
    _must_belong(errors, "objective", activity.objective, plan)
    if activity.starts_on and activity.ends_on and activity.ends_on < activity.starts_on:
        errors.add("ends_on", MESSAGES["activity_end_before_start"])
    for field in ("starts_on", "ends_on"):
        if error := _outside_plan_error(activity, field, plan):
            errors.add(field, error)
    if activity.funding_source == FundingSource.DONOR and not activity.funder.strip():
        errors.add("funder", MESSAGES["donor_required"])
    if activity.funding_source != FundingSource.DONOR and activity.funder.strip():
        errors.add("funder", MESSAGES["donor_not_donor"])
    errors.raise_if_any()


def _period_misses_plan(day: datetime.date, precision: str, plan: Plan) -> bool:
    """Whether the day, quarter or year shares no day with the plan period."""
    first, last = period_first_day(day, precision), period_last_day(day, precision)
    return last < plan.starts_on or first > plan.ends_on


def _outside_plan_error(activity: Activity, field: str, plan: Plan) -> ValidationError | None:
    day = getattr(activity, field)
    precision = getattr(activity, field.replace("_on", "_precision"))
    if day is None or not _period_misses_plan(day, precision, plan):
        return None
    params = {
        "period": format_period(day, precision),
        "start": plan.starts_on.isoformat(),
        "end": plan.ends_on.isoformat(),
    }
    return ValidationError(MESSAGES["activity_outside_plan"], code="outside_plan", params=params)


def _set_activity_fields(activity: Activity, fields: dict) -> None:
    for name, value in fields.items():
        setattr(activity, name, value)
    # A quarter or a year is stored as its first day (start) and its last day (end).
    activity.starts_on = activity.starts_on and period_first_day(
        activity.starts_on, activity.starts_precision
    )
    activity.ends_on = activity.ends_on and period_last_day(
        activity.ends_on, activity.ends_precision
    )
    if activity.starts_on is None:
        activity.starts_precision = DatePrecision.DAY
    if activity.ends_on is None:
        activity.ends_precision = DatePrecision.DAY


@transaction.atomic
def activity_create(
    *,
    plan: Plan,
    objective: Objective,
    code: str,
    name: str,
    lead_agency: Agency | None = None,
    partner_agencies: Iterable[Agency] = (),
    starts_on: datetime.date | None = None,
    starts_precision: str = DatePrecision.DAY,
    ends_on: datetime.date | None = None,
    ends_precision: str = DatePrecision.DAY,
    result_indicator: str = "",
    budget: Decimal | None = None,
    funding_source: str = "",
    funder: str = "",
) -> Activity:
    fields = locals().copy()
    del fields["partner_agencies"]
    activity = Activity()
    _set_activity_fields(activity, fields)
    _check_activity(activity, plan)
    activity.position = _next_position(plan.activities.all())
    activity.save()
    activity.partner_agencies.set(partner_agencies)
    return activity


@transaction.atomic
def activity_update(
    *,
    activity: Activity,
    objective: Objective,
    code: str,
    name: str,
    lead_agency: Agency | None,
    partner_agencies: Iterable[Agency],
    starts_on: datetime.date | None,
    starts_precision: str,
    ends_on: datetime.date | None,
    ends_precision: str,
    result_indicator: str,
    budget: Decimal | None,
    funding_source: str,
    funder: str,
) -> Activity:
    fields = locals().copy()
    del fields["activity"], fields["partner_agencies"]
    _set_activity_fields(activity, fields)
    _check_activity(activity, activity.plan)
    activity.save()
    activity.partner_agencies.set(partner_agencies)
    return activity


# Indicators ------------------------------------------------------------------------------------

# Each value of an indicator: the number (numeric types) and the words (qualitative type).
TARGET_FIELDS = [
    ("baseline", "baseline_text"),
    ("midterm_target", "midterm_target_text"),
    ("end_target", "end_target_text"),
]


def _check_indicator(indicator: Indicator, plan: Plan, milestones: Milestones) -> None:
    errors = _Errors()
    errors.check_model(indicator, exclude=["plan", "objective", "activity"])
    _code_must_be_free(errors, indicator, plan)
    parents = [p for p in (indicator.objective, indicator.activity) if p is not None]
    if not parents:
        errors.add("parent", MESSAGES["parent_required"])
    elif len(parents) > 1:
        errors.add("parent", MESSAGES["parent_both"])
    else:
        _must_belong(errors, "parent", parents[0], plan)
    _check_values_match_type(errors, indicator, milestones)
    if indicator.type == IndicatorType.QUALITATIVE:
        for name in AGGREGATION_FIELDS:
            if getattr(indicator, name):
                errors.add(name, MESSAGES["qualitative_no_aggregation"])
    for error in milestone_errors(plan=plan, milestones=milestones):
        errors.add("milestones", error)
    errors.raise_if_any()


def _check_values_match_type(errors: _Errors, indicator: Indicator, milestones: Milestones) -> None:
    qualitative = indicator.type == IndicatorType.QUALITATIVE
    for number_field, text_field in TARGET_FIELDS:
        number, text = getattr(indicator, number_field), getattr(indicator, text_field)
        if qualitative and number is not None:
            errors.add(number_field, MESSAGES["qualitative_needs_words"])
        if not qualitative and text.strip():
            errors.add(number_field, MESSAGES["numeric_needs_number"])
    if qualitative and milestones:
        errors.add("milestones", MESSAGES["qualitative_no_milestones"])
    validator = DecimalValidator(DECIMAL["max_digits"], DECIMAL["decimal_places"])
    for _year, target in milestones:
        try:
            validator(target)
        except ValidationError as error:
            errors.add("milestones", error)


def _save_indicator(
    indicator: Indicator,
    *,
    responsible_agencies: Iterable[Agency],
    dimensions: Iterable[Dimension],
    milestones: Milestones,
) -> None:
    _check_indicator(indicator, indicator.plan, milestones)
    indicator.save()
    indicator.responsible_agencies.set(responsible_agencies)
    indicator.dimensions.set(dimensions)
    indicator.milestones.all().delete()
    Milestone.objects.bulk_create(
        Milestone(indicator=indicator, year=year, target=target) for year, target in milestones
    )


@transaction.atomic
def indicator_create(
    *,
    plan: Plan,
    objective: Objective | None = None,
    activity: Activity | None = None,
    code: str,
    name: str,
    level: str = IndicatorLevel.OUTPUT,
    type: str = IndicatorType.NUMBER,  # named after the model's field, though a builtin
    direction: str = Direction.INCREASE,
    unit: str = "",
    baseline: Decimal | None = None,
    baseline_text: str = "",
    baseline_year: int | None = None,
    baseline_source: str = "",
    midterm_target: Decimal | None = None,
    midterm_target_text: str = "",
    end_target: Decimal | None = None,
    end_target_text: str = "",
    means_of_verification: str = "",
    frequency: str = Frequency.QUARTERLY,
    time_aggregation: str = "",
    agency_aggregation: str = "",
    responsible_agencies: Iterable[Agency] = (),
    dimensions: Iterable[Dimension] = (),
    milestones: Milestones = (),
    headline: bool = False,
) -> Indicator:
    """A new indicator on an objective or an activity (exactly one), with yearly milestones.
    A blank aggregation means the default for the type (`default_aggregations`); `headline`
    puts it on the public site."""
    fields = locals().copy()
    related = {key: fields.pop(key) for key in ("responsible_agencies", "dimensions")}
    milestones = list(fields.pop("milestones"))
    indicator = Indicator(**fields)
    indicator.position = _next_position(plan.indicators.all())
    _save_indicator(indicator, milestones=milestones, **related)
    return indicator


@transaction.atomic
def indicator_update(
    *,
    indicator: Indicator,
    objective: Objective | None,
    activity: Activity | None,
    code: str,
    name: str,
    level: str,
    type: str,
    direction: str,
    unit: str,
    baseline: Decimal | None,
    baseline_text: str,
    baseline_year: int | None,
    baseline_source: str,
    midterm_target: Decimal | None,
    midterm_target_text: str,
    end_target: Decimal | None,
    end_target_text: str,
    means_of_verification: str,
    frequency: str,
    responsible_agencies: Iterable[Agency],
    dimensions: Iterable[Dimension],
    milestones: Milestones,
    time_aggregation: str | None = None,
    agency_aggregation: str | None = None,
    headline: bool | None = None,
) -> Indicator:
    """Change an indicator; `milestones` replaces the whole set (empty: none). An aggregation
    left as None keeps the stored one ("", the default for the type, once it turns qualitative);
    "" means the default for the type. `headline` left as None keeps the stored flag."""
    fields = locals().copy()
    related = {key: fields.pop(key) for key in ("responsible_agencies", "dimensions")}
    milestones = list(fields.pop("milestones"))
    del fields["indicator"]
    if headline is None:
        del fields["headline"]
    for name_, value in fields.items():
        if value is None and name_ in AGGREGATION_FIELDS:
            value = "" if type == IndicatorType.QUALITATIVE else getattr(indicator, name_)
        setattr(indicator, name_, value)
    _save_indicator(indicator, milestones=milestones, **related)
    return indicator


# Deleting --------------------------------------------------------------------------------------


@transaction.atomic
def element_delete(*, plan: Plan, kind: str, element_id: int) -> models.Model:
    """Delete an area, objective, activity or indicator of `plan` and everything below it.

    Raises KeyError for an unknown kind and the model's DoesNotExist for an element that is
    not in `plan`. Returns the deleted element (without its primary key) for messages.
    """
    model = ELEMENT_MODELS[kind]
    element = model._default_manager.get(plan=plan, pk=element_id)
    element.delete()
    return element
