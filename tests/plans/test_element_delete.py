from decimal import Decimal

import pytest
from django.urls import reverse

from plans import services
from plans.models import Activity, Indicator, Milestone, Objective, StrategicArea
from tests import factories

pytestmark = pytest.mark.django_db


def _codes(model) -> set[str]:
    return set(model.objects.values_list("code", flat=True))


def test_it_deletes_an_objective_with_its_branch(plan):
    top = plan.objectives.get(code="2.1")
    Milestone.objects.create(indicator=plan.indicators.get(), year=2025, target=Decimal(1))
    services.element_delete(plan=plan, kind="objective", element_id=top.pk)
    assert _codes(Objective) == {"3.1"}
    assert _codes(Activity) == set()
    assert _codes(Indicator) == set()
    assert not Milestone.objects.exists()


def test_it_deletes_only_what_is_below_an_activity(plan):
    activity = plan.activities.get(code="2.1.1")
    factories.IndicatorFactory(objective=None, activity=activity, plan=plan, code="I2.1.1")
    services.element_delete(plan=plan, kind="activity", element_id=activity.pk)
    assert _codes(Activity) == {"2.1.2"}
    assert _codes(Indicator) == {"I2.1"}


def test_it_refuses_an_element_of_another_plan_and_an_unknown_kind(plan):
    other = factories.PlanFactory()
    area = plan.areas.get(code="2")
    with pytest.raises(StrategicArea.DoesNotExist):
        services.element_delete(plan=other, kind="area", element_id=area.pk)
    with pytest.raises(KeyError):
        services.element_delete(plan=plan, kind="plan", element_id=plan.pk)
    assert StrategicArea.objects.filter(pk=area.pk).exists()


def test_it_shows_what_deleting_an_area_takes_with_it(client_of, coordinator, plan):
    area = plan.areas.get(code="2")
    url = reverse("plans:element_delete", args=[plan.pk, "area", area.pk])
    page = client_of(coordinator).get(url).content.decode()
    assert "Delete strategic area 2?" in page
    for shown in ("2 objectives", "2 activities", "1 indicator", "2.1.a", "I2.1"):
        assert shown in page
    assert StrategicArea.objects.filter(pk=area.pk).exists()  # GET changes nothing


def test_it_says_when_nothing_else_goes(client_of, coordinator, plan):
    indicator = plan.indicators.get()
    url = reverse("plans:element_delete", args=[plan.pk, "indicator", indicator.pk])
    assert "Nothing else is deleted with it." in client_of(coordinator).get(url).content.decode()


def test_it_deletes_on_post_and_goes_to_the_page_above(client_of, coordinator, plan):
    sub = plan.objectives.get(code="2.1.a")
    url = reverse("plans:element_delete", args=[plan.pk, "objective", sub.pk])
    response = client_of(coordinator).post(url, follow=True)
    assert response.redirect_chain == [
        (reverse("plans:objective_detail", args=[plan.pk, sub.parent_id]), 302)
    ]
    assert "Objective 2.1.a deleted." in response.content.decode()
    assert _codes(Activity) == {"2.1.2"}


@pytest.mark.parametrize(
    ("kind", "code", "above"),
    [("area", "3", None), ("activity", "2.1.2", "2.1"), ("indicator", "I2.1", "2.1")],
)
def test_it_goes_where_the_element_hung(client_of, coordinator, plan, kind, code, above):
    model = {"area": StrategicArea, "activity": Activity, "indicator": Indicator}[kind]
    element = model.objects.get(code=code)
    expected = (
        reverse("plans:objective_detail", args=[plan.pk, plan.objectives.get(code=above).pk])
        if above
        else reverse("plans:plan_tree", args=[plan.pk])
    )
    url = reverse("plans:element_delete", args=[plan.pk, kind, element.pk])
    response = client_of(coordinator).post(url)
    assert (response.status_code, response.url) == (302, expected)
    assert not model.objects.filter(pk=element.pk).exists()


def test_it_answers_404_for_an_unknown_kind(client_of, coordinator, plan):
    url = reverse("plans:element_delete", args=[plan.pk, "plan", plan.pk])
    client = client_of(coordinator)
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert plan.areas.count() == 2
