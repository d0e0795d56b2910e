"""The "my reports" list: a user's reports by plan and quarter."""

import datetime
from dataclasses import dataclass, field

from accounts import permissions
from accounts.models import User
from agencies.models import Agency
from plans.models import Plan, PlanStatus
from plans.selectors import plans_visible_to
from reporting.matrix import due_date
from reporting.models import Report, ReportStatus
from tipmonitor.lib.reporting_periods import Period

from .access import reports_for_user, reports_visible_to
from .quarters import due_quarters

# The "my reports" list ---------------------------------------------------------------------


NOT_STARTED = "not_started"


@dataclass
class QuarterRow:
    agency: Agency
    quarter: Period
    due_on: datetime.date
    report: Report | None
    overdue: bool

    @property
    def state(self) -> str:
        return self.report.status if self.report else NOT_STARTED


@dataclass
class PlanReports:
    plan: Plan
    rows: list[QuarterRow] = field(default_factory=list)


def _plan_quarter_rows(
    user: User, plan: Plan, today: datetime.date, agency_id: int | None
) -> list[QuarterRow]:
    """The quarters due so far in `plan` for the agencies the page shows, newest first."""
    due = due_quarters(plan)
    if agency_id is not None:
        due = {agency_id: due.get(agency_id, [])}
    agencies = Agency.objects.in_bulk(list(due))
    current = reports_for_user(user, plan).filter(is_current=True, agency_id__in=list(due))
    reports = {(report.agency_id, report.period): report for report in current}
    rows = []
    for pk, quarters in due.items():
        for quarter in (quarter for quarter in quarters if quarter.start <= today):
            report = reports.get((pk, quarter.code))
            due_on = due_date(quarter.end, plan.report_deadline_days)
            late = today > due_on and (report is None or report.first_submitted_at is None)
            rows.append(QuarterRow(agencies[pk], quarter, due_on, report, late))
    rows.sort(key=lambda row: (-row.quarter.start.toordinal(), row.agency.code))
    return rows


def quarter_rows_for_user(
    user: User, *, today: datetime.date, status: str = ""
) -> list[PlanReports]:
    """The "my reports" list: per adopted or closed plan the user may see, the quarters due so
    far for their agency (every agency for coordinators and viewers), optionally only those in
    `status` (a ReportStatus or NOT_STARTED)."""
    everyone = permissions.follows_every_agency(user)
    plans = plans_visible_to(user).exclude(status=PlanStatus.DRAFT).order_by("-starts_on", "code")
    sections = []
    for plan in plans:
        rows = _plan_quarter_rows(user, plan, today, None if everyone else user.agency_id)
        sections.append(
            PlanReports(plan, [row for row in rows if row.state == status or not status])
        )
    return sections


def reports_awaiting_approval_by(user: User) -> list[Report]:
    """The current reports of the user's agency that await the agency's approval, when the user
    is one of its approvers (else none), oldest quarter first."""
    if user.agency_id is None or not permissions.may_approve_for(user, user.agency_id):
        return []
    waiting = reports_visible_to(user).filter(
        agency_id=user.agency_id, status=ReportStatus.AWAITING_APPROVAL, is_current=True
    )
    return list(waiting.select_related("submitted_by").order_by("period_start", "plan__code"))
