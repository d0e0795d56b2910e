"""Reads about plans, and the one permission getter per object that every view and API
operation goes through.

Who sees what: coordinators and administrators see every plan, drafts included; every other
signed-in user (agency reporters, approvers, viewers) sees adopted and closed plans. Only
coordinators change a plan.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import get_language

from accounts import permissions
from accounts.models import User
from agencies.models import Agency
from plans import quality
from plans.models import (
    Activity,
    AgencyAggregation,
    Dimension,
    Indicator,
    IndicatorAgencyTarget,
    IndicatorType,
    Milestone,
    Objective,
    Plan,
    PlanPopulation,
    PlanStatus,
    StrategicArea,
    TimeAggregation,
    default_aggregations,
    name_in,
)


def plans_visible_to(user: User) -> QuerySet[Plan]:
    if not (user.is_authenticated and user.is_active):
        return Plan.objects.none()
    if permissions.sees_draft_plans(user):
        return Plan.objects.all()
    return Plan.objects.exclude(status=PlanStatus.DRAFT)


def get_plan_for_user(user: User, plan_id: int, *, edit: bool = False) -> Plan:
    """The plan, if `user` may see it (and change it, with `edit`); else 404 or 403.

    A plan the user may not see answers 404, so its existence is not disclosed.
    """
    try:
        plan = plans_visible_to(user).get(pk=plan_id)
    except Plan.DoesNotExist:
        raise Http404 from None
    if edit and not permissions.may_edit_plans(user):
        raise PermissionDenied
    return plan


def get_area_for_user(
    user: User, plan_id: int, area_id: int, *, edit: bool = False
) -> StrategicArea:
    plan = get_plan_for_user(user, plan_id, edit=edit)
    return _child_or_404(plan.areas.all(), area_id)


def get_objective_for_user(
    user: User, plan_id: int, objective_id: int, *, edit: bool = False
) -> Objective:
    plan = get_plan_for_user(user, plan_id, edit=edit)
    return _child_or_404(plan.objectives.select_related("area", "parent", "plan"), objective_id)


def get_activity_for_user(
    user: User, plan_id: int, activity_id: int, *, edit: bool = False
) -> Activity:
    plan = get_plan_for_user(user, plan_id, edit=edit)
    queryset = plan.activities.select_related("objective__area", "lead_agency", "plan")
    return _child_or_404(queryset, activity_id)


def get_indicator_for_user(
    user: User, plan_id: int, indicator_id: int, *, edit: bool = False
) -> Indicator:
    plan = get_plan_for_user(user, plan_id, edit=edit)
    queryset = plan.indicators.select_related(
        "objective__area", "activity__objective__area", "plan"
    )
    return _child_or_404(queryset, indicator_id)


def _child_or_404(queryset, pk: int):
    try:
        return queryset.get(pk=pk)
    except queryset.model.DoesNotExist:
        raise Http404 from None


# --- Browsing the plan ------------------------------------------------------------------------
# Each page loads what it shows in a fixed number of queries (one per kind of element), then
# assembles the structure in Python, so a plan with 500 activities costs what one with 5 does.


@dataclass
class ActivityNode:
    activity: Activity
    indicators: list[Indicator] = field(default_factory=list)


@dataclass
class ObjectiveNode:
    objective: Objective
    children: list["ObjectiveNode"] = field(default_factory=list)
    activities: list[ActivityNode] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    budget: Decimal | None = None  # its activities' and its sub-objectives' budgets, summed


@dataclass
class AreaNode:
    area: StrategicArea
    objectives: list[ObjectiveNode] = field(default_factory=list)
    budget: Decimal | None = None


@dataclass
class PlanTree:
    plan: Plan
    areas: list[AreaNode]
    budget_total: Decimal | None
    objective_count: int
    activity_count: int
    indicator_count: int


def _count_per_plan(model) -> Coalesce:
    counts = model.objects.filter(plan=OuterRef("pk")).order_by().values("plan")
    return Coalesce(Subquery(counts.annotate(n=Count("pk")).values("n")), 0)


def plan_summaries(user: User) -> QuerySet[Plan]:
    """The plans `user` sees, each with its counts and budget total, in one query."""
    budgets = Activity.objects.filter(plan=OuterRef("pk")).order_by().values("plan")
    return plans_visible_to(user).annotate(
        area_count=_count_per_plan(StrategicArea),
        objective_count=_count_per_plan(Objective),
        activity_count=_count_per_plan(Activity),
        indicator_count=_count_per_plan(Indicator),
        budget_total=Subquery(budgets.annotate(total=Sum("budget")).values("total")),
    )


def _sum_budgets(amounts: Iterable[Decimal | None]) -> Decimal | None:
    known = [amount for amount in amounts if amount is not None]
    return sum(known, Decimal(0)) if known else None


def _build_objective_nodes(plan: Plan) -> tuple[list[ObjectiveNode], int, int, int]:
    """Every objective of the plan as a node holding its activities and indicators."""
    nodes = {o.pk: ObjectiveNode(o) for o in plan.objectives.all()}
    activities = {a.pk: ActivityNode(a) for a in plan.activities.select_related("lead_agency")}
    indicators = list(plan.indicators.all())
    for activity_node in activities.values():
        nodes[activity_node.activity.objective_id].activities.append(activity_node)
    for indicator in indicators:
        if indicator.activity_id is not None:
            activities[indicator.activity_id].indicators.append(indicator)
        else:
            nodes[indicator.objective_id].indicators.append(indicator)  # type: ignore[index]
    for node in nodes.values():
        if node.objective.parent_id is not None:
            nodes[node.objective.parent_id].children.append(node)
    return list(nodes.values()), len(nodes), len(activities), len(indicators)


def _roll_up_budget(node: ObjectiveNode) -> Decimal | None:
    own = [activity.activity.budget for activity in node.activities]
    node.budget = _sum_budgets(own + [_roll_up_budget(child) for child in node.children])
    return node.budget


def plan_tree(plan: Plan) -> PlanTree:
    """The whole plan, areas → objectives (any depth) → activities and indicators, in four
    queries, with budgets summed up the tree."""
    objectives, objective_count, activity_count, indicator_count = _build_objective_nodes(plan)
    areas = {area.pk: AreaNode(area) for area in plan.areas.all()}
    for node in objectives:
        if node.objective.parent_id is None:
            areas[node.objective.area_id].objectives.append(node)
    for area in areas.values():
        area.budget = _sum_budgets(_roll_up_budget(node) for node in area.objectives)
    return PlanTree(
        plan=plan,
        areas=list(areas.values()),
        budget_total=_sum_budgets(area.budget for area in areas.values()),
        objective_count=objective_count,
        activity_count=activity_count,
        indicator_count=indicator_count,
    )


def plan_tree_for_user(user: User, plan_id: int) -> PlanTree:
    return plan_tree(get_plan_for_user(user, plan_id))


def _objective_path(objective: Objective) -> list[Objective]:
    """The objective and the objectives above it, the top one first, in one query."""
    plan_objectives = Objective.objects.filter(plan_id=objective.plan_id)
    fields = ("pk", "code", "name", "name_i18n", "parent_id")
    by_id = {o.pk: o for o in plan_objectives.only(*fields)}
    path = [objective]
    while path[-1].parent_id is not None and path[-1].parent_id not in {o.pk for o in path}:
        path.append(by_id[path[-1].parent_id])
    return path[::-1]


@dataclass
class ObjectiveDetail:
    objective: Objective
    area: StrategicArea
    path: list[Objective]
    children: list[Objective]
    activities: list[Activity]
    indicators: list[Indicator]


def objective_detail_for_user(user: User, plan_id: int, objective_id: int) -> ObjectiveDetail:
    objective = get_objective_for_user(user, plan_id, objective_id)
    return ObjectiveDetail(
        objective=objective,
        area=objective.area,
        path=_objective_path(objective),
        children=list(objective.children.all()),
        activities=list(objective.activities.select_related("lead_agency")),
        indicators=list(objective.indicators.prefetch_related("responsible_agencies")),
    )


@dataclass
class ActivityDetail:
    activity: Activity
    area: StrategicArea
    path: list[Objective]
    partners: list[Agency]
    indicators: list[Indicator]


def activity_detail_for_user(user: User, plan_id: int, activity_id: int) -> ActivityDetail:
    activity = get_activity_for_user(user, plan_id, activity_id)
    return ActivityDetail(
        activity=activity,
        area=activity.objective.area,
        path=_objective_path(activity.objective),
        partners=list(activity.partner_agencies.all()),
        indicators=list(activity.indicators.prefetch_related("responsible_agencies")),
    )


@dataclass
class IndicatorDetail:
    indicator: Indicator
    area: StrategicArea
    path: list[Objective]  # the objectives above it (above its activity, if it has one)
    responsible: list[Agency]
    milestones: list[Milestone]
    dimensions: list[Dimension]
    # The aggregations that apply, chosen or the type's default ("" for qualitative indicators).
    time_aggregation: str = ""
    agency_aggregation: str = ""


def _effective_aggregation_labels(indicator: Indicator) -> tuple[str, str]:
    if indicator.is_qualitative:
        return "", ""
    default_time, default_agency = default_aggregations(indicator.type)
    return (
        str(TimeAggregation(indicator.time_aggregation or default_time).label),
        str(AgencyAggregation(indicator.agency_aggregation or default_agency).label),
    )


def indicator_detail_for_user(user: User, plan_id: int, indicator_id: int) -> IndicatorDetail:
    indicator = get_indicator_for_user(user, plan_id, indicator_id)
    owner = indicator.activity.objective if indicator.activity else indicator.objective
    assert owner is not None  # the database holds every indicator to one parent
    time_aggregation, agency_aggregation = _effective_aggregation_labels(indicator)
    return IndicatorDetail(
        indicator=indicator,
        area=owner.area,
        path=_objective_path(owner),
        responsible=list(indicator.responsible_agencies.all()),
        milestones=list(indicator.milestones.all()),
        dimensions=list(indicator.dimensions.prefetch_related("categories")),
        time_aggregation=time_aggregation,
        agency_aggregation=agency_aggregation,
    )


@dataclass
class QualityReport:
    plan: Plan
    groups: list[quality.ProblemGroup]

    @property
    def total(self) -> int:
        return sum(group.count for group in self.groups)


def plan_quality_facts(
    plan: Plan,
) -> tuple[list[quality.ObjectiveFacts], list[quality.ActivityFacts], list[quality.IndicatorFacts]]:
    """The plan as the plain facts the quality check reads, in three queries."""
    objectives = [
        quality.ObjectiveFacts(**_named(row))
        for row in plan.objectives.values("id", "code", "name", "name_i18n", "parent_id")
    ]
    activities = [
        quality.ActivityFacts(**_named(row))
        for row in plan.activities.values(
            "id",
            "code",
            "name",
            "name_i18n",
            "lead_agency_id",
            "starts_on",
            "ends_on",
            "budget",
            "funding_source",
        )
    ]
    counted = plan.indicators.order_by("position", "code")
    indicator_rows = counted.annotate(responsible_count=Count("responsible_agencies")).values(
        "id",
        "code",
        "name",
        "name_i18n",
        "type",
        "objective_id",
        "baseline",
        "baseline_text",
        "end_target",
        "end_target_text",
        "means_of_verification",
        "responsible_count",
    )
    indicators = [_indicator_facts(row) for row in indicator_rows]
    return objectives, activities, indicators


def _named(row: Mapping[str, Any]) -> dict[str, Any]:
    """A row of `values()` with its name in the active language (names per language)."""
    facts = dict(row)
    facts["name"] = name_in(facts["name"], facts.pop("name_i18n"), get_language())
    return facts


def _indicator_facts(row: Mapping[str, Any]) -> quality.IndicatorFacts:
    facts = _named(row)
    qualitative = facts.pop("type") == IndicatorType.QUALITATIVE
    return quality.IndicatorFacts(qualitative=qualitative, **facts)


def plan_quality_for_user(user: User, plan_id: int) -> QualityReport:
    """The quality check is a coordinator's tool: 403 for everyone else."""
    plan = get_plan_for_user(user, plan_id, edit=True)
    findings = quality.find_problems(*plan_quality_facts(plan))
    groups = quality.group_by_problem(findings) + quality.extra_groups(plan)
    return QualityReport(plan=plan, groups=groups)


