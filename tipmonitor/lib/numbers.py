"""Decimals as people and files read them.

`parse_number` is the one reader of a number typed as text, whichever way it comes in (web forms,
workbooks, CSV/XLSX files, the API). Its rules, written for a system used in English, Armenian and
Russian at once, where `1,200` means twelve hundred to one reader and one point two to another:
- Spaces are the thousands separator: a plain space, a no-break space (U+00A0) or a narrow no-break
  space (U+202F), one between groups of three digits (`1 200 000`); digits may also go ungrouped.
- One comma or one point is the decimal separator (`12,5`, `12.5`, `1 200,75`).
- Refused, with a message saying why and how to write it instead:
  - a comma or point followed by exactly three digits after one to three digits that do not start
    with 0 and hold no space (`1,200`, `1.200`, `-7.500`): it reads as thousands in some languages
    and as decimals in others. Unambiguous look-alikes are read as decimals: `0,200` (nobody
    writes 0 thousand), `1234,567` (thousands would be grouped), `1 234,567` (spaces already mark
    the thousands);
  - commas or points used as thousands separators, even when unambiguous (`1,200,000`,
    `1.200.000`, `1,200.5`): one rule (spaces for thousands) is easier to learn and to check;
  - anything else than digits, separators and a leading sign (`-`, U+2212 minus or `+`): no
    exponent, no NaN or Infinity, no currency sign;
  - more than 16 digits before the decimal separator or more than 4 after it (trailing zeros
    aside): the size of every stored value.
Leading and trailing whitespace is ignored.

`format_grouped` is the one writer of a number for people (pages and documents): thousands
grouped by a narrow no-break space (U+202F), never by a comma or point, so that what is shown
can be typed back and read by `parse_number` in every language.
"""

import re
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import get_format
from django.utils.translation import gettext as _

PLACES = Decimal("0.0001")
MAX_INTEGER_DIGITS = 16
MAX_DECIMAL_PLACES = 4

_SPACES = " \u00a0\u202f"
_MINUS = "-\u2212"
_CHARACTERS = re.compile(rf"[0-9,.{_SPACES}]+")
_GROUPED = re.compile(rf"[0-9]+|[0-9]{{1,3}}(?:[{_SPACES}][0-9]{{3}})+")
_AMBIGUOUS_INTEGER = re.compile(r"[1-9][0-9]{0,2}")


class NumberFormatError(ValueError):
    """Text that is not a number by the rules of `parse_number`; `str()` is the message."""


def parse_number(text: str) -> Decimal:
    """The number written in `text` (see the module's docstring); NumberFormatError otherwise."""
    stripped = text.strip()
    negative = stripped[:1] in _MINUS
    body = stripped[1:] if stripped[:1] in _MINUS + "+" else stripped
    if not body:
        raise NumberFormatError(_("Enter a number, like 1 200 or 12,5."))
    if not _CHARACTERS.fullmatch(body):
        raise NumberFormatError(_not_a_number(stripped))
    separators = [char for char in body if char in ",."]
    if len(separators) > 1:
        raise NumberFormatError(_thousands_marks(stripped, body))
    integer, mark, fraction = body.partition(separators[0]) if separators else (body, "", "")
    if (mark and not fraction.isdigit()) or (integer and not _GROUPED.fullmatch(integer)):
        raise NumberFormatError(_not_a_number(stripped))
    if mark and len(fraction) == 3 and _AMBIGUOUS_INTEGER.fullmatch(integer):
        raise NumberFormatError(_ambiguous(stripped, integer, mark, fraction))
    digits = re.sub(f"[{_SPACES}]", "", integer).lstrip("0")
    fraction = fraction.rstrip("0")
    if len(digits) > MAX_INTEGER_DIGITS:
        raise NumberFormatError(
            _("“%(text)s” is too large: at most %(digits)s digits before the decimal separator.")
            % {"text": stripped, "digits": MAX_INTEGER_DIGITS}
        )
    if len(fraction) > MAX_DECIMAL_PLACES:
        raise NumberFormatError(
            _("“%(text)s” has too many decimals: at most %(places)s after the comma or point.")
            % {"text": stripped, "places": MAX_DECIMAL_PLACES}
        )
    number = Decimal(f"{digits or 0}.{fraction}" if fraction else digits or 0)
    return -number if negative and number else number


