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

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Prefetch, QuerySet, Sum
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.models import User
from agencies.models import Agency
from plans.models import (
    Activity,
    Dimension,
    Frequency,
    Indicator,
    Milestone,
    Objective,
    Plan,
    StrategicArea,
)
from plans.selectors import get_plan_for_user, objective_descendant_ids
from progress import engine
from progress.engine import Status
from reporting.matrix import Cell
from reporting.models import (
    ActivityState,
    ActivityUpdate,
    Assessment,
    IndicatorEntry,
    IndicatorValue,
    Rating,
    Report,
    ReportStatus,
)
from reporting.selectors import follows_every_agency, reports_for_user
from reporting.selectors_matrix import Column, MatrixRow, SubmissionMatrix, submission_matrix
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


def due_periods(indicator: Indicator, plan: Plan, day: datetime.date) -> list[Period]:
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
    plan: Plan,
    day: datetime.date,
    provisional: bool,
    agency: Agency | None,
    indicator: Indicator | None = None,
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
    if indicator is not None:
        values = values.filter(indicator=indicator)
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


def indicator_target(indicator: Indicator, plan: Plan) -> engine.Target:
    """The indicator's targets on the plan's calendar (milestones read from `milestones`,
    prefetched by the callers that judge many indicators)."""
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
    due = due_periods(indicator, ctx.plan, ctx.day)
    how_agencies = engine.effective_agency_aggregation(indicator.type, indicator.agency_aggregation)
    reported = [period for period in due if period.code in by_period]
    series = [(period.end, by_period[period.code].combined(how_agencies)) for period in reported]
    how_time = engine.effective_time_aggregation(indicator.type, indicator.time_aggregation)
    actual = engine.actual_at(series, how_time, ctx.day)
    expected = engine.expected_at(indicator_target(indicator, ctx.plan), ctx.day)
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
        if indicator.is_qualitative and (due := due_periods(indicator, plan, day)):
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


# --- Series for the dashboards (docs/progress.md, "Dashboards") ---------------------------------


@dataclass(frozen=True)
class TrendPoint:
    """One of an indicator's due periods: what was counted by its end and what was expected."""

    period: str
    end: datetime.date
    actual: Decimal | None
    expected: Decimal | None


@dataclass(frozen=True)
class StatusTrendPoint:
    """How the plan's indicators stood at the end of one quarter."""

    period: str
    counts: StatusCounts


@dataclass(frozen=True)
class BreakdownValue:
    """One category's value of one disaggregation dimension, combined across agencies."""

    dimension: str
    category: str
    value: Decimal


@dataclass(frozen=True)
class AgencyValue:
    """One agency's total for one of the indicator's periods."""

    agency: Agency
    period: str
    value: Decimal


# --- The agencies' own assessments beside the computed status ----------------------------------


@dataclass(frozen=True)
class AgencyAssessment:
    """What a responsible agency said of an indicator in its latest counted report that
    assessed it (annex 5: on/off track and a comment)."""

    indicator_id: int
    agency: Agency
    period: str
    report_id: int
    assessment: str
    comment: str

    @property
    def label(self) -> str:
        return str(Assessment(self.assessment).label)


def disagrees(status: str, assessment: str) -> bool:
    """Whether an agency's own assessment contradicts the computed status: "on track" against
    at risk or off track, or "off track" against on track or achieved. No data and not
    applicable contradict nothing (there is nothing computed to set against the agency's word),
    and "off track" against at risk is the same worry in two words."""
    if assessment == Assessment.ON_TRACK:
        return status in (Status.AT_RISK, Status.OFF_TRACK)
    if assessment == Assessment.OFF_TRACK:
        return status in (Status.ON_TRACK, Status.ACHIEVED)
    return False


def _latest_entries(
    entries: QuerySet[IndicatorEntry],
) -> dict[tuple[int, int], tuple[str, int, str, str]]:
    """(indicator id, agency id) -> (quarter, report id, assessment, comment) of the newest
    entry. Plain tuples, oldest first so the newest wins: a national plan holds a few hundred
    thousand entries, too many to build model instances for."""
    latest: dict[tuple[int, int], tuple[str, int, str, str]] = {}
    rows = entries.order_by("report__period_start").values_list(
        "indicator_id", "report__agency_id", "report__period", "report_id", "assessment", "comment"
    )
    for indicator_id, agency_id, period, report_id, assessment, comment in rows:
        latest[indicator_id, agency_id] = (period, report_id, assessment, comment)
    return latest


