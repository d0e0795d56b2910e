"""The dashboards' numbers as they may be shown to a user: indicators counting victims pass
disclosure control for anyone but the coordinator (issue 10 #4). The rule is
`reporting.disclosure`'s; this module feeds it the series the pages show.

`user` None is the public (the public site, and documents, which may be published).
"""

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from plans.models import AgencyAggregation, Indicator, Plan
from progress import engine
from reporting import disclosure
from reporting.selectors import counting_values
from tipmonitor.lib.reporting_periods import Period

from .judging import IndicatorProgress, _day, _PeriodTotals, _totals, due_periods
from .series import AgencyValue, BreakdownValue, TrendPoint


@dataclass(frozen=True)
class Disclosed:
    """For each indicator counting victims among those asked about: the codes of its periods
    whose actual (at the period's end) may be shown to the user. Indicators not in `shown`
    are shown as they are."""

    shown: dict[int, frozenset[str]]

    @property
    def ids(self) -> frozenset[int]:
        return frozenset(self.shown)

    def hides(self, indicator: Indicator, period: str | None) -> bool:
        return indicator.pk in self.shown and (
            period is None or period not in self.shown[indicator.pk]
        )


NOTHING_HIDDEN = Disclosed(shown={})


def _actuals(
    indicator: Indicator, plan: Plan, due: list[Period], by_period: dict[str, _PeriodTotals]
) -> list[Decimal | None]:
    """The indicator's actual at the end of each due period, as the engine counts it."""
    how_agencies = engine.effective_agency_aggregation(indicator.type, indicator.agency_aggregation)
    how_time = engine.effective_time_aggregation(indicator.type, indicator.time_aggregation)
    series = [
        (period.end, by_period[period.code].combined(how_agencies))
        for period in due
        if period.code in by_period
    ]
    return [engine.actual_at(series, how_time, period.end) for period in due]


def _minus(whole: list[Decimal | None], part: list[Decimal | None]) -> list[Decimal | None]:
    return [None if w is None else w - (p or 0) for w, p in zip(whole, part, strict=True)]


# indicator id -> agency id -> period code -> the agency's total.
_ByAgency = dict[int, dict[int, dict[str, Decimal]]]


def _by_agency(plan: Plan, day: datetime.date, provisional: bool, ids: frozenset[int]) -> _ByAgency:
    """Each agency's totals of the indicators `ids`, by period. One query."""
    rows = (
        counting_values(provisional=provisional, plan=plan, starting_by=day)
        .filter(indicator_id__in=ids, breakdown="")
        .values_list("indicator_id", "report__agency_id", "period", "value")
    )
    found: _ByAgency = defaultdict(lambda: defaultdict(dict))
    for indicator_id, agency_id, period, value in rows:
        found[indicator_id][agency_id][period] = value
    return found


def _series(
    indicator: Indicator,
    plan: Plan,
    due: list[Period],
    national: dict[str, _PeriodTotals],
    agencies: dict[int, dict[str, Decimal]],
) -> list[list[Decimal | None]]:
    """The national actual at each due period's end and, where the agencies' values add up
    to it, the national minus each agency's own: the other agencies' part as that agency
    would work it out from its own numbers."""
    whole = _actuals(indicator, plan, due, national)
    how = engine.effective_agency_aggregation(indicator.type, indicator.agency_aggregation)
    if how != AgencyAggregation.SUM:
        return [whole]
    how_time = engine.effective_time_aggregation(indicator.type, indicator.time_aggregation)
    parts = []
    for values in agencies.values():
        own = [(p.end, values[p.code]) for p in due if p.code in values]
        mine = [engine.actual_at(own, how_time, p.end) for p in due]
        parts.append(_minus(whole, mine))
    return [whole, *parts]


