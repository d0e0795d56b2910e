"""`reporting.disclosure`: the rule for values counting victims (issue 10 #4), pure parts."""

import itertools
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reporting.disclosure import is_small, protect_breakdowns, publishable_points


def _d(*values: int | None) -> list[Decimal | None]:
    return [None if v is None else Decimal(v) for v in values]


def test_it_withholds_the_points_that_give_a_small_count_away_by_difference():
    flags = publishable_points([_d(49, 50, 51, 52, 56, 70, 75)])

    assert flags == [True, False, False, False, False, True, False]


def test_it_withholds_small_values_and_periods_without_one():
    # A zero names nobody, and lies far from 30 and 45.
    assert publishable_points([_d(5, 30, None, 45, 0)]) == [False, True, False, True, True]


def test_it_checks_every_series_shown_together():
    # National 40 then 58 (18 apart), but the other agencies' part 20 then 23: 3 apart.
    assert publishable_points([_d(40, 58)]) == [True, True]
    assert publishable_points([_d(40, 58), _d(20, 23)]) == [True, False]


def test_it_keeps_away_from_values_published_elsewhere():
    assert publishable_points([_d(52)], known=[Decimal(49)]) == [False]


@given(st.lists(st.one_of(st.none(), st.integers(0, 200)), max_size=12))
def test_it_never_publishes_a_small_value_or_difference(values):
    series = _d(*values)
    flags = publishable_points([series])
    published = [v for v, ok in zip(series, flags, strict=True) if ok]
    assert not any(is_small(v) for v in published)
    assert not any(is_small(a - b) for a, b in itertools.combinations(published, 2))
    # Whether a point is published depends only on the points before it.
    for k in range(len(series)):
        assert publishable_points([series[:k]]) == flags[:k]


def test_it_protects_breakdowns_sharing_their_total():
    cells = {
        "sex": {"female": Decimal(12), "male": Decimal(28)},
        "age": {"child": Decimal(2), "adult": Decimal(38)},
    }

    shown = protect_breakdowns(Decimal(40), cells)

    assert shown["sex"] == {"female": 12, "male": 28}
    # Child 2 is small; adult 38 would give it back from the total.
    assert shown["age"] == {"child": None, "adult": None}


def test_it_counts_categories_not_given_as_a_rest_that_must_not_be_derived():
    # 40 − 12 − 25 = 3 others: publishing both would give them away.
    shown = protect_breakdowns(Decimal(40), {"sex": {"female": Decimal(12), "male": Decimal(25)}})

    assert shown == {"sex": {"female": None, "male": 25}}


@pytest.mark.parametrize(
    ("total", "cells"),
    [
        (None, {"sex": {"female": Decimal(12)}}),
        (Decimal(40), {"sex": {"female": Decimal(30), "male": Decimal(30)}}),
        (Decimal("40.5"), {"sex": {"female": Decimal(12)}}),
        (Decimal(5), {"sex": {"female": Decimal(5)}}),
    ],
)
def test_it_withholds_every_category_when_the_total_cannot_anchor_them(total, cells):
    shown = protect_breakdowns(total, cells)

    assert all(value is None for by in shown.values() for value in by.values())
