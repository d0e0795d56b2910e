"""Reads for the public site: what anyone may see without signing in.

Only four things are public, and every read here is limited to them:
- plans that are adopted or closed (never a draft);
- of those, the indicators marked *headline*, judged on accepted values only (never the
  provisional view) as of the latest quarter whose reports are due;
- documents the coordinator published (`Document.published_at` set);
- the summary of the recommendation tracker, when the coordinator published it: counts of
  recommendations by confirmed status, source and theme (no text, no comment).
Nothing else is read: no comment, no agency self-assessment, no user.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, replace
from decimal import Decimal

from django.db.models import Count, Max, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from coordination.selectors.recommendations import (
    TrackerSummary,
    is_tracker_published,
    tracker_summary,
)
from documents.models import Document
from plans.models import Indicator, Plan, PlanStatus
from progress import engine
from progress.selectors import (
    IndicatorProgress,
    TrendPoint,
    disclose_rows,
    disclosed,
    due_periods,
    indicator_progress,
    trend_points,
)
from reporting.matrix import due_date
from reporting.selectors import counting_values
from tipmonitor.lib.reporting_periods import Period, periods_between

PUBLIC_STATUSES = (PlanStatus.ADOPTED, PlanStatus.CLOSED)


def public_plans() -> QuerySet[Plan]:
    """Adopted plans first, then closed ones, newest first; with how many headline indicators
    and published documents each has. One query."""
    return (
        Plan.objects.filter(status__in=PUBLIC_STATUSES)
        .annotate(headline_count=Count("indicators", filter=Q(indicators__headline=True)))
        .order_by("status", "-starts_on", "code")
    )


def get_public_plan(plan_id: int) -> Plan:
    """The plan if the public may see it; Http404 otherwise (a draft does not exist for the
    public, so its id says nothing). The one permission getter of the public site."""
    plan = Plan.objects.filter(pk=plan_id, status__in=PUBLIC_STATUSES).first()
    if plan is None:
        raise Http404
    return plan


def as_of_quarter(plan: Plan, today: datetime.date | None = None) -> Period | None:
    """The latest quarter of the plan whose reports are due: its deadline day has passed, so
    every agency had its chance to report. None while no quarter's deadline has passed."""
    today = today or timezone.localdate()
    last = min(plan.ends_on, today)
    due = [
        quarter
        for quarter in periods_between("quarterly", plan.starts_on, last)
        if due_date(quarter.end, plan.report_deadline_days) < today
    ]
    return due[-1] if due else None


@dataclass(frozen=True)
class PublicIndicators:
    as_of: Period | None
    rows: list[IndicatorProgress]
    # Indicators counting victims (marked so, or counted from case records): their actual
    # passes disclosure control and their trend shows no actual values (issue 10 #4).
    counting_victims: frozenset[int] = frozenset()


def headline_indicators(plan: Plan, *, today: datetime.date | None = None) -> PublicIndicators:
    """The plan's headline indicators judged on accepted values as of `as_of_quarter`.
    A fixed number of queries, whatever the plan's size."""
    as_of = as_of_quarter(plan, today)
    if as_of is None:
        return PublicIndicators(as_of=None, rows=[])
    rows = indicator_progress(plan, as_of=as_of, provisional=False)
    headline = [row for row in rows if row.indicator.headline]
    # The public is no one's agency: counts of victims as `reporting.disclosure` publishes them.
    hidden = disclosed(
        plan, [row.indicator for row in headline], as_of=as_of, provisional=False, user=None
    )
    return PublicIndicators(
        as_of=as_of, rows=disclose_rows(headline, hidden), counting_victims=hidden.ids
    )


def published_documents(plan: Plan) -> list[Document]:
    """The plan's published documents, newest period first, without their bytes. A document
    published again (a corrected edition) shows once: its latest publication. One query."""
    documents = (
        Document.objects.filter(plan=plan, published_at__isnull=False)
        .only("pk", "kind", "period", "language", "format", "filename", "published_at")
        .order_by("-period", "kind", "language", "format", "-published_at", "-pk")
    )
    latest: dict[tuple[str, str, str, str], Document] = {}
    for document in documents:
        key = (document.kind, document.period, document.language, document.format)
        latest.setdefault(key, document)
    return list(latest.values())


def get_published_document(plan: Plan, document_id: int) -> Document:
    """A published document of `plan`, bytes included; Http404 for any other."""
    document = Document.objects.filter(
        pk=document_id, plan=plan, published_at__isnull=False
    ).first()
    if document is None:
        raise Http404
    return document


def _period_values(
    plan: Plan, indicators: list[Indicator], day: datetime.date
) -> dict[int, dict[str, Decimal]]:
    """Indicator id -> period code -> its accepted totals combined across agencies, for the
    periods of reports starting by `day`. One query, aggregated in the database the way
    `progress.selectors.indicator_progress` does, so the chart agrees with the status."""
    grouped = (
        counting_values(plan=plan, starting_by=day)
        .filter(breakdown="", indicator__in=indicators)
        .order_by()
        .values("indicator_id", "period")
        .annotate(total=Sum("value"), highest=Max("value"), agencies=Count("report__agency_id"))
        .values_list("indicator_id", "period", "total", "highest", "agencies")
    )
    how = {
        i.pk: engine.effective_agency_aggregation(i.type, i.agency_aggregation) for i in indicators
    }
    values: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for pk, period, total, highest, agencies in grouped:
        values[pk][period] = engine.combine_totals(total, highest, agencies, how[pk])
    return values


def _trend(
    indicator: Indicator, plan: Plan, day: datetime.date, by_period: dict[str, Decimal]
) -> list[TrendPoint]:
    """The indicator's due periods up to `day`, each with the actual and expected value at its
    end."""
    due = due_periods(indicator, plan, day)
    series = [(period.end, by_period[period.code]) for period in due if period.code in by_period]
    return trend_points(indicator, plan, due, series)


def headline_trends(plan: Plan, headline: PublicIndicators) -> dict[int, list[TrendPoint]]:
    """Numeric headline indicator id -> its trend up to the "as of" quarter: accepted values
    only, as in `headline_indicators`. One query (milestones come prefetched with the rows)."""
    indicators = [row.indicator for row in headline.rows if not row.indicator.is_qualitative]
    if headline.as_of is None or not indicators:
        return {}
    day = headline.as_of.end
    values = _period_values(plan, indicators, day)
    trends = {i.pk: _trend(i, plan, day, values.get(i.pk, {})) for i in indicators}
    for pk in headline.counting_victims & trends.keys():
        trends[pk] = [replace(point, actual=None) for point in trends[pk]]
    return trends


def published_tracker(plan: Plan) -> TrackerSummary | None:
    """The recommendation tracker's summary (counts only) if the coordinator published it."""
    return tracker_summary(plan) if is_tracker_published(plan) else None
