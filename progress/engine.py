"""The progress engine: how far an indicator has come against its target, and its status.

Pure functions, no database (docs/progress.md explains every rule with worked examples). Values
are Decimals and nothing is rounded here: rounding is for presentation. The selectors feed this
module with values already read from accepted reports.
"""

import datetime
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _

from plans.models import (
    DEFAULT_AGENCY_AGGREGATION,
    DEFAULT_TIME_AGGREGATION,
    AgencyAggregation,
    Direction,
    IndicatorType,
    TimeAggregation,
)
from reporting.models import Rating

_ZERO = Decimal(0)
_ONE = Decimal(1)


class Status(TextChoices):
    ACHIEVED = "achieved", _("Achieved")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OFF_TRACK = "off_track", _("Off track")
    NO_DATA = "no_data", _("No data")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


@dataclass(frozen=True)
class Thresholds:
    """A plan's settings: on track at progress >= on_track_from, at risk from at_risk_from."""

    on_track_from: Decimal
    at_risk_from: Decimal
    maintain_tolerance: Decimal


@dataclass(frozen=True)
class Target:
    """An indicator's targets on the plan's calendar; milestones are (year, value at Dec 31)."""

    plan_start: datetime.date
    plan_end: datetime.date
    baseline: Decimal | None
    midterm: Decimal | None
    end: Decimal | None
    milestones: tuple[tuple[int, Decimal], ...] = ()


# The defaults by type are the plans' own (numbers add up; percentages and rates describe a
# state: the latest counts, averaged over agencies), so forms, pages and the engine agree.
_TIME_DEFAULTS: Mapping[Any, str] = DEFAULT_TIME_AGGREGATION
_AGENCY_DEFAULTS: Mapping[Any, str] = DEFAULT_AGENCY_AGGREGATION


def _effective(
    indicator_type: str, chosen: str, defaults: Mapping[Any, str], allowed: type[TextChoices]
) -> str:
    if indicator_type == IndicatorType.QUALITATIVE:
        return ""  # a rating is not aggregated
    if indicator_type not in defaults:
        raise ValueError(f"Unknown indicator type {indicator_type!r}.")
    if not chosen:
        return str(defaults[indicator_type])
    if chosen not in allowed.values:
        raise ValueError(f"Unknown aggregation {chosen!r}.")
    return chosen


def effective_time_aggregation(indicator_type: str, chosen: str) -> str:
    """The aggregation over time in force: the chosen one, else the type's default ("" for
    qualitative indicators)."""
    return _effective(indicator_type, chosen, _TIME_DEFAULTS, TimeAggregation)


def effective_agency_aggregation(indicator_type: str, chosen: str) -> str:
    """The aggregation across agencies in force: the chosen one, else the type's default."""
    return _effective(indicator_type, chosen, _AGENCY_DEFAULTS, AgencyAggregation)


def _mean(values: Sequence[Decimal]) -> Decimal:
    return sum(values, _ZERO) / len(values)


def combine_agencies(values: Sequence[Decimal], how: str) -> Decimal:
    """One period's value from the values the agencies reported for it."""
    if not values:
        raise ValueError("No values to combine.")
    return combine_totals(sum(values, _ZERO), max(values), len(values), how)


def combine_totals(total: Decimal, highest: Decimal, count: int, how: str) -> Decimal:
    """`combine_agencies` from the values' sum, highest and count (what a database aggregates)."""
    if how == AgencyAggregation.SUM:
        return total
    if how == AgencyAggregation.AVERAGE:
        return total / count
    if how == AgencyAggregation.MAX:
        return highest
    raise ValueError(f"Unknown aggregation across agencies {how!r}.")


def actual_at(
    series: Sequence[tuple[datetime.date, Decimal]], how: str, as_of: datetime.date
) -> Decimal | None:
    """The actual value at `as_of` from (period end, value) pairs, one per reported period.

    Periods ending after `as_of` are ignored; missing periods are not filled in (a cumulative sum
    counts what was reported, an average averages the reported periods). None when nothing is
    reported by `as_of`. The caller passes the plan's periods only, agencies already combined.
    """
    due = sorted(((end, value) for end, value in series if end <= as_of), key=lambda p: p[0])
    if how not in TimeAggregation.values:
        raise ValueError(f"Unknown aggregation over time {how!r}.")
    if not due:
        return None
    values = [value for _end, value in due]
    if how == TimeAggregation.CUMULATIVE:
        return sum(values, _ZERO)
    if how == TimeAggregation.AVERAGE:
        return _mean(values)
    return due[-1][1]


