"""When the demo's reports were sent, returned and accepted: a plausible calendar for a history
that the services record in a few seconds at load time.

`history.history_load` goes through the services (a draft opened with the activities'
statuses, the agencies' values imported as submitted, some returned by the coordinator with a
comment and sent again, all then accepted), so every report carries the events and fields a
real one does; they are all stamped with the moment of loading. `history_date` then moves each
report's events onto a calendar around its deadline and every other moment the services wrote
(first submitted, submitted, approved, accepted, created, updated, values entered) along with
the event that followed it, so the report's record stays in order and the submission matrix, the
progress pages and the annual report read real timeliness.

Each report's fate depends only on its agency and quarter (`fate_of`): most are sent in the
days before the deadline, a few agencies are in the habit of sending some quarters late (three
days to four weeks after it), and about one report in nine is returned once. A report that goes
through its agency's approver reaches the coordinator when it is approved: the approval is the
moment its fate gives, and the reporter sent it for approval hours before (a day more when the
approver sent it back once). Nothing is placed
in the future: a moment that would be is pulled back before `now`, keeping the order.
"""

import bisect
import datetime
import zlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from django.db import transaction
from django.utils import timezone

from plans.models import Plan
from reporting.models import EventKind, IndicatorValue, Report, ReportEvent

# The moments a report's services wrote, besides its events' own.
REPORT_MOMENTS = (
    "created_at",
    "updated_at",
    "first_submitted_at",
    "submitted_at",
    "approved_at",
    "accepted_at",
)
SENT = (EventKind.IMPORTED, EventKind.SUBMITTED)
HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)
MINUTE = datetime.timedelta(minutes=1)
# From one step of preparing a report to the next, before it is sent (opened, statuses saved).
DRAFTING = datetime.timedelta(minutes=20)
Row = TypeVar("Row", ReportEvent, IndicatorValue)


@dataclass(frozen=True)
class Fate:
    """How one quarter's report went: first sent `offset_days` after its deadline (negative:
    before it), returned once or not, and the coordinator's pace."""

    offset_days: int
    returned: bool
    hour: int  # of the working day the agency sent it
    review_days: int  # from a (re)submission to the coordinator's answer
    review_hours: int  # and the hours on top
    rework_days: int  # from a return to the agency's resubmission
    # For an agency whose approver signs its reports off: sent back once before the approval,
    # and the hours from each sending for approval to the approver's answer.
    sent_back: bool = False
    approval_hours: int = 4

    @property
    def approval_wait(self) -> datetime.timedelta:
        return self.approval_hours * HOUR

    @property
    def late(self) -> bool:
        return self.offset_days > 0


