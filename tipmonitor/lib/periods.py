"""The plan's time points: a day, a quarter or a year.

Plans are written in quarters (`2024-Q1`) and years (`2024`) as often as in dates; we store a
date plus its precision. A start is the first day of its period, an end the last, so that
comparisons and "is it overdue" work on plain dates. Pure functions, no database.
"""

import datetime
import re

from django.utils.translation import gettext as _

from tipmonitor.lib.choices import DatePrecision, Frequency
from tipmonitor.lib.reporting_periods import period_containing

_QUARTER = re.compile(r"^(\d{4})\s*[-/ ]?\s*Q([1-4])$|^Q([1-4])\s*[-/ ]?\s*(\d{4})$", re.I)
_YEAR = re.compile(r"^\d{4}$")
_DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]


# Quarters and years are reporting periods too: one piece of calendar arithmetic serves both.
_FREQUENCY: dict[str, str] = {
    DatePrecision.QUARTER: Frequency.QUARTERLY,
    DatePrecision.YEAR: Frequency.ANNUAL,
}


def period_first_day(day: datetime.date, precision: str) -> datetime.date:
    """The first day of the quarter or year `day` falls in (`day` itself for day precision)."""
    if precision in _FREQUENCY:
        return period_containing(_FREQUENCY[precision], day).start
    return day


def period_last_day(day: datetime.date, precision: str) -> datetime.date:
    """The last day of the quarter or year `day` falls in (`day` itself for day precision)."""
    if precision in _FREQUENCY:
        return period_containing(_FREQUENCY[precision], day).end
    return day


def parse_period(text: str, *, end: bool) -> tuple[datetime.date, str]:
    """`2024-Q1`, `2024` or `2024-03-15` (also `Q1 2024`, `15.03.2024`) as a date and its
    precision: the first day of a quarter or year for a start, the last for an end.

    Raises ValueError with a message a user can act on when the text is none of these."""
    text = text.strip()
    bound = period_last_day if end else period_first_day
    if match := _QUARTER.match(text):
        year = int(match.group(1) or match.group(4))
        quarter = int(match.group(2) or match.group(3))
        if year >= 1:
            day = datetime.date(year, quarter * 3 - 2, 1)
            return bound(day, DatePrecision.QUARTER), DatePrecision.QUARTER
    elif _YEAR.match(text) and int(text) >= 1:
        return bound(datetime.date(int(text), 1, 1), DatePrecision.YEAR), DatePrecision.YEAR
    for date_format in _DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, date_format).date(), DatePrecision.DAY
        except ValueError:
            continue
    raise ValueError(
        _("“%(text)s” is not a date (2024-03-15), a quarter (2024-Q1) or a year (2024).")
        % {"text": text}
    )


def format_period(day: datetime.date | None, precision: str) -> str:
    """The text a user would type for a stored period: `2024-Q1`, `2024` or `2024-03-15`
    (empty for no date). `parse_period(format_period(d, p), end=…)` gives the period back."""
    if day is None:
        return ""
    if precision in _FREQUENCY:
        return period_containing(_FREQUENCY[precision], day).code
    return day.isoformat()
