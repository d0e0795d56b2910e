"""Reading the plan through the JSON API. Every operation goes through the same permission
getters as the pages (plans.selectors), so what a user may see is decided in one place."""

from typing import Any, cast

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from accounts.models import User
from plans import schemas, selectors, services
from plans.models import Activity, Indicator, Objective, Plan
from tipmonitor.schemas import AUTH_ERRORS, READ_ERRORS, TOO_LARGE, ErrorOut, PathId

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


POPULATION_ANSWERS: dict[int, Any] = {
    200: list[schemas.PopulationOut],
    400: schemas.PopulationsErrorOut,
    403: ErrorOut,
    **READ_ERRORS,
    **TOO_LARGE,
}


@router.post("/plans/{plan_id}/populations", response=POPULATION_ANSWERS)
def post_populations(
    request: HttpRequest, plan_id: PathId, payload: schemas.PopulationsIn
) -> Status[Any]:
    """Set the country's population by year of the plan (the coordinator), as the plan's
    settings page does: every year given must be a year of the plan, once; a year left out has
    no population then. Refused whole with 400, each error naming its field
    (`population_<year>`), and nothing is stored."""
    plan = selectors.get_plan_for_user(_user(request), plan_id, edit=True)
    rows = [services.PopulationRow(p.year, p.population, p.source) for p in payload.populations]
    try:
        saved = services.plan_populations_set(plan=plan, rows=rows)
    except ValidationError as invalid:
        errors = [
            {"field": field, "message": message}
            for field, messages in invalid.message_dict.items()
            for message in messages
        ]
        return Status(400, {"detail": _("Nothing was stored."), "errors": errors})
    return Status(
        200, [{"year": p.year, "population": p.population, "source": p.source} for p in saved]
    )


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
