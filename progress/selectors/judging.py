"""Judging every indicator of a plan at a date against its targets (`indicator_progress`)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Max, Prefetch, Sum

from agencies.models import Agency
from plans.models import Indicator, Milestone, Plan
from progress import engine
from progress.engine import Status
from reporting.models import Rating
from reporting.selectors import counting_entries, counting_values
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
    # The actual is a count of victims the reader may not see (progress.selectors.disclosure):
    # withheld, with the progress that would give it back.
    withheld: bool = False


def _day(as_of: Period | datetime.date) -> datetime.date:
    return as_of.end if isinstance(as_of, Period) else as_of


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
    values = counting_values(
        provisional=provisional, plan=plan, agency=agency, starting_by=day
    ).filter(breakdown="")
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
    entries = (
        counting_entries(provisional=provisional, plan=plan, agency=agency)
        .filter(
            report__period__in=set(latest_quarters.values()),
            indicator_id__in=list(latest_quarters),
        )
        .exclude(rating="")
    )
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
    indicator: Indicator,
    by_period: dict[str, _PeriodTotals],
    ctx: _Context,
    target: engine.Target | None = None,
) -> IndicatorProgress:
    """The indicator judged on `by_period` against `target` (the plan's targets of the
    indicator unless given: an agency's own target for its share, issue 9 #7)."""
    target = target or indicator_target(indicator, ctx.plan)
    due = due_periods(indicator, ctx.plan, ctx.day)
    how_agencies = engine.effective_agency_aggregation(indicator.type, indicator.agency_aggregation)
    reported = [period for period in due if period.code in by_period]
    series = [(period.end, by_period[period.code].combined(how_agencies)) for period in reported]
    how_time = engine.effective_time_aggregation(indicator.type, indicator.time_aggregation)
    actual = engine.actual_at(series, how_time, ctx.day)
    expected = engine.expected_at(target, ctx.day)
    progress = engine.progress(
        baseline=target.baseline,
        expected=expected,
        actual=actual,
        direction=indicator.direction,
    )
    status = engine.status(
        direction=indicator.direction,
        baseline=target.baseline,
        end_target=target.end,
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
        end_target=target.end,
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