def plan_midpoint(plan_start: datetime.date, plan_end: datetime.date) -> datetime.date:
    """The day the mid-term target is due: half the plan's days after its start (rounded down)."""
    return plan_start + datetime.timedelta(days=(plan_end - plan_start).days // 2)


def _points(target: Target, baseline: Decimal, end: Decimal) -> list[tuple[datetime.date, Decimal]]:
    """The line's corners in date order; inner points only strictly inside the plan, and the
    mid-term target wins over a milestone falling on the same day."""
    inner: dict[datetime.date, Decimal] = {}
    for year, value in target.milestones:
        inner[datetime.date(year, 12, 31)] = value
    if target.midterm is not None:
        inner[plan_midpoint(target.plan_start, target.plan_end)] = target.midterm
    inside = sorted((d, v) for d, v in inner.items() if target.plan_start < d < target.plan_end)
    return [(target.plan_start, baseline), *inside, (target.plan_end, end)]


def expected_at(target: Target, day: datetime.date) -> Decimal | None:
    """The value expected on `day`: piecewise-linear (by days) through the baseline at the plan's
    start, the milestones, the mid-term target at the plan's midpoint and the end target at its
    end; the baseline before the plan, the end target after it. None without baseline or end."""
    if target.plan_end < target.plan_start:
        raise ValueError("The plan ends before it starts.")
    if target.baseline is None or target.end is None:
        return None
    if day >= target.plan_end:
        return target.end
    if day <= target.plan_start:
        return target.baseline
    points = _points(target, target.baseline, target.end)
    for (d0, v0), (d1, v1) in itertools.pairwise(points):
        if d0 <= day <= d1:
            return v0 + (v1 - v0) * Decimal((day - d0).days) / Decimal((d1 - d0).days)
    raise AssertionError("unreachable: the day lies inside the plan")  # pragma: no cover


def _sign(direction: str) -> Decimal:
    """+1 where more is better, -1 where less is better."""
    if direction == Direction.INCREASE:
        return _ONE
    if direction == Direction.DECREASE:
        return -_ONE
    raise ValueError(f"Unknown direction {direction!r}.")


def progress(
    *,
    baseline: Decimal | None,
    expected: Decimal | None,
    actual: Decimal | None,
    direction: str,
) -> Decimal | None:
    """(actual − baseline) / (expected − baseline), so 1 means exactly where the line says.

    Direction-aware: the distance is measured the way the indicator should move. When nothing is
    expected yet (expected equals the baseline, or lies the wrong way of it), 1 if the actual is
    at least as good as expected, else 0. None when a number is missing and for "maintain"
    indicators, which are judged by their tolerance instead (see `status`).
    """
    if direction == Direction.MAINTAIN:
        return None
    sign = _sign(direction)
    if baseline is None or expected is None or actual is None:
        return None
    needed = sign * (expected - baseline)
    if needed <= 0:
        return _ONE if sign * (actual - expected) >= 0 else _ZERO
    return sign * (actual - baseline) / needed


def _maintained(baseline: Decimal, actual: Decimal, tolerance: Decimal) -> bool:
    """Within the tolerance of the baseline on either side: relative, absolute at zero.

    Both sides, because "maintain" says nothing about which way is better: a drift either way
    is for the working group to look at (docs/progress.md, "Maintain")."""
    allowed = tolerance * abs(baseline) if baseline != 0 else tolerance
    return abs(actual - baseline) <= allowed


def _reached(direction: str, actual: Decimal, end_target: Decimal | None) -> bool:
    if end_target is None:
        return False
    return _sign(direction) * (actual - end_target) >= 0


def status(
    *,
    direction: str,
    baseline: Decimal | None,
    end_target: Decimal | None,
    expected: Decimal | None,
    actual: Decimal | None,
    progress: Decimal | None,
    thresholds: Thresholds,
    has_data: bool,
) -> Status:
    """The judgement a working group reads (docs/progress.md, "Status")."""
    if not has_data or actual is None:
        return Status.NO_DATA
    if direction == Direction.MAINTAIN:
        if baseline is None:
            return Status.NOT_APPLICABLE
        ok = _maintained(baseline, actual, thresholds.maintain_tolerance)
        return Status.ON_TRACK if ok else Status.OFF_TRACK
    if _reached(direction, actual, end_target):
        return Status.ACHIEVED
    if progress is None:
        return Status.NOT_APPLICABLE
    if progress >= thresholds.on_track_from:
        return Status.ON_TRACK
    if progress >= thresholds.at_risk_from:
        return Status.AT_RISK
    return Status.OFF_TRACK


_RATINGS: dict[str, Status] = {
    Rating.ACHIEVED: Status.ACHIEVED,
    Rating.LARGELY_ACHIEVED: Status.ON_TRACK,
    Rating.PARTLY_ACHIEVED: Status.AT_RISK,
    Rating.NOT_ACHIEVED: Status.OFF_TRACK,
}


def qualitative_status(rating: str | None) -> Status:
    """A qualitative indicator takes the rating of its accepted report (reporting.models.Rating)."""
    if not rating:
        return Status.NO_DATA
    if rating not in _RATINGS:
        raise ValueError(f"Unknown rating {rating!r}.")
    return _RATINGS[rating]
