from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reporting.validation import (
    ActivityFacts,
    Cell,
    EntryFacts,
    Expected,
    IndicatorRules,
    check_activity,
    check_cells,
    check_entry,
    check_pair,
    format_breakdown,
    is_outlier,
    missing_for_submission,
    parse_breakdown,
)

COUNT = IndicatorRules(
    code="I1",
    type="number",
    dimensions={"sex": ["female", "male"], "age_group": ["child", "adult"]},
)
PERCENT = IndicatorRules(code="P1", type="percentage")
RATE = IndicatorRules(code="R1", type="rate")
STORY = IndicatorRules(code="Q1", type="qualitative")


def cell(breakdown: str, value: str, period: str = "2025-Q1", comment: str = "") -> Cell:
    return Cell(period=period, breakdown=breakdown, value=Decimal(value), comment=comment)


def messages(rules, cells, history=()):
    return [problem.message for problem in check_cells(rules, cells, history)]


def test_it_accepts_a_grid_whose_dimensions_add_up():
    cells = [
        cell("", "10"),
        cell("sex=female", "4"),
        cell("sex=male", "6"),
        cell("age_group=child", "3"),
    ]
    assert messages(COUNT, cells) == []


def test_it_refuses_a_dimension_that_does_not_add_up_to_the_total():
    found = messages(COUNT, [cell("", "10"), cell("sex=female", "4"), cell("sex=male", "5")])
    assert found == ["I1, 2025-Q1: the categories of “sex” add up to 9, not to the total 10."]


def test_it_refuses_categories_given_that_add_up_to_more_than_the_total():
    # Issue 9 #1: Female 6 + Male 7 with a total of 10, "Other / not known" left blank.
    rules = IndicatorRules("I1", "number", {"sex": ["female", "male", "other"]})
    found = messages(rules, [cell("", "10"), cell("sex=female", "6"), cell("sex=male", "7")])
    assert found == [
        "I1, 2025-Q1: the categories of “sex” given add up to 13, more than the total 10."
    ]


def test_it_accepts_categories_given_that_add_up_to_the_total_or_less():
    rules = IndicatorRules("I1", "number", {"sex": ["female", "male", "other"]})
    assert messages(rules, [cell("", "10"), cell("sex=female", "6"), cell("sex=male", "4")]) == []
    assert messages(rules, [cell("", "10"), cell("sex=female", "6")]) == []
    assert messages(rules, [cell("sex=female", "6")]) == []  # no total yet: nothing to exceed


def test_it_refuses_a_full_dimension_without_a_total():
    found = messages(COUNT, [cell("sex=female", "4"), cell("sex=male", "5")])
    assert found == ["I1, 2025-Q1: the categories of “sex” add up to 9 but the total is missing."]


@pytest.mark.parametrize(
    ("rules", "value", "expected"),
    [
        (COUNT, "-1", "I1, 2025-Q1, total: the value cannot be negative."),
        (COUNT, "2.5", "I1, 2025-Q1, total: a count must be a whole number."),
        (PERCENT, "100.5", "P1, 2025-Q1, total: a percentage is between 0 and 100."),
        (PERCENT, "-0.1", "P1, 2025-Q1, total: the value cannot be negative."),
        (RATE, "0.12345", "R1, 2025-Q1, total: at most 4 decimal places."),
        (RATE, "1e17", "R1, 2025-Q1, total: the value is too large."),
    ],
)
def test_it_refuses_values_out_of_range_naming_code_period_and_category(rules, value, expected):
    assert messages(rules, [cell("", value)]) == [expected]


def test_it_accepts_edges_of_the_ranges():
    assert messages(PERCENT, [cell("", "0"), cell("", "100", period="2025-Q2")]) == []
    assert messages(RATE, [cell("", "0.1234")]) == []
    assert messages(COUNT, [cell("", "12.000")]) == []


def test_it_refuses_a_number_for_a_qualitative_indicator():
    assert "takes no number" in messages(STORY, [cell("", "1")])[0]


@pytest.mark.parametrize(
    ("breakdown", "expected"),
    [
        ("colour=red", "Indicator I1 is not broken down by “colour”."),
        ("sex=other", "“other” is not a category of “sex” (use female, male)."),
        ("sex", "“sex” is not a dimension=category pair."),
        (
            "sex=male;age_group=child",
            "“sex=male;age_group=child” is not written as “age_group=child;sex=male”.",
        ),
    ],
)
def test_it_refuses_unknown_breakdowns(breakdown, expected):
    assert messages(COUNT, [cell(breakdown, "1")]) == [expected]


