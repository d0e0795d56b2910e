import pytest
from django.urls import reverse

from plans.models import Objective
from tests import factories

pytestmark = pytest.mark.django_db


def _selected(page: str, value) -> bool:
    return f'<option value="{value}" selected>' in page


def test_it_preselects_area_and_parent_from_the_tree(client_of, coordinator, plan):
    parent = plan.objectives.get(code="2.1.a")
    url = reverse("plans:objective_create", args=[plan.pk]) + f"?parent={parent.pk}"
    page = client_of(coordinator).get(url).content.decode()
    assert _selected(page, parent.area_id)
    assert _selected(page, parent.pk)


def test_it_ignores_a_parent_of_another_plan_in_the_query(client_of, coordinator, plan):
    stray = factories.ObjectiveFactory()
    url = reverse("plans:objective_create", args=[plan.pk]) + f"?parent={stray.pk}&area=x"
    response = client_of(coordinator).get(url)
    assert response.status_code == 200
    assert f'value="{stray.pk}"' not in response.content.decode()


def test_it_adds_a_sub_objective(client_of, coordinator, plan):
    parent = plan.objectives.get(code="2.1.a")
    data = {
        "area": parent.area_id,
        "parent": parent.pk,
        "code": "2.1.a.1",
        "name": "Teachers trained",
        "kind": "output",
    }
    url = reverse("plans:objective_create", args=[plan.pk])
    response = client_of(coordinator).post(url, data)
    created = plan.objectives.get(code="2.1.a.1")
    assert response.url == reverse("plans:objective_detail", args=[plan.pk, created.pk])
    assert (created.parent, created.kind) == (parent, "output")


def test_it_shows_a_parent_in_another_area_and_stores_nothing(client_of, coordinator, plan):
    data = {
        "area": plan.areas.get(code="3").pk,
        "parent": plan.objectives.get(code="2.1").pk,
        "code": "3.9",
        "name": "Crossing",
    }
    response = client_of(coordinator).post(reverse("plans:objective_create", args=[plan.pk]), data)
    assert response.status_code == 200
    assert "The parent objective must be in the same strategic area." in response.content.decode()
    assert not Objective.objects.filter(code="3.9").exists()


def test_it_refuses_a_parent_of_another_plan_posted_by_hand(client_of, coordinator, plan):
    stray = factories.ObjectiveFactory()
    data = {"area": plan.areas.get(code="2").pk, "parent": stray.pk, "code": "2.9", "name": "X"}
    response = client_of(coordinator).post(reverse("plans:objective_create", args=[plan.pk]), data)
    assert response.status_code == 200
    assert not Objective.objects.filter(code="2.9").exists()


def test_it_does_not_offer_the_objectives_own_branch_as_parent(client_of, coordinator, plan):
    top = plan.objectives.get(code="2.1")
    sub = plan.objectives.get(code="2.1.a")
    url = reverse("plans:objective_edit", args=[plan.pk, top.pk])
    client = client_of(coordinator)
    page = client.get(url).content.decode()
    parent_select = page.split('name="parent"')[1].split("</select>")[0]
    assert f'value="{sub.pk}"' not in parent_select
    assert plan.objectives.get(code="3.1").code in parent_select
    data = {"area": top.area_id, "parent": sub.pk, "code": "2.1", "name": "Cycle"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert Objective.objects.get(pk=top.pk).parent_id is None


def test_it_edits_an_objective(client_of, coordinator, plan):
    sub = plan.objectives.get(code="2.1.a")
    url = reverse("plans:objective_edit", args=[plan.pk, sub.pk])
    data = {"area": sub.area_id, "parent": "", "code": "2.2", "name": "Schools", "kind": "outcome"}
    response = client_of(coordinator).post(url, data, follow=True)
    assert "Objective 2.2 saved." in response.content.decode()
    sub.refresh_from_db()
    assert (sub.parent, sub.code, sub.kind) == (None, "2.2", "outcome")