# --- Editing the plan ---------------------------------------------------------------------------


def objective_descendant_ids(*, plan_id: int, objective_id: int) -> set[int]:
    """The objectives below `objective_id` at any depth (not itself), in one query."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in Objective.objects.filter(plan_id=plan_id).values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    found: set[int] = set()
    stack = list(children.get(objective_id, []))
    while stack:
        current = stack.pop()
        if current not in found:
            found.add(current)
            stack.extend(children.get(current, []))
    return found


_ELEMENT_GETTERS = {
    "area": get_area_for_user,
    "objective": get_objective_for_user,
    "activity": get_activity_for_user,
    "indicator": get_indicator_for_user,
}


def get_element_for_user(
    user: User, plan_id: int, kind: str, element_id: int, *, edit: bool = False
):
    """An area, objective, activity or indicator by the `kind` used in URLs; 404 for others."""
    if kind not in _ELEMENT_GETTERS:
        raise Http404
    return _ELEMENT_GETTERS[kind](user, plan_id, element_id, edit=edit)


@dataclass
class DeletionImpact:
    """What deleting one element also deletes: the confirmation page lists it."""

    objectives: list[Objective]
    activities: list[Activity]
    indicators: list[Indicator]
    milestone_count: int

    @property
    def is_empty(self) -> bool:
        return not (self.objectives or self.activities or self.indicators or self.milestone_count)


def deletion_impact(*, kind: str, element) -> DeletionImpact:
    """The objectives, activities, indicators and milestones below `element`, in five queries."""
    objectives: list[Objective] = []
    if kind == "area":
        objectives = list(Objective.objects.filter(area=element))
    elif kind == "objective":
        below = objective_descendant_ids(plan_id=element.plan_id, objective_id=element.pk)
        objectives = list(Objective.objects.filter(pk__in=below))
    objective_ids = [o.pk for o in objectives] + ([element.pk] if kind == "objective" else [])
    activities = list(Activity.objects.filter(objective_id__in=objective_ids))
    activity_ids = [a.pk for a in activities] + ([element.pk] if kind == "activity" else [])
    indicators = list(
        Indicator.objects.filter(objective_id__in=objective_ids)
        | Indicator.objects.filter(activity_id__in=activity_ids)
    )
    indicator_ids = [i.pk for i in indicators] + ([element.pk] if kind == "indicator" else [])
    return DeletionImpact(
        objectives=objectives,
        activities=activities,
        indicators=indicators,
        milestone_count=Milestone.objects.filter(indicator_id__in=indicator_ids).count(),
    )


# --- Lists for the JSON API -----------------------------------------------------------------
# One element kind of one plan, with what each element refers to loaded alongside, so a list
# costs the same few queries for 5 elements or 5,000.


def plan_objectives_for_user(user: User, plan_id: int) -> QuerySet[Objective]:
    plan = get_plan_for_user(user, plan_id)
    return plan.objectives.select_related("area", "parent")


def plan_activities_for_user(user: User, plan_id: int) -> QuerySet[Activity]:
    plan = get_plan_for_user(user, plan_id)
    return plan.activities.select_related("objective", "lead_agency").prefetch_related(
        "partner_agencies"
    )


def plan_indicators_for_user(user: User, plan_id: int) -> QuerySet[Indicator]:
    plan = get_plan_for_user(user, plan_id)
    return plan.indicators.select_related("objective", "activity").prefetch_related(
        "responsible_agencies",
        "dimensions",
        "milestones",
        Prefetch("agency_targets", IndicatorAgencyTarget.objects.select_related("agency")),
    )


@dataclass
class AgencyPlanPart:
    """An agency's part in the plans a reader sees (its page; agencies know no plans)."""

    led_activities: list[Activity]
    partner_activities: list[Activity]
    indicators: list[Indicator]
    branch_led_count: int  # activities led by the agency or any agency below it