def agency_assessments(
    plan: Plan,
    *,
    as_of: Period | datetime.date,
    provisional: bool = False,
    reports: QuerySet[Report] | None = None,
    agency: Agency | None = None,
) -> dict[int, list[AgencyAssessment]]:
    """Indicator id -> each agency's latest assessment by `as_of`, from the reports counted in
    the same view as the numbers (accepted; also submitted when provisional), among `reports`
    when given (the reports the user may read). Two queries."""
    day = _day(as_of)
    entries = IndicatorEntry.objects.filter(
        report__plan=plan,
        report__is_current=True,
        report__status__in=_counted_statuses(provisional),
        report__period_start__lte=day,
    ).exclude(assessment="")
    if reports is not None:
        entries = entries.filter(report__in=reports)
    if agency is not None:
        entries = entries.filter(report__agency=agency)
    latest = _latest_entries(entries)
    agencies = Agency.objects.in_bulk({agency_id for _indicator, agency_id in latest})
    by_indicator: dict[int, list[AgencyAssessment]] = defaultdict(list)
    for (indicator_id, agency_id), (period, report_id, assessment, comment) in sorted(
        latest.items(), key=lambda item: agencies[item[0][1]].code
    ):
        by_indicator[indicator_id].append(
            AgencyAssessment(
                indicator_id=indicator_id,
                agency=agencies[agency_id],
                period=period,
                report_id=report_id,
                assessment=assessment,
                comment=comment,
            )
        )
    return by_indicator


@dataclass
class JudgedIndicator:
    """An indicator's computed progress with its agencies' own assessments beside it."""

    progress: IndicatorProgress
    assessments: list[AgencyAssessment]

    @property
    def indicator(self) -> Indicator:
        return self.progress.indicator

    @property
    def status(self) -> Status:
        return self.progress.status

    @property
    def progress_percent(self) -> Decimal | None:
        progress = self.progress.progress
        return None if progress is None else progress * 100

    @property
    def disagreeing(self) -> list[AgencyAssessment]:
        return [a for a in self.assessments if disagrees(self.status, a.assessment)]

    @property
    def flagged(self) -> bool:
        """For the working group's next meeting: an agency's word contradicts the numbers."""
        return bool(self.disagreeing)


def judged(
    rows: Sequence[IndicatorProgress], assessments: dict[int, list[AgencyAssessment]]
) -> list[JudgedIndicator]:
    return [JudgedIndicator(row, assessments.get(row.indicator.pk, [])) for row in rows]


def flagged(rows: Sequence[JudgedIndicator]) -> list[JudgedIndicator]:
    """The indicators to put before the working group: computed status and agency disagree."""
    return [row for row in rows if row.flagged]


# --- Status over time ---------------------------------------------------------------------------


def _all_ratings(plan: Plan, provisional: bool, day: datetime.date) -> dict[tuple[int, str], str]:
    """(indicator id, quarter) -> the lowest rating of that quarter's counted reports (as
    `_ratings`, for every quarter at once). One query."""
    rows = (
        IndicatorEntry.objects.filter(
            report__plan=plan,
            report__is_current=True,
            report__status__in=_counted_statuses(provisional),
            report__period_start__lte=day,
        )
        .exclude(rating="")
        .values_list("indicator_id", "report__period", "rating")
    )
    lowest: dict[tuple[int, str], str] = {}
    for indicator_id, quarter, rating in rows:
        if rating not in _RATING_ORDER:
            continue
        held = lowest.get((indicator_id, quarter))
        if held is None or _RATING_ORDER.index(rating) < _RATING_ORDER.index(held):
            lowest[indicator_id, quarter] = rating
    return lowest


def _thresholds(plan: Plan) -> engine.Thresholds:
    return engine.Thresholds(
        on_track_from=plan.on_track_from,
        at_risk_from=plan.at_risk_from,
        maintain_tolerance=plan.maintain_tolerance,
    )


