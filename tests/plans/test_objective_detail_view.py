"""One objective with everything about it: its place in the plan, sub-objectives, indicators
with baseline, target and responsible agencies, activities with lead, period and budget."""

import pytest
from django.urls import reverse

from plans.models import ObjectiveKind, PlanStatus
from tests import factories


def detail_url(plan, objective) -> str:
    return reverse("plans:objective_detail", args=[plan.pk, objective.pk])


def test_it_shows_the_objective_with_its_place_children_indicators_and_activities(
    client_of, reporter_a, plan
):
    goal = plan.objectives.get(code="2.1")
    goal.kind = ObjectiveKind.OUTCOME
    goal.save()

    response = client_of(reporter_a).get(detail_url(plan, goal))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Awareness raised</h1>" in page
    for text in [
        "Outcome",
        "Prevention",
        "Schools reached",
        "I2.1",
        "Police",
        "20",
        "2.1.2",
        "Shelter",
        "1\u202f000 EUR",
        "2024-01-01",
        "the strategic area directly",
    ]:
        assert text in page, text
    sub = plan.objectives.get(code="2.1.a")
    assert reverse("plans:objective_detail", args=[plan.pk, sub.pk]) in page
    activity = plan.activities.get(code="2.1.2")
    assert reverse("plans:activity_detail", args=[plan.pk, activity.pk]) in page
    indicator = plan.indicators.get(code="I2.1")
    assert reverse("plans:indicator_detail", args=[plan.pk, indicator.pk]) in page
    # An activity of the sub-objective belongs to that page, not this one.
    assert "2.1.1" not in page


def test_it_links_a_sub_objective_to_the_objectives_above_it(client_of, reporter_a, plan):
    sub = plan.objectives.get(code="2.1.a")
    deeper = factories.ObjectiveFactory(area=sub.area, parent=sub, code="2.1.a.i")

    page = client_of(reporter_a).get(detail_url(plan, deeper)).content.decode()

    goal = plan.objectives.get(code="2.1")
    assert "Part of" in page
    assert reverse("plans:objective_detail", args=[plan.pk, goal.pk]) in page
    assert reverse("plans:objective_detail", args=[plan.pk, sub.pk]) in page
    assert page.index("Awareness raised") < page.index("Schools reached")


def test_it_shows_the_coordinator_the_edit_controls(client_of, coordinator, plan):
    goal = plan.objectives.get(code="2.1")

    page = client_of(coordinator).get(detail_url(plan, goal)).content.decode()

    for url in [
        reverse("plans:objective_edit", args=[plan.pk, goal.pk]),
        reverse("plans:element_delete", args=[plan.pk, "objective", goal.pk]),
        f"?area={goal.area_id}&amp;parent={goal.pk}",
        f"{reverse('plans:activity_create', args=[plan.pk])}?objective={goal.pk}",
        f"{reverse('plans:indicator_create', args=[plan.pk])}?objective={goal.pk}",
    ]:
        assert url in page, url


@pytest.mark.parametrize("persona", ["reporter_a", "viewer"])
def test_it_shows_others_no_edit_control(client_of, request, persona, plan):
    goal = plan.objectives.get(code="2.1")

    page = client_of(request.getfixturevalue(persona)).get(detail_url(plan, goal)).content.decode()

    assert "/edit/" not in page
    assert "/new/" not in page
    assert "/delete/" not in page


@pytest.mark.parametrize("persona", ["reporter_a", "viewer"])
def test_it_hides_an_objective_of_a_draft_plan(client_of, request, persona, plan):
    plan.status = PlanStatus.DRAFT
    plan.save()

    response = client_of(request.getfixturevalue(persona)).get(
        detail_url(plan, plan.objectives.first())
    )

    assert response.status_code == 404


def test_it_shows_an_objective_of_a_draft_plan_to_the_coordinator(client_of, coordinator, plan):
    plan.status = PlanStatus.DRAFT
    plan.save()

    response = client_of(coordinator).get(detail_url(plan, plan.objectives.first()))

    assert response.status_code == 200


def test_it_answers_404_for_an_objective_of_another_plan(client_of, coordinator, plan):
    elsewhere = factories.ObjectiveFactory()

    assert client_of(coordinator).get(detail_url(plan, elsewhere)).status_code == 404


def test_it_sends_an_anonymous_visitor_to_sign_in(anonymous, plan):
    response = anonymous.get(detail_url(plan, plan.objectives.first()))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_it_shows_a_big_objective_in_a_bounded_number_of_queries(
    client_of, coordinator, plan, django_assert_max_num_queries
):
    goal = plan.objectives.get(code="2.1")
    for _ in range(30):
        factories.ObjectiveFactory(area=goal.area, parent=goal)
        activity = factories.ActivityFactory(objective=goal)
        activity.partner_agencies.set([factories.AgencyFactory()])
        factories.IndicatorFactory(objective=goal, responsible=[factories.AgencyFactory()])
    client = client_of(coordinator)

    with django_assert_max_num_queries(16):
        response = client.get(detail_url(plan, goal))

    assert response.content.decode().count("/activities/") >= 31
