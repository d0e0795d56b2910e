"""`progress.selectors.indicator_progress`: every indicator of a plan judged at a date from the
totals of the current accepted reports (also submitted ones in the provisional view), combined
across agencies and over time the way each indicator says, in a fixed number of queries."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plans.models import (
    AgencyAggregation,
    Direction,
    Frequency,
    IndicatorType,
    TimeAggregation,
)
from progress.engine import Status
from progress.selectors import IndicatorProgress, indicator_progress
from reporting.models import ReportStatus
from reporting.services import EntryInput
from tests import factories
from tests.progress.progress_data import file_report, import_values
from tests.reporting.core_data import dimension
from tipmonitor.lib.reporting_periods import parse_period_code

pytestmark = pytest.mark.django_db

Q4 = parse_period_code("2025-Q4")


@pytest.fixture
def agency_c(db):
    return factories.AgencyFactory.create(code="LAB", name="Labour Inspectorate")


@pytest.fixture
def plan():
    return factories.PlanFactory.create(
        code="NAP-P", starts_on=datetime.date(2025, 1, 1), ends_on=datetime.date(2025, 12, 31)
    )


@pytest.fixture
def objective(plan):
    return factories.ObjectiveFactory.create(area=factories.AreaFactory.create(plan=plan))


def _indicator(objective, code, agencies, baseline, end, **fields):
    return factories.IndicatorFactory.create(
        objective=objective,
        code=code,
        responsible=agencies,
        baseline=Decimal(baseline),
        midterm_target=None,
        end_target=Decimal(end),
        **fields,
    )


@pytest.fixture
def world(plan, objective, agency_a, agency_b, agency_c, coordinator):
    """N1: a count all three agencies add to (C's last quarter only submitted); D1: a share to
    bring down, the latest quarter averaged across agencies; R1: the highest agency's latest
    value; X1: its last quarter missing; V1: a total with a breakdown by sex; M1: monthly."""
    _indicator(objective, "N1", [agency_a, agency_b, agency_c], "0", "100")
    _indicator(
        objective,
        "D1",
        [agency_a, agency_b],
        "40",
        "20",
        type=IndicatorType.PERCENTAGE,
        direction=Direction.DECREASE,
    )
    _indicator(
        objective,
        "R1",
        [agency_a, agency_b],
        "0",
        "10",
        time_aggregation=TimeAggregation.LATEST,
        agency_aggregation=AgencyAggregation.MAX,
    )
    _indicator(objective, "X1", [agency_a], "0", "100")
    by_sex = _indicator(objective, "V1", [agency_a], "0", "20")
    by_sex.dimensions.set([dimension("sex", "Sex", ["female", "male"])])
    _indicator(objective, "M1", [agency_a], "0", "12", frequency=Frequency.MONTHLY)
    quarters = ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]
    import_values(
        plan,
        coordinator,
        [("N1", q, "POL", "10") for q in quarters]
        + [("N1", q, "NGO1", "8") for q in quarters]
        + [("N1", q, "LAB", "4") for q in quarters[:3]]
        + [("D1", "2025-Q3", "POL", "35"), ("D1", "2025-Q3", "NGO1", "35")]
        + [("D1", "2025-Q4", "POL", "21"), ("D1", "2025-Q4", "NGO1", "23")]
        + [("R1", "2025-Q4", "POL", "6"), ("R1", "2025-Q4", "NGO1", "9")]
        + [("X1", q, "POL", "5") for q in quarters[:3]]
        + [("V1", "2025-Q4", "POL", "10")]
        + [("M1", f"2025-{month:02d}", "POL", "1") for month in range(1, 6)],
        breakdowns=[
            ("V1", "2025-Q4", "POL", "6", {"sex": "female"}),
            ("V1", "2025-Q4", "POL", "4", {"sex": "male"}),
        ],
    )
    import_values(
        plan, coordinator, [("N1", "2025-Q4", "LAB", "16")], status=ReportStatus.SUBMITTED
    )


def _by_code(rows: list[IndicatorProgress]) -> dict[str, IndicatorProgress]:
    return {row.indicator.code: row for row in rows}


def _summary(row: IndicatorProgress) -> tuple:
    return (row.actual, row.expected, row.progress, row.status, row.latest_period)


def test_it_judges_every_indicator_on_accepted_totals(plan, world):
    rows = _by_code(indicator_progress(plan, as_of=Q4))

    assert [row.indicator.code for row in indicator_progress(plan, as_of=Q4)] == [
        "N1",
        "D1",
        "R1",
        "X1",
        "V1",
        "M1",
    ]
    # 4 × 10 + 4 × 8 + 3 × 4: the submitted quarter of LAB does not count yet.
    assert _summary(rows["N1"]) == (84, 100, Decimal("0.84"), Status.AT_RISK, "2025-Q4")
    # Latest quarter, averaged: (21 + 23) / 2 = 22, and 40 → 22 of 40 → 20 is 0.9 of the way.
    assert _summary(rows["D1"]) == (22, 20, Decimal("0.9"), Status.ON_TRACK, "2025-Q4")
    # The highest agency's value (9), not the sum (15) nor the average (7.5).
    assert _summary(rows["R1"]) == (9, 10, Decimal("0.9"), Status.ON_TRACK, "2025-Q4")
    assert rows["N1"].end_target == 100
    assert rows["N1"].rating is None


def test_it_counts_only_the_totals_not_the_breakdowns(plan, world):
    row = _by_code(indicator_progress(plan, as_of=Q4))["V1"]

    assert _summary(row) == (10, 20, Decimal("0.5"), Status.OFF_TRACK, "2025-Q4")


def test_it_says_no_data_when_the_latest_due_period_has_no_value(plan, world):
    rows = _by_code(indicator_progress(plan, as_of=Q4))

    assert rows["X1"].status == Status.NO_DATA
    assert rows["X1"].actual == 15
    assert rows["X1"].latest_period == "2025-Q3"
    # Monthly: December is due and missing.
    assert rows["M1"].status == Status.NO_DATA


def test_it_takes_the_periods_due_by_a_date_inside_a_quarter(plan, world):
    rows = _by_code(indicator_progress(plan, as_of=datetime.date(2025, 5, 31)))

    # January to May are reported, and May is the latest month due.
    assert rows["M1"].actual == 5
    assert rows["M1"].latest_period == "2025-05"
    assert rows["M1"].status != Status.NO_DATA
    # Q2 is not over: Q1 is the latest quarter due.
    assert rows["N1"].actual == 10 + 8 + 4
    assert rows["N1"].latest_period == "2025-Q1"
    assert rows["N1"].status != Status.NO_DATA


def test_it_follows_the_expected_line_during_the_plan(plan, world):
    row = _by_code(indicator_progress(plan, as_of=parse_period_code("2025-Q2")))["N1"]

    # From 0 on 1 January to 100 on 31 December, by days: 180 of 364 days on 30 June.
    assert abs(row.expected - Decimal(100) * 180 / 364) < Decimal("0.0001")
    assert row.actual == 2 * (10 + 8 + 4)
    assert abs(row.progress - row.actual / row.expected) < Decimal("0.0001")
    assert row.status == Status.AT_RISK


def test_it_counts_submitted_values_in_the_provisional_view(plan, world):
    row = _by_code(indicator_progress(plan, as_of=Q4, provisional=True))["N1"]

    assert row.actual == 100
    assert row.status == Status.ACHIEVED


def test_it_counts_only_the_current_version_of_a_corrected_report(plan, world, coordinator):
    import_values(plan, coordinator, [("X1", "2025-Q3", "POL", "25")])

    row = _by_code(indicator_progress(plan, as_of=parse_period_code("2025-Q3")))["X1"]

    assert row.actual == 5 + 5 + 25
    assert row.status != Status.NO_DATA


def test_it_judges_an_agencys_indicators_on_its_own_values(plan, world, agency_b):
    rows = _by_code(indicator_progress(plan, as_of=Q4, agency=agency_b))

    assert list(rows) == ["N1", "D1", "R1"]
    assert _summary(rows["N1"]) == (32, 100, Decimal("0.32"), Status.OFF_TRACK, "2025-Q4")
    assert rows["D1"].actual == 23
    assert rows["D1"].progress == Decimal("0.85")
    assert rows["D1"].status == Status.AT_RISK


def test_it_says_no_data_before_anything_is_reported(plan, objective, agency_a):
    _indicator(objective, "E1", [agency_a], "0", "10")

    (row,) = indicator_progress(plan, as_of=Q4)

    assert (row.actual, row.status, row.latest_period) == (None, Status.NO_DATA, None)
    assert row.expected == 10


def test_it_rates_a_qualitative_indicator_by_the_lowest_accepted_rating(
    plan, objective, agency_a, agency_b, reporter_a, reporter_b, coordinator
):
    story = _indicator(
        objective,
        "Q1",
        [agency_a, agency_b],
        "0",
        "0",
        type=IndicatorType.QUALITATIVE,
        frequency=Frequency.SEMIANNUAL,
    )
    file_report(
        plan,
        reporter_a,
        "2025-Q2",
        entries=[EntryInput(indicator_id=story.pk, rating="achieved")],
        accept_by=coordinator,
    )
    file_report(
        plan,
        reporter_b,
        "2025-Q2",
        entries=[EntryInput(indicator_id=story.pk, rating="partly_achieved")],
    )

    (accepted,) = indicator_progress(plan, as_of=parse_period_code("2025-Q3"))
    (provisional,) = indicator_progress(plan, as_of=parse_period_code("2025-Q3"), provisional=True)
    (later,) = indicator_progress(plan, as_of=Q4, provisional=True)

    assert (accepted.rating, accepted.status, accepted.latest_period) == (
        "achieved",
        Status.ACHIEVED,
        "2025-S1",
    )
    assert (provisional.rating, provisional.status) == ("partly_achieved", Status.AT_RISK)
    assert provisional.actual is None
    assert provisional.progress is None
    # The second half-year is due and nobody has rated it.
    assert (later.rating, later.status, later.latest_period) == (None, Status.NO_DATA, None)


def _grow(plan, objective, agencies, coordinator, count: int) -> None:
    """`count` more indicators, each with a value of every agency in every quarter."""
    first = plan.indicators.count()
    codes = [f"G{n}" for n in range(first, first + count)]
    for code in codes:
        _indicator(objective, code, agencies, "0", "100")
    quarters = ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]
    import_values(
        plan,
        coordinator,
        [(code, q, agency.code, "3") for code in codes for q in quarters for agency in agencies],
    )


def test_it_needs_the_same_queries_however_many_indicators_and_values(
    plan, objective, agency_a, agency_b, reporter_a, coordinator, django_assert_num_queries
):
    story = _indicator(
        objective,
        "Q1",
        [agency_a],
        "0",
        "0",
        type=IndicatorType.QUALITATIVE,
        frequency=Frequency.SEMIANNUAL,
    )
    _grow(plan, objective, [agency_a, agency_b], coordinator, 2)
    with CaptureQueriesContext(connection) as small:
        assert len(indicator_progress(plan, as_of=Q4)) == 3
    _grow(plan, objective, [agency_a, agency_b], coordinator, 25)
    for indicator in plan.indicators.exclude(pk=story.pk)[:10]:
        indicator.milestones.create(year=2025, target=Decimal("50"))

    with django_assert_num_queries(len(small.captured_queries)):
        rows = indicator_progress(plan, as_of=Q4)

    assert len(rows) == 28
    assert sum(row.actual == 24 for row in rows) == 27