def status_over_time(
    plan: Plan, *, as_of: Period | datetime.date, provisional: bool = False
) -> list[StatusTrendPoint]:
    """For each of the plan's quarters ended by `as_of`: how many indicators had each status at
    its end, judged as `indicator_progress` would have then. Four queries in all: the values
    are read once and judged at each quarter's end in Python."""
    day = _day(as_of)
    indicators = _indicators(plan, None)
    totals = _totals(plan, day, provisional, None)
    ratings = _all_ratings(plan, provisional, day)
    quarters = [
        quarter
        for quarter in periods_between(Frequency.QUARTERLY, plan.starts_on, plan.ends_on)
        if quarter.end <= day
    ]
    points = []
    for quarter in quarters:
        ctx = _Context(plan=plan, day=quarter.end, thresholds=_thresholds(plan))
        counts = StatusCounts()
        for indicator in indicators:
            if indicator.is_qualitative:
                due = due_periods(indicator, plan, quarter.end)
                latest = due[-1] if due else None
                rating = (
                    ratings.get((indicator.pk, quarter_of(latest.end).code)) if latest else None
                )
                counts.add(_judge_qualitative(indicator, latest, rating).status)
            else:
                counts.add(_judge_number(indicator, totals.get(indicator.pk, {}), ctx).status)
        points.append(StatusTrendPoint(quarter.code, counts))
    return points


# --- One indicator: its series, breakdowns, agencies and comments ---------------------------------


def indicator_series(
    indicator: Indicator, *, as_of: Period | datetime.date, provisional: bool = False
) -> list[TrendPoint]:
    """The actual (as the engine aggregates it) and expected value at the end of each of the
    indicator's periods due by `as_of`. One query (none for a qualitative indicator)."""
    plan = indicator.plan
    day = _day(as_of)
    if indicator.is_qualitative:
        return []
    by_period = _totals(plan, day, provisional, None, indicator).get(indicator.pk, {})
    how_agencies = engine.effective_agency_aggregation(indicator.type, indicator.agency_aggregation)
    due = due_periods(indicator, plan, day)
    series = [
        (period.end, by_period[period.code].combined(how_agencies))
        for period in due
        if period.code in by_period
    ]
    return trend_points(indicator, plan, due, series)


def trend_points(
    indicator: Indicator,
    plan: Plan,
    due: list[Period],
    series: list[tuple[datetime.date, Decimal]],
) -> list[TrendPoint]:
    """For each due period, the actual value by its end (`series`: one combined value per
    reported period, by its last day) and the expected one."""
    how_time = engine.effective_time_aggregation(indicator.type, indicator.time_aggregation)
    target = indicator_target(indicator, plan)
    return [
        TrendPoint(
            period=period.code,
            end=period.end,
            actual=engine.actual_at(series, how_time, period.end),
            expected=engine.expected_at(target, period.end),
        )
        for period in due
    ]


def _counted_values(
    indicator: Indicator, day: datetime.date, provisional: bool
) -> QuerySet[IndicatorValue]:
    return IndicatorValue.objects.filter(
        indicator=indicator,
        report__is_current=True,
        report__status__in=_counted_statuses(provisional),
        report__period_start__lte=day,
    )


def indicator_breakdowns(
    indicator: Indicator, *, period: str | None, provisional: bool = False
) -> list[BreakdownValue]:
    """The values of `period` by category of each disaggregation dimension, combined across
    agencies as the totals are. Only one-dimension breakdowns ("sex=female"), the ones the
    report form asks for; cross-tabulations are not summed into margins, which could count a
    category twice. Three queries."""
    if period is None or indicator.is_qualitative:
        return []
    how = engine.effective_agency_aggregation(indicator.type, indicator.agency_aggregation)
    values: dict[str, list[Decimal]] = defaultdict(list)
    rows = _counted_values(indicator, indicator.plan.ends_on, provisional).filter(period=period)
    for breakdown, value in rows.exclude(breakdown="").values_list("breakdown", "value"):
        if ";" not in breakdown and "=" in breakdown:
            values[breakdown].append(value)
    dimensions = Dimension.objects.filter(indicators=indicator).prefetch_related("categories")
    result = []
    for dimension in dimensions:
        for category in dimension.categories.all():
            found = values.get(f"{dimension.code}={category.code}")
            if found:
                result.append(
                    BreakdownValue(
                        dimension.name, category.name, engine.combine_agencies(found, how)
                    )
                )
    return result


