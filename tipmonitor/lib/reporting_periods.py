"""Reporting periods: the months, quarters, half-years and years indicators are reported for.

An indicator is measured at its own frequency (`Indicator.frequency`); agencies report quarterly.
A period is identified by a code a user types and reads: `2025-03` (a month), `2025-Q1` (a
quarter), `2025-S1` (a half-year), `2025` (a year). DHIS2's codes (`202503`, `2025Q1`, `2025S1`)
are accepted on input because statistics offices exchange aggregate data with them; we always
write our own. Pure functions, no database.
"""

import calendar
import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from tipmonitor.lib.choices import Frequency

# How many periods of each frequency a year holds, and how many months each lasts.
_PER_YEAR: dict[str, int] = {
    Frequency.MONTHLY: 12,
    Frequency.QUARTERLY: 4,
    Frequency.SEMIANNUAL: 2,
    Frequency.ANNUAL: 1,
}

_PATTERNS = [
    (re.compile(r"^(\d{4})-?Q([1-4])$", re.I), Frequency.QUARTERLY),
    (re.compile(r"^(\d{4})-?S([12])$", re.I), Frequency.SEMIANNUAL),
    (re.compile(r"^(\d{4})-?(0[1-9]|1[0-2])$"), Frequency.MONTHLY),
    (re.compile(r"^(\d{4})()$"), Frequency.ANNUAL),
]


@dataclass(frozen=True, order=True)
class Period:
    """One period of one frequency: `index` is the month (1–12), quarter (1–4), half (1–2) or 1
    for a year."""

    frequency: str
    year: int
    index: int

    def __post_init__(self) -> None:
        if self.frequency not in _PER_YEAR:
            raise ValueError(f"Unknown frequency {self.frequency!r}")
        if not (1 <= self.year <= 9999 and 1 <= self.index <= _PER_YEAR[self.frequency]):
            raise ValueError(f"No {self.frequency} period {self.index} in year {self.year}")

    @property
    def months(self) -> int:
        return 12 // _PER_YEAR[self.frequency]

    @property
    def code(self) -> str:
        if self.frequency == Frequency.MONTHLY:
            return f"{self.year:04d}-{self.index:02d}"
        if self.frequency == Frequency.QUARTERLY:
            return f"{self.year:04d}-Q{self.index}"
        if self.frequency == Frequency.SEMIANNUAL:
            return f"{self.year:04d}-S{self.index}"
        return f"{self.year:04d}"

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, (self.index - 1) * self.months + 1, 1)

    @property
    def end(self) -> datetime.date:
        month = self.index * self.months
        return datetime.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def __str__(self) -> str:
        return self.code


def parse_period_code(text: str) -> Period:
    """The period a code names: `2025-03`, `2025-Q1`, `2025-S1`, `2025`, or DHIS2's `202503`,
    `2025Q1`, `2025S1`. Raises ValueError with a message a user can act on."""
    cleaned = text.strip()
    for pattern, frequency in _PATTERNS:
        if match := pattern.match(cleaned):
            year = int(match.group(1))
            if year >= 1:
                return Period(frequency, year, int(match.group(2) or 1))
    raise ValueError(
        _(
            "“%(text)s” is not a reporting period: use a month (2025-03), a quarter (2025-Q1), "
            "a half-year (2025-S1) or a year (2025)."
        )
        % {"text": text}
    )


def parse_as_of(text: str) -> "Period | datetime.date":
    """An "as of" point: a date (2025-12-31) or a period code, whose last day counts.
    Raises ValueError with a message a user can act on."""
    try:
        return datetime.date.fromisoformat(text.strip())
    except ValueError:
        pass
    try:
        return parse_period_code(text)
    except ValueError as error:
        raise ValueError(
            _("%(reason)s Or give a date, like 2025-12-31.") % {"reason": error}
        ) from None


def period_containing(frequency: str, day: datetime.date) -> Period:
    """The period of `frequency` that `day` falls in."""
    months = 12 // _PER_YEAR[frequency]
    return Period(frequency, day.year, (day.month - 1) // months + 1)


def quarter_of(day: datetime.date) -> Period:
    return period_containing(Frequency.QUARTERLY, day)


def _following(period: Period) -> Period:
    if period.index < _PER_YEAR[period.frequency]:
        return Period(period.frequency, period.year, period.index + 1)
    return Period(period.frequency, period.year + 1, 1)


def periods_between(frequency: str, start: datetime.date, end: datetime.date) -> list[Period]:
    """The periods of `frequency` overlapping [start, end], oldest first (none if end < start)."""
    if end < start:
        return []
    periods = [period_containing(frequency, start)]
    while periods[-1].end < end:
        periods.append(_following(periods[-1]))
    return periods


def periods_ending_in(frequency: str, quarter: Period) -> list[Period]:
    """The periods of `frequency` whose last day falls in `quarter`: a quarter's report holds
    their values (three months, the quarter, the half-year in Q2 and Q4, the year in Q4)."""
    return [
        period
        for period in periods_between(frequency, quarter.start, quarter.end)
        if quarter.start <= period.end <= quarter.end
    ]
