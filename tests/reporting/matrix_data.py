"""Reports in a given state, made directly for the coordinator's-view tests: the matrix reads
only the report table, so these tests need reports in every state, not the workflow that made
them (the workflow has its own tests)."""

import datetime

from agencies.models import Agency
from plans.models import Plan
from reporting.models import Report, ReportStatus
from tipmonitor.lib.reporting_periods import parse_period_code


def at(day: datetime.date, hour: int = 12) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=datetime.UTC)


def make_report(
    plan: Plan,
    agency: Agency,
    period: str,
    status: str = ReportStatus.DRAFT,
    *,
    submitted: datetime.date | None = None,
    accepted: datetime.date | None = None,
    version: int = 1,
    is_current: bool = True,
    contact_person: str = "",
) -> Report:
    quarter = parse_period_code(period)
    return Report.objects.create(
        plan=plan,
        agency=agency,
        period=quarter.code,
        period_start=quarter.start,
        period_end=quarter.end,
        due_on=quarter.end + datetime.timedelta(days=plan.report_deadline_days),
        status=status,
        version=version,
        is_current=is_current,
        first_submitted_at=at(submitted) if submitted else None,
        submitted_at=at(submitted) if submitted else None,
        accepted_at=at(accepted) if accepted else None,
        contact_person=contact_person,
    )
