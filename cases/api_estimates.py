"""Population estimates (multiple systems estimation, issue 13) through the JSON API; `router`
is mounted by tipmonitor/api.py.

The same services and selectors as the pages and the command: the coordinator requests,
reads (true figures), publishes and unpublishes; a viewer reads published estimates as
published (overlaps under disclosure control, a withheld count `null` with `"withheld": true`;
the estimate rounded); every other role is refused (403). Every read is audited, refusals too.
"""

from datetime import datetime
from typing import Annotated, Any, Literal, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from accounts.models import User
from cases.api_auth import CASES_AUTH
from cases.estimation import selectors, services
from cases.models import EstimateStatus, PopulationEstimate
from cases.services import case_access_refused
from tipmonitor.schemas import AUTH_ERRORS, INVALID, READ_ERRORS, TOO_LARGE, ErrorOut, PathId

router = Router(tags=["population estimates"], auth=CASES_AUTH)  # no API token
AGENCY_CODE_LENGTH = 40  # Agency.code's max_length
MIN_YEAR, MAX_YEAR = 1900, 9999


def _user(request: HttpRequest) -> User:
    # `django_auth` (tipmonitor.api) lets no anonymous request reach an operation.
    return cast(User, request.user)


# --- Shapes ------------------------------------------------------------------------------------


class EstimateListOut(Schema):
    name: str
    agencies: list[str] = Field(description="the codes of the agencies whose records it holds")


class OverlapCountOut(Schema):
    persons: int | None = Field(description="null where withheld")
    withheld: bool


class ListSizeOut(OverlapCountOut):
    list: str


class HistoryOut(OverlapCountOut):
    history: list[int] = Field(description="0 or 1 per list, in the order of `lists`")
    lists: list[str] = Field(description="the lists that hold these persons")


class OverlapsOut(Schema):
    """How the lists overlap: persons by capture history, each list's size and the persons
    on any list. `protected`: as published (counts from 1 to `threshold` withheld, and more
    where they would give one back); else the true counts (the coordinator's)."""

    lists: list[str]
    protected: bool
    threshold: int | None
    observed: OverlapCountOut
    list_sizes: list[ListSizeOut]
    histories: list[HistoryOut]


class AlternativeOut(Schema):
    terms: list[str] = Field(description="the model's interaction terms, e.g. A:B")
    bic: float | None = Field(description="the coordinator's only; null as published")
    estimate: float | None
    exists: bool


class CaveatOut(Schema):
    code: str
    title: str
    text: str


class RequestedOut(Schema):
    method: str
    max_order: int | None
    bootstrap: int
    seed: int | None = Field(description="the coordinator's only; null as published")


class PopulationEstimateOut(Schema):
    """An estimate of how many victims no list holds, and why none exists where none does.
    The figures are null until it is done (`status`). As published (`rounded`): the estimate,
    its interval and the figure per 100,000 residents rounded to two significant figures, the
    estimate and its interval to tens at least."""

    id: int
    year: int
    status: EstimateStatus
    error: str
    requested_at: datetime
    finished_at: datetime | None
    published_at: datetime | None
    published: bool
    lists: list[EstimateListOut]
    observed: int | None = Field(description="persons on at least one list; null if withheld")
    estimate: float | None
    unobserved: float | None = Field(description="the estimate minus the persons observed")
    ci_low: float | None
    ci_high: float | None
    exists: bool | None
    reason: str | None = Field(
        description="why no estimate exists: too_few_lists, too_many_lists, empty, "
        "isolated_list, not_exist, not_identifiable"
    )
    reason_detail: str
    method: str = Field(description="what ran: bic, stepwise or fixed")
    requested_method: str
    search: str
    max_order: int | None
    model: list[str] = Field(description="the chosen model's interaction terms")
    alternatives: list[AlternativeOut] = Field(
        description="the models considered, best first: the coordinator's only; empty as published"
    )
    bootstrap: int | None
    bootstrap_failed: int | None = Field(description="the coordinator's only; null as published")
    seed: int | None = Field(description="the coordinator's only; null as published")
    ci_method: str
    rounded: bool
    population: int | None = Field(description="residents in the year (the plan's setting)")
    population_source: str
    per_100k: float | None = Field(description="the estimate per 100,000 residents")
    caveats: list[CaveatOut]
    overlaps: OverlapsOut
    requested: RequestedOut


AgencyCode = Annotated[str, Field(min_length=1, max_length=AGENCY_CODE_LENGTH)]


class EstimateListIn(Schema):
    name: str = Field(min_length=1, max_length=60)
    agencies: list[AgencyCode] = Field(min_length=1, max_length=100)


class PopulationEstimateIn(Schema):
    year: int = Field(ge=MIN_YEAR, le=MAX_YEAR)
    lists: list[EstimateListIn] = Field(max_length=20, description="3 to 8 lists")
    method: Literal["auto", "bic", "stepwise"] = "auto"
    max_order: int | None = Field(None, ge=2, le=7, description="at most the lists less one")
    bootstrap: int = Field(services.DEFAULT_BOOTSTRAP, ge=0, le=services.MAX_BOOTSTRAP)
    seed: int = Field(services.DEFAULT_SEED, ge=0, le=services.MAX_SEED)


class EstimateErrorOut(Schema):
    field: str
    message: str


