"""Reads for progress against targets: every indicator of a plan judged at a date, the roll-ups
by objective, area, agency and plan, and activity delivery (docs/progress.md).

The numbers come from one aggregate query: the totals (breakdown "") of the current accepted
reports (also the submitted ones in the provisional view), combined across agencies (sum,
highest, count) by indicator and period in the database, so Python sees indicators × periods
rows, never the millions of values nor one row per agency. The judgement itself is
`progress.engine`, pure; `_PeriodTotals.combined` is its `combine_totals` on those aggregates.

Decisions where the issue is silent:
- "No data" means the indicator's latest period due by the date (its frequency's periods ending
  on or before the date, within the plan) has no counted total; the actual is still shown.
- Several agencies rating a qualitative indicator: the lowest rating counts, so a working group
  never reads "achieved" while one responsible agency says it is not.
- With `agency`, only the indicators that agency answers for, judged on its own values.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from django.db.models import Count, Max, Prefetch, QuerySet, Sum

from agencies.models import Agency
from plans.models import Activity, Indicator, Milestone, Objective, Plan
from progress import engine
from progress.engine import Status
from reporting.models import (
    ActivityState,
    ActivityUpdate,
    IndicatorEntry,
    IndicatorValue,
    Rating,
    ReportStatus,
)
from tipmonitor.lib.reporting_periods import Period, periods_between, quarter_of

# Worst first: with several agencies the lowest rating counts.
_RATING_ORDER: list[str] = [
    Rating.NOT_ACHIEVED,
    Rating.PARTLY_ACHIEVED,
    Rating.LARGELY_ACHIEVED,
    Rating.ACHIEVED,
]


@dataclass
class IndicatorProgress:
    indicator: Indicator
    actual: Decimal | None
    expected: Decimal | None
    end_target: Decimal | None
    progress: Decimal | None
    status: Status
    # The latest period with a counted value (None when nothing is counted yet).
    latest_period: str | None
    # Qualitative indicators: the rating their status comes from.
    rating: str | None


def _day(as_of: Period | datetime.date) -> datetime.date:
    return as_of.end if isinstance(as_of, Period) else as_of


def _counted_statuses(provisional: bool) -> list[str]:
    if provisional:
        return [ReportStatus.ACCEPTED, ReportStatus.SUBMITTED]
    return [ReportStatus.ACCEPTED]


def _indicators(plan: Plan, agency: Agency | None) -> list[Indicator]:
    indicators = plan.indicators.select_related("activity").prefetch_related(
        Prefetch("milestones", queryset=Milestone.objects.order_by("year"))
    )
    if agency is not None:
        indicators = indicators.filter(responsible_agencies=agency)
    return list(indicators.order_by("position", "code"))


def _due_periods(indicator: Indicator, plan: Plan, day: datetime.date) -> list[Period]:
    """The indicator's periods ending within the plan and on or before `day`, oldest first."""
    last = min(day, plan.ends_on)
    return [
        period
        for period in periods_between(indicator.frequency, plan.starts_on, last)
        if plan.starts_on <= period.end <= last
    ]


@dataclass(frozen=True)
class _PeriodTotals:
    """One indicator period's totals across agencies (one total per agency)."""

    total: Decimal
    highest: Decimal
    agencies: int

    def combined(self, how: str) -> Decimal:
        """`engine.combine_agencies` on the agencies' totals, from their sum, highest and
        count: the same numbers without sending one row per agency to Python."""
        return engine.combine_totals(self.total, self.highest, self.agencies, how)


def _totals(
    plan: Plan, day: datetime.date, provisional: bool, agency: Agency | None
) -> dict[int, dict[str, _PeriodTotals]]:
    """Indicator id -> its period code -> the agencies' totals. One query, aggregated in the
    database. A quarter's report holds the periods ending in it, so reports starting after
    `day` cannot hold a period due by then."""
    values = IndicatorValue.objects.filter(
        report__plan=plan,
        report__is_current=True,
        report__status__in=_counted_statuses(provisional),
        report__period_start__lte=day,
        breakdown="",
    )
    if agency is not None:
        values = values.filter(report__agency=agency)
    # Grouping by indicator and period is grouping by agency too: every way in files a value
    # under the quarter its period ends in, and an agency has one current report a quarter
    # holding one total a cell, so each row of a group is one agency's total. The database
    # then hands over a few thousand rows, not one per agency (docs/performance.md).
    grouped = (
        values.order_by()
        .values("indicator_id", "period")
        .annotate(total=Sum("value"), highest=Max("value"), agencies=Count("report__agency_id"))
        .values_list("indicator_id", "period", "total", "highest", "agencies")
    )
    totals: dict[int, dict[str, _PeriodTotals]] = defaultdict(dict)
    for indicator_id, period, total, highest, agencies in grouped:
        totals[indicator_id][period] = _PeriodTotals(total, highest, agencies)
    return totals


