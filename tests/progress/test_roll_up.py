"""`progress.selectors.roll_up`: counts and shares by status per objective (an indicator counts
for its objective and every ancestor, also through an activity), strategic area, responsible
agency and the whole plan."""

import dataclasses
import datetime
from decimal import Decimal

import pytest

from progress.engine import Status
from progress.selectors import StatusCounts, indicator_progress, roll_up
from tests import factories
from tipmonitor.lib.reporting_periods import parse_period_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(agency_a, agency_b):
    """Area P: objective 1 > 1.1 > 1.1.1, an activity under 1; area Q: objective 2."""
    plan = factories.PlanFactory.create(
        starts_on=datetime.date(2025, 1, 1), ends_on=datetime.date(2025, 12, 31)
    )
    area_p = factories.AreaFactory.create(plan=plan, code="P")
    area_q = factories.AreaFactory.create(plan=plan, code="Q")
    top = factories.ObjectiveFactory.create(area=area_p, code="1")
    middle = factories.ObjectiveFactory.create(area=area_p, parent=top, code="1.1")
    leaf = factories.ObjectiveFactory.create(area=area_p, parent=middle, code="1.1.1")
    other = factories.ObjectiveFactory.create(area=area_q, code="2")
    activity = factories.ActivityFactory.create(objective=top, code="A1", lead_agency=agency_a)
    statuses = {
        "I-LEAF": (leaf, None, [agency_a], Status.ACHIEVED),
        "I-MIDDLE": (middle, None, [agency_a, agency_b], Status.OFF_TRACK),
        "I-ACT": (None, activity, [agency_b], Status.NO_DATA),
        "I-OTHER": (other, None, [agency_b], Status.ON_TRACK),
    }
    for code, (objective, on_activity, agencies, _status) in statuses.items():
        factories.IndicatorFactory.create(
            plan=plan, objective=objective, activity=on_activity, code=code, responsible=agencies
        )
    rows = [
        dataclasses.replace(row, status=statuses[row.indicator.code][3])
        for row in indicator_progress(plan, as_of=parse_period_code("2025-Q4"))
    ]
    return plan, rows, {o.code: o for o in (top, middle, leaf, other)}, (area_p, area_q)


def _counts(groups: dict, key) -> dict[Status, int]:
    return {status: n for status, n in groups[key].counts.items() if n}


def test_it_rolls_objectives_up_through_their_ancestors(tree):
    _plan, rows, objectives, _areas = tree

    groups = roll_up(rows, by="objective")

    assert set(groups) == set(objectives.values())
    assert _counts(groups, objectives["1.1.1"]) == {Status.ACHIEVED: 1}
    assert _counts(groups, objectives["1.1"]) == {Status.ACHIEVED: 1, Status.OFF_TRACK: 1}
    assert _counts(groups, objectives["1"]) == {
        Status.ACHIEVED: 1,
        Status.OFF_TRACK: 1,
        Status.NO_DATA: 1,
    }
    assert groups[objectives["1"]].total == 3
    assert _counts(groups, objectives["2"]) == {Status.ON_TRACK: 1}


def test_it_rolls_up_by_area_agency_and_plan(tree, agency_a, agency_b):
    plan, rows, _objectives, (area_p, area_q) = tree

    by_area = roll_up(rows, by="area")
    by_agency = roll_up(rows, by="agency")
    by_plan = roll_up(rows, by="plan")

    assert by_area[area_p].total == 3
    assert _counts(by_area, area_q) == {Status.ON_TRACK: 1}
    assert _counts(by_agency, agency_a) == {Status.ACHIEVED: 1, Status.OFF_TRACK: 1}
    assert _counts(by_agency, agency_b) == {
        Status.OFF_TRACK: 1,
        Status.NO_DATA: 1,
        Status.ON_TRACK: 1,
    }
    assert list(by_plan) == [plan]
    assert by_plan[plan].total == 4
    assert by_plan[plan].shares[Status.OFF_TRACK] == Decimal("0.25")
    assert by_plan[plan].shares[Status.AT_RISK] == 0


def test_it_counts_every_status_even_when_none_has_it():
    empty = StatusCounts()

    assert set(empty.counts) == set(Status)
    assert empty.total == 0
    assert set(empty.shares.values()) == {Decimal(0)}


def test_it_needs_at_most_one_query(tree, django_assert_max_num_queries):
    _plan, rows, _objectives, _areas = tree

    for by in ("objective", "area", "agency"):
        with django_assert_max_num_queries(1):
            roll_up(rows, by=by)
    with django_assert_max_num_queries(0):
        roll_up(rows, by="plan")


def test_it_refuses_an_unknown_grouping(tree):
    with pytest.raises(ValueError, match="indicator"):
        roll_up(tree[1], by="indicator")
