"""Roll-ups: counts and shares by status per objective, area, agency and plan."""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from agencies.models import Agency
from plans.models import Indicator, Objective
from progress.engine import Status

from .judging import IndicatorProgress

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
