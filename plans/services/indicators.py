"""Creating and changing the indicators of a plan."""

import datetime
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction

from agencies.models import Agency
from plans import rules
from plans.models import (
    Activity,
    Dimension,
    Direction,
    Frequency,
    Indicator,
    IndicatorAgencyTarget,
    IndicatorLevel,
    IndicatorType,
    Milestone,
    Objective,
    Plan,
    names_clean,
)

if TYPE_CHECKING:  # django-stubs is a development dependency
    pass

from ._common import (
    AGGREGATION_FIELDS,
    MESSAGES,
    Milestones,
    _code_must_be_free,
    _Errors,
    _must_belong,
    _next_position,
)

# Indicators ------------------------------------------------------------------------------------

# Each value of an indicator: the number (numeric types) and the words (qualitative type).
TARGET_FIELDS = [
    ("baseline", "baseline_text"),
    ("midterm_target", "midterm_target_text"),
    ("end_target", "end_target_text"),
]


# An agency's own target for its share: (agency, target, target date or None).
AgencyTargets = Sequence[tuple[Agency, Decimal, datetime.date | None]]


def _check_indicator(
    indicator: Indicator,
    plan: Plan,
    *,
    milestones: Milestones,
    responsible: Sequence[Agency],
    agency_targets: AgencyTargets | None,
) -> None:
    errors = _Errors()
    numbers = [number for number, _text in TARGET_FIELDS]
    errors.check_model(indicator, exclude=["plan", "objective", "activity", *numbers])
    _code_must_be_free(errors, indicator, plan)
    parents = [p for p in (indicator.objective, indicator.activity) if p is not None]
    if not parents:
        errors.add("parent", MESSAGES["parent_required"])
    elif len(parents) > 1:
        errors.add("parent", MESSAGES["parent_both"])
    else:
        _must_belong(errors, "parent", parents[0], plan)
    _check_values_match_type(errors, indicator)
    qualitative = indicator.type == IndicatorType.QUALITATIVE
    if qualitative:
        for name in AGGREGATION_FIELDS:
            if getattr(indicator, name):
                errors.add(name, MESSAGES["qualitative_no_aggregation"])
    for message in rules.milestone_errors(
        milestones, plan_start=plan.starts_on, plan_end=plan.ends_on, qualitative=qualitative
    ):
        errors.add("milestones", message)
    _check_agency_targets(errors, indicator, responsible, agency_targets or ())
    errors.raise_if_any()


def _check_values_match_type(errors: _Errors, indicator: Indicator) -> None:
    qualitative = indicator.type == IndicatorType.QUALITATIVE
    for number_field, text_field in TARGET_FIELDS:
        number, text = getattr(indicator, number_field), getattr(indicator, text_field)
        if qualitative and number is not None:
            errors.add(number_field, MESSAGES["qualitative_needs_words"])
        if not qualitative and text.strip():
            errors.add(number_field, MESSAGES["numeric_needs_number"])
        if number is not None and (error := rules.decimal_error(number)):
            errors.add(number_field, error)


def _check_agency_targets(
    errors: _Errors, indicator: Indicator, responsible: Sequence[Agency], targets: AgencyTargets
) -> None:
    plan, seen = indicator.plan, set[int]()
    for agency, target, target_date in targets:
        if agency.pk in seen:
            errors.add("agency_targets", rules.agency_target_twice_error(agency.code))
        seen.add(agency.pk)
        found = rules.agency_target_errors(
            agency=agency.code,
            target=target,
            target_date=target_date,
            responsible=agency in responsible,
            qualitative=indicator.type == IndicatorType.QUALITATIVE,
            plan_start=plan.starts_on,
            plan_end=plan.ends_on,
        )
        for message in found.values():
            errors.add("agency_targets", message)


def _save_indicator(
    indicator: Indicator,
    *,
    responsible_agencies: Iterable[Agency],
    dimensions: Iterable[Dimension],
    milestones: Milestones,
    agency_targets: AgencyTargets | None,
) -> None:
    """Check, then store; `agency_targets` None keeps the stored ones (those of agencies no
    longer responsible are dropped: a target belongs to a responsible agency)."""
    responsible = list(responsible_agencies)
    if agency_targets is None and indicator.pk:
        agency_targets = [
            (target.agency, target.target, target.target_date)
            for target in indicator.agency_targets.select_related("agency")
            if target.agency in responsible
        ]
    _check_indicator(
        indicator,
        indicator.plan,
        milestones=milestones,
        responsible=responsible,
        agency_targets=agency_targets,
    )
    indicator.save()
    indicator.responsible_agencies.set(responsible)
    indicator.dimensions.set(dimensions)
    indicator.milestones.all().delete()
    Milestone.objects.bulk_create(
        Milestone(indicator=indicator, year=year, target=target) for year, target in milestones
    )
    indicator.agency_targets.all().delete()
    IndicatorAgencyTarget.objects.bulk_create(
        IndicatorAgencyTarget(indicator=indicator, agency=agency, target=target, target_date=day)
        for agency, target, day in agency_targets or ()
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
    counts_victims: bool = False,
    agency_targets: AgencyTargets = (),
    name_i18n: Mapping[str, str] | None = None,
    unit_i18n: Mapping[str, str] | None = None,
) -> Indicator:
    """A new indicator on an objective or an activity (exactly one), with yearly milestones.
    A blank aggregation means the default for the type (`default_aggregations`); `headline`
    puts it on the public site; `counts_victims` puts its values under disclosure control.
    `agency_targets` gives responsible agencies their own targets for their share."""
    fields = locals().copy()
    related = {
        key: fields.pop(key) for key in ("responsible_agencies", "dimensions", "agency_targets")
    }
    milestones = list(fields.pop("milestones"))
    fields["name_i18n"] = names_clean(name_i18n)
    fields["unit_i18n"] = names_clean(unit_i18n)
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
    counts_victims: bool | None = None,
    agency_targets: AgencyTargets | None = None,
    name_i18n: Mapping[str, str] | None = None,
    unit_i18n: Mapping[str, str] | None = None,
) -> Indicator:
    """Change an indicator; `milestones` replaces the whole set (empty: none). An aggregation
    left as None keeps the stored one ("", the default for the type, once it turns qualitative);
    "" means the default for the type. `headline` and `counts_victims` left as None keep the
    stored flags; `agency_targets` left as None keeps the stored targets (of agencies still
    responsible), else replaces them all; `name_i18n` and `unit_i18n` left as None keep the
    stored names and units in other languages."""
    fields = locals().copy()
    related = {
        key: fields.pop(key) for key in ("responsible_agencies", "dimensions", "agency_targets")
    }
    milestones = list(fields.pop("milestones"))
    del fields["indicator"]
    for flag in ("headline", "counts_victims", "name_i18n", "unit_i18n"):
        if fields[flag] is None:
            del fields[flag]
        elif flag.endswith("_i18n"):
            fields[flag] = names_clean(fields[flag])
    for name_, value in fields.items():
        if value is None and name_ in AGGREGATION_FIELDS:
            value = "" if type == IndicatorType.QUALITATIVE else getattr(indicator, name_)
        setattr(indicator, name_, value)
    _save_indicator(indicator, milestones=milestones, **related)
    return indicator
