import pytest
from django.urls import reverse

from plans.models import StrategicArea

pytestmark = pytest.mark.django_db


def test_it_shows_the_new_area_form(client_of, coordinator, plan):
    response = client_of(coordinator).get(reverse("plans:area_create", args=[plan.pk]))
    assert response.status_code == 200
    assert 'name="code"' in response.content.decode()


def test_it_adds_an_area_and_goes_to_it_in_the_tree(client_of, coordinator, plan):
    url = reverse("plans:area_create", args=[plan.pk])
    response = client_of(coordinator).post(url, {"code": "4", "name": "Prosecution"}, follow=True)
    area = plan.areas.get(code="4")
    tree = reverse("plans:plan_tree", args=[plan.pk])
    assert response.redirect_chain == [(f"{tree}#area-{area.pk}", 302)]
    assert "Strategic area 4 added." in response.content.decode()


def test_it_shows_a_taken_code_and_stores_nothing(client_of, coordinator, plan):
    url = reverse("plans:area_create", args=[plan.pk])
    response = client_of(coordinator).post(url, {"code": "3", "name": ""})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Another strategic area of this plan already has the code 3." in page
    assert "This field is required." in page
    assert plan.areas.count() == 2


def test_it_renames_an_area(client_of, coordinator, plan):
    area = plan.areas.get(code="2")
    url = reverse("plans:area_edit", args=[plan.pk, area.pk])
    client = client_of(coordinator)
    assert 'value="Prevention"' in client.get(url).content.decode()
    response = client.post(url, {"code": "2", "name": "Prevention and awareness"})
    assert response.status_code == 302
    assert StrategicArea.objects.get(pk=area.pk).name == "Prevention and awareness"


def test_it_refuses_a_taken_code_on_edit_and_keeps_the_stored_heading(client_of, coordinator, plan):
    area = plan.areas.get(code="2")
    url = reverse("plans:area_edit", args=[plan.pk, area.pk])
    response = client_of(coordinator).post(url, {"code": "3", "name": "Changed"})
    assert response.status_code == 200
    assert "Edit strategic area 2" in response.content.decode()
    assert StrategicArea.objects.get(pk=area.pk).code == "2"
