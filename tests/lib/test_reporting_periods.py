import datetime
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plans.models import Frequency
from tipmonitor.lib.reporting_periods import (
    Period,
    parse_period_code,
    period_containing,
    periods_between,
    periods_ending_in,
    quarter_of,
)

FREQUENCIES = st.sampled_from(list(Frequency))
DAYS = st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2200, 12, 31))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-03", Period(Frequency.MONTHLY, 2025, 3)),
        ("202503", Period(Frequency.MONTHLY, 2025, 3)),
        ("2025-12", Period(Frequency.MONTHLY, 2025, 12)),
        ("2025-Q1", Period(Frequency.QUARTERLY, 2025, 1)),
        ("2025Q4", Period(Frequency.QUARTERLY, 2025, 4)),
        (" 2025-q2 ", Period(Frequency.QUARTERLY, 2025, 2)),
        ("2025-S1", Period(Frequency.SEMIANNUAL, 2025, 1)),
        ("2025S2", Period(Frequency.SEMIANNUAL, 2025, 2)),
        ("2025", Period(Frequency.ANNUAL, 2025, 1)),
    ],
)
def test_it_parses_our_codes_and_dhis2_codes(text, expected):
    assert parse_period_code(text) == expected


@pytest.mark.parametrize(
    "text", ["", "2025-13", "202500", "2025-Q5", "2025Q0", "2025-S3", "25", "0000", "Q1 2025", "x"]
)
def test_it_refuses_what_is_not_a_reporting_period(text):
    with pytest.raises(ValueError, match="is not a reporting period"):
        parse_period_code(text)


def test_it_gives_first_and_last_days():
    assert Period(Frequency.MONTHLY, 2024, 2).end == datetime.date(2024, 2, 29)
    assert Period(Frequency.MONTHLY, 2025, 2).end == datetime.date(2025, 2, 28)
    assert Period(Frequency.QUARTERLY, 2025, 2).start == datetime.date(2025, 4, 1)
    assert Period(Frequency.QUARTERLY, 2025, 2).end == datetime.date(2025, 6, 30)
    assert Period(Frequency.SEMIANNUAL, 2025, 2).start == datetime.date(2025, 7, 1)
    assert Period(Frequency.ANNUAL, 2025, 1).end == datetime.date(2025, 12, 31)


def test_it_refuses_an_impossible_period():
    with pytest.raises(ValueError, match="No quarterly period 5"):
        Period(Frequency.QUARTERLY, 2025, 5)
    with pytest.raises(ValueError, match="Unknown frequency"):
        Period("weekly", 2025, 1)


def test_it_finds_the_quarter_of_a_day():
    assert quarter_of(datetime.date(2025, 5, 31)).code == "2025-Q2"
    assert quarter_of(datetime.date(2025, 12, 31)).code == "2025-Q4"


def test_it_lists_the_periods_overlapping_a_span():
    codes = [
        p.code
        for p in periods_between(
            "quarterly", datetime.date(2024, 11, 15), datetime.date(2025, 4, 1)
        )
    ]
    assert codes == ["2024-Q4", "2025-Q1", "2025-Q2"]
    assert periods_between("monthly", datetime.date(2025, 2, 1), datetime.date(2025, 1, 1)) == []


def test_it_puts_in_a_quarter_the_periods_ending_in_it():
    q2 = parse_period_code("2025-Q2")
    q4 = parse_period_code("2025-Q4")
    assert [p.code for p in periods_ending_in("monthly", q2)] == ["2025-04", "2025-05", "2025-06"]
    assert [p.code for p in periods_ending_in("quarterly", q2)] == ["2025-Q2"]
    assert [p.code for p in periods_ending_in("semiannual", q2)] == ["2025-S1"]
    assert periods_ending_in("annual", q2) == []
    assert [p.code for p in periods_ending_in("annual", q4)] == ["2025"]
    assert periods_ending_in("semiannual", parse_period_code("2025-Q1")) == []


@given(FREQUENCIES, DAYS)
def test_it_round_trips_every_code(frequency, day):
    period = period_containing(frequency, day)
    assert parse_period_code(period.code) == period
    assert parse_period_code(period.code.replace("-", "")) == period
    assert period.start <= day <= period.end


@given(FREQUENCIES, DAYS, st.integers(min_value=0, max_value=800))
def test_it_tiles_a_span_without_gaps_or_overlaps(frequency, start, length):
    end = start + datetime.timedelta(days=length)
    periods = periods_between(frequency, start, end)
    assert periods[0].start <= start
    assert periods[-1].end >= end
    for before, after in itertools.pairwise(periods):
        assert after.start == before.end + datetime.timedelta(days=1)


@given(FREQUENCIES, DAYS)
def test_it_places_every_period_in_exactly_one_quarter(frequency, day):
    period = period_containing(frequency, day)
    quarter = quarter_of(period.end)
    assert period in periods_ending_in(frequency, quarter)
    neighbours = periods_between(
        "quarterly",
        quarter.start - datetime.timedelta(days=1),
        quarter.end + datetime.timedelta(days=1),
    )
    others = [q for q in neighbours if q != quarter]
    assert all(period not in periods_ending_in(frequency, q) for q in others)
