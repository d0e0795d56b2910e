import pytest
from django.core.exceptions import ValidationError

from plans import services
from plans.models import StrategicArea
from tests import factories

pytestmark = pytest.mark.django_db


def test_it_adds_an_area_at_the_end_of_the_plan(plan):
    area = services.area_create(plan=plan, code="4", name="Prosecution")
    assert list(plan.areas.values_list("code", flat=True)) == ["2", "3", "4"]
    assert area.plan == plan


def test_it_refuses_a_code_another_area_of_the_plan_has(plan):
    with pytest.raises(ValidationError) as caught:
        services.area_create(plan=plan, code="2", name="Again")
    assert caught.value.message_dict["code"] == [
        "Another strategic area of this plan already has the code 2."
    ]
    assert plan.areas.count() == 2


def test_it_accepts_a_code_an_area_of_another_plan_has(plan):
    other = factories.PlanFactory()
    assert services.area_create(plan=other, code="2", name="Prevention").pk


def test_it_refuses_an_empty_name_and_a_malformed_code(plan):
    with pytest.raises(ValidationError) as caught:
        services.area_create(plan=plan, code="two words", name="")
    assert set(caught.value.message_dict) == {"code", "name"}


def test_it_renames_an_area(plan):
    area = plan.areas.get(code="2")
    services.area_update(area=area, code="2a", name="Prevention and awareness")
    area.refresh_from_db()
    assert (area.code, area.name) == ("2a", "Prevention and awareness")


def test_it_refuses_to_rename_an_area_to_a_taken_code_but_keeps_its_own(plan):
    area = plan.areas.get(code="2")
    services.area_update(area=area, code="2", name="Same code")  # its own code is fine
    with pytest.raises(ValidationError):
        services.area_update(area=area, code="3", name="Taken")
    assert StrategicArea.objects.get(pk=area.pk).code == "2"