def indicator_agency_values(
    indicator: Indicator, *, as_of: Period | datetime.date, provisional: bool = False
) -> list[AgencyValue]:
    """Each agency's total for each of the indicator's periods reported by `as_of`, by period
    then agency code. Two queries."""
    day = _day(as_of)
    rows = (
        _counted_values(indicator, day, provisional)
        .filter(breakdown="")
        .values_list("report__agency_id", "period", "value")
    )
    found = [(agency_id, period, value) for agency_id, period, value in rows]
    agencies = Agency.objects.in_bulk({agency_id for agency_id, _p, _v in found})
    ends = {p.code: p.end for p in due_periods(indicator, indicator.plan, day)}
    values = [
        AgencyValue(agencies[agency_id], period, value)
        for agency_id, period, value in found
        if period in ends
    ]
    return sorted(values, key=lambda v: (ends[v.period], v.agency.code))


def indicator_entries(
    indicator: Indicator,
    *,
    as_of: Period | datetime.date,
    provisional: bool = False,
    reports: QuerySet[Report] | None = None,
) -> list[IndicatorEntry]:
    """What the agencies wrote about the indicator (narrative, rating, assessment, comment) in
    the counted reports by `as_of` the user may read, newest quarter first. One query."""
    entries = (
        IndicatorEntry.objects.filter(
            indicator=indicator,
            report__is_current=True,
            report__status__in=_counted_statuses(provisional),
            report__period_start__lte=_day(as_of),
        )
        .exclude(narrative="", comment="", assessment="", rating="")
        .select_related("report__agency")
        .order_by("-report__period_start", "report__agency__code")
    )
    if reports is not None:
        entries = entries.filter(report__in=reports)
    return list(entries)


# --- The dashboards' pages ------------------------------------------------------------------------
# Each page reads what it shows in a fixed number of queries whatever the plan's size (the tests
# assert the counts), and shows the agencies' words only from the reports the user may read.


def user_follows_every_agency(user: User) -> bool:
    """Coordinators and viewers follow every agency; reporters and approvers their own (the
    reporting pages' rule)."""
    return follows_every_agency(user)


def get_agency_progress_for_user(user: User, plan_id: int, agency_id: int) -> tuple[Plan, Agency]:
    """The plan and agency of an agency's progress page: 404 for a plan the user may not see or
    an unknown agency, 403 for another agency's page unless the user follows every agency."""
    plan = get_plan_for_user(user, plan_id)
    agency = Agency.objects.filter(pk=agency_id).first()
    if agency is None:
        raise Http404
    if not user_follows_every_agency(user) and user.agency_id != agency.pk:
        raise PermissionDenied
    return plan, agency


@dataclass
class AreaSummary:
    area: StrategicArea
    counts: StatusCounts
    flagged: int


@dataclass
class PlanOverview:
    plan: Plan
    rows: list[JudgedIndicator]
    areas: list[AreaSummary]
    totals: StatusCounts
    trend: list[StatusTrendPoint]
    delivery: dict[tuple[str, Any], DeliveryCounts]
    matrix: SubmissionMatrix

    @property
    def flagged(self) -> list[JudgedIndicator]:
        return flagged(self.rows)

    @property
    def delivery_by_area(self) -> dict[tuple[str, Any], DeliveryCounts]:
        return {key: counts for key, counts in self.delivery.items() if key[0] == "area"}

    @property
    def agencies(self) -> list[Agency]:
        """The agencies with something to report or an activity to lead, by code."""
        found = {key[1].pk: key[1] for key in self.delivery if key[0] == "agency"}
        found.update({row.agency.pk: row.agency for row in self.matrix.rows})
        return sorted(found.values(), key=lambda agency: agency.code)


def _judged_rows(
    plan: Plan, user: User, as_of: Period, provisional: bool, agency: Agency | None = None
) -> list[JudgedIndicator]:
    rows = indicator_progress(plan, as_of=as_of, provisional=provisional, agency=agency)
    assessments = agency_assessments(
        plan,
        as_of=as_of,
        provisional=provisional,
        reports=reports_for_user(user, plan),
        agency=agency,
    )
    return judged(rows, assessments)


def _area_of(row: JudgedIndicator, objectives: dict[int, Objective]) -> StrategicArea | None:
    objective = objectives.get(_objective_id(row.indicator) or 0)
    return objective.area if objective is not None else None