def fate_of(agency_code: str, quarter: str) -> Fate:
    """The same fate for the same agency and quarter on every load."""
    draw = zlib.crc32(f"{agency_code} {quarter}".encode())
    # A quarter of the agencies are often late; any agency may be, now and then.
    habitually_late = zlib.crc32(agency_code.encode()) % 4 == 1
    late = (habitually_late and draw % 3 == 0) or draw % 23 == 0
    offset = 3 + (draw // 7) % 26 if late else -(1 + (draw // 7) % 10)
    return Fate(
        offset_days=offset,
        returned=draw % 9 == 3,
        hour=9 + (draw // 11) % 8,
        review_days=1 + (draw // 13) % 6,
        review_hours=1 + (draw // 19) % 5,
        rework_days=2 + (draw // 17) % 6,
        sent_back=draw % 5 == 2,
        approval_hours=2 + (draw // 23) % 22,
    )


def first_sent(fate: Fate, due_on: datetime.date) -> datetime.datetime:
    """The moment of the first submission, in the instance's time zone (on time is judged by
    the local date against the deadline)."""
    day = due_on + datetime.timedelta(days=fate.offset_days)
    moment = datetime.datetime.combine(day, datetime.time(fate.hour, (fate.hour * 7) % 60))
    return timezone.make_aware(moment)


def event_moments(kinds: list[str], fate: Fate, due_on: datetime.date) -> list[datetime.datetime]:
    """The calendar moment of each event of one quarter's report, all versions, in the order
    they were recorded: its first arrival at the coordinator (a submission, an import as
    submitted, or the agency approver's approval) on its fate's day, and what led to it before
    (the draft's opening and saves in the same sitting; a sending for approval the approver's
    wait earlier; a sending back a day before the reporter sent it again); a return and an
    acceptance after the coordinator's review; a resubmission after the agency's rework; an
    approval after the approver's wait; a correction opened a few days after acceptance and
    worked through within a day."""
    drafted = next((index for index in range(len(kinds)) if _arrives(kinds, index)), 0)
    moments = _lead_in(kinds[:drafted], fate, first_sent(fate, due_on))
    for index in range(drafted, len(kinds)):
        kind = kinds[index]
        previous = moments[-1] if moments else None
        if previous is None or index == drafted:
            moment = first_sent(fate, due_on)
        elif kind in (EventKind.RETURNED, EventKind.ACCEPTED):
            moment = previous + fate.review_days * DAY + fate.review_hours * HOUR
        elif kind in (EventKind.APPROVED, EventKind.SENT_BACK):
            moment = previous + fate.approval_wait
        elif kind in SENT and _after(kinds, index, EventKind.RETURNED):
            moment = previous + fate.rework_days * DAY
        elif _after(kinds, index, EventKind.SENT_BACK):
            moment = previous + DAY
        elif kind == EventKind.CORRECTION:
            moment = previous + 3 * DAY
        elif _same_step(kinds, index):
            moment = previous + MINUTE
        else:  # a save or submission within the same piece of work
            moment = previous + HOUR
        moments.append(moment if previous is None else max(moment, previous + MINUTE))
    return moments


def _arrives(kinds: list[str], index: int) -> bool:
    """Whether the event at `index` brings the report to the coordinator: an approval, a
    submission that is not an approval's, an import not sent for approval."""
    kind = kinds[index]
    if kind == EventKind.APPROVED:
        return True
    if kind == EventKind.SUBMITTED:
        return not _after(kinds, index, EventKind.APPROVED)
    if kind == EventKind.IMPORTED:
        return index + 1 >= len(kinds) or kinds[index + 1] != EventKind.FOR_APPROVAL
    return False


def _same_step(kinds: list[str], index: int) -> bool:
    """Two events one service call writes: an import and its sending for approval, an approval
    and its submission."""
    kind = kinds[index]
    return (kind == EventKind.FOR_APPROVAL and _after(kinds, index, EventKind.IMPORTED)) or (
        kind == EventKind.SUBMITTED and _after(kinds, index, EventKind.APPROVED)
    )


def _lead_in(kinds: list[str], fate: Fate, arrival: datetime.datetime) -> list[datetime.datetime]:
    """The moments of what came before the report's first arrival, counted back from it."""
    moments: list[datetime.datetime] = []
    moment = arrival
    for index in reversed(range(len(kinds))):
        kind = kinds[index]
        if kind == EventKind.FOR_APPROVAL:
            moment -= fate.approval_wait
        elif kind == EventKind.SENT_BACK:
            moment -= DAY
        elif index + 1 < len(kinds) and _same_step(kinds, index + 1):
            moment -= MINUTE
        else:
            moment -= DRAFTING
        moments.append(moment)
    return moments[::-1]


def _after(kinds: list[str], index: int, kind: str) -> bool:
    return index > 0 and kinds[index - 1] == kind


def before(moments: list[datetime.datetime], now: datetime.datetime) -> list[datetime.datetime]:
    """`moments` (ascending) with any at or after `now` pulled back before it, keeping them in
    order a minute apart."""
    result = list(moments)
    limit = now - 5 * MINUTE
    for index in reversed(range(len(result))):
        result[index] = min(result[index], limit)
        limit = result[index] - MINUTE
    return result


@transaction.atomic
def history_date(*, plan: Plan, now: datetime.datetime | None = None) -> int:
    """Move every report of `plan` onto its calendar; returns how many reports were moved."""
    now = now or timezone.now()
    reports = list(Report.objects.filter(plan=plan).select_related("agency"))
    events = _by_report(ReportEvent.objects.filter(report__plan=plan).order_by("at", "pk"))
    values = _by_report(IndicatorValue.objects.filter(report__plan=plan).only("entered_at"))
    chains: dict[tuple[str, str], list[Report]] = defaultdict(list)
    for report in reports:
        chains[report.agency.code, report.period].append(report)
    for (agency_code, quarter), chain in chains.items():
        recorded = sorted(
            (event for report in chain for event in events[report.pk]),
            key=lambda event: (event.at, event.pk),
        )
        _restamp(chain, recorded, values, fate_of(agency_code, quarter), now)
    Report.objects.bulk_update(reports, REPORT_MOMENTS)
    ReportEvent.objects.bulk_update([e for group in events.values() for e in group], ["at"])
    IndicatorValue.objects.bulk_update(
        [value for group in values.values() for value in group], ["entered_at"], batch_size=500
    )
    return len(reports)


def _by_report(rows: Iterable[Row]) -> dict[int, list[Row]]:
    grouped: dict[int, list[Row]] = defaultdict(list)
    for row in rows:
        grouped[row.report_id].append(row)
    return grouped


def _restamp(
    chain: list[Report],
    recorded: list[ReportEvent],
    values: dict[int, list[IndicatorValue]],
    fate: Fate,
    now: datetime.datetime,
) -> None:
    """Every moment the services wrote moves with the first event recorded at or after it:
    a service sets its report's fields, then logs its event."""
    if not recorded:
        return
    real = [event.at for event in recorded]
    dated = before(event_moments([e.kind for e in recorded], fate, chain[0].due_on), now)

    def moved(moment: datetime.datetime) -> datetime.datetime:
        return dated[min(bisect.bisect_left(real, moment), len(dated) - 1)]

    for report in chain:
        for name in REPORT_MOMENTS:
            if (moment := getattr(report, name)) is not None:
                setattr(report, name, moved(moment))
        for value in values.get(report.pk, []):
            value.entered_at = moved(value.entered_at)
    for event, moment in zip(recorded, dated, strict=True):
        event.at = moment
