"""A job's page (and, for htmx, its partial that polls itself), the coordinator's list of
recent jobs, and Retry. Reads and permission checks are `jobs.selectors`; Retry is
`services.job_retry`."""

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from accounts import permissions
from accounts.models import User
from jobs import selectors, services
from jobs.models import JobStatus

LIST_LIMIT = 100
HTMX_STOP_POLLING = 286  # htmx cancels an element's polling on this (otherwise 200-like) status


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)  # every view here is behind login_required


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


@require_safe
@login_required
def job_status(request: HttpRequest, job_id: int) -> HttpResponse:
    """The job's state: the partial for htmx's polling, a whole page otherwise. A finished job's
    partial answers 286 (htmx's "stop polling") and carries `HX-Trigger: job-finished`, so the
    page around it can refresh what the job made (`hx-trigger="job-finished from:body"`)."""
    job = selectors.get_job_for_user(_user(request), job_id)
    if _is_htmx(request):
        on_page = request.GET.get("on_page") == "1"  # polled from the job's own page
        response = render(request, "jobs/_job.html", {"job": job, "on_page": on_page})
        if job.is_finished:
            response.status_code = HTMX_STOP_POLLING
            response["HX-Trigger"] = "job-finished"
        return response
    return render(request, "jobs/job.html", {"job": job})


@require_safe
@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    """The coordinator's recent jobs (every requester's and the scheduled ones); ?status=failed
    shows only the failed."""
    user = _user(request)
    if not permissions.is_coordinator(user):
        raise PermissionDenied
    status = request.GET.get("status", "")
    if status not in JobStatus.values:
        status = ""
    jobs = selectors.jobs_for_user(user, status=status or None, limit=LIST_LIMIT)
    return render(
        request,
        "jobs/job_list.html",
        {"jobs": jobs, "status": status, "statuses": JobStatus.choices, "limit": LIST_LIMIT},
    )


@require_POST
@login_required
def job_retry(request: HttpRequest, job_id: int) -> HttpResponse:
    user = _user(request)
    job = selectors.get_job_for_user(user, job_id)
    try:
        job = services.job_retry(job=job, user=user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    if _is_htmx(request):
        return render(request, "jobs/_job.html", {"job": job})
    return redirect("jobs:status", job.pk)
