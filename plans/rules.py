"""The rules of a plan, written once (issue 9: one home per rule).

The coordinator's forms (plans/forms/), the services (plans/services/) and the workbook
validator (plans/workbook/validate/) all call these, so a rule cannot say one thing on a screen
and another in a workbook. (The plans API only reads; it has no way in to check.) Plain
functions over plain values, no database: a check returns the message to show (None, or an
empty dict, when all is well); a reader of typed text raises `RuleError` naming the field.

Rules here: a plan's period and an activity's period inside it, yearly milestones, donors and
funding, money amounts and the currency, the length of a text and its message, objectives in
their tree. The agency tree's rule is agencies/rules.py; numbers are read by
tipmonitor.lib.numbers.parse_number.
"""

import datetime
import re
from collections.abc import Hashable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tipmonitor.lib.choices import DatePrecision
from tipmonitor.lib.countries import is_currency_code
from tipmonitor.lib.numbers import (
    MAX_DECIMAL_PLACES,
    MAX_INTEGER_DIGITS,
    NumberFormatError,
    parse_number,
)
from tipmonitor.lib.periods import format_period, period_first_day, period_last_day
from tipmonitor.lib.trees import places_under_itself

Milestones = Sequence[tuple[int, Decimal]]

DONOR = "donor"  # FundingSource.DONOR; the choices live in plans.models

# The text a field may hold when its column has no length of its own (names, descriptions):
# far beyond any plan's wording, short of what would flood a page or a document.
MAX_TEXT_LENGTH = 10_000

# The milestones as typed in the form and the workbook: `2024: 120; 2025: 150`.
MAX_MILESTONES_LENGTH = 2_000

LENGTH_MESSAGE = gettext_lazy(
    "At most %(limit_value)d characters, please: this has %(show_value)d."
)


class RuleError(ValueError):
    """Typed text a rule refuses: `field` is the form field (and service keyword) it concerns."""

    def __init__(self, field: str, message: str) -> None:
        self.field, self.message = field, message
        super().__init__(message)


# Lengths -----------------------------------------------------------------------------------


def length_error(text: str, limit: int) -> str | None:
    """The refusal of a text longer than `limit` characters."""
    if len(text) <= limit:
        return None
    return str(LENGTH_MESSAGE % {"limit_value": limit, "show_value": len(text)})


# Periods -----------------------------------------------------------------------------------


# The years a plan's dates may fall in. Due dates and reminders are counted in days past a
# period's end and periods run to the plan's end, so a plan ending on 9999-12-31 overflowed the
# calendar (issue 10 #10); no action plan runs for centuries.
FIRST_PLAN_YEAR, LAST_PLAN_YEAR = 1900, 2200


def plan_period_error(starts_on: datetime.date | None, ends_on: datetime.date | None) -> str | None:
    """A date outside the years a plan may span, or the plan's end before its start (refused
    at the end)."""
    for day in (starts_on, ends_on):
        if day and not FIRST_PLAN_YEAR <= day.year <= LAST_PLAN_YEAR:
            return _("A plan's dates must fall between the years %(first)d and %(last)d.") % {
                "first": FIRST_PLAN_YEAR,
                "last": LAST_PLAN_YEAR,
            }
    if starts_on and ends_on and ends_on < starts_on:
        return _("The plan cannot end before it starts.")
    return None


def period_outside_plan_error(
    day: datetime.date | None,
    precision: str,
    *,
    plan_start: datetime.date | None,
    plan_end: datetime.date | None,
) -> str | None:
    """A day, quarter or year that shares no day with the plan period."""
    if day is None or plan_start is None or plan_end is None:
        return None
    first, last = period_first_day(day, precision), period_last_day(day, precision)
    if plan_start <= last and first <= plan_end:
        return None
    return _("%(period)s is outside the plan period (%(start)s to %(end)s).") % {
        "period": format_period(day, precision),
        "start": plan_start.isoformat(),
        "end": plan_end.isoformat(),
    }


