"""Writes of population estimates (multiple systems estimation, issue 13): the coordinator
requests one (`estimate_request`: validated, its capture histories read from the linked case
records and stored, the computation queued for the worker), the worker computes it
(`estimate_run`, the body of the job `cases.jobs.estimate_population`), the coordinator
publishes it for viewers (`estimate_publish`, `estimate_unpublish`).

Decisions where the issue is silent:
- The histories are read when the estimate is requested, not when it runs: what was estimated
  is what the coordinator asked for, even if records are imported or linked in between; the
  row keeps them (`table`), so an estimate can be re-read and re-published the same.
- A year whose lists hold a record not linked yet is refused (how many, and that linkage must
  run first): an unlinked duplicate would count as a person on fewer lists and inflate the
  estimate.
- A data reason (lists that never overlap, no finite estimate) is a done estimate whose result
  says why (`exists` false); an error of the computation is a failed one with the error.
- Only an estimate of a year that has ended, done, with an estimate that exists, is published;
  one per year: publishing it unpublishes the year's other. (Two published versions of a year
  with other lists or later records could be set against each other, as two versions of
  published tables could: docs/disclosure.md, "Limits".)
- Requests, publishing and unpublishing are audited in CaseAccess (actions "estimate",
  "publish", "unpublish"); reads are audited by cases.estimation.selectors.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import permissions
from cases.estimation.histories import (
    ListSpec,
    as_list_specs,
    capture_table,
    table_from_json,
    table_to_json,
    validate_lists,
)
from cases.models import EstimateStatus, PopulationEstimate
from cases.services import case_access_record
from jobs.services import job_enqueue
from tipmonitor.lib.mse import estimate_population

if TYPE_CHECKING:
    from accounts.models import User
    from tipmonitor.lib.mse import CaptureTable

logger = logging.getLogger(__name__)

ACTION_ESTIMATE = "estimate"
ACTION_PUBLISH = "publish"
ACTION_UNPUBLISH = "unpublish"
METHODS = ("auto", "bic", "stepwise")
# BCa (bias-corrected and accelerated), as the published intervals are: on Western, 1,000
# stepwise samples give 1,202-3,827 against the published 1,293-3,670, where the percentile
# interval reaches 8,886 (the bootstrap distribution of a selected model is skewed).
CI_METHOD = "bca"
MIN_YEAR = 1900
MAX_BOOTSTRAP = 10_000
DEFAULT_BOOTSTRAP = 1000
DEFAULT_SEED = 1
MAX_SEED = 2**31 - 1  # PositiveIntegerField's bound on every database
JOB_FUNCTION = "cases.jobs.estimate_population"


def estimate_subject(estimate_id: int) -> str:
    """What the estimate's job is filed under (jobs.selectors.latest_job)."""
    return f"cases:estimate:{estimate_id}"


def _target(year: int, specs: Iterable[ListSpec]) -> str:
    lists = " ".join(f"{spec.name}={','.join(spec.agencies)}" for spec in specs)
    return f"year={year} lists={lists}"


def estimate_errors(
    *,
    year: Any,
    lists: Any,
    method: Any,
    max_order: Any,
    bootstrap: Any,
    seed: Any,
    today_year: int,
) -> tuple[dict[str, list[str]], list[ListSpec]]:
    """Every problem of a request, by field (year, lists, method, max_order, bootstrap, seed),
    and the lists as ListSpecs (empty when they could not be read)."""
    errors: dict[str, list[str]] = {}

    def whole(value: Any) -> bool:
        return isinstance(value, int) and not isinstance(value, bool)

    if not whole(year) or not MIN_YEAR <= year <= today_year:
        errors["year"] = [
            _("Choose a year from %(min)d to %(max)d.") % {"min": MIN_YEAR, "max": today_year}
        ]
    specs: list[ListSpec] = []
    try:
        specs = as_list_specs(lists if isinstance(lists, list | tuple) else [])
        validate_lists(specs)
    except ValidationError as invalid:
        errors["lists"] = list(invalid.messages)
    if method not in METHODS:
        errors["method"] = [_("Choose a method: %(methods)s.") % {"methods": ", ".join(METHODS)}]
    highest = max(len(specs) - 1, 2)
    if max_order is not None and (not whole(max_order) or not 2 <= max_order <= highest):
        errors["max_order"] = [
            _("The highest interaction is a whole number from 2 to %(max)d (lists − 1), or empty.")
            % {"max": highest}
        ]
    if not whole(bootstrap) or not 0 <= bootstrap <= MAX_BOOTSTRAP:
        errors["bootstrap"] = [
            _("Bootstrap samples: a whole number from 0 to %(max)d.") % {"max": MAX_BOOTSTRAP}
        ]
    if not whole(seed) or not 0 <= seed <= MAX_SEED:
        errors["seed"] = [_("The seed is a whole number from 0 to %(max)d.") % {"max": MAX_SEED}]
    return errors, specs


