"""The plan as a tree: areas, nested objectives, activities with their lead agency, period and
budget, indicators with their target; budgets summed up the tree; edit controls for the
coordinator only, export for everyone who sees the plan."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from plans.models import PlanStatus
from tests import factories


def tree_url(plan) -> str:
    return reverse("plans:plan_tree", args=[plan.pk])


def test_it_shows_areas_objectives_activities_and_indicators(client_of, reporter_a, plan):
    response = client_of(reporter_a).get(tree_url(plan))

    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Test plan 2024–2026</h1>" in page
    for text in [
        "Prevention",
        "Protection",
        "Awareness raised",
        "Schools reached",
        "Victims identified",
        "2.1.1",
        "2.1.2",
        "I2.1",
        "Police",
        "Shelter",
    ]:
        assert text in page, text
    objective = plan.objectives.get(code="2.1.a")
    activity = plan.activities.get(code="2.1.1")
    indicator = plan.indicators.get(code="I2.1")
    assert reverse("plans:objective_detail", args=[plan.pk, objective.pk]) in page
    assert reverse("plans:activity_detail", args=[plan.pk, activity.pk]) in page
    assert reverse("plans:indicator_detail", args=[plan.pk, indicator.pk]) in page
    for label, count in [
        ("Strategic areas", 2),
        ("Objectives", 3),
        ("Activities", 2),
        ("Indicators", 1),
    ]:
        assert f"<dt>{label}</dt><dd>{count}</dd>" in page, label


def test_it_nests_a_sub_objective_inside_its_parent(client_of, reporter_a, plan):
    page = client_of(reporter_a).get(tree_url(plan)).content.decode()

    parent_at = page.index("Awareness raised")
    child_at = page.index("Schools reached")
    protection_at = page.index("Victims identified")
    assert parent_at < child_at < protection_at
    # The child's list opens inside the parent's <details> before the parent's closes.
    parent_block = page[parent_at : page.index("</details>", child_at)]
    assert '<ul class="tree">' in parent_block


def test_it_sums_budgets_up_the_tree(client_of, reporter_a, plan):
    plan.activities.filter(code="2.1.1").update(budget=Decimal("1500.50"))
    plan.activities.filter(code="2.1.2").update(budget=Decimal("2000"))

    page = client_of(reporter_a).get(tree_url(plan)).content.decode()

    # Plan total and the Prevention area: both activities; the sub-objective: its own one.
    assert page.count("3\u202f500.50 EUR") >= 2
    assert "1\u202f500.50 EUR" in page


def test_it_says_when_an_activity_has_no_budget(client_of, reporter_a, plan):
    plan.activities.update(budget=None)

    page = client_of(reporter_a).get(tree_url(plan)).content.decode()

    assert "no budget" in page


def test_it_shows_the_coordinator_every_edit_control(client_of, coordinator, plan):
    page = client_of(coordinator).get(tree_url(plan)).content.decode()

    area = plan.areas.get(code="2")
    objective = plan.objectives.get(code="2.1")
    for url in [
        reverse("plans:plan_edit", args=[plan.pk]),
        reverse("plans:area_create", args=[plan.pk]),
        reverse("plans:area_edit", args=[plan.pk, area.pk]),
        reverse("plans:plan_quality", args=[plan.pk]),
        reverse("plans:upload"),
        reverse("plans:objective_edit", args=[plan.pk, objective.pk]),
        reverse("plans:element_delete", args=[plan.pk, "objective", objective.pk]),
        reverse("plans:element_delete", args=[plan.pk, "area", area.pk]),
        f"{reverse('plans:objective_create', args=[plan.pk])}?area={area.pk}",
        f"{reverse('plans:activity_create', args=[plan.pk])}?objective={objective.pk}",
        f"{reverse('plans:indicator_create', args=[plan.pk])}?objective={objective.pk}",
        reverse("plans:export", args=[plan.pk, "xlsx"]),
    ]:
        assert url in page, url


@pytest.mark.parametrize("persona", ["reporter_a", "approver_a", "reporter_b", "viewer"])
def test_it_shows_others_export_but_no_edit_control(client_of, request, persona, plan):
    page = client_of(request.getfixturevalue(persona)).get(tree_url(plan)).content.decode()

    assert reverse("plans:export", args=[plan.pk, "xlsx"]) in page
    assert reverse("plans:export", args=[plan.pk, "json"]) in page
    hrefs = re.findall(r'href="([^"]+)"', page)
    changing = [h for h in hrefs if re.search(r"/(edit|new|delete|upload|quality)/", h)]
    assert changing == []
    assert not re.search(r">\s*(Edit|Add|Delete|Upload|Import)\b", page)


@pytest.mark.parametrize("persona", ["reporter_a", "viewer"])
def test_it_hides_a_draft_plan_from_others(client_of, request, persona, plan):
    plan.status = PlanStatus.DRAFT
    plan.save()

    assert client_of(request.getfixturevalue(persona)).get(tree_url(plan)).status_code == 404


def test_it_shows_a_draft_plan_to_the_coordinator(client_of, coordinator, plan):
    plan.status = PlanStatus.DRAFT
    plan.save()

    response = client_of(coordinator).get(tree_url(plan))

    assert response.status_code == 200
    assert "Draft" in response.content.decode()


def test_it_answers_404_for_a_plan_that_does_not_exist(client_of, coordinator, db):
    assert client_of(coordinator).get(reverse("plans:plan_tree", args=[987654])).status_code == 404


def test_it_sends_an_anonymous_visitor_to_sign_in(anonymous, plan):
    response = anonymous.get(tree_url(plan))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_it_refuses_to_change_anything_with_post(client_of, coordinator, plan):
    assert client_of(coordinator).post(tree_url(plan)).status_code == 405


def test_it_loads_a_big_plan_in_a_bounded_number_of_queries(
    client_of, coordinator, plan, django_assert_max_num_queries
):
    factories.grow_plan(plan, activities=40)
    client = client_of(coordinator)

    with django_assert_max_num_queries(15):
        response = client.get(tree_url(plan))

    assert response.status_code == 200
    assert response.content.decode().count(f"plans/{plan.pk}/activities/") >= 42