def plan_overview(
    plan: Plan, *, user: User, as_of: Period, provisional: bool, today: datetime.date
) -> PlanOverview:
    """The national overview: every indicator judged with its agencies' assessments, by area,
    the status in each quarter so far, activity delivery and reporting completeness."""
    rows = _judged_rows(plan, user, as_of, provisional)
    objectives = _objectives([row.progress for row in rows])
    by_area: dict[int, AreaSummary] = {
        area.pk: AreaSummary(area, StatusCounts(), 0)
        for area in StrategicArea.objects.filter(plan=plan).order_by("position", "code")
    }
    totals = StatusCounts()
    for row in rows:
        totals.add(row.status)
        area = _area_of(row, objectives)
        if area is not None and area.pk in by_area:
            by_area[area.pk].counts.add(row.status)
            by_area[area.pk].flagged += row.flagged
    return PlanOverview(
        plan=plan,
        rows=rows,
        areas=list(by_area.values()),
        totals=totals,
        trend=status_over_time(plan, as_of=as_of, provisional=provisional),
        delivery=activity_delivery(plan, as_of=as_of),
        matrix=submission_matrix(plan, today=today),
    )


@dataclass
class ObjectiveSummary:
    objective: Objective
    depth: int
    counts: StatusCounts


@dataclass
class BranchProgress:
    """A strategic area's or an objective's page: its objectives and its indicators."""

    plan: Plan
    area: StrategicArea
    objective: Objective | None
    path: list[Objective]
    objectives: list[ObjectiveSummary]
    rows: list[JudgedIndicator]
    counts: StatusCounts


def _depths(objectives: Sequence[Objective], root_ids: set[int]) -> dict[int, int]:
    by_id = {objective.pk: objective for objective in objectives}
    depths: dict[int, int] = {}
    for objective in objectives:
        depth, current = 0, objective
        while current.pk not in root_ids and current.parent_id in by_id:
            depth += 1
            current = by_id[current.parent_id]
        depths[objective.pk] = depth
    return depths


def branch_progress(
    plan: Plan,
    *,
    user: User,
    area: StrategicArea,
    objective: Objective | None,
    as_of: Period,
    provisional: bool,
) -> BranchProgress:
    """The indicators under a strategic area, or under an objective and its sub-objectives, with
    the status counts of each objective below."""
    rows = _judged_rows(plan, user, as_of, provisional)
    objectives = _objectives([row.progress for row in rows])
    if objective is None:
        inside = {pk for pk, held in objectives.items() if held.area_id == area.pk}
        roots = {pk for pk in inside if objectives[pk].parent_id is None}
    else:
        inside = {objective.pk} | objective_descendant_ids(
            plan_id=plan.pk, objective_id=objective.pk
        )
        roots = {objective.pk}
    mine = [row for row in rows if _objective_id(row.indicator) in inside]
    counts_by = roll_up([row.progress for row in mine], by="objective")
    branch = sorted(
        (objectives[pk] for pk in inside if pk in objectives),
        key=lambda held: (held.position, held.code),
    )
    depths = _depths(branch, roots)
    counts = StatusCounts()
    for row in mine:
        counts.add(row.status)
    return BranchProgress(
        plan=plan,
        area=area,
        objective=objective,
        path=_path(objective, objectives),
        objectives=[
            ObjectiveSummary(held, depths[held.pk], counts_by.get(held, StatusCounts()))
            for held in branch
            if objective is None or held.pk != objective.pk
        ],
        rows=mine,
        counts=counts,
    )


def _path(objective: Objective | None, objectives: dict[int, Objective]) -> list[Objective]:
    """The objective's ancestors, top first (not itself)."""
    path: list[Objective] = []
    current = objectives.get(objective.parent_id or 0) if objective else None
    while current is not None:
        path.insert(0, current)
        current = objectives.get(current.parent_id or 0)
    return path


@dataclass
class IndicatorPage:
    plan: Plan
    judged: JudgedIndicator
    series: list[TrendPoint]
    breakdowns: list[BreakdownValue]
    agency_values: list[AgencyValue]
    entries: list[IndicatorEntry]
    agencies: list[Agency]


