import pytest
from django.core.exceptions import ValidationError

from plans import services
from plans.models import Objective
from tests import factories

pytestmark = pytest.mark.django_db


def _objective(plan, code):
    return plan.objectives.get(code=code)


def _refused(call, **fields) -> dict:
    before = list(Objective.objects.values_list("pk", "code", "area_id", "parent_id", "name"))
    with pytest.raises(ValidationError) as caught:
        call(**fields)
    after = list(Objective.objects.values_list("pk", "code", "area_id", "parent_id", "name"))
    assert after == before
    return caught.value.message_dict


def test_it_creates_objectives_nested_to_any_depth(plan):
    area = plan.areas.get(code="2")
    parent = _objective(plan, "2.1.a")
    deeper = services.objective_create(
        plan=plan, area=area, parent=parent, code="2.1.a.i", name="Teachers trained", kind="output"
    )
    deepest = services.objective_create(
        plan=plan, area=area, parent=deeper, code="2.1.a.i.x", name="Manual written"
    )
    deepest.refresh_from_db()
    assert (deepest.parent, deepest.parent.parent, deepest.area) == (deeper, parent, area)
    assert deeper.kind == "output"


def test_it_creates_a_top_level_objective(plan):
    area = plan.areas.get(code="3")
    objective = services.objective_create(plan=plan, area=area, code="3.2", name="Shelters")
    assert objective.parent is None
    assert objective.position > _objective(plan, "3.1").position


def test_it_refuses_a_code_another_objective_of_the_plan_has(plan):
    errors = _refused(
        services.objective_create,
        plan=plan,
        area=plan.areas.get(code="3"),
        code="2.1",
        name="Duplicate",
    )
    assert errors["code"] == ["Another objective of this plan already has the code 2.1."]


def test_it_refuses_an_area_and_a_parent_from_another_plan(plan):
    other = factories.ObjectiveFactory(code="X.1")
    errors = _refused(
        services.objective_create,
        plan=plan,
        area=other.area,
        parent=other,
        code="9.9",
        name="Stray",
    )
    assert errors["area"] == ["Choose an element of this plan."]
    assert errors["parent"] == ["Choose an element of this plan."]


def test_it_refuses_a_parent_in_another_area(plan):
    errors = _refused(
        services.objective_create,
        plan=plan,
        area=plan.areas.get(code="3"),
        parent=_objective(plan, "2.1"),
        code="3.9",
        name="Crossing",
    )
    assert errors["parent"] == ["The parent objective must be in the same strategic area."]


def test_it_refuses_an_unknown_kind_and_an_empty_name(plan):
    errors = _refused(
        services.objective_create,
        plan=plan,
        area=plan.areas.get(code="2"),
        code="2.9",
        name="",
        kind="wish",
    )
    assert set(errors) == {"name", "kind"}


def _update(objective, **overrides):
    fields = {
        "area": objective.area,
        "parent": objective.parent,
        "code": objective.code,
        "name": objective.name,
        "kind": objective.kind,
    }
    return services.objective_update(objective=objective, **{**fields, **overrides})


def test_it_changes_an_objective(plan):
    objective = _objective(plan, "2.1.a")
    _update(objective, parent=None, code="2.2", name="Schools reached nationwide", kind="outcome")
    objective.refresh_from_db()
    assert (objective.parent, objective.code, objective.name, objective.kind) == (
        None,
        "2.2",
        "Schools reached nationwide",
        "outcome",
    )


@pytest.mark.parametrize("under", ["2.1", "2.1.a"])
def test_it_refuses_to_place_an_objective_under_itself_or_its_branch(plan, under):
    top = _objective(plan, "2.1")
    errors = _refused(_update, objective=top, parent=_objective(plan, under))
    assert errors["parent"] == [
        "An objective cannot be placed under itself or one of its sub-objectives."
    ]


def test_it_refuses_a_cycle_deeper_down(plan):
    top = _objective(plan, "2.1")
    deep = services.objective_create(
        plan=plan, area=top.area, parent=_objective(plan, "2.1.a"), code="2.1.a.1", name="Deep"
    )
    assert "parent" in _refused(_update, objective=top, parent=deep)


def test_it_moves_a_whole_branch_to_another_area(plan):
    top = _objective(plan, "2.1")
    protection = plan.areas.get(code="3")
    _update(top, area=protection)
    assert set(plan.objectives.filter(code__startswith="2.1").values_list("area", flat=True)) == {
        protection.pk
    }


def test_it_refuses_to_move_a_sub_objective_away_from_its_parents_area(plan):
    sub = _objective(plan, "2.1.a")
    errors = _refused(_update, objective=sub, area=plan.areas.get(code="3"))
    assert errors["parent"] == ["The parent objective must be in the same strategic area."]