def agency_plan_part_for_user(
    user: User, agency: Agency, *, branch_ids: Iterable[int]
) -> AgencyPlanPart:
    """What `agency` leads, partners in and is responsible for, in the plans `user` sees."""
    plans = plans_visible_to(user)
    activities = Activity.objects.filter(plan__in=plans).select_related("plan")
    return AgencyPlanPart(
        led_activities=list(activities.filter(lead_agency=agency).order_by("plan", "position")),
        partner_activities=list(
            activities.filter(partner_agencies=agency).order_by("plan", "position")
        ),
        indicators=list(
            Indicator.objects.filter(plan__in=plans, responsible_agencies=agency)
            .select_related("plan")
            .order_by("plan", "position")
        ),
        branch_led_count=activities.filter(lead_agency__in=list(branch_ids)).count(),
    )


# --- Population --------------------------------------------------------------------------------


def plan_populations(plan: Plan) -> list[PlanPopulation]:
    """The plan's population by year, in order of the years."""
    return list(plan.populations.order_by("year"))


def population_entry_for_year(year: int) -> PlanPopulation | None:
    """The population of `year` (with its source) from the newest plan covering that year that
    has it set: the newest by start, then the latest made. Population is no secret: no user."""
    return (
        PlanPopulation.objects.filter(
            year=year, plan__starts_on__year__lte=year, plan__ends_on__year__gte=year
        )
        .select_related("plan")
        .order_by("-plan__starts_on", "-plan__pk")
        .first()
    )


def population_for_year(year: int) -> int | None:
    """The country's resident population in `year` (the denominator of figures per 100,000
    residents), from the newest plan covering that year that has it set; None if none has."""
    entry = population_entry_for_year(year)
    return entry.population if entry else None
