"""Deleting an element of a plan with everything below it."""

from typing import TYPE_CHECKING

from django.db import models, transaction

from plans.models import Activity, Indicator, Objective, Plan, StrategicArea

if TYPE_CHECKING:  # django-stubs is a development dependency
    pass


# The elements `element_delete` removes, by the `kind` used in URLs.
ELEMENT_MODELS: dict[str, type[models.Model]] = {
    "area": StrategicArea,
    "objective": Objective,
    "activity": Activity,
    "indicator": Indicator,
}


# Deleting --------------------------------------------------------------------------------------


@transaction.atomic
def element_delete(*, plan: Plan, kind: str, element_id: int) -> models.Model:
    """Delete an area, objective, activity or indicator of `plan` and everything below it.

    Raises KeyError for an unknown kind and the model's DoesNotExist for an element that is
    not in `plan`. Returns the deleted element (without its primary key) for messages.
    """
    model = ELEMENT_MODELS[kind]
    element = model._default_manager.get(plan=plan, pk=element_id)
    element.delete()
    return element