def estimate_request(
    *,
    user: User,
    year: int,
    lists: Iterable[ListSpec | Mapping[str, Any] | str],
    method: str = "auto",
    max_order: int | None = None,
    bootstrap: int = DEFAULT_BOOTSTRAP,
    seed: int = DEFAULT_SEED,
) -> PopulationEstimate:
    """Request an estimate of `year` from `lists` (the coordinator only: PermissionDenied).
    Everything is validated first: ValidationError by field, nothing stored. The capture
    histories are read now and stored with the request; the computation is queued for the
    worker once this commits. Returns the queued row."""
    with transaction.atomic():
        estimate = _requested(
            user=user,
            year=year,
            lists=lists,
            method=method,
            max_order=max_order,
            bootstrap=bootstrap,
            seed=seed,
        )
        job_enqueue(
            function=JOB_FUNCTION,
            kwargs={"estimate_id": estimate.pk},
            title=_("Estimate of hidden victims, %(year)d") % {"year": year},
            user=user,
            subject=estimate_subject(estimate.pk),
        )
    return estimate


def _requested(
    *,
    user: User,
    year: int,
    lists: Iterable[ListSpec | Mapping[str, Any] | str],
    method: str,
    max_order: int | None,
    bootstrap: int,
    seed: int,
) -> PopulationEstimate:
    """The checks of a request and its queued row with the histories (audited)."""
    if not permissions.reads_all_cases(user):
        raise PermissionDenied
    errors, specs = estimate_errors(
        year=year,
        lists=list(lists) if not isinstance(lists, list | tuple) else lists,
        method=method,
        max_order=max_order,
        bootstrap=bootstrap,
        seed=seed,
        today_year=timezone.localdate().year,
    )
    if errors:
        raise ValidationError(errors)
    try:
        table = capture_table(year, specs)
    except ValidationError as unlinked:
        raise ValidationError({"year": unlinked.messages}) from unlinked
    estimate = PopulationEstimate.objects.create(
        year=year,
        lists=[spec.to_json() for spec in specs],
        method=method,
        max_order=max_order,
        bootstrap=bootstrap,
        seed=seed,
        status=EstimateStatus.QUEUED,
        table=table_to_json(table),
        requested_by=user,
        requested_at=timezone.now(),
    )
    case_access_record(
        user=user,
        action=ACTION_ESTIMATE,
        target=f"request {estimate.pk} {_target(year, specs)}",
        records=table.observed,
    )
    return estimate


def estimate_now(
    *,
    user: User,
    year: int,
    lists: Iterable[ListSpec | Mapping[str, Any] | str],
    method: str = "auto",
    max_order: int | None = None,
    bootstrap: int = DEFAULT_BOOTSTRAP,
    seed: int = DEFAULT_SEED,
) -> PopulationEstimate:
    """As `estimate_request`, computed at once in this process instead of by the worker (the
    demo's set-up; a command): the same checks, the same row, done or failed."""
    with transaction.atomic():
        estimate = _requested(
            user=user,
            year=year,
            lists=lists,
            method=method,
            max_order=max_order,
            bootstrap=bootstrap,
            seed=seed,
        )
    return estimate_run(estimate.pk)


