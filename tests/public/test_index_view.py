"""The public site's front page: the plans in force and the completed ones, never a draft."""

import pytest
from django.urls import reverse

from plans.models import PlanStatus
from tests import factories
from tests.public.world import SECRETS

pytestmark = pytest.mark.django_db

URL = "/public/"


def test_it_is_the_public_index():
    assert reverse("public:index") == URL


def test_it_lists_the_plans_with_their_headline_count_to_the_anonymous_visitor(anonymous, world):
    response = anonymous.get(URL)

    assert response.status_code == 200
    [plan] = response.context["plans"]
    assert (plan, plan.headline_count) == (world.plan, 2)
    page = response.content.decode()
    assert reverse("public:plan_detail", args=[world.plan.pk]) in page
    assert "Public plan 2024–2025" in page


def test_it_never_lists_a_draft_plan(anonymous, world):
    page = anonymous.get(URL).content.decode()

    assert SECRETS["draft_plan"] not in page
    assert reverse("public:plan_detail", args=[world.draft.pk]) not in page


def test_it_lists_plans_in_force_before_completed_ones(anonymous, world):
    closed = factories.PlanFactory.create(code="NAP-OLD", status=PlanStatus.CLOSED)

    response = anonymous.get(URL)

    assert list(response.context["plans"]) == [world.plan, closed]
    assert "Completed" in response.content.decode()


def test_it_says_so_when_nothing_is_published(anonymous, db):
    factories.PlanFactory.create(status=PlanStatus.DRAFT)

    response = anonymous.get(URL)

    assert "No plan has been published yet." in response.content.decode()


def test_it_lists_many_plans_in_one_query(anonymous, db, django_assert_max_num_queries):
    for n in range(12):
        plan = factories.PlanFactory.create(code=f"NAP-{n}")
        factories.IndicatorFactory.create(
            objective=factories.ObjectiveFactory.create(
                area=factories.AreaFactory.create(plan=plan)
            ),
            headline=True,
        )

    with django_assert_max_num_queries(1):
        response = anonymous.get(URL)

    assert [plan.headline_count for plan in response.context["plans"]] == [1] * 12
