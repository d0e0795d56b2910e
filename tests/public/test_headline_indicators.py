"""`public.selectors`: which quarter the public figures are as of, and the headline indicators
and trends judged on accepted values only, agreeing with the progress engine."""

import datetime
from decimal import Decimal

import pytest

from progress.selectors import indicator_progress
from public.selectors import as_of_quarter, headline_indicators, headline_trends
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan_2025(db):
    return factories.PlanFactory.build(
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
        report_deadline_days=15,
    )


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (datetime.date(2025, 4, 15), None),  # 2025-Q1 is due on 15 April: not past yet
        (datetime.date(2025, 4, 16), "2025-Q1"),
        (datetime.date(2025, 10, 15), "2025-Q2"),
        (datetime.date(2025, 10, 16), "2025-Q3"),
        (datetime.date(2024, 6, 1), None),  # before the plan
        (datetime.date(2027, 1, 15), "2026-Q3"),  # the last quarter's deadline not yet past
        (datetime.date(2030, 1, 1), "2026-Q4"),  # after the plan: its last quarter
    ],
)
def test_it_takes_the_latest_quarter_whose_deadline_has_passed(plan_2025, today, expected):
    quarter = as_of_quarter(plan_2025, today)

    assert (quarter.code if quarter else None) == expected


def test_it_follows_the_plans_own_deadline(plan_2025):
    plan_2025.report_deadline_days = 45

    assert as_of_quarter(plan_2025, datetime.date(2025, 5, 15)) is None
    assert as_of_quarter(plan_2025, datetime.date(2025, 5, 16)).code == "2025-Q1"


def test_it_judges_the_headline_indicators_as_the_engine_does(world):
    shown = headline_indicators(world.plan, today=datetime.date(2025, 10, 16))

    assert shown.as_of.code == "2025-Q3"
    engine_rows = {
        row.indicator.pk: row
        for row in indicator_progress(world.plan, as_of=shown.as_of, provisional=False)
    }
    assert [row.indicator.code for row in shown.rows] == ["H-1", "H-2"]
    for row in shown.rows:
        assert (row.actual, row.status) == (
            engine_rows[row.indicator.pk].actual,
            engine_rows[row.indicator.pk].status,
        )
    assert shown.rows[0].actual == Decimal(30)


def test_it_ends_the_trend_at_the_actual_and_expected_the_page_shows(world):
    shown = headline_indicators(world.plan, today=datetime.date(2025, 10, 16))

    trends = headline_trends(world.plan, shown)

    assert set(trends) == {world.headline.pk}  # the qualitative one has no line
    points = trends[world.headline.pk]
    assert (points[0].period, points[-1].period, len(points)) == ("2024-Q1", "2025-Q3", 7)
    last = points[-1]
    assert (last.actual, last.expected) == (shown.rows[0].actual, shown.rows[0].expected)
    assert points[3].actual is None  # 2024-Q4 was only submitted, never accepted


def test_it_has_no_trend_before_any_quarter_is_due(world):
    shown = headline_indicators(world.plan, today=datetime.date(2024, 1, 2))

    assert (shown.as_of, shown.rows, headline_trends(world.plan, shown)) == (None, [], {})
