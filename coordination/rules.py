"""The rules of coordination, written once and called by every way in (pages, the
recommendations workbook, the API, commands, documents): which actions count as open, done on
time or late; what implementation status a recommendation's activities propose; an agency's
attendance rate."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from coordination.models import ActionStatus, AttendanceStatus, ImplementationStatus

# --- Actions ----------------------------------------------------------------------------------

CLOSED_ACTION_STATUSES = frozenset({ActionStatus.DONE, ActionStatus.DROPPED})
OPEN_ACTION_STATUSES = frozenset({ActionStatus.OPEN, ActionStatus.IN_PROGRESS})


def action_is_open(status: str) -> bool:
    return status in OPEN_ACTION_STATUSES


def action_is_overdue(status: str, due_on: datetime.date, today: datetime.date) -> bool:
    """Still open after its due date."""
    return action_is_open(status) and due_on < today


def action_outcome(
    status: str, due_on: datetime.date, closed_on: datetime.date | None, today: datetime.date
) -> str:
    """How an action stood on `today` (a report's "figures as of" day, or today): "done_on_time",
    "done_late", "dropped", "late" (open after its due date) or "open". One closed after that
    day was still open then."""
    if closed_on is not None and closed_on > today:
        status, closed_on = ActionStatus.OPEN, None
    if status == ActionStatus.DONE:
        return "done_on_time" if closed_on is None or closed_on <= due_on else "done_late"
    if status == ActionStatus.DROPPED:
        return "dropped"
    return "late" if due_on < today else "open"


def action_outcome_labels() -> dict[str, str]:
    return {
        "done_on_time": _("Done on time"),
        "done_late": _("Done late"),
        "dropped": _("Dropped"),
        "late": _("Late"),
        "open": pgettext("action status", "Open"),
    }


def closed_on_for(
    new_status: str, old_status: str, old_closed_on: datetime.date | None, today: datetime.date
) -> datetime.date | None:
    """The day an action closed: set when it becomes done or dropped, kept while it stays
    closed, cleared when it is opened again."""
    if new_status not in CLOSED_ACTION_STATUSES:
        return None
    if old_status == new_status and old_closed_on is not None:
        return old_closed_on
    return today


# --- Attendance -------------------------------------------------------------------------------


@dataclass(frozen=True)
class AttendanceRate:
    present: int
    excused: int
    absent: int

    @property
    def meetings(self) -> int:
        return self.present + self.excused + self.absent

    @property
    def rate(self) -> float | None:
        """The share of meetings the agency was present at; None before any meeting."""
        return self.present / self.meetings if self.meetings else None


def attendance_rate(statuses: Iterable[str]) -> AttendanceRate:
    counted = list(statuses)
    return AttendanceRate(
        present=counted.count(AttendanceStatus.PRESENT),
        excused=counted.count(AttendanceStatus.EXCUSED),
        absent=counted.count(AttendanceStatus.ABSENT),
    )


# --- Recommendations --------------------------------------------------------------------------

# How far a reported activity state carries a recommendation (reporting.models.ActivityState).
_ACTIVITY_WEIGHT = {
    "completed": 1.0,
    "ongoing": 0.5,
    "delayed": 0.25,
    "not_started": 0.0,
}
# Indicator statuses (progress.engine.Status) that keep a recommendation from "fully".
_WEAK_INDICATOR_STATUSES = frozenset({"at_risk", "off_track"})
# "Largely" once more than this share of the counted activities is completed.
LARGELY_COMPLETED_OVER = 0.5


@dataclass(frozen=True)
class ProposedStatus:
    status: str
    reason: str


def proposed_status(
    activity_states: Sequence[str | None], indicator_statuses: Sequence[str] = ()
) -> ProposedStatus:
    """The implementation status a recommendation's activities propose, with the reason in
    words: from each answering activity's latest accepted state (None: never reported) and the
    statuses of their indicators. Cancelled activities do not count; a recommendation that no
    (remaining) activity answers is "not started". Fully: every activity completed and no
    indicator off track or at risk; largely: more than half completed (or all, with an indicator
    off track or at risk); partly: any activity under way; else not started."""
    counted = [state for state in activity_states if state != "cancelled"]
    if not counted:
        return ProposedStatus(
            ImplementationStatus.NOT_STARTED, _("No activity of the plan answers it.")
        )
    score = sum(_ACTIVITY_WEIGHT.get(state or "", 0.0) for state in counted) / len(counted)
    completed = sum(1 for state in counted if state == "completed")
    weak = sum(1 for status in indicator_statuses if status in _WEAK_INDICATOR_STATUSES)
    done = ngettext(
        "%(done)d of %(all)d activity completed",
        "%(done)d of %(all)d activities completed",
        len(counted),
    ) % {"done": completed, "all": len(counted)}
    if score >= 1.0 and not weak:
        return ProposedStatus(ImplementationStatus.FULLY, done + ".")
    if score >= 1.0:
        reason = ngettext(
            "%(done)s, but %(weak)d indicator off track or at risk.",
            "%(done)s, but %(weak)d indicators off track or at risk.",
            weak,
        ) % {
            "done": done,
            "weak": weak,
        }
        return ProposedStatus(ImplementationStatus.LARGELY, reason)
    if completed / len(counted) > LARGELY_COMPLETED_OVER:
        return ProposedStatus(ImplementationStatus.LARGELY, done + ".")
    if score > 0:
        return ProposedStatus(ImplementationStatus.PARTLY, done + ".")
    return ProposedStatus(
        ImplementationStatus.NOT_STARTED, _("None of its activities has started.")
    )


def parse_sdg_targets(text: str) -> tuple[list[str], str | None]:
    """SDG targets as written ("5.2, 8.7; 16.2"): the targets, or an error naming the bad one.
    A target is a goal (1-17) and a target number or letter: 5.2, 8.7, 16.2, 17.a."""
    targets: list[str] = []
    for part in text.replace(";", ",").split(","):
        target = part.strip()
        if not target:
            continue
        goal, _dot, number = target.partition(".")
        if not (
            goal.isdigit()
            and 1 <= int(goal) <= 17
            and number
            and (number.isdigit() or (len(number) == 1 and number.isalpha()))
        ):
            return [], _("%(target)s is not an SDG target (write it as 5.2 or 16.a).") % {
                "target": target
            }
        targets.append(f"{int(goal)}.{number.lower()}")
    return targets, None