def activity_period_errors(
    *,
    starts_on: datetime.date | None,
    starts_precision: str = DatePrecision.DAY,
    ends_on: datetime.date | None,
    ends_precision: str = DatePrecision.DAY,
    plan_start: datetime.date | None,
    plan_end: datetime.date | None,
) -> dict[str, str]:
    """An activity's start and planned completion: in order, then each inside the plan period
    (field -> message; one problem at a time: an end before the start says only that)."""
    if starts_on and ends_on and ends_on < starts_on:
        return {"ends_on": _("The planned completion cannot be before the start.")}
    errors = {}
    for field, day, precision in (
        ("starts_on", starts_on, starts_precision),
        ("ends_on", ends_on, ends_precision),
    ):
        error = period_outside_plan_error(day, precision, plan_start=plan_start, plan_end=plan_end)
        if error:
            errors[field] = error
    return errors


# Milestones --------------------------------------------------------------------------------


def parse_milestones(text: str) -> list[tuple[int, Decimal]]:
    """`2024: 120; 2025: 1 500` as [(2024, 120), (2025, 1500)], in year order; the numbers by
    parse_number. RuleError("milestones", …) names the first piece that is neither."""
    if error := length_error(text, MAX_MILESTONES_LENGTH):
        raise RuleError("milestones", error)
    milestones = []
    for part in filter(None, (piece.strip() for piece in text.split(";"))):
        year, colon, value = (piece.strip() for piece in part.partition(":"))
        if not colon or not re.fullmatch(r"\d{4}", year) or not value:
            raise RuleError(
                "milestones",
                _(
                    "“%(text)s” is not a year and a number like 2024: 120. Separate milestones "
                    "with semicolons: 2024: 120; 2025: 150."
                )
                % {"text": part},
            )
        try:
            milestones.append((int(year), parse_number(value)))
        except NumberFormatError as error:
            raise RuleError(
                "milestones",
                _("Milestone %(year)s: %(error)s") % {"year": year, "error": error},
            ) from None
    return sorted(milestones, key=lambda pair: pair[0])


def milestone_errors(
    milestones: Milestones,
    *,
    plan_start: datetime.date | None,
    plan_end: datetime.date | None,
    qualitative: bool = False,
) -> list[str]:
    """Milestones of a qualitative indicator; years given twice or outside the plan period;
    targets too large for a stored value."""
    if qualitative and milestones:
        return [_("A qualitative indicator has no numeric milestones.")]
    errors, seen = [], set[int]()
    for year, target in milestones:
        if year in seen:
            errors.append(_("Milestone year %(year)s appears twice.") % {"year": year})
        elif plan_start and plan_end and not plan_start.year <= year <= plan_end.year:
            errors.append(
                _("Milestone year %(year)s is outside the plan period (%(start)s–%(end)s).")
                % {"year": year, "start": plan_start.year, "end": plan_end.year}
            )
        elif error := decimal_error(target):
            errors.append(_("Milestone %(year)s: %(error)s") % {"year": year, "error": error})
        seen.add(year)
    return errors


def milestones_outside_period(
    milestones: Iterable[tuple[str, int]], *, plan_start: datetime.date, plan_end: datetime.date
) -> dict[str, str]:
    """A changed plan period that would strand milestones (indicator code, year) outside it:
    field of the plan ("starts_on", "ends_on") -> message naming the indicators."""
    codes: dict[str, set[str]] = {"starts_on": set(), "ends_on": set()}
    for code, year in milestones:
        if year < plan_start.year:
            codes["starts_on"].add(code)
        elif year > plan_end.year:
            codes["ends_on"].add(code)
    message = _("Milestones of indicators %(codes)s fall outside this period; change them first.")
    return {
        field: message % {"codes": ", ".join(sorted(found))}
        for field, found in codes.items()
        if found
    }


# Targets per agency ------------------------------------------------------------------------


