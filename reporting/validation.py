"""The rules every value obeys, whichever way it comes in (web form, report workbook, bulk data
values). Pure functions over plain data: callers load what the rules need (the indicator's type
and dimensions, its earlier accepted totals) and get back messages that name the indicator code,
the period and the category.

Decisions where the issue is silent:
- A disaggregated indicator's grid has one row per category of each single dimension; when every
  category of a dimension is filled, they must add up to the total (and the total must be there).
  A partly filled dimension may add up to less than the total (the clerk may not know every
  category yet, or left "Other / not known" blank) but never to more. Keys spanning several
  dimensions (bulk data only) are checked for type and range, not sums.
- The outlier rule compares a total with the same agency's accepted totals of earlier periods of
  that indicator (at least two of them): above three times the largest or below a third of the
  smallest, it needs a comment. A zero history minimum makes "below a third" impossible.
- Stored values have at most 4 decimal places and 16 digits before the point (the column's size;
  the limits live with the number parser, `tipmonitor.lib.numbers`).
- Texts (comments, narratives, observations) hold no control character other than tab and line
  breaks (a NUL cannot be stored and XLSX cannot hold the others) and no lone surrogate (not
  text: it cannot be encoded), and are at most `TEXT_LIMITS` characters long once trimmed:
  20,000 for a narrative or observations (a few pages), 4,000 for a comment, the column's size
  for the contact person and donors. Codes in bulk values obey the character rule.
- Submitting needs, for every numeric indicator, a total for each of its periods in the quarter —
  or a comment on the indicator saying why it is missing (data are sometimes not available, and
  the coordinator's missing-values list shows it); a qualitative indicator needs a rating or a
  comment; every activity the agency leads in the quarter needs a status (one still shown because
  it is past its planned end, not yet reported completed or cancelled, may have one).
"""

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from plans.models import IndicatorType
from reporting.models import ActivityState, Assessment, Rating
from tipmonitor.lib.numbers import MAX_DECIMAL_PLACES, MAX_INTEGER_DIGITS

NARRATIVE_MAX_LENGTH = 20_000
COMMENT_MAX_LENGTH = 4_000
# Field name -> the most characters it holds, whichever record it belongs to.
TEXT_LIMITS: Mapping[str, int] = {
    "contact_person": 200,
    "general_observations": NARRATIVE_MAX_LENGTH,
    "narrative": NARRATIVE_MAX_LENGTH,
    "outputs_achieved": NARRATIVE_MAX_LENGTH,
    "activities_implemented": NARRATIVE_MAX_LENGTH,
    "donors": 400,
    "comment": COMMENT_MAX_LENGTH,
}
# C0 controls but tab, line feed and carriage return; lone surrogates.
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
OUTLIER_FACTOR = Decimal(3)
OUTLIER_MIN_HISTORY = 2


def value_key(indicator_id: int, period: str, breakdown: str) -> str:
    """The key of one value cell in a ValidationError's dict."""
    return f"value:{indicator_id}:{period}:{breakdown}"


def entry_key(indicator_id: int, field_name: str) -> str:
    """The key of one annex-5 field of an indicator in a ValidationError's dict."""
    return f"entry:{indicator_id}:{field_name}"


def activity_key(activity_id: int, field_name: str) -> str:
    """The key of one field of an activity's update in a ValidationError's dict."""
    return f"activity:{activity_id}:{field_name}"


def parse_breakdown(text: str) -> dict[str, str]:
    """`"age_group=child;sex=female"` as `{"age_group": "child", "sex": "female"}` (`{}` for the
    total). Raises ValueError when a pair is malformed or a dimension repeats."""
    pairs: dict[str, str] = {}
    for part in filter(None, (chunk.strip() for chunk in text.split(";"))):
        dimension, sep, category = (item.strip() for item in part.partition("="))
        if not (sep and dimension and category):
            raise ValueError(_("“%(part)s” is not a dimension=category pair.") % {"part": part})
        if dimension in pairs:
            raise ValueError(
                _("Dimension “%(dimension)s” appears twice.") % {"dimension": dimension}
            )
        pairs[dimension] = category
    return pairs