def _ratings(
    plan: Plan,
    latest_quarters: dict[int, str],
    provisional: bool,
    agency: Agency | None,
) -> dict[int, str]:
    """Qualitative indicator id -> the lowest rating given in the reports of the quarter its
    latest due period ends in. One query (none without qualitative indicators due)."""
    if not latest_quarters:
        return {}
    entries = IndicatorEntry.objects.filter(
        report__plan=plan,
        report__is_current=True,
        report__status__in=_counted_statuses(provisional),
        report__period__in=set(latest_quarters.values()),
        indicator_id__in=list(latest_quarters),
    ).exclude(rating="")
    if agency is not None:
        entries = entries.filter(report__agency=agency)
    ratings: dict[int, str] = {}
    for indicator_id, quarter, rating in entries.values_list(
        "indicator_id", "report__period", "rating"
    ):
        if quarter != latest_quarters[indicator_id] or rating not in _RATING_ORDER:
            continue
        held = ratings.get(indicator_id)
        if held is None or _RATING_ORDER.index(rating) < _RATING_ORDER.index(held):
            ratings[indicator_id] = rating
    return ratings


def _target(indicator: Indicator, plan: Plan) -> engine.Target:
    return engine.Target(
        plan_start=plan.starts_on,
        plan_end=plan.ends_on,
        baseline=indicator.baseline,
        midterm=indicator.midterm_target,
        end=indicator.end_target,
        milestones=tuple((m.year, m.target) for m in indicator.milestones.all()),
    )


@dataclass
class _Context:
    plan: Plan
    day: datetime.date
    thresholds: engine.Thresholds


def _judge_number(
    indicator: Indicator, by_period: dict[str, _PeriodTotals], ctx: _Context
) -> IndicatorProgress:
    due = _due_periods(indicator, ctx.plan, ctx.day)
    how_agencies = engine.effective_agency_aggregation(indicator.type, indicator.agency_aggregation)
    reported = [period for period in due if period.code in by_period]
    series = [(period.end, by_period[period.code].combined(how_agencies)) for period in reported]
    how_time = engine.effective_time_aggregation(indicator.type, indicator.time_aggregation)
    actual = engine.actual_at(series, how_time, ctx.day)
    expected = engine.expected_at(_target(indicator, ctx.plan), ctx.day)
    progress = engine.progress(
        baseline=indicator.baseline,
        expected=expected,
        actual=actual,
        direction=indicator.direction,
    )
    status = engine.status(
        direction=indicator.direction,
        baseline=indicator.baseline,
        end_target=indicator.end_target,
        expected=expected,
        actual=actual,
        progress=progress,
        thresholds=ctx.thresholds,
        has_data=bool(due) and due[-1] in reported,
    )
    return IndicatorProgress(
        indicator=indicator,
        actual=actual,
        expected=expected,
        end_target=indicator.end_target,
        progress=progress,
        status=status,
        latest_period=reported[-1].code if reported else None,
        rating=None,
    )


def _judge_qualitative(
    indicator: Indicator, latest_due: Period | None, rating: str | None
) -> IndicatorProgress:
    return IndicatorProgress(
        indicator=indicator,
        actual=None,
        expected=None,
        end_target=None,
        progress=None,
        status=engine.qualitative_status(rating),
        latest_period=latest_due.code if latest_due is not None and rating else None,
        rating=rating,
    )


def indicator_progress(
    plan: Plan,
    *,
    as_of: Period | datetime.date,
    provisional: bool = False,
    agency: Agency | None = None,
) -> list[IndicatorProgress]:
    """Every indicator of the plan (or of the agency) judged at `as_of` (a date, or a period:
    its last day), in the plan's order. A fixed number of queries, whatever the plan's size."""
    day = _day(as_of)
    indicators = _indicators(plan, agency)
    latest_due: dict[int, Period] = {}
    for indicator in indicators:
        if indicator.is_qualitative and (due := _due_periods(indicator, plan, day)):
            latest_due[indicator.pk] = due[-1]
    ratings = _ratings(
        plan,
        {pk: quarter_of(period.end).code for pk, period in latest_due.items()},
        provisional,
        agency,
    )
    totals = _totals(plan, day, provisional, agency)
    ctx = _Context(
        plan=plan,
        day=day,
        thresholds=engine.Thresholds(
            on_track_from=plan.on_track_from,
            at_risk_from=plan.at_risk_from,
            maintain_tolerance=plan.maintain_tolerance,
        ),
    )
    return [
        _judge_qualitative(indicator, latest_due.get(indicator.pk), ratings.get(indicator.pk))
        if indicator.is_qualitative
        else _judge_number(indicator, totals.get(indicator.pk, {}), ctx)
        for indicator in indicators
    ]