def _one_progress(indicator: Indicator, as_of: Period, provisional: bool) -> IndicatorProgress:
    """`indicator_progress` for one indicator, reading only its own values."""
    plan = indicator.plan
    day = _day(as_of)
    if indicator.is_qualitative:
        due = due_periods(indicator, plan, day)
        latest = due[-1] if due else None
        quarters = {indicator.pk: quarter_of(latest.end).code} if latest else {}
        rating = _ratings(plan, quarters, provisional, None).get(indicator.pk)
        return _judge_qualitative(indicator, latest, rating)
    totals = _totals(plan, day, provisional, None, indicator).get(indicator.pk, {})
    ctx = _Context(plan=plan, day=day, thresholds=_thresholds(plan))
    return _judge_number(indicator, totals, ctx)


def indicator_page(
    indicator: Indicator, *, user: User, as_of: Period, provisional: bool
) -> IndicatorPage:
    plan = indicator.plan
    progress = _one_progress(indicator, as_of, provisional)
    reports = reports_for_user(user, plan)
    assessments = agency_assessments(
        plan, as_of=as_of, provisional=provisional, reports=reports
    ).get(indicator.pk, [])
    return IndicatorPage(
        plan=plan,
        judged=JudgedIndicator(progress, assessments),
        series=indicator_series(indicator, as_of=as_of, provisional=provisional),
        breakdowns=indicator_breakdowns(
            indicator, period=progress.latest_period, provisional=provisional
        ),
        agency_values=indicator_agency_values(indicator, as_of=as_of, provisional=provisional),
        entries=indicator_entries(indicator, as_of=as_of, provisional=provisional, reports=reports),
        agencies=list(indicator.responsible_agencies.order_by("code")),
    )


@dataclass
class LedActivity:
    activity: Activity
    state: str
    delivery: str

    @property
    def state_label(self) -> str:
        return str(ActivityState(self.state).label)

    @property
    def delivery_label(self) -> str:
        return delivery_labels()[self.delivery]


def delivery_labels() -> dict[str, str]:
    """DeliveryCounts' fields in words, for pages and chart legends alike."""
    return {
        "completed_on_time": _("Completed on time"),
        "completed_late": _("Completed late"),
        "ongoing": _("Ongoing"),
        "delayed": _("Delayed"),
        "not_started_though_due": _("Not started though due"),
        "not_due": _("Not due yet"),
        "cancelled": _("Cancelled"),
    }


@dataclass
class AgencyPage:
    plan: Plan
    agency: Agency
    rows: list[JudgedIndicator]
    counts: StatusCounts
    activities: list[LedActivity]
    delivery: DeliveryCounts
    reports: MatrixRow | None
    columns: list[Column]

    @property
    def report_cells(self) -> list[tuple[Column, Cell]]:
        """Each quarter with the agency's report in it, newest first."""
        if self.reports is None:
            return []
        return list(zip(self.columns, self.reports.cells, strict=True))[::-1]

    @property
    def delivery_summary(self) -> list[tuple[str, int]]:
        labels = delivery_labels()
        return [(labels[kind], count) for kind in labels if (count := getattr(self.delivery, kind))]


def agency_page(
    plan: Plan,
    agency: Agency,
    *,
    user: User,
    as_of: Period,
    provisional: bool,
    today: datetime.date,
) -> AgencyPage:
    """What the agency owes (indicators judged on its own values, the activities it leads), what
    it reported (each quarter's report, on time or not) and how its activities are delivered."""
    rows = _judged_rows(plan, user, as_of, provisional, agency)
    counts = StatusCounts()
    for row in rows:
        counts.add(row.status)
    day = _day(as_of)
    updates = _updates(plan, day)
    led = []
    delivery = DeliveryCounts()
    for activity in plan.activities.filter(lead_agency=agency).order_by("position", "code"):
        held = updates.get(activity.pk, [])
        kind = _delivery(activity, held, day)
        setattr(delivery, kind, getattr(delivery, kind) + 1)
        led.append(LedActivity(activity, held[-1][1] if held else ActivityState.NOT_STARTED, kind))
    matrix = submission_matrix(plan, today=today)
    return AgencyPage(
        plan=plan,
        agency=agency,
        rows=rows,
        counts=counts,
        activities=led,
        delivery=delivery,
        reports=next((row for row in matrix.rows if row.agency.pk == agency.pk), None),
        columns=matrix.columns,
    )