def read_number(value: str | int | float | Decimal | None) -> Decimal | None:
    """`to_number`, with None for a blank (an empty cell or field)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return to_number(value)


def to_number(value: str | int | float | Decimal) -> Decimal:
    """A number from wherever it comes: text by `parse_number`, a number as it is (a float by
    its shortest form: 0.1, not 0.1000000000000000055511151231257827). A file's numeric cell and
    a JSON number are numbers already, with no separator to misread. NumberFormatError for
    anything else (a blank, a boolean, NaN, infinity)."""
    if isinstance(value, str):
        return parse_number(value)
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise NumberFormatError(_not_a_number(str(value)))
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite():
        raise NumberFormatError(_not_a_number(str(value)))
    return number


def _not_a_number(text: str) -> str:
    return _(
        "“%(text)s” is not a number. Write digits, with spaces between thousands and a comma or "
        "point before decimals, like 1 200 or 12,5."
    ) % {"text": text}


def _thousands_marks(text: str, body: str) -> str:
    """Commas or points between thousands: refused, showing the same number spaced."""
    pieces = re.split("[,.]", body)
    marks = [char for char in body if char in ",."]
    if len(set(marks)) == 1:
        groups, decimals = pieces, ""
    elif len(set(marks[:-1])) == 1 and pieces[-1].isdigit():
        groups, decimals = pieces[:-1], marks[-1] + pieces[-1]
    else:
        return _not_a_number(text)
    if not _GROUPED.fullmatch(" ".join(groups)):
        return _not_a_number(text)
    return _(
        "“%(text)s” uses commas or points between thousands, which readers of different "
        "languages read differently. Write thousands with spaces: %(spaced)s."
    ) % {"text": text, "spaced": _sign(text, body) + " ".join(groups) + decimals}


def _ambiguous(text: str, integer: str, mark: str, fraction: str) -> str:
    sign = _sign(text, integer + mark + fraction)
    decimals = fraction.rstrip("0")
    if len(decimals) == 3:
        decimals += "0"
    return _(
        "“%(text)s” can be read as %(thousands)s or as %(decimal)s, depending on the reader's "
        "language. Write thousands with a space (%(thousands)s) and decimals with other than "
        "three digits after the comma or point (%(decimal)s)."
    ) % {
        "text": text,
        "thousands": f"{sign}{integer} {fraction}",
        "decimal": sign + integer + (mark + decimals if decimals else ""),
    }


def _sign(text: str, body: str) -> str:
    return text[: len(text) - len(body)]


THOUSANDS_SEPARATOR = "\u202f"


def format_grouped(value: Decimal | int | float, places: int = 0) -> str:
    """`value` with exactly `places` decimals (rounded half away from zero), its thousands
    grouped by a narrow no-break space and the active language's decimal separator:
    "791 000", "1 234.50" (each gap U+202F). `parse_number` reads it back."""
    amount = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    sign = "-" if amount < 0 else ""
    integer, _point, fraction = format(abs(amount), "f").partition(".")
    groups = [integer[max(0, end - 3) : end] for end in range(len(integer), 0, -3)]
    grouped = THOUSANDS_SEPARATOR.join(reversed(groups))
    return sign + grouped + (str(get_format("DECIMAL_SEPARATOR")) + fraction if fraction else "")


def plain_decimal(value: Decimal | None, places: Decimal = PLACES) -> str | None:
    """At most `places` decimal places, no trailing zeros, never an exponent ("12.5", "3")."""
    if value is None:
        return None
    text = format(value.quantize(places), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def rounded(value: Decimal | int | float, places: int) -> Decimal:
    """`value` to at most `places` decimals, halves away from zero, trailing zeros dropped
    (6.6667 → 7 with 0 places, 7.3400 → 7.34 with 2). The one rounding rule of every figure
    shown to people (pages and documents)."""
    amount = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if amount == amount.to_integral_value():
        return amount.quantize(Decimal(1))
    return amount.normalize()


def all_whole(values: Iterable[Decimal | int | float | None]) -> bool:
    """True when every value given (None skipped) is a whole number."""
    return all(
        Decimal(str(v)) == Decimal(str(v)).to_integral_value() for v in values if v is not None
    )
