"""What every plan service shares: messages, limits and the checks shared with the forms."""

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from plans import rules
from plans.models import Activity, Plan

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


# One wording per check that is the services' own (codes, parents, types, settings), shared with
# plans/forms/ so that the form and the service say the same. The plan's rules (periods,
# milestones, funding, lengths) and their words are in plans/rules.py.
MESSAGES = {
    "code_taken": _("Another %(kind)s of this plan already has the code %(code)s."),
    "plan_code_taken": _("Another plan already has the code %(code)s."),
    "languages_required": _("Choose at least one language."),
    "language_unknown": _("%(language)s is not a language TIP Monitor offers."),
    "activities_outside_period": _(
        "Activities %(codes)s are planned outside this period; change them first."
    ),
    "not_in_plan": _("Choose an element of this plan."),
    "parent_required": _("Choose the objective or activity this indicator measures."),
    "parent_both": _("Attach the indicator to an objective or to an activity, not both."),
    "numeric_needs_number": _("A numeric indicator takes a number here, not a description."),
    "qualitative_needs_words": _(
        "A qualitative indicator is described in words here, not with a number."
    ),
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
            for field, field_errors in error.error_dict.items():
                for field_error in field_errors:
                    self.add(field, _rule_worded(field_error))

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


def _outside_plan_error(activity: Activity, field: str, plan: Plan) -> str | None:
    precision = getattr(activity, field.replace("_on", "_precision"))
    return rules.period_outside_plan_error(
        getattr(activity, field), precision, plan_start=plan.starts_on, plan_end=plan.ends_on
    )


def _rule_worded(error: ValidationError) -> ValidationError:
    """A model validator's refusal, in the words of plans/rules.py where a rule has them."""
    if error.code == "max_length" and error.params:
        limit, length = error.params["limit_value"], error.params["show_value"]
        return ValidationError(rules.LENGTH_MESSAGE % {"limit_value": limit, "show_value": length})
    return error
