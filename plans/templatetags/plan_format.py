"""Display helpers for plan data: periods, money and plain decimals.

`{% load plan_format %}` then `{{ activity.starts_on|period:activity.starts_precision }}`,
`{{ activity.budget|money:plan.currency }}`, `{{ indicator.end_target|number }}` and
`{% indicator_value indicator "end" %}`. Each returns "" for a missing value so templates can
write `|default:"—"`.
"""

import datetime
from decimal import Decimal

from django import template
from django.conf.locale import LANG_INFO
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from plans.models import DatePrecision, Indicator

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


def format_number(value: Decimal | int | float | None) -> str:
    """A number without trailing zeros (20.0000 → "20", 12.5000 → "12.5"), digits grouped
    the way the current language groups them."""
    if value is None or value == "":
        return ""
    number = Decimal(str(value))
    # The decimals the value really has: the column stores four, the plan wrote fewer.
    places = max(0, -number.normalize().as_tuple().exponent)  # type: ignore[operator]
    return number_format(number, decimal_pos=places, force_grouping=True)


def format_money(value: Decimal | None, currency: str) -> str:
    """An amount with its currency: "1,000 EUR", "1,234.50 EUR" (cents only when present)."""
    if value is None or value == "":
        return ""
    amount = Decimal(str(value))
    places = 0 if amount == amount.to_integral_value() else 2
    formatted = number_format(amount, decimal_pos=places, force_grouping=True)
    return _("%(amount)s %(currency)s") % {"amount": formatted, "currency": currency}


def format_indicator_value(indicator: Indicator, which: str) -> str:
    """The baseline or a target as the indicator states it: words for a qualitative
    indicator, else the number with its unit (and the words, if any, for context)."""
    number_field, text_field = _INDICATOR_FIELDS[which]
    text = getattr(indicator, text_field)
    if indicator.is_qualitative:
        return text
    number = format_number(getattr(indicator, number_field))
    if not number:
        return text
    return f"{number} {indicator.unit}".strip()


@register.filter
def period(value: datetime.date | None, precision: str = DatePrecision.DAY) -> str:
    return format_period(value, precision)


@register.filter
def number(value: Decimal | None) -> str:
    return format_number(value)


@register.filter
def money(value: Decimal | None, currency: str = "") -> str:
    return format_money(value, currency)


@register.simple_tag
def indicator_value(indicator: Indicator, which: str) -> str:
    return format_indicator_value(indicator, which)


def language_names(codes: list[str]) -> str:
    """ "en,hy" as "English, Հայերեն": each language in its own name, unknown codes as given."""
    names = [LANG_INFO.get(code, {}).get("name_local", code) for code in codes]
    return ", ".join(names)


register.filter("language_names", language_names)