def format_breakdown(pairs: Mapping[str, str]) -> str:
    """The canonical key: pairs sorted by dimension code, empty categories left out."""
    return ";".join(f"{dim}={cat}" for dim, cat in sorted(pairs.items()) if cat)


def number_text(number: Decimal) -> str:
    """A stored number as a person writes it: 10, not 10.0000 or 1E+1."""
    return format(number.normalize(), "f") if number.is_finite() else str(number)


def check_characters(text: str) -> str | None:
    """Why `text` cannot be stored as text (see the module's docstring), or None."""
    if match := _NOT_TEXT.search(text):
        return _(
            "The text holds a character that is not allowed (%(character)s, at character "
            "%(position)s); remove it."
        ) % {"character": f"U+{ord(match.group()):04X}", "position": match.start() + 1}
    return None


def check_texts(fields: Mapping[str, object]) -> dict[str, str]:
    """Field name -> why its text cannot be stored: the character rule for every text given,
    the length of those named in `TEXT_LIMITS`. Other values are ignored, so a record's
    fields can be passed whole."""
    problems: dict[str, str] = {}
    for name, text in fields.items():
        if not isinstance(text, str):
            continue
        limit = TEXT_LIMITS.get(name)
        if message := check_characters(text):
            problems[name] = message
        elif limit is not None and len(text.strip()) > limit:
            problems[name] = _("At most %(limit)d characters; this text has %(length)d.") % {
                "limit": limit,
                "length": len(text.strip()),
            }
    return problems


def breakdown_label(breakdown: str) -> str:
    return breakdown or _("total")


