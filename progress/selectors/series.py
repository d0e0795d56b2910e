"""Series for the dashboards: status over time, and one indicator's series, breakdowns,
agencies and comments (docs/progress.md, "Dashboards")."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from agencies.models import Agency
from plans.models import Dimension, Frequency, Indicator, Plan
from progress import engine
from reporting.models import IndicatorEntry, IndicatorValue, Report
from reporting.selectors import counting_entries, counting_values
from tipmonitor.lib.reporting_periods import Period, periods_between, quarter_of

from .judging import (
    _RATING_ORDER,
    _Context,
    _day,
    _indicators,
    _judge_number,
    _judge_qualitative,
    _totals,
    due_periods,
    indicator_target,
)
from .rollups import StatusCounts

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


# --- Status over time ---------------------------------------------------------------------------


def _all_ratings(plan: Plan, provisional: bool, day: datetime.date) -> dict[tuple[int, str], str]:
    """(indicator id, quarter) -> the lowest rating of that quarter's counted reports (as
    `_ratings`, for every quarter at once). One query."""
    rows = (
        counting_entries(provisional=provisional, plan=plan, starting_by=day)
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
    return counting_values(provisional=provisional, starting_by=day).filter(indicator=indicator)


def indicator_breakdowns(
    indicator: Indicator,
    *,
    period: str | None,
    provisional: bool = False,
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
                        dimension.display_name,
                        category.display_name,
                        engine.combine_agencies(found, how),
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
        counting_entries(provisional=provisional, starting_by=_day(as_of))
        .filter(indicator=indicator)
        .exclude(narrative="", comment="", assessment="", rating="")
        .select_related("report__agency")
        .order_by("-report__period_start", "report__agency__code")
    )
    if reports is not None:
        entries = entries.filter(report__in=reports)
    return list(entries)
