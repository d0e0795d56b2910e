"""What the pivot may read, and the facts it reads (docs/progress.md, "Analysis and downloads").

Who sees what — one rule, asked by the page and its downloads alike:
- The coordinator: every counted value of the plan (accepted; with "including submitted", the
  submitted reports awaiting review too), any period, true values.
- Everyone else who may see the plan (viewers, and agencies' users): the published figures
  only — accepted values of quarters up to the latest one that has ended, and none of an
  indicator counting victims (`reporting.disclosure`): their per-period values by agency or by
  category are exactly what disclosure control keeps from anyone but the coordinator, and
  their published national figures are on the dashboards, protected there.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from accounts import permissions
from agencies.models import Agency
from plans.models import AgencyAggregation, Dimension, Indicator, Plan, TimeAggregation
from progress import engine
from progress.pivot.compute import DIMENSION_PREFIX, Fact
from reporting import disclosure
from reporting.selectors import counting_values, plan_quarters
from reporting.selectors.matrix import default_quarter
from reporting.validation import parse_breakdown
from tipmonitor.lib.reporting_periods import Period, parse_period_code


@dataclass(frozen=True)
class Scope:
    """What the user's pivot reads: all values or the published ones."""

    published_only: bool
    # The last quarter whose values count for the published figures (None: any).
    up_to: Period | None


def scope_for_user(user: object, plan: Plan, today: datetime.date) -> Scope:
    if permissions.is_coordinator(user):
        return Scope(published_only=False, up_to=None)
    return Scope(published_only=True, up_to=default_quarter(plan, today))


def summable(indicator: Indicator) -> bool:
    """Whether the indicator's values add up over periods and over agencies: a number whose
    actual is the sum of its periods and whose agencies' values are summed (the engine's
    aggregation rules in force). Percentages, rates, averages and latest values do not."""
    if indicator.is_qualitative:
        return False
    how_time = engine.effective_time_aggregation(indicator.type, indicator.time_aggregation)
    how_agencies = engine.effective_agency_aggregation(indicator.type, indicator.agency_aggregation)
    return how_time == TimeAggregation.CUMULATIVE and how_agencies == AgencyAggregation.SUM


def plan_dimensions(plan: Plan) -> list[Dimension]:
    """The dimensions the plan's indicators are broken down by."""
    return list(Dimension.objects.filter(indicators__plan=plan).distinct().order_by("position"))


@dataclass(frozen=True)
class Filters:
    first: Period | None
    last: Period | None
    agencies: frozenset[int]
    areas: frozenset[int]
    indicators: frozenset[int]
    provisional: bool


def pivot_indicators(plan: Plan, scope: Scope) -> list[Indicator]:
    """The numeric indicators the user's pivot may hold."""
    indicators = [
        i
        for i in Indicator.objects.filter(plan=plan)
        .select_related("objective__area", "activity__objective__area")
        .order_by("code")
        if not i.is_qualitative
    ]
    if scope.published_only:
        hidden = disclosure.victim_counting_ids(i.pk for i in indicators)
        indicators = [i for i in indicators if i.pk not in hidden]
    return indicators


def quarters(plan: Plan, scope: Scope) -> list[Period]:
    found = plan_quarters(plan)
    if scope.up_to is not None:
        found = [q for q in found if q.start <= scope.up_to.start]
    return found


def facts(
    plan: Plan,
    *,
    scope: Scope,
    filters: Filters,
    dimensions: list[str],
    indicators: list[Indicator],
) -> list[Fact]:
    """The counted values of the plan within `filters` and `scope`, each as a `Fact`: values
    broken down by exactly the dimensions in `dimensions` (the totals where there are none). One
    query for the values, one for the agencies, one for the categories' names."""
    by_id = {i.pk: i for i in indicators}
    if filters.indicators:
        by_id = {pk: i for pk, i in by_id.items() if pk in filters.indicators}
    values = counting_values(
        plan=plan, provisional=filters.provisional and not scope.published_only
    )
    values = values.filter(indicator_id__in=list(by_id))
    last = filters.last or scope.up_to
    if scope.up_to is not None and last is not None and last.start > scope.up_to.start:
        last = scope.up_to
    if last is not None:
        values = values.filter(report__period_start__lte=last.start)
    if filters.first is not None:
        values = values.filter(report__period_start__gte=filters.first.start)
    if filters.agencies:
        values = values.filter(report__agency_id__in=filters.agencies)
    rows = values.values_list("indicator_id", "report__agency_id", "period", "breakdown", "value")
    agencies = Agency.objects.in_bulk({row[1] for row in rows})
    labels = _category_labels(dimensions)
    wanted = set(dimensions)
    found: list[Fact] = []
    for indicator_id, agency_id, period, breakdown, value in rows:
        indicator = by_id[indicator_id]
        objective = indicator.objective or (
            indicator.activity.objective if indicator.activity else None
        )
        area = objective.area if objective else None
        if filters.areas and (area is None or area.pk not in filters.areas):
            continue
        pairs = parse_breakdown(breakdown)
        if set(pairs) != wanted:
            continue
        agency = agencies[agency_id]
        keys = {
            "period": (_period_key(period), period),
            "agency": (agency.code, f"{agency.code} – {agency.short_name or agency.name}"),
            "indicator": (indicator.code, f"{indicator.code} {indicator.display_name}"),
            "objective": _labelled(objective),
            "area": _labelled(area),
        }
        for dimension, category in pairs.items():
            keys[DIMENSION_PREFIX + dimension] = labels.get((dimension, category), (category,) * 2)
        found.append(
            Fact(
                value=Decimal(value),
                indicator_id=indicator_id,
                summable=summable(indicator),
                unit=indicator.display_unit,
                keys=keys,
            )
        )
    return found


def _period_key(code: str) -> str:
    """Periods in time order: by their end, the shorter first (2025-03, 2025-Q1, 2025-S1,
    2025)."""
    try:
        period = parse_period_code(code)
    except ValueError:
        return code
    # Of two periods ending together, the later start (the shorter period) first.
    return f"{period.end.isoformat()}-{10**7 - period.start.toordinal():07d}-{code}"


def _labelled(node: object | None) -> tuple[str, str]:
    if node is None:
        return ("~", _("(none)"))
    code = getattr(node, "code", "")
    return (code, f"{code} {getattr(node, 'display_name', '')}")


def _category_labels(dimensions: list[str]) -> dict[tuple[str, str], tuple[str, str]]:
    """(dimension, category) → (sort key, label): categories in the plan's order."""
    if not dimensions:
        return {}
    found: dict[tuple[str, str], tuple[str, str]] = {}
    for dimension in Dimension.objects.filter(code__in=dimensions).prefetch_related("categories"):
        for category in dimension.categories.all():
            key = f"{category.position:05d}-{category.code}"
            found[(dimension.code, category.code)] = (key, category.display_name)
    return found
