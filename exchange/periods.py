"""Our reporting periods in DHIS2's forms: its period codes (`2025Q1`, `2025S1`, `2025`,
`202503`) and ADX's ISO 8601 start and duration (`2025-01-01/P3M`). Reading a DHIS2 code is
`tipmonitor.lib.reporting_periods.parse_period_code`'s (it takes both forms)."""

import datetime
import re

from django.utils.translation import gettext as _

from tipmonitor.lib.choices import Frequency
from tipmonitor.lib.reporting_periods import Period, period_containing

_ADX = re.compile(r"^(\d{4}-\d{2}-\d{2})/P(\d+)([MY])$")
_MONTHS = {1: Frequency.MONTHLY, 3: Frequency.QUARTERLY, 6: Frequency.SEMIANNUAL}


def dhis2_period(period: Period) -> str:
    """`2025-Q1` -> `2025Q1`, `2025-S1` -> `2025S1`, `2025-03` -> `202503`, `2025` -> `2025`."""
    return period.code.replace("-", "")


def adx_period(period: Period) -> str:
    """The period as ADX writes it: its first day and its length (`2025-01-01/P3M`)."""
    length = "P1Y" if period.frequency == Frequency.ANNUAL else f"P{period.months}M"
    return f"{period.start.isoformat()}/{length}"


def parse_adx_period(text: str) -> Period:
    """The period an ADX `period` attribute names; it must be one of ours: a month, quarter,
    half-year or year starting on its first day. Raises ValueError saying what is wrong."""
    match = _ADX.match(text.strip())
    problem = _(
        "“%(text)s” is not an ADX period of a month, quarter, half-year or year "
        "(2025-01-01/P1M, /P3M, /P6M or /P1Y, starting on the period's first day)."
    ) % {"text": text[:80]}
    if match is None:
        raise ValueError(problem)
    try:
        start = datetime.date.fromisoformat(match.group(1))
    except ValueError:
        raise ValueError(problem) from None
    count, unit = int(match.group(2)), match.group(3)
    if unit == "Y" and count == 1:
        frequency = Frequency.ANNUAL
    elif unit == "M" and count in _MONTHS:
        frequency = _MONTHS[count]
    elif unit == "M" and count == 12:
        frequency = Frequency.ANNUAL
    else:
        raise ValueError(problem)
    period = period_containing(frequency, start)
    if period.start != start:
        raise ValueError(problem)
    return period
