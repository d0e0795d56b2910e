"""Activity delivery: how the activities of a plan are delivered by a date."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from plans.models import Activity, Plan
from reporting.models import ActivityState
from reporting.selectors import counting_updates
from tipmonitor.lib.reporting_periods import Period

from .judging import _day

# --- Activity delivery ------------------------------------------------------------------------


@dataclass
class DeliveryCounts:
    completed_on_time: int = 0
    completed_late: int = 0
    not_started_though_due: int = 0
    # Due, but no accepted report has said anything of it: not a judgement, a gap.
    not_reported: int = 0
    ongoing: int = 0
    # Reported delayed, or still ongoing after its planned completion.
    delayed: int = 0
    cancelled: int = 0
    # Not started and not due to start yet.
    not_due: int = 0

    @property
    def total(self) -> int:
        return (
            self.completed_on_time
            + self.completed_late
            + self.not_started_though_due
            + self.not_reported
            + self.ongoing
            + self.delayed
            + self.cancelled
            + self.not_due
        )


def _delivery(
    activity: Activity, updates: list[tuple[datetime.date, str]], day: datetime.date
) -> str:
    """The DeliveryCounts field an activity counts in, from its updates (quarter start, state),
    oldest first. Without any update an activity is "not reported" once due (issue 9 #6: never
    "not started though due", which would say something nobody reported)."""
    due = activity.starts_on is None or activity.starts_on <= day
    if not updates:
        return "not_reported" if due else "not_due"
    state = updates[-1][1]
    if state == ActivityState.COMPLETED:
        # Completed in the first quarter that says so: on time when that quarter is not after
        # the one holding the planned completion.
        done_in = next(start for start, held in updates if held == ActivityState.COMPLETED)
        on_time = activity.ends_on is None or done_in <= activity.ends_on
        return "completed_on_time" if on_time else "completed_late"
    if state == ActivityState.CANCELLED:
        return "cancelled"
    if state == ActivityState.NOT_STARTED:
        return "not_started_though_due" if due else "not_due"
    if state == ActivityState.DELAYED or (activity.ends_on is not None and activity.ends_on < day):
        return "delayed"
    return "ongoing"


def delivery_kind(
    activity: Activity, updates: list[tuple[datetime.date, str]], day: datetime.date
) -> str:
    """The DeliveryCounts field one activity counts in by `day`, from its counted updates
    (quarter start, state), oldest first: for pages of other apps that judge one activity
    (the recommendation tracker) by the same rule as the delivery counts."""
    return _delivery(activity, updates, day)


def _updates(plan: Plan, day: datetime.date) -> dict[int, list[tuple[datetime.date, str]]]:
    """Activity id -> (quarter start, state) of the current accepted reports up to `day`."""
    rows = (
        counting_updates(plan=plan, starting_by=day)
        .order_by("report__period_start")
        .values_list("activity_id", "report__period_start", "state")
    )
    updates: dict[int, list[tuple[datetime.date, str]]] = defaultdict(list)
    for activity_id, start, state in rows:
        updates[activity_id].append((start, state))
    return updates


def activity_delivery(
    plan: Plan, *, as_of: Period | datetime.date
) -> dict[tuple[str, Any], DeliveryCounts]:
    """("area", StrategicArea) and ("agency", lead Agency) -> how the activities are delivered
    by `as_of`, from the current accepted reports. Two queries."""
    day = _day(as_of)
    updates = _updates(plan, day)
    activities: QuerySet[Activity] = plan.activities.select_related(
        "objective__area", "lead_agency"
    )
    groups: dict[tuple[str, Any], DeliveryCounts] = {}
    for activity in activities:
        kind = _delivery(activity, updates.get(activity.pk, []), day)
        keys: list[tuple[str, Any]] = [("area", activity.objective.area)]
        if activity.lead_agency is not None:
            keys.append(("agency", activity.lead_agency))
        for key in keys:
            counts = groups.setdefault(key, DeliveryCounts())
            setattr(counts, kind, getattr(counts, kind) + 1)
    return groups


def delivery_labels() -> dict[str, str]:
    """DeliveryCounts' fields in words, in the order a reader scans them (done, under way,
    behind, unknown, other), for pages, chart legends and documents alike."""
    return {
        "completed_on_time": _("Completed on time"),
        "completed_late": _("Completed late"),
        "ongoing": _("Ongoing"),
        "delayed": _("Delayed"),
        "not_started_though_due": _("Not started though due"),
        "not_reported": _("Not reported"),
        "not_due": _("Not due yet"),
        "cancelled": _("Cancelled"),
    }
