"""The annual report's section on coordination (issue 12): the meetings the plan's coordination
bodies held in the year, each agency's attendance (present at n of m meetings), and what became
of the actions those meetings passed (done on time, done late, late, open, dropped). Four
queries, whatever the number of meetings.

Where the issue is silent:
- A meeting counts once held (held, minutes approved or published) and dated in the year; a
  planned one does not.
- An agency's meetings are those of the year where its attendance was recorded, and those of
  the bodies it sits in where it was not ("not recorded").
- Actions are judged on the report's "figures as of" day (the year's last day, or today while
  the year runs): one closed after that day counts as it stood then, open or late.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from coordination import rules
from coordination.models import (
    Action,
    Attendance,
    AttendanceStatus,
    Body,
    Meeting,
    MeetingStatus,
    Membership,
)
from documents import selectors as s
from documents.content import CoordinationContent, Table
from documents.dates import document_date
from plans.models import Plan
from tipmonitor.lib.reporting_periods import Period

HELD = (MeetingStatus.HELD, MeetingStatus.APPROVED, MeetingStatus.PUBLISHED)
OUTCOMES = ["done_on_time", "done_late", "late", "open", "dropped"]


@dataclass
class _Attended:
    statuses: list[str] = field(default_factory=list)
    not_recorded: int = 0


def coordination_content(plan: Plan, period: Period, today: datetime.date) -> CoordinationContent:
    """The section in the active language (the builder's `translation.override`)."""
    as_of = min(period.end, today)
    meetings = list(
        Meeting.objects.filter(
            plan=plan, status__in=HELD, held_on__gte=period.start, held_on__lte=period.end
        )
        .select_related("body")
        .order_by("body__code", "held_on", "pk")
    )
    if not meetings:
        empty = s.table("", [], [], set())
        text = _("No meeting of a coordination body on this plan was held in %(period)s.") % {
            "period": period.code
        }
        return CoordinationContent(empty, empty, empty, none_held=text)
    return CoordinationContent(
        meetings=_meetings_table(meetings),
        attendance=_attendance_table(meetings),
        actions=_actions_table(meetings, as_of),
    )


def _bodies(meetings: list[Meeting]) -> list[Body]:
    seen: dict[int, Body] = {}
    for meeting in meetings:
        seen.setdefault(meeting.body_id, meeting.body)
    return list(seen.values())


def _meetings_table(meetings: list[Meeting]) -> Table:
    rows = []
    for body in _bodies(meetings):
        held = [m for m in meetings if m.body_id == body.pk]
        # "; " between dates: "Jan. 8, 2026; July 9, 2026" (the dates hold commas).
        dates = "; ".join(_date(m.held_on) for m in held)
        rows.append([body.display_name, str(len(held)), dates])
    rows.append([_("All bodies"), str(len(meetings)), ""])
    columns = [_("Body"), _("Meetings held"), _("Dates")]
    return s.table(_("Meetings held"), columns, rows, {1}, 0, "meetings")


def _attendance_table(meetings: list[Meeting]) -> Table:
    by_meeting = {m.pk: m for m in meetings}
    recorded = Attendance.objects.filter(meeting__in=meetings).select_related("agency")
    attended: dict[int, _Attended] = defaultdict(_Attended)
    agencies = {}
    seen: set[tuple[int, int]] = set()
    for row in recorded:
        attended[row.agency_id].statuses.append(row.status)
        agencies[row.agency_id] = row.agency
        seen.add((row.meeting_id, row.agency_id))
    members = Membership.objects.filter(body__in=_bodies(meetings)).select_related("agency")
    for membership in members:
        agencies[membership.agency_id] = membership.agency
        for meeting in by_meeting.values():
            if meeting.body_id == membership.body_id and (
                (meeting.pk, membership.agency_id) not in seen
            ):
                attended[membership.agency_id].not_recorded += 1
    rows = []
    for agency in sorted(agencies.values(), key=lambda a: (a.code, a.pk)):
        held = attended[agency.pk]
        rate = rules.attendance_rate(held.statuses)
        total = rate.meetings + held.not_recorded
        share = _("%(present)s of %(meetings)s") % {"present": rate.present, "meetings": total}
        rows.append(
            [
                agency.name,
                share,
                str(rate.excused),
                str(rate.absent),
                str(held.not_recorded),
            ]
        )
    columns = [
        _("Agency"),
        _("Present (of its meetings)"),
        str(AttendanceStatus.EXCUSED.label),
        str(AttendanceStatus.ABSENT.label),
        _("Not recorded"),
    ]
    return s.table(_("Attendance"), columns, rows, {1, 2, 3, 4}, 0, "attendance")


def _actions_table(meetings: list[Meeting], as_of: datetime.date) -> Table:
    actions = Action.objects.filter(meeting__in=meetings).only(
        "meeting_id", "status", "due_on", "closed_on"
    )
    body_of = {m.pk: m.body_id for m in meetings}
    counted: dict[int | None, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for action in actions:
        outcome = rules.action_outcome(action.status, action.due_on, action.closed_on, as_of)
        for key in (body_of[action.meeting_id], None):
            counted[key][outcome] += 1
            counted[key]["passed"] += 1
    rows = []
    named = [(body.pk, body.display_name) for body in _bodies(meetings)]
    for key, name in [*named, (None, _("All bodies"))]:
        counts = counted[key]
        rows.append([name, str(counts["passed"]), *(str(counts[o]) for o in OUTCOMES)])
    labels = rules.action_outcome_labels()
    columns = [
        _("Body"),
        _("Actions passed"),
        labels["done_on_time"],
        labels["done_late"],
        _("Late (open after the due date)"),
        labels["open"],
        labels["dropped"],
    ]
    caption = _("Actions passed in the year, as of %(date)s") % {"date": _date(as_of)}
    return s.table(caption, columns, rows, set(range(1, len(columns))), 0, "actions")


def _date(day: datetime.date) -> str:
    return document_date(day)
