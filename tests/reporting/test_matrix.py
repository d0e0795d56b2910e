"""The matrix's cell states and rates, worked by hand on one quarter.

Q1 2025 ends on 31 March; with the default 15 days the report is due on 15 April."""

import datetime
from datetime import UTC

import pytest

from reporting.matrix import (
    Cell,
    CellState,
    Rates,
    ReportFacts,
    ReportVersion,
    cell_state,
    due_date,
    fold_versions,
    rates_of,
    received_on_time,
)
from reporting.models import ReportStatus

QUARTER_END = datetime.date(2025, 3, 31)
DUE = datetime.date(2025, 4, 15)


def moment(day: int, month: int = 4, hour: int = 12) -> datetime.datetime:
    return datetime.datetime(2025, month, day, hour, tzinfo=UTC)


def state(facts: ReportFacts | None, today: datetime.date, *, expected: bool = True) -> Cell:
    return cell_state(
        facts=facts, expected=expected, quarter_end=QUARTER_END, due_on=DUE, today=today
    )


def facts(status: str, received_at: datetime.datetime | None, version: int = 1) -> ReportFacts:
    return ReportFacts(report_id=7, status=status, version=version, received_at=received_at)


def test_it_puts_the_deadline_the_plans_days_after_the_quarter():
    assert due_date(QUARTER_END, 15) == DUE
    assert due_date(datetime.date(2024, 12, 31), 31) == datetime.date(2025, 1, 31)


@pytest.mark.parametrize(
    ("today", "expected_state", "overdue", "counted"),
    [
        (datetime.date(2025, 3, 31), CellState.NOT_DUE, False, False),
        (datetime.date(2025, 4, 1), CellState.NOT_STARTED, False, False),
        (DUE, CellState.NOT_STARTED, False, False),
        (datetime.date(2025, 4, 16), CellState.NOT_STARTED, True, True),
    ],
)
def test_it_says_not_due_then_not_started_then_overdue_when_no_report_exists(
    today, expected_state, overdue, counted
):
    cell = state(None, today)
    assert cell.state == expected_state
    assert cell.overdue is overdue
    assert cell.expected is counted
    assert cell.received is False


def test_it_expects_nothing_from_an_agency_with_nothing_to_report():
    cell = state(None, datetime.date(2025, 6, 1), expected=False)
    assert cell.state == CellState.NOTHING_DUE
    assert (cell.expected, cell.overdue) == (False, False)


def test_it_shows_a_draft_as_draft_and_overdue_after_the_deadline():
    before = state(facts(ReportStatus.DRAFT, None), datetime.date(2025, 4, 10))
    after = state(facts(ReportStatus.DRAFT, None), datetime.date(2025, 4, 20))
    assert before.state == after.state == CellState.DRAFT
    assert (before.overdue, before.expected) == (False, False)
    assert (after.overdue, after.expected, after.received) == (True, True, False)
    assert after.report_id == 7


def test_it_decides_on_time_by_the_first_submissions_local_date():
    on_deadline = state(
        facts(ReportStatus.SUBMITTED, moment(15, hour=23)), datetime.date(2025, 5, 1)
    )
    late = state(facts(ReportStatus.SUBMITTED, moment(16, hour=0)), datetime.date(2025, 5, 1))
    assert on_deadline.state == CellState.ON_TIME
    assert late.state == CellState.LATE
    assert (on_deadline.on_time, late.on_time) == (True, False)
    assert on_deadline.received
    assert late.received


@pytest.mark.parametrize(
    ("zone", "on_time"),
    [("UTC", True), ("Asia/Yerevan", False), ("America/New_York", True)],
)
def test_it_reads_the_deadline_day_in_the_instances_time_zone(settings, zone, on_time):
    # 22:00 UTC on the 15th is already the 16th in Yerevan (UTC+4).
    settings.TIME_ZONE = zone
    assert received_on_time(moment(15, hour=22), DUE) is on_time


def test_it_counts_an_early_report_at_once_even_before_the_quarter_ends():
    cell = state(facts(ReportStatus.SUBMITTED, moment(28, month=3)), datetime.date(2025, 3, 30))
    assert cell.state == CellState.ON_TIME
    assert (cell.expected, cell.received, cell.on_time) == (True, True, True)


@pytest.mark.parametrize(
    ("status", "expected_state"),
    [(ReportStatus.RETURNED, CellState.RETURNED), (ReportStatus.ACCEPTED, CellState.ACCEPTED)],
)
def test_it_keeps_returned_and_accepted_reports_received_with_their_timeliness(
    status, expected_state
):
    on_time = state(facts(status, moment(14)), datetime.date(2025, 6, 1))
    late = state(facts(status, moment(20)), datetime.date(2025, 6, 1))
    assert on_time.state == late.state == expected_state
    assert (on_time.received, on_time.on_time) == (True, True)
    assert (late.received, late.on_time) == (True, False)
    assert not late.overdue


def test_it_folds_versions_into_the_newest_status_and_the_first_receipt():
    versions = [
        ReportVersion(2, ReportStatus.DRAFT, 2, None, None),
        ReportVersion(1, ReportStatus.ACCEPTED, 1, moment(20), moment(25)),
    ]
    folded = fold_versions(versions)
    assert folded == ReportFacts(
        report_id=2, status=ReportStatus.DRAFT, version=2, received_at=moment(20)
    )
    # A correction in progress is still a received (late) report, not an overdue draft.
    cell = state(folded, datetime.date(2025, 6, 1))
    assert cell.state == CellState.DRAFT
    assert (cell.received, cell.on_time, cell.overdue, cell.version) == (True, False, False, 2)


def test_it_takes_the_acceptance_as_receipt_for_imported_values_never_submitted():
    folded = fold_versions([ReportVersion(3, ReportStatus.ACCEPTED, 1, None, moment(10))])
    assert folded is not None
    assert folded.received_at == moment(10)
    assert fold_versions([]) is None


def test_it_computes_completeness_and_timeliness_over_expected_reports_only():
    today = datetime.date(2025, 6, 1)
    cells = [
        state(facts(ReportStatus.ACCEPTED, moment(10)), today),  # on time
        state(facts(ReportStatus.SUBMITTED, moment(20)), today),  # late
        state(facts(ReportStatus.DRAFT, None), today),  # overdue
        state(None, today),  # overdue
        state(None, today, expected=False),  # nothing to report: not counted
    ]
    rates = rates_of(cells)
    assert (rates.expected, rates.received, rates.on_time) == (4, 2, 1)
    assert rates.completeness == 0.5
    assert rates.timeliness == 0.25
    assert (rates.completeness_percent, rates.timeliness_percent) == (50, 25)


def test_it_has_no_rate_when_nothing_is_expected_and_rounds_percentages_down():
    assert Rates().completeness is None
    assert Rates().timeliness_percent is None
    rates = Rates(expected=3, received=2, on_time=2)
    assert rates.completeness_percent == 66
    total = Rates(expected=1, received=1, on_time=0)
    total.merge(rates)
    assert (total.expected, total.received, total.on_time) == (4, 3, 2)


@pytest.mark.parametrize("status", [s for s in ReportStatus if s != ReportStatus.SUBMITTED])
def test_it_names_every_other_report_status_by_its_own_cell_state(status):
    # A status added to ReportStatus without a cell state would fail here, not on the matrix page.
    assert state(facts(status, moment(10)), datetime.date(2025, 5, 1)).state == CellState(status)
    assert CellState(status).value == status.value
