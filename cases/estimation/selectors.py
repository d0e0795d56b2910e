"""Reads of population estimates, and who may read what (issue 13).

- The coordinator reads every estimate with its true figures: the capture histories and the
  estimate as computed.
- A viewer reads published estimates only, as published: the overlaps under disclosure
  control, the figures rounded (cases.estimation.rules.figures with full=False).
- Everybody else (the agencies' reporters, approvers and case records officers, user managers,
  administrators) is refused: an estimate is made from every agency's records, and an agency's
  user holding its own list's figures beside the published ones could work out other agencies'
  small counts (docs/disclosure.md, "One agency's values").

Unlike cases.selectors, these selectors write the audit themselves, so that no way in can
forget it: every read (CaseAccess action "estimate") and every refused one ("refused").
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from accounts import permissions
from cases.estimation.rules import figures
from cases.estimation.services import ACTION_ESTIMATE, estimate_table
from cases.models import EstimateStatus, PopulationEstimate
from cases.services import case_access_record, case_access_refused
from plans.selectors import population_entry_for_year
from tipmonitor.lib.mse import Estimate

if TYPE_CHECKING:
    from accounts.models import User


def sees_true_estimates(user: User) -> bool:
    """The coordinator: every estimate, true figures."""
    return permissions.reads_all_cases(user)


def may_read_estimates(user: User) -> bool:
    """The coordinator, and viewers (published estimates)."""
    return permissions.reads_all_cases(user) or permissions.may_read_case_figures(user)


def _visible(user: User) -> QuerySet[PopulationEstimate]:
    estimates = PopulationEstimate.objects.select_related("requested_by", "published_by")
    if sees_true_estimates(user):
        return estimates.all()
    return estimates.filter(published_at__isnull=False)


def estimates_for_user(user: User, *, year: int | None = None) -> list[PopulationEstimate]:
    """The estimates the user may read, newest year first (of one `year` if given): every one
    for the coordinator, the published ones for a viewer; PermissionDenied for anyone else.
    Audited."""
    if not may_read_estimates(user):
        case_access_refused(user=user, target="estimates", status=403)
        raise PermissionDenied
    estimates = _visible(user)
    if year is not None:
        estimates = estimates.filter(year=year)
    found = list(estimates)
    kind = "estimates" if sees_true_estimates(user) else "published estimates"
    case_access_record(
        user=user,
        action=ACTION_ESTIMATE,
        target=f"{kind}{f' year={year}' if year is not None else ''}",
        records=len(found),
    )
    return found


def get_estimate_for_user(user: User, estimate_id: int) -> PopulationEstimate:
    """One estimate, if the user may read it: 403 for a role that reads none, 404 for one not
    published (a viewer) or none at all. Audited, refusals too."""
    if not may_read_estimates(user):
        case_access_refused(user=user, target=f"estimate {estimate_id}", status=403)
        raise PermissionDenied
    estimate = _visible(user).filter(pk=estimate_id).first()
    if estimate is None:
        case_access_refused(user=user, target=f"estimate {estimate_id}", status=404)
        raise Http404
    case_access_record(
        user=user,
        action=ACTION_ESTIMATE,
        target=f"estimate {estimate.pk}",
        records=_observed(estimate),
    )
    return estimate


def published_estimate_for_year(year: int) -> PopulationEstimate | None:
    """The year's published estimate (at most one), for what is published (the annual report):
    show it only through `estimate_figures(..., full=False)`."""
    return PopulationEstimate.objects.filter(year=year, published_at__isnull=False).first()


def published_estimate_read(
    year: int, *, user: User | None, purpose: str
) -> PopulationEstimate | None:
    """The year's published estimate, read to be printed in what is published (`purpose`: the
    annual report): audited as a read of case data (no user when a command prints it). Show it
    only through `estimate_figures(..., full=False)`."""
    estimate = published_estimate_for_year(year)
    if estimate is not None:
        case_access_record(
            user=user,
            action=ACTION_ESTIMATE,
            target=f"{purpose} estimate {estimate.pk}",
            records=_observed(estimate),
        )
    return estimate


def _observed(estimate: PopulationEstimate) -> int:
    return sum(int(row[-1]) for row in estimate.table)


def estimate_result(estimate: PopulationEstimate) -> Estimate | None:
    """The computed result, None while queued, running or failed."""
    if estimate.status != EstimateStatus.DONE or not estimate.result:
        return None
    return Estimate.from_dict(estimate.result)


def estimate_figures(estimate: PopulationEstimate, *, full: bool) -> dict[str, Any]:
    """The estimate as the API, the pages and the annual report show it: the row's facts and
    the figures of cases.estimation.rules.figures; `full` for the coordinator
    (`sees_true_estimates`), else as published. The population is the plan's for the year."""
    entry = population_entry_for_year(estimate.year)
    population = entry.population if entry else None
    shown = figures(
        estimate_result(estimate), estimate_table(estimate), full=full, population=population
    )
    return {
        "id": estimate.pk,
        "year": estimate.year,
        "status": estimate.status,
        "error": estimate.error if full else "",
        "requested_at": estimate.requested_at,
        "finished_at": estimate.finished_at,
        "published_at": estimate.published_at,
        "published": estimate.published_at is not None,
        **shown,
        "population_source": entry.source if entry else "",
        "lists": [
            {"name": str(item["name"]), "agencies": [str(code) for code in item["agencies"]]}
            for item in estimate.lists
        ],
        "requested": {
            "method": estimate.method,
            "max_order": estimate.max_order,
            "bootstrap": estimate.bootstrap,
            "seed": estimate.seed if full else None,  # the coordinator's (rules.figures)
        },
    }