@dataclass(frozen=True)
class IndicatorRules:
    """What the rules need to know of an indicator."""

    code: str
    type: str
    # Dimension code -> its category codes, in display order.
    dimensions: Mapping[str, Sequence[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Cell:
    period: str
    breakdown: str
    value: Decimal
    comment: str = ""


@dataclass(frozen=True)
class Problem:
    period: str
    breakdown: str
    message: str


def _where(rules: IndicatorRules, period: str, breakdown: str) -> dict[str, str]:
    return {"code": rules.code, "period": period, "category": breakdown_label(breakdown)}


def check_breakdown(rules: IndicatorRules, breakdown: str) -> str | None:
    """Why `breakdown` is not a key of this indicator's grid, or None."""
    try:
        pairs = parse_breakdown(breakdown)
    except ValueError as error:
        return str(error)
    for dimension, category in pairs.items():
        if problem := check_pair(rules, dimension, category):
            return problem
    if format_breakdown(pairs) != breakdown:
        return _("“%(breakdown)s” is not written as “%(canonical)s”.") % {
            "breakdown": breakdown,
            "canonical": format_breakdown(pairs),
        }
    return None


def check_pair(rules: IndicatorRules, dimension: str, category: str) -> str | None:
    """Why `dimension=category` is not a pair of this indicator's grid, or None."""
    if dimension not in rules.dimensions:
        return _("Indicator %(code)s is not broken down by “%(dimension)s”.") % {
            "code": rules.code,
            "dimension": dimension,
        }
    if category not in rules.dimensions[dimension]:
        return _("“%(category)s” is not a category of “%(dimension)s” (use %(allowed)s).") % {
            "category": category,
            "dimension": dimension,
            "allowed": ", ".join(rules.dimensions[dimension]),
        }
    return None


def check_value(rules: IndicatorRules, period: str, breakdown: str, value: Decimal) -> str | None:
    """Why `value` cannot be stored for this indicator, or None."""
    where = _where(rules, period, breakdown)
    if rules.type == IndicatorType.QUALITATIVE:
        return (
            _(
                "%(code)s, %(period)s, %(category)s: a qualitative indicator takes no number; "
                "give a narrative and a rating."
            )
            % where
        )
    if not value.is_finite():
        return _("%(code)s, %(period)s, %(category)s: not a number.") % where
    _sign, digits, exponent = value.normalize().as_tuple()
    assert isinstance(exponent, int)  # finite numbers have an integer exponent
    if value < 0:
        return _("%(code)s, %(period)s, %(category)s: the value cannot be negative.") % where
    if rules.type == IndicatorType.NUMBER and exponent < 0:
        return _("%(code)s, %(period)s, %(category)s: a count must be a whole number.") % where
    if rules.type == IndicatorType.PERCENTAGE and value > 100:
        return _("%(code)s, %(period)s, %(category)s: a percentage is between 0 and 100.") % where
    if exponent < -MAX_DECIMAL_PLACES:
        return _("%(code)s, %(period)s, %(category)s: at most 4 decimal places.") % where
    if len(digits) + exponent > MAX_INTEGER_DIGITS:
        return _("%(code)s, %(period)s, %(category)s: the value is too large.") % where
    return None


def is_outlier(value: Decimal, history: Sequence[Decimal]) -> bool:
    """Far outside the indicator's own history (see the module's docstring)."""
    if len(history) < OUTLIER_MIN_HISTORY:
        return False
    return value > OUTLIER_FACTOR * max(history) or value * OUTLIER_FACTOR < min(history)


def check_outlier(
    rules: IndicatorRules, cell: Cell, history: Iterable[tuple[str, Decimal]]
) -> str | None:
    """An uncommented total far from the same agency's accepted totals of earlier periods.

    `history` holds (period code, total); codes of one frequency sort in time order."""
    if cell.breakdown or cell.comment.strip():
        return None
    earlier = [value for period, value in history if period < cell.period]
    if not is_outlier(cell.value, earlier):
        return None
    return _(
        "%(code)s, %(period)s, %(category)s: %(value)s is far outside this indicator's earlier "
        "values (%(low)s to %(high)s); check it, and explain it in the comment if it is right."
    ) % {
        **_where(rules, cell.period, cell.breakdown),
        "value": number_text(cell.value),
        "low": number_text(min(earlier)),
        "high": number_text(max(earlier)),
    }


def check_sums(rules: IndicatorRules, cells: Iterable[Cell]) -> list[Problem]:
    """The categories of each single dimension given for a period never add up to more than
    its total; when every category is given they add up to it exactly (and the total is there)."""
    by_key = {(cell.period, cell.breakdown): cell.value for cell in cells}
    problems = []
    for period in sorted({period for period, _breakdown in by_key}):
        total = by_key.get((period, ""))
        for dimension, categories in rules.dimensions.items():
            keys = [format_breakdown({dimension: category}) for category in categories]
            parts = [part for key in keys if (part := by_key.get((period, key))) is not None]
            if not parts:
                continue
            summed = sum(parts, Decimal(0))
            if len(parts) == len(keys) and summed != total:
                problems.append(_sum_problem(rules, period, dimension, summed, total))
            elif total is not None and summed > total:
                problems.append(_over_total(rules, period, dimension, summed, total))
    return problems


def _sum_problem(
    rules: IndicatorRules, period: str, dimension: str, summed: Decimal, total: Decimal | None
) -> Problem:
    params = {
        "code": rules.code,
        "period": period,
        "dimension": dimension,
        "sum": number_text(summed),
    }
    if total is None:
        message = (
            _(
                "%(code)s, %(period)s: the categories of “%(dimension)s” add up to %(sum)s but the "
                "total is missing."
            )
            % params
        )
    else:
        message = _(
            "%(code)s, %(period)s: the categories of “%(dimension)s” add up to %(sum)s, not to "
            "the total %(total)s."
        ) % {**params, "total": number_text(total)}
    return Problem(period=period, breakdown="", message=message)


def _over_total(
    rules: IndicatorRules, period: str, dimension: str, summed: Decimal, total: Decimal
) -> Problem:
    message = _(
        "%(code)s, %(period)s: the categories of “%(dimension)s” given add up to %(sum)s, more "
        "than the total %(total)s."
    ) % {
        "code": rules.code,
        "period": period,
        "dimension": dimension,
        "sum": number_text(summed),
        "total": number_text(total),
    }
    return Problem(period=period, breakdown="", message=message)


def check_cells(
    rules: IndicatorRules,
    cells: Sequence[Cell],
    history: Sequence[tuple[str, Decimal]] = (),
) -> list[Problem]:
    """Every rule on all the cells of one indicator in one report (the stored ones merged with
    the new ones, so sums see the whole grid). All problems at once: the sums are checked
    whatever else is wrong with a value (a person fixes everything in one go, not one layer per
    click), over the cells whose key belongs to the grid and whose value is a number."""
    problems = []
    summable = []
    for cell in cells:
        if message := check_breakdown(rules, cell.breakdown):
            problems.append(Problem(cell.period, cell.breakdown, message))
            continue
        if cell.value.is_finite():
            summable.append(cell)
        if message := check_value(rules, cell.period, cell.breakdown, cell.value) or (
            check_outlier(rules, cell, history)
        ):
            problems.append(Problem(cell.period, cell.breakdown, message))
    return problems + check_sums(rules, summable)


@dataclass(frozen=True)
class EntryFacts:
    """An indicator's annex-5 fields, as the rules read them."""

    rating: str = ""
    assessment: str = ""
    budget_spent: Decimal | None = None
    comment: str = ""


def check_entry(rules: IndicatorRules, entry: EntryFacts) -> dict[str, str]:
    """Field name -> why it is wrong."""
    problems: dict[str, str] = {}
    if entry.rating and entry.rating not in Rating.values:
        problems["rating"] = _("%(code)s: “%(rating)s” is not a rating.") % {
            "code": rules.code,
            "rating": entry.rating,
        }
    if entry.rating and rules.type != IndicatorType.QUALITATIVE:
        problems["rating"] = _("%(code)s: only a qualitative indicator takes a rating.") % {
            "code": rules.code
        }
    if entry.assessment and entry.assessment not in Assessment.values:
        problems["assessment"] = _("%(code)s: “%(value)s” is not an assessment.") % {
            "code": rules.code,
            "value": entry.assessment,
        }
    if message := _check_money(entry.budget_spent):
        problems["budget_spent"] = _("%(code)s: budget spent: %(message)s") % {
            "code": rules.code,
            "message": message,
        }
    return problems


@dataclass(frozen=True)
class ActivityFacts:
    code: str
    state: str
    percent_done: int | None = None
    spent: Decimal | None = None


def check_activity(update: ActivityFacts) -> dict[str, str]:
    """Field name -> why it is wrong."""
    problems: dict[str, str] = {}
    if update.state not in ActivityState.values:
        problems["state"] = _("Activity %(code)s: choose a status.") % {"code": update.code}
    if update.percent_done is not None and not 0 <= update.percent_done <= 100:
        problems["percent_done"] = _("Activity %(code)s: percent done is between 0 and 100.") % {
            "code": update.code
        }
    if message := _check_money(update.spent):
        problems["spent"] = _("Activity %(code)s: money spent: %(message)s") % {
            "code": update.code,
            "message": message,
        }
    return problems


def _check_money(amount: Decimal | None) -> str | None:
    if amount is None:
        return None
    if not amount.is_finite() or amount < 0:
        return _("the amount cannot be negative.")
    exponent = amount.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        return _("at most 2 decimal places.")
    if amount >= Decimal(10) ** 14:
        return _("the amount is too large.")
    return None


@dataclass(frozen=True)
class Expected:
    """What a complete report holds for one indicator."""

    indicator_id: int
    rules: IndicatorRules
    periods: Sequence[str]


def missing_for_submission(
    expected: Iterable[Expected],
    totals: set[tuple[int, str]],
    entries: Mapping[int, EntryFacts],
) -> dict[int, str]:
    """Indicator id -> what is missing before the report can be submitted (see the docstring).

    `totals` holds (indicator id, period) of every stored total."""
    missing: dict[int, str] = {}
    for item in expected:
        entry = entries.get(item.indicator_id, EntryFacts())
        if entry.comment.strip():
            continue
        if item.rules.type == IndicatorType.QUALITATIVE:
            if not entry.rating:
                missing[item.indicator_id] = _(
                    "%(code)s: give a rating, or say in the comment why there is none."
                ) % {"code": item.rules.code}
            continue
        absent = [p for p in item.periods if (item.indicator_id, p) not in totals]
        if absent:
            missing[item.indicator_id] = _(
                "%(code)s: the total for %(periods)s is missing; enter it, or say in the "
                "comment why it is not available."
            ) % {"code": item.rules.code, "periods": ", ".join(absent)}
    return missing
