"""Which reports' contents count: the one rule every progress figure, page, document and the
public site reads values, annex-5 entries and activity updates through.

A report's contents count when it is the current version of its agency's quarter (a superseded
version never counts, once corrected) and the coordinator accepted it; provisional views (the
coordinator's "include submitted" switch) also count the submitted ones awaiting review. Drafts
and reports returned for rework never count.
"""

import datetime
from typing import TypedDict, Unpack

from django.db.models import Q, QuerySet

from agencies.models import Agency
from plans.models import Plan
from reporting.models import ActivityUpdate, IndicatorEntry, IndicatorValue, Report, ReportStatus


class CountingFilters(TypedDict, total=False):
    """What every counting selector takes, keyword-only: `provisional` (also count submitted
    reports), and `plan`, `agency` and `starting_by` (quarters starting by that day) to narrow
    to when given."""

    provisional: bool
    plan: Plan | None
    agency: Agency | int | None
    starting_by: datetime.date | None


def counted_statuses(provisional: bool = False) -> list[str]:
    if provisional:
        return [ReportStatus.ACCEPTED, ReportStatus.SUBMITTED]
    return [ReportStatus.ACCEPTED]


def counting_reports_q(prefix: str = "", **filters: Unpack[CountingFilters]) -> Q:
    """The condition on reports (through `prefix`, e.g. "report") whose contents count."""
    path = f"{prefix}__" if prefix else ""
    provisional = filters.get("provisional", False)
    condition = Q(**{f"{path}is_current": True, f"{path}status__in": counted_statuses(provisional)})
    narrowing = {"plan": "plan", "agency": "agency", "starting_by": "period_start__lte"}
    for name, lookup in narrowing.items():
        if (given := filters.get(name)) is not None:
            condition &= Q(**{f"{path}{lookup}": given})
    return condition


def counting_reports(**filters: Unpack[CountingFilters]) -> QuerySet[Report]:
    """The reports whose contents count (see the module's docstring)."""
    return Report.objects.filter(counting_reports_q(**filters))


def counting_values(**filters: Unpack[CountingFilters]) -> QuerySet[IndicatorValue]:
    """The indicator values that count (see the module's docstring)."""
    return IndicatorValue.objects.filter(counting_reports_q("report", **filters))


def counting_entries(**filters: Unpack[CountingFilters]) -> QuerySet[IndicatorEntry]:
    """The annex-5 entries (narratives, ratings, assessments) that count."""
    return IndicatorEntry.objects.filter(counting_reports_q("report", **filters))


def counting_updates(**filters: Unpack[CountingFilters]) -> QuerySet[ActivityUpdate]:
    """The activity updates (status, percent done, money spent) that count."""
    return ActivityUpdate.objects.filter(counting_reports_q("report", **filters))
