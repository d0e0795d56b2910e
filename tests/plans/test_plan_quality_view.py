"""The coordinator's plan-quality check: what each indicator, activity and objective lacks,
grouped by problem, each with links to the element and to its edit page."""

import pytest
from django.urls import reverse

from plans.models import FundingSource, PlanStatus
from tests import factories


def quality_url(plan) -> str:
    return reverse("plans:plan_quality", args=[plan.pk])


def test_it_lists_each_problem_with_links_to_show_and_fix_it(client_of, coordinator, plan):
    activity = plan.activities.get(code="2.1.1")
    activity.lead_agency = None
    activity.budget = None
    activity.ends_on = None
    activity.save()
    indicator = plan.indicators.get(code="I2.1")
    indicator.baseline = None
    indicator.means_of_verification = ""
    indicator.save()
    indicator.responsible_agencies.clear()

    response = client_of(coordinator).get(quality_url(plan))

    assert response.status_code == 200
    page = response.content.decode()
    for title in [
        "Indicators without a baseline",
        "Indicators without a means of verification",
        "Indicators without a responsible agency",
        "Activities without a lead agency",
        "Activities without a start or an end",
        "Activities without a budget line",
        "Objectives without an indicator",
    ]:
        assert title in page, title
    assert "Indicators without an end target" not in page
    assert "No end." in page
    # 2.1.a and 3.1 have no sub-objective and no indicator; 2.1 has both.
    assert page.count("No indicator measures this objective.") == 2
    assert "8 problems found." in page  # 3 for the indicator, 3 the activity, 2 objectives
    for name, pk in [("indicator", indicator.pk), ("activity", activity.pk)]:
        assert reverse(f"plans:{name}_detail", args=[plan.pk, pk]) in page
        assert reverse(f"plans:{name}_edit", args=[plan.pk, pk]) in page
    objective = plan.objectives.get(code="3.1")
    assert reverse("plans:objective_edit", args=[plan.pk, objective.pk]) in page


def test_it_says_when_nothing_is_missing(client_of, coordinator):
    plan = factories.PlanFactory()
    objective = factories.ObjectiveFactory(area=factories.AreaFactory(plan=plan))
    factories.IndicatorFactory(objective=objective, responsible=[factories.AgencyFactory()])
    factories.ActivityFactory(
        objective=objective, budget=None, funding_source=FundingSource.NONE_NEEDED
    )

    page = client_of(coordinator).get(quality_url(plan)).content.decode()

    assert "No problems found." in page


@pytest.mark.parametrize(
    "persona", ["reporter_a", "approver_a", "reporter_b", "viewer", "administrator"]
)
def test_it_refuses_everyone_but_the_coordinator(client_of, request, persona, plan):
    assert client_of(request.getfixturevalue(persona)).get(quality_url(plan)).status_code == 403


def test_it_hides_a_draft_plan_from_a_reporter(client_of, reporter_a, plan):
    plan.status = PlanStatus.DRAFT
    plan.save()

    assert client_of(reporter_a).get(quality_url(plan)).status_code == 404


def test_it_checks_a_draft_plan_for_the_coordinator(client_of, coordinator, plan):
    plan.status = PlanStatus.DRAFT
    plan.save()

    assert client_of(coordinator).get(quality_url(plan)).status_code == 200


def test_it_sends_an_anonymous_visitor_to_sign_in(anonymous, plan):
    response = anonymous.get(quality_url(plan))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_it_checks_a_big_plan_in_a_bounded_number_of_queries(
    client_of, coordinator, plan, django_assert_max_num_queries
):
    factories.grow_plan(plan, activities=40)
    plan.activities.update(budget=None)
    client = client_of(coordinator)

    # 12 for the plan's own checks, 2 for the checks other apps register (coordination's
    # recommendations: plans/quality.py EXTRA_CHECKS).
    with django_assert_max_num_queries(14):
        response = client.get(quality_url(plan))

    assert response.content.decode().count("No budget estimate.") == 42