def disclosed(
    plan: Plan,
    indicators: Sequence[Indicator],
    *,
    as_of: Period | datetime.date,
    provisional: bool,
    user: Any,
) -> Disclosed:
    """Which actuals of the indicators counting victims `user` may see, period by period
    (`reporting.disclosure.publishable_points`). Nothing is hidden from the coordinator (no
    query). For everyone else the same points are shown, checked from every agency's side:
    what a viewer or the public sees, an agency's user may see too and hold against its own
    numbers. At most five queries, whatever the plan's size."""
    if disclosure.sees_unprotected(user):
        return NOTHING_HIDDEN
    numeric = [i for i in indicators if not i.is_qualitative]
    ids = disclosure.victim_counting_ids(i.pk for i in numeric)
    if not ids:
        return NOTHING_HIDDEN
    day = _day(as_of)
    national = _totals(plan, day, provisional, None)
    agencies = _by_agency(plan, day, provisional, ids)
    if provisional:
        accepted = _totals(plan, plan.ends_on, False, None)
        accepted_agencies = _by_agency(plan, plan.ends_on, False, ids)
    shown: dict[int, frozenset[str]] = {}
    for indicator in numeric:
        if indicator.pk not in ids:
            continue
        due = due_periods(indicator, plan, day)
        series = _series(
            indicator, plan, due, national.get(indicator.pk, {}), agencies[indicator.pk]
        )
        known: list[Decimal] = []
        if provisional:  # no point a small count away from a published accepted one
            every = due_periods(indicator, plan, plan.ends_on)
            reference = _series(
                indicator,
                plan,
                every,
                accepted.get(indicator.pk, {}),
                accepted_agencies[indicator.pk],
            )
            flags = disclosure.publishable_points(reference)
            known = [v for v, ok in zip(reference[0], flags, strict=True) if ok and v is not None]
        flags = disclosure.publishable_points(series, known=known)
        shown[indicator.pk] = frozenset(p.code for p, ok in zip(due, flags, strict=True) if ok)
    return Disclosed(shown=shown)


def disclose_rows(rows: list[IndicatorProgress], hidden: Disclosed) -> list[IndicatorProgress]:
    """The rows with the actual (and the progress that would give it back with the target)
    withheld where the user may not see it."""
    return [_row(row, hidden) for row in rows]


def _row(row: IndicatorProgress, hidden: Disclosed) -> IndicatorProgress:
    # The actual at the date is the one at the end of its latest reported period, carried on.
    if row.actual is None or not hidden.hides(row.indicator, row.latest_period):
        return row
    return replace(row, actual=None, progress=None, withheld=True)


def disclose_rows_for(
    plan: Plan,
    rows: list[IndicatorProgress],
    *,
    as_of: Period | datetime.date,
    provisional: bool,
    user: Any,
) -> list[IndicatorProgress]:
    """`disclose_rows` with `disclosed` for the rows' indicators."""
    hidden = disclosed(
        plan, [row.indicator for row in rows], as_of=as_of, provisional=provisional, user=user
    )
    return disclose_rows(rows, hidden)


def disclose_series(
    indicator: Indicator, points: list[TrendPoint], hidden: Disclosed
) -> list[TrendPoint]:
    """The trend with each actual the user may not see withheld (a gap in the line)."""
    if indicator.pk not in hidden.shown:
        return points
    return [
        replace(point, actual=None) if hidden.hides(indicator, point.period) else point
        for point in points
    ]


def disclose_breakdowns(
    indicator: Indicator,
    values: list[BreakdownValue],
    *,
    period: str,
    hidden: Disclosed,
    provisional: bool,
) -> list[BreakdownValue]:
    """One period's breakdowns as the user may see them: protected together around the
    period's total (`reporting.disclosure.protect_breakdowns`). None at all in the provisional
    view (the accepted breakdowns would give the submitted ones away by difference), nor where
    an agency could work out the other agencies' small part of a category or of the total from
    its own numbers. One query."""
    if indicator.pk not in hidden.shown or not values:
        return values
    if provisional:
        return []
    rows = (
        counting_values(plan=indicator.plan)
        .filter(indicator=indicator, period=period)
        .values_list("report__agency_id", "breakdown", "value")
    )
    national: dict[str, Decimal] = defaultdict(Decimal)
    agencies: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for agency_id, breakdown, amount in rows:
        national[breakdown] += amount
        agencies[agency_id][breakdown] = amount
    how = engine.effective_agency_aggregation(indicator.type, indicator.agency_aggregation)
    if how != AgencyAggregation.SUM:
        return []  # averaged or highest: no total the categories add up to
    for own in agencies.values():
        if any(disclosure.is_small(total - own.get(key, 0)) for key, total in national.items()):
            return []
    cells: dict[str, dict[str, Decimal]] = {}
    for value in values:
        cells.setdefault(value.dimension, {})[value.category] = value.value
    protected = disclosure.protect_breakdowns(national.get(""), cells)
    return [
        replace(value, value=shown)
        for value in values
        if (shown := protected[value.dimension][value.category]) is not None
    ]


def disclose_agency_values(
    indicator: Indicator, values: list[AgencyValue], hidden: Disclosed, user: Any
) -> list[AgencyValue]:
    """Each agency's values: of an indicator counting victims, only the user's own agency's
    (`reporting.disclosure`: one agency's value beside the national total gives another's)."""
    if indicator.pk not in hidden.shown:
        return values
    return [v for v in values if disclosure.sees_unprotected(user, v.agency.pk)]