def test_it_judges_one_dimension_category_pair_as_it_judges_a_breakdown():
    assert check_pair(COUNT, "sex", "female") is None
    assert check_pair(COUNT, "sex", "other") == messages(COUNT, [cell("sex=other", "1")])[0]
    assert check_pair(COUNT, "colour", "red") == messages(COUNT, [cell("colour=red", "1")])[0]


def test_it_names_the_category_of_a_bad_disaggregated_value():
    assert messages(COUNT, [cell("sex=female", "-2")]) == [
        "I1, 2025-Q1, sex=female: the value cannot be negative."
    ]


def test_it_checks_multi_dimension_keys_but_does_not_sum_them():
    cells = [cell("", "10"), cell("age_group=child;sex=female", "99")]
    assert messages(COUNT, cells) == []


HISTORY = [("2024-Q3", Decimal(10)), ("2024-Q4", Decimal(20))]


def test_it_wants_a_comment_on_an_outlier():
    found = messages(COUNT, [cell("", "61")], HISTORY)
    assert len(found) == 1
    assert "61 is far outside this indicator's earlier values (10 to 20)" in found[0]
    assert messages(COUNT, [cell("", "61", comment="New unit opened")], HISTORY) == []
    assert "far outside" in messages(COUNT, [cell("", "3")], HISTORY)[0]


def test_it_does_not_judge_with_too_little_or_later_history():
    assert messages(COUNT, [cell("", "61")], HISTORY[:1]) == []
    later = [("2025-Q2", Decimal(1)), ("2025-Q3", Decimal(1))]
    assert messages(COUNT, [cell("", "61")], later) == []
    assert messages(COUNT, [cell("", "60")], HISTORY) == []


@given(
    st.lists(st.integers(min_value=0, max_value=10**6), min_size=2, max_size=8),
    st.integers(min_value=0, max_value=10**7),
)
def test_it_calls_outliers_only_outside_a_third_to_three_times(history, value):
    values = [Decimal(v) for v in history]
    inside = min(values) <= value * 3 and value <= 3 * max(values)
    assert is_outlier(Decimal(value), values) is not inside


@given(
    st.dictionaries(
        st.from_regex(r"[a-z_]{1,8}", fullmatch=True),
        st.from_regex(r"[a-z0-9_]{1,8}", fullmatch=True),
        max_size=4,
    )
)
def test_it_round_trips_breakdowns(pairs):
    assert parse_breakdown(format_breakdown(pairs)) == pairs


def test_it_checks_annex_five_fields():
    assert check_entry(STORY, EntryFacts(rating="achieved", assessment="on_track")) == {}
    problems = check_entry(
        COUNT, EntryFacts(rating="achieved", assessment="maybe", budget_spent=Decimal("-1"))
    )
    assert problems == {
        "rating": "I1: only a qualitative indicator takes a rating.",
        "assessment": "I1: “maybe” is not an assessment.",
        "budget_spent": "I1: budget spent: the amount cannot be negative.",
    }


def test_it_checks_activity_updates():
    assert check_activity(ActivityFacts(code="2.1.1", state="ongoing", percent_done=40)) == {}
    assert check_activity(
        ActivityFacts(code="2.1.1", state="lost", percent_done=140, spent=Decimal("1.005"))
    ) == {
        "state": "Activity 2.1.1: choose a status.",
        "percent_done": "Activity 2.1.1: percent done is between 0 and 100.",
        "spent": "Activity 2.1.1: money spent: at most 2 decimal places.",
    }


def test_it_lists_what_a_report_lacks_before_submission():
    expected = [
        Expected(1, COUNT, ["2025-01", "2025-02"]),
        Expected(2, STORY, ["2025-Q1"]),
        Expected(3, PERCENT, ["2025-Q1"]),
    ]
    missing = missing_for_submission(expected, {(1, "2025-01")}, {3: EntryFacts(comment="n/a")})
    assert missing == {
        1: "I1: the total for 2025-02 is missing; enter it, or say in the comment why it is not "
        "available.",
        2: "Q1: give a rating, or say in the comment why there is none.",
    }
    complete = missing_for_submission(
        expected,
        {(1, "2025-01"), (1, "2025-02"), (3, "2025-Q1")},
        {2: EntryFacts(rating="achieved")},
    )
    assert complete == {}
