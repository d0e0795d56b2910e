"""The states a real quarter's reports are in, drawn over the benchmark's accepted reports."""

import datetime

from .values import quarter_bounds
from .world import QUARTERS, World


def vary_statuses(world: World) -> None:
    """Give the reports the states a real quarter shows, so that the matrix draws every kind of
    cell: all submitted a week after their quarter and accepted, except in the last year, where
    some agencies submitted on time or late, were returned or are still drafting, and a few have
    not started the last quarter at all."""
    from reporting.models import Report, ReportStatus

    reports = Report.objects.filter(plan=world.plan)
    deadline = datetime.timedelta(days=world.plan.report_deadline_days)
    for quarter, (_, end) in zip(QUARTERS, quarter_bounds(), strict=True):
        week_after = _noon(end + datetime.timedelta(days=7))
        reports.filter(period=quarter).update(
            first_submitted_at=week_after, submitted_at=week_after
        )
    for rest, status, days_after_due in (
        (1, ReportStatus.SUBMITTED, -3),
        (2, ReportStatus.SUBMITTED, 10),
        (3, ReportStatus.RETURNED, -1),
        (4, ReportStatus.DRAFT, None),
    ):
        agencies = [a.pk for n, a in enumerate(world.agencies) if n % 10 == rest]
        for quarter, (_, end) in list(zip(QUARTERS, quarter_bounds(), strict=True))[-4:]:
            at = (
                None
                if days_after_due is None
                else _noon(end + deadline + datetime.timedelta(days=days_after_due))
            )
            reports.filter(agency_id__in=agencies, period=quarter).update(
                status=status,
                first_submitted_at=at,
                submitted_at=at,
                accepted_at=None,
                accepted_by=None,
            )
    missing = [a.pk for n, a in enumerate(world.agencies) if n % 10 == 5]
    reports.filter(agency_id__in=missing, period=QUARTERS[-1]).delete()


def _noon(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), datetime.UTC)