# --- Roll-ups ---------------------------------------------------------------------------------


@dataclass
class StatusCounts:
    counts: dict[Status, int] = field(default_factory=lambda: dict.fromkeys(Status, 0))
    total: int = 0

    def add(self, status: Status) -> None:
        self.counts[status] += 1
        self.total += 1

    @property
    def shares(self) -> dict[Status, Decimal]:
        """Each status's share of the total (0 for an empty group)."""
        if not self.total:
            return dict.fromkeys(Status, Decimal(0))
        return {status: Decimal(count) / self.total for status, count in self.counts.items()}


RollUpBy = Literal["objective", "area", "agency", "plan"]


def _objective_id(indicator: Indicator) -> int | None:
    if indicator.objective_id is not None:
        return indicator.objective_id
    return indicator.activity.objective_id if indicator.activity is not None else None


def _objectives(rows: Sequence[IndicatorProgress]) -> dict[int, Objective]:
    """The objectives of the rows' plans, with their areas (one query)."""
    plan_ids = {row.indicator.plan_id for row in rows}
    if not plan_ids:
        return {}
    objectives = Objective.objects.filter(plan_id__in=plan_ids).select_related("area")
    return {objective.pk: objective for objective in objectives}


def _responsible(rows: Sequence[IndicatorProgress]) -> dict[int, list[Agency]]:
    """Indicator id -> its responsible agencies (one query)."""
    through = Indicator.responsible_agencies.through.objects.filter(
        indicator_id__in=[row.indicator.pk for row in rows]
    ).select_related("agency")
    agencies: dict[int, list[Agency]] = defaultdict(list)
    for link in through:
        agencies[link.indicator_id].append(link.agency)
    return agencies


def _keys(row: IndicatorProgress, by: str, lookup: dict[int, Any]) -> Iterable[Any]:
    indicator = row.indicator
    if by == "plan":
        return [indicator.plan]
    if by == "agency":
        return lookup.get(indicator.pk, [])
    objective = lookup.get(_objective_id(indicator) or 0)
    if by == "area":
        return [objective.area] if objective is not None else []
    chain = []
    while objective is not None:  # an indicator counts for its objective and every ancestor
        chain.append(objective)
        objective = lookup.get(objective.parent_id or 0)
    return chain


def roll_up(rows: Sequence[IndicatorProgress], *, by: RollUpBy) -> dict[Any, StatusCounts]:
    """Counts and shares by status per objective (through its ancestors), strategic area,
    responsible agency or plan; keys are the model objects. At most one query."""
    if by not in ("objective", "area", "agency", "plan"):
        raise ValueError(f"Cannot roll up by {by!r}.")
    lookup: dict[int, Any] = {}
    if by in ("objective", "area"):
        lookup = _objectives(rows)
    elif by == "agency" and rows:
        lookup = _responsible(rows)
    groups: dict[Any, StatusCounts] = {}
    for row in rows:
        for key in _keys(row, by, lookup):
            groups.setdefault(key, StatusCounts()).add(row.status)
    return groups


# --- Activity delivery ------------------------------------------------------------------------


@dataclass
class DeliveryCounts:
    completed_on_time: int = 0
    completed_late: int = 0
    not_started_though_due: int = 0
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
            + self.ongoing
            + self.delayed
            + self.cancelled
            + self.not_due
        )


def _delivery(
    activity: Activity, updates: list[tuple[datetime.date, str]], day: datetime.date
) -> str:
    """The DeliveryCounts field an activity counts in, from its updates (quarter start, state),
    oldest first."""
    state = updates[-1][1] if updates else ActivityState.NOT_STARTED
    if state == ActivityState.COMPLETED:
        # Completed in the first quarter that says so: on time when that quarter is not after
        # the one holding the planned completion.
        done_in = next(start for start, held in updates if held == ActivityState.COMPLETED)
        on_time = activity.ends_on is None or done_in <= activity.ends_on
        return "completed_on_time" if on_time else "completed_late"
    if state == ActivityState.CANCELLED:
        return "cancelled"
    if state == ActivityState.NOT_STARTED:
        due = activity.starts_on is None or activity.starts_on <= day
        return "not_started_though_due" if due else "not_due"
    if state == ActivityState.DELAYED or (activity.ends_on is not None and activity.ends_on < day):
        return "delayed"
    return "ongoing"


def _updates(plan: Plan, day: datetime.date) -> dict[int, list[tuple[datetime.date, str]]]:
    """Activity id -> (quarter start, state) of the current accepted reports up to `day`."""
    rows = (
        ActivityUpdate.objects.filter(
            report__plan=plan,
            report__is_current=True,
            report__status=ReportStatus.ACCEPTED,
            report__period_start__lte=day,
        )
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