class EstimateRefusedOut(Schema):
    detail: str
    # Each problem with the field it concerns; none when the body could not be read at all.
    errors: list[EstimateErrorOut] = Field(default_factory=list)


class EstimateQuery(Schema):
    year: int | None = Field(None, ge=MIN_YEAR, le=MAX_YEAR)


# --- Operations ----------------------------------------------------------------------------------


def _out(user: User, estimate: PopulationEstimate) -> dict[str, Any]:
    return selectors.estimate_figures(estimate, full=selectors.sees_true_estimates(user))


def _refused() -> Status[dict[str, Any]]:
    return Status(403, {"detail": _("You may not read population estimates.")})


@router.get(
    "/population-estimates",
    response={200: list[PopulationEstimateOut], 403: ErrorOut, **AUTH_ERRORS, **INVALID},
)
def list_population_estimates(request: HttpRequest, query: Query[EstimateQuery]) -> Status[Any]:
    """The estimates you may read, newest year first: every one for the coordinator (true
    figures), the published ones for viewers (as published); 403 for other roles."""
    user = _user(request)
    try:
        estimates = selectors.estimates_for_user(user, year=query.year)
    except PermissionDenied:
        return _refused()
    return Status(200, [_out(user, estimate) for estimate in estimates])


@router.get(
    "/population-estimates/{estimate_id}",
    response={200: PopulationEstimateOut, 403: ErrorOut, **READ_ERRORS},
)
def get_population_estimate(request: HttpRequest, estimate_id: PathId) -> Status[Any]:
    """One estimate: 404 for one that is not published, for a viewer."""
    user = _user(request)
    try:
        estimate = selectors.get_estimate_for_user(user, estimate_id)
    except PermissionDenied:
        return _refused()
    return Status(200, _out(user, estimate))


@router.post(
    "/population-estimates",
    response={
        201: PopulationEstimateOut,
        400: EstimateRefusedOut,
        403: ErrorOut,
        **AUTH_ERRORS,
        **INVALID,
        **TOO_LARGE,
    },
)
def post_population_estimate(request: HttpRequest, payload: PopulationEstimateIn) -> Status[Any]:
    """Request an estimate (the coordinator): the year, 3 to 8 lists (each a name and the
    codes of its agencies, no agency in two), the method (`auto`: BIC up to 5 lists,
    stepwise from 6), the highest interaction, the bootstrap samples and the seed. The
    capture histories are read from the linked case records now; the computation is queued
    (201 with the queued estimate; follow it at its URL). Refused with 400, each problem with
    its field, when a list or the year is wrong (a year with records not linked yet among
    them); nothing is stored then."""
    user = _user(request)
    try:
        estimate = services.estimate_request(
            user=user,
            year=payload.year,
            lists=[item.model_dump() for item in payload.lists],
            method=payload.method,
            max_order=payload.max_order,
            bootstrap=payload.bootstrap,
            seed=payload.seed,
        )
    except PermissionDenied:
        case_access_refused(user=user, target="estimate request", status=403)
        return Status(403, {"detail": _("Only the coordinator requests estimates.")})
    except ValidationError as invalid:
        errors = [
            {"field": field, "message": message}
            for field, messages in invalid.message_dict.items()
            for message in messages
        ]
        return Status(400, {"detail": _("The estimate was not requested."), "errors": errors})
    estimate.refresh_from_db()  # the immediate backend (no worker) may have run it
    return Status(201, _out(user, estimate))


PUBLISH_ANSWERS: dict[int, Any] = {
    200: PopulationEstimateOut,
    403: ErrorOut,
    409: ErrorOut,
    **READ_ERRORS,
    **TOO_LARGE,
}


def _coordinators_estimate(user: User, estimate_id: int, action: str) -> PopulationEstimate:
    if not selectors.sees_true_estimates(user):
        case_access_refused(user=user, target=f"{action} estimate {estimate_id}", status=403)
        raise PermissionDenied
    return selectors.get_estimate_for_user(user, estimate_id)


@router.post("/population-estimates/{estimate_id}/publish", response=PUBLISH_ANSWERS)
def publish_population_estimate(request: HttpRequest, estimate_id: PathId) -> Status[Any]:
    """Publish the estimate for viewers (the coordinator): only a finished one of a year that
    has ended, with an estimate that exists (409 otherwise). The year's other published
    estimate is unpublished."""
    user = _user(request)
    try:
        estimate = _coordinators_estimate(user, estimate_id, "publish")
        published = services.estimate_publish(user=user, estimate=estimate)
    except PermissionDenied:
        return Status(403, {"detail": _("Only the coordinator publishes estimates.")})
    except ValidationError as refused:
        return Status(409, {"detail": " ".join(refused.messages)})
    return Status(200, _out(user, published))


@router.post("/population-estimates/{estimate_id}/unpublish", response=PUBLISH_ANSWERS)
def unpublish_population_estimate(request: HttpRequest, estimate_id: PathId) -> Status[Any]:
    """Take a published estimate back from viewers (the coordinator)."""
    user = _user(request)
    try:
        estimate = _coordinators_estimate(user, estimate_id, "unpublish")
        unpublished = services.estimate_unpublish(user=user, estimate=estimate)
    except PermissionDenied:
        return Status(403, {"detail": _("Only the coordinator unpublishes estimates.")})
    return Status(200, _out(user, unpublished))