def estimate_table(estimate: PopulationEstimate) -> CaptureTable:
    """The capture histories stored with the estimate (true counts: the coordinator's)."""
    names = [str(item["name"]) for item in estimate.lists]
    return table_from_json(names, estimate.table)


def estimate_run(estimate_id: int) -> PopulationEstimate:
    """Compute the estimate (the worker's job): from the stored histories with the stored
    method, order, bootstrap samples and seed. Done with the result (which may say that no
    estimate exists, and why); failed with the error if the computation raises, which is raised
    again for the job to fail too. A done estimate is left as it is. Computes first, then
    writes once."""
    estimate = PopulationEstimate.objects.get(pk=estimate_id)
    if estimate.status == EstimateStatus.DONE:
        return estimate
    PopulationEstimate.objects.filter(pk=estimate.pk).update(
        status=EstimateStatus.RUNNING, error=""
    )
    try:
        result = estimate_population(
            estimate_table(estimate),
            method=estimate.method,
            max_order=estimate.max_order,
            bootstrap=estimate.bootstrap,
            seed=estimate.seed,
            ci=CI_METHOD,
        )
    except Exception as error:
        readable = str(error) if isinstance(error, ValueError) and str(error) else ""
        if not readable:
            logger.exception("Population estimate %s failed", estimate.pk)
        message = readable or _("The computation failed unexpectedly (logged).")
        PopulationEstimate.objects.filter(pk=estimate.pk).update(
            status=EstimateStatus.FAILED, error=message, result={}, finished_at=timezone.now()
        )
        raise ValueError(message) from error
    estimate.result = result.to_dict()
    estimate.status = EstimateStatus.DONE
    estimate.error = ""
    estimate.finished_at = timezone.now()
    with transaction.atomic():
        estimate.save(update_fields=["result", "status", "error", "finished_at"])
    return estimate


def _coordinator_only(user: User) -> None:
    if not permissions.reads_all_cases(user):
        raise PermissionDenied


def publishable_error(estimate: PopulationEstimate, *, today_year: int) -> str:
    """Why the estimate cannot be published ("" when it can)."""
    if estimate.status != EstimateStatus.DONE:
        return _("Only a finished estimate can be published.")
    if not estimate.result.get("exists"):
        return _("No estimate exists for these lists: there is nothing to publish.")
    if estimate.year >= today_year:
        return _("Only the estimate of a year that has ended can be published.")
    return ""


def estimate_publish(*, user: User, estimate: PopulationEstimate) -> PopulationEstimate:
    """Publish the estimate for viewers (the coordinator only): rounded, its overlaps under
    disclosure control. The year's other published estimate, if any, is unpublished.
    ValidationError (code "not_publishable") when it cannot be published."""
    _coordinator_only(user)
    with transaction.atomic():
        locked = PopulationEstimate.objects.select_for_update().get(pk=estimate.pk)
        if error := publishable_error(locked, today_year=timezone.localdate().year):
            raise ValidationError(error, code="not_publishable")
        others = PopulationEstimate.objects.filter(year=locked.year, published_at__isnull=False)
        for other in others.exclude(pk=locked.pk):
            _unpublished(other, user)
        locked.published_at = timezone.now()
        locked.published_by = user
        locked.save(update_fields=["published_at", "published_by"])
        case_access_record(
            user=user, action=ACTION_PUBLISH, target=f"estimate {locked.pk}", records=0
        )
    return locked


def _unpublished(estimate: PopulationEstimate, user: User) -> None:
    estimate.published_at = None
    estimate.published_by = None
    estimate.save(update_fields=["published_at", "published_by"])
    case_access_record(
        user=user, action=ACTION_UNPUBLISH, target=f"estimate {estimate.pk}", records=0
    )


def estimate_unpublish(*, user: User, estimate: PopulationEstimate) -> PopulationEstimate:
    """Take the estimate back from viewers (the coordinator only); an estimate not published
    is left as it is."""
    _coordinator_only(user)
    with transaction.atomic():
        locked = PopulationEstimate.objects.select_for_update().get(pk=estimate.pk)
        if locked.published_at is not None:
            _unpublished(locked, user)
    return locked
