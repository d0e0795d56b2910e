import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plans.models import DatePrecision
from tipmonitor.lib.periods import (
    format_period,
    parse_period,
    period_first_day,
    period_last_day,
)


@pytest.mark.parametrize(
    ("text", "end", "expected"),
    [
        ("2024-Q1", False, (datetime.date(2024, 1, 1), DatePrecision.QUARTER)),
        ("2024-Q1", True, (datetime.date(2024, 3, 31), DatePrecision.QUARTER)),
        ("2024-q4", True, (datetime.date(2024, 12, 31), DatePrecision.QUARTER)),
        ("Q2 2024", False, (datetime.date(2024, 4, 1), DatePrecision.QUARTER)),
        (" 2025 ", False, (datetime.date(2025, 1, 1), DatePrecision.YEAR)),
        ("2025", True, (datetime.date(2025, 12, 31), DatePrecision.YEAR)),
        ("2024-02-29", True, (datetime.date(2024, 2, 29), DatePrecision.DAY)),
        ("15.03.2024", False, (datetime.date(2024, 3, 15), DatePrecision.DAY)),
    ],
)
def test_it_parses_dates_quarters_and_years(text, end, expected):
    assert parse_period(text, end=end) == expected


@pytest.mark.parametrize("text", ["", "2024-Q5", "2023-02-29", "next year", "0000", "24", "2024Q"])
def test_it_refuses_what_is_not_a_period(text):
    with pytest.raises(ValueError, match="is not a date"):
        parse_period(text, end=False)


def test_it_finds_the_last_day_of_a_leap_february_quarter():
    assert period_last_day(datetime.date(2024, 2, 10), DatePrecision.QUARTER) == datetime.date(
        2024, 3, 31
    )
    assert period_first_day(datetime.date(2024, 11, 10), DatePrecision.QUARTER) == datetime.date(
        2024, 10, 1
    )


def test_it_formats_no_date_as_empty():
    assert format_period(None, DatePrecision.DAY) == ""


@given(
    day=st.dates(min_value=datetime.date(1000, 1, 1)),
    precision=st.sampled_from(list(DatePrecision)),
    end=st.booleans(),
)
def test_it_round_trips_every_period(day, precision, end):
    bound = period_last_day if end else period_first_day
    stored = bound(day, precision)
    assert parse_period(format_period(stored, precision), end=end) == (stored, precision)
    assert period_first_day(stored, precision) <= day <= period_last_day(stored, precision)
