"""Reading the plan through the JSON API. Every operation goes through the same permission
getters as the pages (plans.selectors), so what a user may see is decided in one place."""

from typing import cast

from django.http import HttpRequest
from ninja import Router

from accounts.models import User
from plans import schemas, selectors
from plans.models import Activity, Indicator, Objective, Plan
from tipmonitor.schemas import AUTH_ERRORS, READ_ERRORS, PathId

router = Router(tags=["plans"])


def _user(request: HttpRequest) -> User:
    # `django_auth` (tipmonitor.api) lets no anonymous request reach an operation.
    return cast(User, request.user)


@router.get("/plans", response={200: list[schemas.PlanOut], **AUTH_ERRORS})
def list_plans(request: HttpRequest) -> list[Plan]:
    """The plans you may see: every plan for coordinators, adopted and closed ones for others."""
    return list(selectors.plans_visible_to(_user(request)))


@router.get("/plans/{plan_id}", response={200: schemas.PlanDetailOut, **READ_ERRORS})
def get_plan(request: HttpRequest, plan_id: PathId) -> Plan:
    """One plan with its strategic areas."""
    return selectors.get_plan_for_user(_user(request), plan_id)


@router.get(
    "/plans/{plan_id}/objectives", response={200: list[schemas.ObjectiveOut], **READ_ERRORS}
)
def list_objectives(request: HttpRequest, plan_id: PathId) -> list[Objective]:
    """The plan's objectives at every depth; `parent` is the code of the one above."""
    return list(selectors.plan_objectives_for_user(_user(request), plan_id))


@router.get("/plans/{plan_id}/activities", response={200: list[schemas.ActivityOut], **READ_ERRORS})
def list_activities(request: HttpRequest, plan_id: PathId) -> list[Activity]:
    """The plan's activities with their lead and partner agencies (by code)."""
    return list(selectors.plan_activities_for_user(_user(request), plan_id))


@router.get(
    "/plans/{plan_id}/indicators", response={200: list[schemas.IndicatorOut], **READ_ERRORS}
)
def list_indicators(request: HttpRequest, plan_id: PathId) -> list[Indicator]:
    """The plan's indicators with targets, milestones, responsible agencies and dimensions."""
    return list(selectors.plan_indicators_for_user(_user(request), plan_id))
