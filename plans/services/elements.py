"""Creating and changing the strategic areas and objectives of a plan."""

from collections.abc import Mapping
from typing import TYPE_CHECKING

from django.db import transaction

from plans import rules
from plans.models import Objective, Plan, StrategicArea, names_clean
from plans.selectors import objective_descendant_ids

if TYPE_CHECKING:  # django-stubs is a development dependency
    pass

from ._common import _code_must_be_free, _Errors, _must_belong, _next_position

# Strategic areas -------------------------------------------------------------------------------


def _check_area(area: StrategicArea) -> None:
    errors = _Errors()
    errors.check_model(area, exclude=["plan"])
    _code_must_be_free(errors, area, area.plan)
    errors.raise_if_any()


@transaction.atomic
def area_create(
    *, plan: Plan, code: str, name: str, name_i18n: Mapping[str, str] | None = None
) -> StrategicArea:
    """A new area; `name_i18n` names it in other languages ({"hy": …})."""
    area = StrategicArea(plan=plan, code=code, name=name, name_i18n=names_clean(name_i18n))
    _check_area(area)
    area.position = _next_position(plan.areas.all())
    area.save()
    return area


@transaction.atomic
def area_update(
    *, area: StrategicArea, code: str, name: str, name_i18n: Mapping[str, str] | None = None
) -> StrategicArea:
    """Change an area; `name_i18n` left as None keeps its names in other languages."""
    area.code, area.name = code, name
    if name_i18n is not None:
        area.name_i18n = names_clean(name_i18n)
    _check_area(area)
    area.save()
    return area


# Objectives ------------------------------------------------------------------------------------


def _check_objective(objective: Objective, plan: Plan) -> None:
    errors = _Errors()
    errors.check_model(objective, exclude=["plan", "area", "parent"])
    _code_must_be_free(errors, objective, plan)
    area, parent = objective.area, objective.parent
    _must_belong(errors, "area", area, plan)
    _must_belong(errors, "parent", parent, plan)
    if parent is not None and parent.plan_id == plan.pk:
        parent_of = dict(plan.objectives.values_list("pk", "parent_id")) if objective.pk else {}
        error = rules.objective_parent_error(
            objective.pk, parent.pk, area=area.pk, parent_area=parent.area_id, parent_of=parent_of
        )
        if error:
            errors.add("parent", error)
    errors.raise_if_any()


@transaction.atomic
def objective_create(
    *,
    plan: Plan,
    area: StrategicArea,
    parent: Objective | None = None,
    code: str,
    name: str,
    kind: str = "",
    name_i18n: Mapping[str, str] | None = None,
) -> Objective:
    objective = Objective(plan=plan, area=area, parent=parent, code=code, name=name, kind=kind)
    objective.name_i18n = names_clean(name_i18n)
    _check_objective(objective, plan)
    objective.position = _next_position(plan.objectives.all())
    objective.save()
    return objective


@transaction.atomic
def objective_update(
    *,
    objective: Objective,
    area: StrategicArea,
    parent: Objective | None,
    code: str,
    name: str,
    kind: str,
    name_i18n: Mapping[str, str] | None = None,
) -> Objective:
    """Change an objective; moving it to another area moves its whole branch along.
    `name_i18n` left as None keeps its names in other languages."""
    plan = objective.plan
    moved = objective.area_id != area.pk
    objective.area, objective.parent = area, parent
    objective.code, objective.name, objective.kind = code, name, kind
    if name_i18n is not None:
        objective.name_i18n = names_clean(name_i18n)
    _check_objective(objective, plan)
    objective.save()
    if moved:
        branch = objective_descendant_ids(plan_id=plan.pk, objective_id=objective.pk)
        Objective.objects.filter(pk__in=branch).update(area=area)
    return objective
