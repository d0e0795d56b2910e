"""The progress engine on hand-worked cases (the same ones docs/progress.md walks through)."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from progress.engine import (
    Status,
    Target,
    Thresholds,
    actual_at,
    combine_agencies,
    effective_agency_aggregation,
    effective_time_aggregation,
    expected_at,
    plan_midpoint,
    progress,
    qualitative_status,
    status,
)

D = Decimal  # short, so the hand-worked numbers read like the docs

# A four-year plan: 1,460 days, so its mid-point is 2025-12-31, 730 days in.
START = datetime.date(2024, 1, 1)
END = datetime.date(2027, 12, 31)
MIDPOINT = datetime.date(2025, 12, 31)
DEFAULTS = Thresholds(on_track_from=D("0.90"), at_risk_from=D("0.60"), maintain_tolerance=D("0.05"))


def _target(baseline="0", end="1460", midterm=None, milestones=()):
    return Target(
        plan_start=START,
        plan_end=END,
        baseline=None if baseline is None else D(baseline),
        midterm=None if midterm is None else D(midterm),
        end=None if end is None else D(end),
        milestones=tuple((year, D(value)) for year, value in milestones),
    )


def _status(direction="increase", baseline="0", end="100", expected="50", actual="50", **kw):
    values = {"baseline": baseline, "end_target": end, "expected": expected, "actual": actual}
    numbers = {key: None if value is None else D(value) for key, value in values.items()}
    computed = progress(
        baseline=numbers["baseline"],
        expected=numbers["expected"],
        actual=numbers["actual"],
        direction=direction,
    )
    return status(
        direction=direction,
        progress=kw.pop("progress", computed),
        thresholds=kw.pop("thresholds", DEFAULTS),
        has_data=kw.pop("has_data", True),
        **numbers,
    )


# --- aggregation settings ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("indicator_type", "time", "agency"),
    [
        ("number", "cumulative", "sum"),
        ("percentage", "latest", "average"),
        ("rate", "latest", "average"),
        ("qualitative", "", ""),
    ],
)
def test_it_defaults_aggregations_by_type(indicator_type, time, agency):
    assert effective_time_aggregation(indicator_type, "") == time
    assert effective_agency_aggregation(indicator_type, "") == agency


def test_it_keeps_a_chosen_aggregation():
    assert effective_time_aggregation("number", "latest") == "latest"
    assert effective_time_aggregation("percentage", "average") == "average"
    assert effective_agency_aggregation("number", "max") == "max"
    assert effective_agency_aggregation("rate", "sum") == "sum"


def test_it_refuses_an_unknown_aggregation_or_type():
    with pytest.raises(ValueError, match="median"):
        effective_time_aggregation("number", "median")
    with pytest.raises(ValueError, match="min"):
        effective_agency_aggregation("number", "min")
    with pytest.raises(ValueError, match="ratio"):
        effective_time_aggregation("ratio", "")


# --- across agencies --------------------------------------------------------------------------


def test_it_combines_agencies_by_sum_average_and_max():
    values = [D("12"), D("30"), D("3")]
    assert combine_agencies(values, "sum") == D("45")
    assert combine_agencies(values, "average") == D("15")
    assert combine_agencies(values, "max") == D("30")


def test_it_does_not_round_an_average_across_agencies():
    assert combine_agencies([D("1"), D("0"), D("0")], "average") == D(1) / D(3)


def test_it_refuses_to_combine_nothing_or_by_an_unknown_rule():
    with pytest.raises(ValueError, match="No values"):
        combine_agencies([], "sum")
    with pytest.raises(ValueError, match="median"):
        combine_agencies([D(1)], "median")


# --- over time --------------------------------------------------------------------------------

# Quarterly values, agencies already combined; 2024-Q3 was never reported.
SERIES = [
    (datetime.date(2024, 3, 31), D("10")),
    (datetime.date(2024, 6, 30), D("20")),
    (datetime.date(2024, 12, 31), D("40")),
    (datetime.date(2025, 3, 31), D("5")),
]


def test_it_sums_a_cumulative_indicator_up_to_the_date():
    assert actual_at(SERIES, "cumulative", datetime.date(2024, 12, 31)) == D("70")
    assert actual_at(SERIES, "cumulative", datetime.date(2025, 6, 30)) == D("75")


def test_it_takes_the_latest_reported_value():
    assert actual_at(SERIES, "latest", datetime.date(2024, 12, 31)) == D("40")
    assert actual_at(SERIES, "latest", datetime.date(2025, 3, 31)) == D("5")


def test_it_averages_the_reported_periods():
    assert actual_at(SERIES, "average", datetime.date(2024, 12, 31)) == D("70") / D("3")
    assert actual_at(SERIES, "average", datetime.date(2025, 3, 31)) == D("18.75")


def test_it_neither_fills_nor_counts_a_missing_period():
    # At the end of 2024-Q3, the missing quarter leaves the latest value at Q2's.
    as_of = datetime.date(2024, 9, 30)
    assert actual_at(SERIES, "latest", as_of) == D("20")
    assert actual_at(SERIES, "cumulative", as_of) == D("30")
    assert actual_at(SERIES, "average", as_of) == D("15")


def test_it_ignores_periods_ending_after_the_date_and_reads_any_order():
    shuffled = list(reversed(SERIES))
    assert actual_at(shuffled, "latest", datetime.date(2024, 12, 30)) == D("20")
    assert actual_at(shuffled, "latest", datetime.date(2024, 12, 31)) == D("40")


def test_it_has_no_actual_before_anything_is_reported():
    assert actual_at(SERIES, "cumulative", datetime.date(2024, 3, 30)) is None
    assert actual_at([], "latest", END) is None


def test_it_refuses_an_unknown_aggregation_over_time():
    with pytest.raises(ValueError, match="median"):
        actual_at(SERIES, "median", END)


# --- the expected line ------------------------------------------------------------------------


def test_it_puts_the_midpoint_half_the_plan_s_days_in():
    assert plan_midpoint(START, END) == MIDPOINT
    assert plan_midpoint(datetime.date(2025, 1, 1), datetime.date(2025, 1, 4)) == datetime.date(
        2025, 1, 2
    )


def test_it_draws_a_straight_line_from_baseline_to_end_target():
    # End target 1,460 over 1,460 days: one a day.
    target = _target()
    assert expected_at(target, START) == D(0)
    assert expected_at(target, datetime.date(2024, 7, 1)) == D(182)
    assert expected_at(target, MIDPOINT) == D(730)
    assert expected_at(target, END) == D(1460)


def test_it_clamps_outside_the_plan():
    target = _target(baseline="40", end="100")
    assert expected_at(target, START - datetime.timedelta(days=1)) == D(40)
    assert expected_at(target, END + datetime.timedelta(days=1)) == D(100)


def test_it_bends_the_line_through_the_midterm_target_at_the_midpoint():
    target = _target(baseline="0", midterm="80", end="100")
    assert expected_at(target, datetime.date(2024, 12, 31)) == D(40)
    assert expected_at(target, MIDPOINT) == D(80)
    assert expected_at(target, datetime.date(2026, 12, 31)) == D(90)


def test_it_bends_the_line_through_each_milestone_at_the_end_of_its_year():
    target = _target(baseline="0", end="100", milestones=[(2024, "10"), (2025, "30"), (2026, "60")])
    assert expected_at(target, datetime.date(2024, 12, 31)) == D(10)
    assert expected_at(target, datetime.date(2026, 12, 31)) == D(60)
    # 183 of the 365 days from the 2024 milestone to the 2025 one.
    assert expected_at(target, datetime.date(2025, 7, 2)) == D(10) + D(20) * D(183) / D(365)


def test_it_ignores_milestones_outside_the_plan_and_on_its_last_day():
    target = _target(baseline="0", end="1460", milestones=[(2023, "999"), (2027, "5")])
    assert expected_at(target, datetime.date(2027, 6, 30)) == D(1276)
    assert expected_at(target, END) == D(1460)


def test_it_prefers_the_midterm_target_to_a_milestone_on_the_same_day():
    target = _target(baseline="0", midterm="80", end="100", milestones=[(2025, "50")])
    assert expected_at(target, MIDPOINT) == D(80)


def test_it_draws_a_falling_line_for_a_decrease():
    assert expected_at(_target(baseline="20", end="10"), MIDPOINT) == D(15)


def test_it_draws_a_flat_line_when_the_target_equals_the_baseline():
    target = _target(baseline="7", end="7")
    assert expected_at(target, datetime.date(2025, 5, 5)) == D(7)


def test_it_expects_nothing_without_a_baseline_or_an_end_target():
    assert expected_at(_target(baseline=None), MIDPOINT) is None
    assert expected_at(_target(end=None, midterm="5"), MIDPOINT) is None


def test_it_refuses_a_plan_ending_before_it_starts():
    target = Target(END, START, D(0), None, D(1), ())
    with pytest.raises(ValueError, match="ends before"):
        expected_at(target, MIDPOINT)


# --- progress ---------------------------------------------------------------------------------


def test_it_measures_progress_of_an_increase():
    assert progress(baseline=D(10), expected=D(30), actual=D(25), direction="increase") == D("0.75")
    assert progress(baseline=D(10), expected=D(30), actual=D(40), direction="increase") == D("1.5")
    assert progress(baseline=D(10), expected=D(30), actual=D(5), direction="increase") == D("-0.25")


def test_it_measures_progress_of_a_decrease_the_right_way_round():
    assert progress(baseline=D(100), expected=D(80), actual=D(90), direction="decrease") == D("0.5")
    assert progress(baseline=D(100), expected=D(80), actual=D(70), direction="decrease") == D("1.5")
    assert progress(baseline=D(100), expected=D(80), actual=D(110), direction="decrease") == D(
        "-0.5"
    )


@pytest.mark.parametrize(
    ("direction", "actual", "expected_progress"),
    [
        ("increase", "50", "1"),
        ("increase", "51", "1"),
        ("increase", "49", "0"),
        ("decrease", "50", "1"),
        ("decrease", "49", "1"),
        ("decrease", "51", "0"),
    ],
)
def test_it_scores_a_target_equal_to_the_baseline_all_or_nothing(
    direction, actual, expected_progress
):
    result = progress(baseline=D(50), expected=D(50), actual=D(actual), direction=direction)
    assert result == D(expected_progress)


def test_it_scores_a_target_set_the_wrong_way_against_the_target():
    # A "decrease" indicator whose line rises: judged only on staying at or below the line.
    assert progress(baseline=D(100), expected=D(120), actual=D(110), direction="decrease") == D(1)
    assert progress(baseline=D(100), expected=D(120), actual=D(130), direction="decrease") == D(0)


def test_it_has_no_progress_for_maintain_or_a_missing_number():
    assert progress(baseline=D(5), expected=D(5), actual=D(5), direction="maintain") is None
    assert progress(baseline=None, expected=D(5), actual=D(5), direction="increase") is None
    assert progress(baseline=D(0), expected=None, actual=D(5), direction="increase") is None
    assert progress(baseline=D(0), expected=D(5), actual=None, direction="decrease") is None


def test_it_refuses_an_unknown_direction():
    with pytest.raises(ValueError, match="sideways"):
        progress(baseline=D(0), expected=D(5), actual=D(5), direction="sideways")


numbers = st.decimals(min_value=-(10**6), max_value=10**6, places=4)


@given(baseline=numbers, expected=numbers, direction=st.sampled_from(["increase", "decrease"]))
def test_it_scores_being_exactly_on_the_line_as_one(baseline, expected, direction):
    result = progress(baseline=baseline, expected=expected, actual=expected, direction=direction)
    assert result == 1


@given(
    baseline=numbers,
    expected=numbers,
    lower=numbers,
    higher=numbers,
    direction=st.sampled_from(["increase", "decrease"]),
)
def test_it_never_scores_a_worse_actual_higher(baseline, expected, lower, higher, direction):
    lower, higher = sorted([lower, higher])
    better, worse = (higher, lower) if direction == "increase" else (lower, higher)
    score = {
        name: progress(baseline=baseline, expected=expected, actual=value, direction=direction)
        for name, value in {"better": better, "worse": worse}.items()
    }
    assert score["better"] >= score["worse"]


@given(baseline=numbers, end=numbers, days=st.integers(min_value=-400, max_value=1900))
def test_it_keeps_the_straight_line_between_baseline_and_end(baseline, end, days):
    target = Target(START, END, baseline, None, end, ())
    value = expected_at(target, START + datetime.timedelta(days=days))
    assert min(baseline, end) <= value <= max(baseline, end)


# --- status -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected_status"),
    [
        ("0.90", Status.ON_TRACK),
        ("0.8999", Status.AT_RISK),
        ("0.60", Status.AT_RISK),
        ("0.5999", Status.OFF_TRACK),
        ("-1", Status.OFF_TRACK),
    ],
)
def test_it_applies_the_thresholds_at_their_boundaries(value, expected_status):
    assert _status(progress=D(value)) == expected_status


def test_it_applies_the_plan_s_own_thresholds():
    strict = Thresholds(on_track_from=D("1"), at_risk_from=D("0.8"), maintain_tolerance=D("0"))
    assert _status(progress=D("0.95"), thresholds=strict) == Status.AT_RISK
    assert _status(progress=D("0.95")) == Status.ON_TRACK


def test_it_calls_an_increase_achieved_once_the_end_target_is_reached():
    assert _status(expected="50", actual="100") == Status.ACHIEVED
    assert _status(expected="50", actual="120") == Status.ACHIEVED
    assert _status(expected="100", actual="99") == Status.ON_TRACK


def test_it_calls_a_decrease_achieved_once_low_enough():
    kw = {"direction": "decrease", "baseline": "20", "end": "10", "expected": "15"}
    assert _status(**kw, actual="10") == Status.ACHIEVED
    assert _status(**kw, actual="16") == Status.AT_RISK  # (16 − 20) / (15 − 20) = 0.8
    assert _status(**kw, actual="19") == Status.OFF_TRACK  # 0.2
    assert _status(**kw, actual="25") == Status.OFF_TRACK  # −1: worse than the baseline


def test_it_reports_no_data_before_judging():
    assert _status(actual="100", has_data=False) == Status.NO_DATA
    assert _status(actual=None) == Status.NO_DATA
    assert _status(direction="maintain", actual="0", has_data=False) == Status.NO_DATA


def test_it_cannot_judge_without_targets():
    assert _status(baseline=None, end=None, expected=None) == Status.NOT_APPLICABLE
    assert _status(direction="maintain", baseline=None) == Status.NOT_APPLICABLE


@pytest.mark.parametrize(
    ("actual", "expected_status"),
    [
        ("200", Status.ON_TRACK),
        ("190", Status.ON_TRACK),
        ("210", Status.ON_TRACK),
        ("189.99", Status.OFF_TRACK),
        ("210.01", Status.OFF_TRACK),
    ],
)
def test_it_keeps_maintain_on_track_within_the_tolerance(actual, expected_status):
    kw = {"direction": "maintain", "baseline": "200", "end": "200", "expected": "200"}
    assert _status(**kw, actual=actual) == expected_status


@pytest.mark.parametrize(
    ("actual", "expected_status"),
    [("0", Status.ON_TRACK), ("0.05", Status.ON_TRACK), ("1", Status.OFF_TRACK)],
)
def test_it_uses_an_absolute_tolerance_around_a_zero_baseline(actual, expected_status):
    kw = {"direction": "maintain", "baseline": "0", "end": "0", "expected": "0"}
    assert _status(**kw, actual=actual) == expected_status


def test_it_judges_keep_at_least_as_an_increase_with_the_target_at_the_baseline():
    kw = {"direction": "increase", "baseline": "200", "end": "200", "expected": "200"}
    assert _status(**kw, actual="200") == Status.ACHIEVED
    assert _status(**kw, actual="199") == Status.OFF_TRACK


def test_it_never_calls_maintain_achieved():
    kw = {"direction": "maintain", "baseline": "50", "end": "50", "expected": "50"}
    assert _status(**kw, actual="50") == Status.ON_TRACK


# --- qualitative ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rating", "expected_status"),
    [
        ("achieved", Status.ACHIEVED),
        ("largely_achieved", Status.ON_TRACK),
        ("partly_achieved", Status.AT_RISK),
        ("not_achieved", Status.OFF_TRACK),
        (None, Status.NO_DATA),
        ("", Status.NO_DATA),
    ],
)
def test_it_takes_the_rating_of_a_qualitative_indicator(rating, expected_status):
    assert qualitative_status(rating) == expected_status


def test_it_refuses_an_unknown_rating():
    with pytest.raises(ValueError, match="excellent"):
        qualitative_status("excellent")


# --- the worked examples of docs/progress.md --------------------------------------------------


def test_it_works_example_1_victims_identified():
    """Number, increase: cumulative sum, summed across the police and an NGO; 2025-Q3 missing."""
    reports = {
        datetime.date(2024, 3, 31): [D(10), D(5)],
        datetime.date(2024, 6, 30): [D(12), D(8)],
        datetime.date(2024, 9, 30): [D(15), D(5)],
        datetime.date(2024, 12, 31): [D(20), D(10)],
        datetime.date(2025, 3, 31): [D(18), D(7)],
        datetime.date(2025, 6, 30): [D(20), D(10)],
        datetime.date(2025, 12, 31): [D(22), D(8)],
    }
    series = [(end, combine_agencies(values, "sum")) for end, values in reports.items()]
    actual = actual_at(series, "cumulative", MIDPOINT)
    expected = expected_at(_target(baseline="0", midterm="200", end="500"), MIDPOINT)
    score = progress(baseline=D(0), expected=expected, actual=actual, direction="increase")
    assert (actual, expected, score) == (D(170), D(200), D("0.85"))
    verdict = status(
        direction="increase",
        baseline=D(0),
        end_target=D(500),
        expected=expected,
        actual=actual,
        progress=score,
        thresholds=DEFAULTS,
        has_data=True,
    )
    assert verdict == Status.AT_RISK


def test_it_works_example_2_re_trafficked_share():
    """Percentage, decrease: latest value, averaged across two agencies."""
    series = [
        (datetime.date(2025, 9, 30), combine_agencies([D(12), D(14)], "average")),
        (datetime.date(2025, 12, 31), combine_agencies([D(14), D(18)], "average")),
    ]
    actual = actual_at(series, "latest", MIDPOINT)
    expected = expected_at(_target(baseline="20", end="10"), MIDPOINT)
    score = progress(baseline=D(20), expected=expected, actual=actual, direction="decrease")
    assert (actual, expected, score) == (D(16), D(15), D("0.8"))


def test_it_works_example_3_milestones():
    """Number of trained officers, with yearly milestones, judged at the end of 2026."""
    target = _target(
        baseline="0", end="400", milestones=[(2024, "50"), (2025, "150"), (2026, "300")]
    )
    expected = expected_at(target, datetime.date(2026, 12, 31))
    score = progress(baseline=D(0), expected=expected, actual=D(285), direction="increase")
    assert (expected, score) == (D(300), D("0.95"))