def agency_target_errors(
    *,
    agency: str,
    target: Decimal | None,
    target_date: datetime.date | None,
    responsible: bool,
    qualitative: bool,
    plan_start: datetime.date | None,
    plan_end: datetime.date | None,
) -> dict[str, str]:
    """One agency's own target for its share of an indicator (issue 9 #7), named `agency` in
    the messages: only a numeric indicator's, only for an agency responsible for it, a storable
    number, a target date inside the plan period (field -> message: "agency", "target",
    "target_date")."""
    if qualitative:
        return {"agency": _("A qualitative indicator has no numeric targets per agency.")}
    if not responsible:
        return {
            "agency": _(
                "%(agency)s is not responsible for this indicator: give a target only to a "
                "responsible agency."
            )
            % {"agency": agency}
        }
    errors = {}
    if target is None:
        errors["target"] = _("Give the target of %(agency)s.") % {"agency": agency}
    elif error := decimal_error(target):
        errors["target"] = error
    if target_date and plan_start and plan_end and not plan_start <= target_date <= plan_end:
        errors["target_date"] = _(
            "The target date %(date)s is outside the plan period (%(start)s to %(end)s)."
        ) % {
            "date": target_date.isoformat(),
            "start": plan_start.isoformat(),
            "end": plan_end.isoformat(),
        }
    return errors


def agency_target_twice_error(agency: str) -> str:
    return _("%(agency)s has more than one target for this indicator.") % {"agency": agency}


# Numbers and money -------------------------------------------------------------------------


def decimal_error(value: Decimal, *, places: int = MAX_DECIMAL_PLACES) -> str | None:
    """A number too large or too precise for a stored value (16 digits before the point, at
    most `places` after), or not a number at all (NaN, infinity)."""
    if not value.is_finite():
        return _("Enter a number, like 1 200 or 12,5.")
    if abs(value) >= Decimal(10) ** MAX_INTEGER_DIGITS:
        return _("Too large: at most %(digits)s digits before the decimal separator.") % {
            "digits": MAX_INTEGER_DIGITS
        }
    if value != round(value, places):
        return _("Too many decimals: at most %(places)s after the comma or point.") % {
            "places": places
        }
    return None


MONEY_PLACES = 2  # budgets are kept in cents


def amount_error(amount: Decimal | None) -> str | None:
    """A budget or other sum of money: not negative, at most two decimals."""
    if amount is None:
        return None
    if amount < 0:
        return _("An amount of money cannot be negative.")
    return decimal_error(amount, places=MONEY_PLACES)


def currency_error(code: str) -> str | None:
    """A currency written other than as a three-letter ISO 4217 code (EUR, AMD), or one that
    ISO 4217 does not list (pycountry's table, `tipmonitor.lib.countries`)."""
    if is_currency_code(code):
        return None
    return _("“%(code)s” is not a currency code: use a three-letter ISO 4217 code, like EUR.") % {
        "code": code
    }


def funding_errors(source: str, funder: str) -> dict[str, str]:
    """A donor is named exactly when the funding source is a donor (field -> message)."""
    if source == DONOR and not funder.strip():
        return {"funder": _("Name the donor.")}
    if source != DONOR and funder.strip():
        return {"funder": _("Name a donor only when the funding source is a donor.")}
    return {}


# Objectives in their tree ------------------------------------------------------------------


def objective_parent_error(
    objective: Hashable,
    parent: Hashable | None,
    *,
    area: Hashable,
    parent_area: Hashable | None,
    parent_of: Mapping[Any, Any],
) -> str | None:
    """The objective above another is in the same area and not the objective itself or one
    below it (`parent_of`: objective -> its parent, by id or by code)."""
    if parent is None:
        return None
    if parent_area != area:
        return _("The parent objective must be in the same strategic area.")
    if places_under_itself(objective, parent, parent_of):
        return _("An objective cannot be placed under itself or one of its sub-objectives.")
    return None
