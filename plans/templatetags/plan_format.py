"""Display helpers for plan data: periods, money and plain decimals.

`{% load plan_format %}` then `{{ activity.starts_on|period:activity.starts_precision }}`,
`{{ activity.budget|money:plan.currency }}`, `{{ indicator.end_target|number }}` and
`{% indicator_value indicator "end" %}`; `{{ plan.on_track_from|percent }}` shows a fraction as a
percentage; `{{ record.nationality|place }}` names a country or
region. Each returns "" for a missing value so templates can
write `|default:"—"`.
"""

import datetime
from decimal import Decimal

from django import template
from django.conf.locale import LANG_INFO
from django.utils.translation import gettext as _

from plans.models import DatePrecision, Indicator, IndicatorType
from tipmonitor.lib import countries
from tipmonitor.lib.numbers import all_whole, format_grouped, rounded

register = template.Library()

# Which number field and which text field hold each of an indicator's values.
_INDICATOR_FIELDS = {
    "baseline": ("baseline", "baseline_text"),
    "midterm": ("midterm_target", "midterm_target_text"),
    "end": ("end_target", "end_target_text"),
}


def format_period(value: datetime.date | None, precision: str) -> str:
    """A date as precise as it was planned: "2024-03-15", "2024 Q1" or "2024"."""
    if value is None:
        return ""
    if precision == DatePrecision.QUARTER:
        quarter = (value.month - 1) // 3 + 1
        return _("%(year)s Q%(quarter)s") % {"year": value.year, "quarter": quarter}
    if precision == DatePrecision.YEAR:
        return str(value.year)
    return value.isoformat()


def format_number(value: Decimal | int | float | None, places: int | None = None) -> str:
    """A number without trailing zeros (20.0000 → "20", 12.5000 → "12.5"), rounded to at most
    `places` decimals when given, thousands grouped by a narrow no-break space
    (`tipmonitor.lib.numbers.format_grouped`: "1 200", never "1,200")."""
    if value is None or value == "":
        return ""
    number = Decimal(str(value)) if places is None else rounded(value, places)
    # The decimals the value really has: the column stores four, the plan wrote fewer.
    places = max(0, -number.normalize().as_tuple().exponent)  # type: ignore[operator]
    return format_grouped(number, places)


def format_money(value: Decimal | None, currency: str) -> str:
    """An amount with its currency: "1 000 EUR", "1 234.50 EUR" (thousands grouped by a narrow
    no-break space, cents only when present)."""
    if value is None or value == "":
        return ""
    amount = Decimal(str(value))
    places = 0 if amount == amount.to_integral_value() else 2
    formatted = format_grouped(amount, places)
    return _("%(amount)s %(currency)s") % {"amount": formatted, "currency": currency}


def format_percent(value: Decimal | float | None) -> str:
    """A share kept as a fraction (a plan's progress thresholds: 0.90) as a percentage: "90 %",
    "12.5 %"; "" for none."""
    if value is None or value == "":
        return ""
    return _("%(value)s %%") % {"value": format_number(Decimal(str(value)) * 100, 2)}


def figure_places(indicator: Indicator) -> int:
    """How many decimals an indicator's figures are shown with, wherever they are shown (plan,
    progress and public pages, the documents). A number indicator whose plan values (baseline,
    targets) are whole numbers counts whole things (persons, cases, meetings): its figures are
    shown whole, even a value expected by now interpolated between targets (not "71.22
    persons"). Others (percentages, rates, amounts written with decimals) keep two."""
    written = (indicator.baseline, indicator.midterm_target, indicator.end_target)
    if indicator.type == IndicatorType.NUMBER and all_whole(written):
        return 0
    return 2


def format_indicator_figure(
    indicator: Indicator, value: Decimal | int | float | None, *, unit: bool = True
) -> str:
    """A figure of the indicator (actual, expected, a target) as people read it: rounded as
    `figure_places` says, with the indicator's unit unless `unit` is false; "" for none."""
    number = format_number(value, figure_places(indicator))
    if not number or not unit or not indicator.display_unit:
        return number
    return f"{number} {indicator.display_unit}"


def format_indicator_value(indicator: Indicator, which: str) -> str:
    """The baseline or a target as the indicator states it: words for a qualitative
    indicator, else the number with its unit (and the words, if any, for context)."""
    number_field, text_field = _INDICATOR_FIELDS[which]
    text = getattr(indicator, text_field)
    if indicator.is_qualitative:
        return text
    number = format_indicator_figure(indicator, getattr(indicator, number_field))
    return number or text


@register.filter
def period(value: datetime.date | None, precision: str = DatePrecision.DAY) -> str:
    return format_period(value, precision)


@register.filter
def number(value: Decimal | None) -> str:
    return format_number(value)


@register.filter
def money(value: Decimal | None, currency: str = "") -> str:
    return format_money(value, currency)


@register.filter
def percent(value: Decimal | None) -> str:
    return format_percent(value)


@register.simple_tag
def indicator_value(indicator: Indicator, which: str) -> str:
    return format_indicator_value(indicator, which)


@register.filter
def figure(value: Decimal | None, indicator: Indicator) -> str:
    """`{{ value|figure:indicator }}`: a figure of the indicator rounded as `figure_places`
    says and grouped, without its unit (a table whose header names it)."""
    return format_indicator_figure(indicator, value, unit=False)


@register.simple_tag
def indicator_figure(indicator: Indicator, value: Decimal | None) -> str:
    """`{% indicator_figure indicator row.expected %}`: "71 persons", "" for none."""
    return format_indicator_figure(indicator, value)


def language_names(codes: list[str]) -> str:
    """ "en,hy" as "English, Հայերեն": each language in its own name, unknown codes as given."""
    names = [LANG_INFO.get(code, {}).get("name_local", code) for code in codes]
    return ", ".join(names)


register.filter("language_names", language_names)


@register.filter
def place(code: str | None) -> str:
    """A country (ISO 3166-1, `LKA`) or region (ISO 3166-2, `AE-DU`) code as its name in the
    active language (tipmonitor.lib.countries); other text as it is; "" for none."""
    return countries.place_name(code) if code else ""
