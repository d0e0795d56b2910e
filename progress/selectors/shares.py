"""An agency's part of an indicator several agencies answer for (issue 9 #7).

On an agency's page its indicators are judged on its own values. Where other agencies report
the same indicator, the national target is not the agency's: the police's share of "victims
identified" judged against the whole country's target reads "off track, −177 %" however well
the police do. So an agency's share is judged against its own target where the plan gives one
(`plans.models.IndicatorAgencyTarget`), and is otherwise shown as a contribution, its value and
its share of the national total, with no status.

Decisions where the issue is silent:
- The agency's target is reached at its target date (the plan's end when none), on a straight
  line from a baseline at the plan's start: nothing for an indicator summed over time (the
  agency's count within the plan starts from zero); the national baseline where the agencies'
  values are averaged or the highest counts (each agency's value is on the national scale);
  otherwise the national baseline in the proportion of the agency's target to the national
  end target. A "maintain" indicator keeps the agency's target as its level.
- "Share of the national total" is given only where the agencies' values add up to it (the
  indicator's values across agencies are summed); for an average or a highest value the
  national value is shown beside the agency's.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, replace
from decimal import Decimal

from agencies.models import Agency
from plans.models import (
    AgencyAggregation,
    Direction,
    Indicator,
    IndicatorAgencyTarget,
    Plan,
    TimeAggregation,
)
from progress import engine
from progress.engine import Status
from tipmonitor.lib.reporting_periods import Period

from .judging import IndicatorProgress, _Context, _day, _judge_number, _totals
from .series import _thresholds


@dataclass(frozen=True)
class AgencyShare:
    """An agency's own value of an indicator others report too, beside the national one."""

    value: Decimal | None
    national: Decimal | None
    # The agencies' values add up to the national one (so a share of it means something).
    adds_up: bool
    # The agency's own target and its date, when the plan gives one: then the row is judged.
    target: Decimal | None = None
    target_date: datetime.date | None = None
    # The period the national value is counted at (its latest reported).
    national_period: str | None = None

    @property
    def judged(self) -> bool:
        return self.target is not None

    @property
    def percent(self) -> Decimal | None:
        """The agency's share of the national total, in per cent."""
        if not self.adds_up or self.value is None or not self.national:
            return None
        return self.value / self.national * 100


def agency_target(indicator: Indicator, plan: Plan, held: IndicatorAgencyTarget) -> engine.Target:
    """The agency's own target on the plan's calendar (see the module's decisions)."""
    how_time = engine.effective_time_aggregation(indicator.type, indicator.time_aggregation)
    how_agencies = engine.effective_agency_aggregation(indicator.type, indicator.agency_aggregation)
    baseline: Decimal | None
    if indicator.direction == Direction.MAINTAIN:
        baseline = held.target
    elif how_time == TimeAggregation.CUMULATIVE:
        baseline = Decimal(0)
    elif how_agencies != AgencyAggregation.SUM:
        baseline = indicator.baseline
    elif indicator.baseline is not None and indicator.end_target:
        baseline = indicator.baseline * held.target / indicator.end_target
    else:
        baseline = None
    ends_on = max(held.target_date or plan.ends_on, plan.starts_on)
    return engine.Target(
        plan_start=plan.starts_on,
        plan_end=ends_on,
        baseline=baseline,
        midterm=None,
        end=held.target,
    )


def _shared_ids(indicators: list[Indicator]) -> set[int]:
    """The indicators among `indicators` that more than one agency answers for. One query."""
    links = Indicator.responsible_agencies.through.objects.filter(
        indicator_id__in=[indicator.pk for indicator in indicators]
    )
    counted = Counter(links.values_list("indicator_id", flat=True))
    return {indicator_id for indicator_id, agencies in counted.items() if agencies > 1}


def agency_shares(
    plan: Plan,
    agency: Agency,
    rows: list[IndicatorProgress],
    *,
    as_of: Period | datetime.date,
    provisional: bool,
) -> tuple[list[IndicatorProgress], dict[int, AgencyShare]]:
    """`rows` (the agency's indicators judged on its own values by `indicator_progress(...,
    agency=agency)`) with each shared numeric indicator judged against the agency's own target
    or, without one, left unjudged; and indicator id -> the agency's share. Four queries at
    most, whatever the plan's size."""
    numeric = [row.indicator for row in rows if not row.indicator.is_qualitative]
    if not numeric:
        return rows, {}
    targets = {
        held.indicator_id: held
        for held in IndicatorAgencyTarget.objects.filter(agency=agency, indicator__in=numeric)
    }
    ids = _shared_ids(numeric) | targets.keys()
    if not ids:
        return rows, {}
    day = _day(as_of)
    national = _totals(plan, day, provisional, None)
    own = _totals(plan, day, provisional, agency)
    ctx = _Context(plan=plan, day=day, thresholds=_thresholds(plan))
    shares: dict[int, AgencyShare] = {}
    result = []
    for row in rows:
        indicator = row.indicator
        if indicator.pk not in ids:
            result.append(row)
            continue
        whole = _judge_number(indicator, national.get(indicator.pk, {}), ctx)
        how = engine.effective_agency_aggregation(indicator.type, indicator.agency_aggregation)
        held = targets.get(indicator.pk)
        shares[indicator.pk] = AgencyShare(
            value=row.actual,
            national=whole.actual,
            adds_up=how == AgencyAggregation.SUM,
            target=held.target if held else None,
            target_date=held.target_date if held else None,
            national_period=whole.latest_period,
        )
        if held is not None:
            target = agency_target(indicator, plan, held)
            result.append(_judge_number(indicator, own.get(indicator.pk, {}), ctx, target))
        else:
            result.append(_contribution(row))
    return result, shares


def _contribution(row: IndicatorProgress) -> IndicatorProgress:
    """The row without a judgement: no target of the agency's to hold its value against."""
    return replace(row, expected=None, end_target=None, progress=None, status=Status.NOT_APPLICABLE)
