"""The coordinator's submission matrix, cell by cell: pure functions, no database.

A cell is one agency's report for one quarter. Its state comes from the report (or its absence),
the quarter's last day, the deadline and today:

- nothing to report: the agency has no indicator period ending and leads no activity running
  in the quarter, so no report is expected;
- not due: the quarter has not ended and nothing has been started;
- not started: the quarter has ended and there is no report (overdue once the deadline passed);
- draft, awaiting the agency's approval, submitted on time, submitted late, returned, accepted:
  the report's own status, with "on time" decided by the first submission's local date against
  the deadline.

Rates follow DHIS2's "reporting rate" and "reporting rate on time": completeness is the share of
expected reports received, timeliness the share of expected reports received by the deadline. A
report counts as *expected* once its deadline has passed — an agency is not behind before its
deadline — or as soon as it has been received (an early report counts at once, so a rate never
exceeds 100 %). *Received* means submitted at least once: a report returned for corrections, or
accepted and since reopened for a correction, stays received, and the first submission decides
whether it was on time. A report *awaiting the agency's approval* (its reporter sent it to the
agency's approver, who has not signed it off) has not reached the coordinator: it is not received
— overdue once its deadline passes — unless an earlier version or submission of the quarter was
(a report the coordinator returned and that is on its way back through the approver stays
received, like any returned report).
"""

import datetime
from dataclasses import dataclass
from typing import NamedTuple

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reporting.models import ReportStatus


class CellState(models.TextChoices):
    # A report's own status names its cell, except "submitted", split into on time and late;
    # the values are ReportStatus's so that `CellState(report.status)` maps the others.
    NOTHING_DUE = "nothing_due", _("Nothing to report")
    NOT_DUE = "not_due", _("Not due yet")
    NOT_STARTED = "not_started", _("Not started")
    DRAFT = ReportStatus.DRAFT.value, ReportStatus.DRAFT.label
    # Sent by the agency's reporter, waiting for the agency's approver: not yet submitted.
    AWAITING_APPROVAL = ReportStatus.AWAITING_APPROVAL.value, _("Awaiting agency approval")
    ON_TIME = "on_time", _("Submitted on time")
    LATE = "late", _("Submitted late")
    # Shorter than ReportStatus's "Returned with comments" to fit a matrix cell.
    RETURNED = ReportStatus.RETURNED.value, _("Returned")
    ACCEPTED = ReportStatus.ACCEPTED.value, ReportStatus.ACCEPTED.label


@dataclass(frozen=True)
class ReportFacts:
    """What the matrix needs of one agency's report for one quarter, all versions folded in:
    the current version's status and the moment the quarter's report was first received."""

    report_id: int
    status: str
    version: int
    received_at: datetime.datetime | None


class ReportVersion(NamedTuple):
    """One stored version of a quarter's report, as the selector reads it."""

    report_id: int
    status: str
    version: int
    first_submitted_at: datetime.datetime | None
    accepted_at: datetime.datetime | None


@dataclass(frozen=True)
class Cell:
    state: CellState
    due_on: datetime.date
    # Whether the report counts in the rates' denominator, was received, and received in time.
    expected: bool
    received: bool
    on_time: bool
    # Past the deadline and still not received: the cell the coordinator chases.
    overdue: bool
    report_id: int | None = None
    version: int = 1

    @property
    def label(self) -> str:
        return str(self.state.label)

    @property
    def is_published(self) -> bool:
        """Whether the current version is one every viewer may read (submitted or accepted)."""
        return self.state in (CellState.ON_TIME, CellState.LATE, CellState.ACCEPTED)


def due_date(quarter_end: datetime.date, deadline_days: int) -> datetime.date:
    """A quarter's report deadline: the one place this is computed (`Report.due_on` stores it)."""
    return quarter_end + datetime.timedelta(days=deadline_days)


def received_on_time(received_at: datetime.datetime | None, due_on: datetime.date) -> bool:
    """On time means received on or before the deadline day, in the instance's time zone."""
    return received_at is not None and timezone.localdate(received_at) <= due_on


def fold_versions(versions: list[ReportVersion]) -> ReportFacts | None:
    """One quarter's report from its versions, in any order: the newest version's status, and
    the earliest moment any version was submitted (or, for values a coordinator imported as
    accepted without a submission, accepted)."""
    if not versions:
        return None
    newest = max(versions, key=lambda row: row.version)
    moments = [
        moment
        for row in versions
        if (moment := row.first_submitted_at or row.accepted_at) is not None
    ]
    return ReportFacts(
        report_id=newest.report_id,
        status=newest.status,
        version=newest.version,
        received_at=min(moments) if moments else None,
    )


def cell_state(
    *,
    facts: ReportFacts | None,
    expected: bool,
    quarter_end: datetime.date,
    due_on: datetime.date,
    today: datetime.date,
) -> Cell:
    """The state of one agency's report for one quarter on `today`. `expected` says whether
    the agency has anything to report in the quarter at all."""
    if facts is None:
        return _missing_cell(expected=expected, quarter_end=quarter_end, due_on=due_on, today=today)
    received = facts.received_at is not None
    on_time = received_on_time(facts.received_at, due_on)
    return Cell(
        state=_report_state(facts.status, on_time=on_time),
        due_on=due_on,
        expected=expected and (received or today > due_on),
        received=received,
        on_time=on_time,
        overdue=not received and today > due_on,
        report_id=facts.report_id,
        version=facts.version,
    )


def _missing_cell(
    *, expected: bool, quarter_end: datetime.date, due_on: datetime.date, today: datetime.date
) -> Cell:
    if not expected:
        state = CellState.NOTHING_DUE
    elif today <= quarter_end:
        state = CellState.NOT_DUE
    else:
        state = CellState.NOT_STARTED
    late = expected and today > due_on
    return Cell(
        state=state,
        due_on=due_on,
        expected=late,
        received=False,
        on_time=False,
        overdue=late,
    )


def _report_state(status: str, *, on_time: bool) -> CellState:
    if status == ReportStatus.SUBMITTED:
        return CellState.ON_TIME if on_time else CellState.LATE
    return CellState(status)


@dataclass
class Rates:
    """Completeness and timeliness over a set of cells (a row, an area, the country)."""

    expected: int = 0
    received: int = 0
    on_time: int = 0

    def add(self, cell: Cell) -> None:
        if cell.expected:
            self.expected += 1
            self.received += cell.received
            self.on_time += cell.on_time

    def merge(self, other: "Rates") -> None:
        self.expected += other.expected
        self.received += other.received
        self.on_time += other.on_time

    @property
    def completeness(self) -> float | None:
        """Share of expected reports received, 0–1; None when nothing is expected yet."""
        return self.received / self.expected if self.expected else None

    @property
    def timeliness(self) -> float | None:
        """Share of expected reports received by their deadline, 0–1."""
        return self.on_time / self.expected if self.expected else None

    @property
    def completeness_percent(self) -> int | None:
        return _percent(self.received, self.expected)

    @property
    def timeliness_percent(self) -> int | None:
        return _percent(self.on_time, self.expected)


def _percent(part: int, whole: int) -> int | None:
    # Rounded down so that 199 of 200 never reads as a complete 100 %.
    return part * 100 // whole if whole else None


def rates_of(cells: list[Cell]) -> Rates:
    rates = Rates()
    for cell in cells:
        rates.add(cell)
    return rates
