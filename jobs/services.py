"""Writes of background jobs: queue one, retry a failed one, fail the stalled ones. The
worker runs them (`jobs.runner`); who may see them is `jobs.selectors`. See docs/worker.md."""

from __future__ import annotations

import datetime
import json
import logging
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from accounts import permissions
from jobs.models import Job, JobStatus

if TYPE_CHECKING:
    from accounts.models import User

logger = logging.getLogger(__name__)


def _check_function(function: str) -> None:
    """A job names a module-level function; a typo fails here, in the request, not later."""
    try:
        target = import_string(function)
    except ImportError as error:
        raise ValueError(f"Job function {function!r} cannot be imported: {error}") from error
    if not callable(target):
        raise ValueError(f"Job function {function!r} is not callable")


def _check_kwargs(function: str, kwargs: dict[str, Any]) -> None:
    if not isinstance(kwargs, dict) or not all(isinstance(key, str) for key in kwargs):
        raise ValueError(f"Job {function!r}: kwargs must be a dict with string keys")
    try:
        json.dumps(kwargs)
    except (TypeError, ValueError) as error:
        raise ValueError(f"Job {function!r}: kwargs must be JSON-able ({error})") from error


def _enqueue_on_commit(job: Job) -> None:
    """Queue the task once the job (and whatever the request wrote) is committed, so that the
    worker never looks for a job that is not there yet, and a rolled back request queues
    nothing."""
    from jobs.tasks import run_job  # the task module needs the configured backend

    def enqueue() -> None:
        result = run_job.enqueue(job_id=job.pk)
        # update(), not save(): the immediate backend has already run (and saved) the job.
        Job.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])

    transaction.on_commit(enqueue)


def job_enqueue(
    *,
    function: str,
    kwargs: dict[str, Any],
    title: str,
    user: User | None,
    subject: str = "",
) -> Job:
    """Create a QUEUED job calling `function(**kwargs)` and queue it when the current
    transaction commits. `title` is what people see (in the requester's language); `subject`
    finds the job again (`latest_job`). Raises ValueError for a function that cannot be
    imported or arguments that are not JSON."""
    _check_function(function)
    _check_kwargs(function, kwargs)
    job = Job.objects.create(
        function=function,
        kwargs=kwargs,
        title=str(title)[:200],
        subject=subject[:100],
        requested_by=user if user is not None and user.is_authenticated else None,
        language=translation.get_language() or "",
    )
    _enqueue_on_commit(job)
    return job


def job_retry(*, job: Job, user: User) -> Job:
    """Queue a failed job again (the same Job, so its page keeps its address). Coordinator
    only; only a FAILED job (a queued or running one is still on its way; a done one is done)."""
    if not permissions.is_coordinator(user):
        raise PermissionDenied
    with transaction.atomic():
        locked = Job.objects.select_for_update().get(pk=job.pk)
        if locked.status != JobStatus.FAILED:
            raise ValidationError(_("Only a failed job can be retried."), code="not_failed")
        locked.status = JobStatus.QUEUED
        locked.error = ""
        locked.result = {}
        locked.started_at = None
        locked.finished_at = None
        locked.save(update_fields=["status", "error", "result", "started_at", "finished_at"])
        _enqueue_on_commit(locked)
    return locked


def jobs_fail_stalled(*, now: datetime.datetime | None = None) -> int:
    """Fail the jobs still "running" long after they started (settings.JOB_STALL_HOURS): their
    worker stopped hard (killed, out of memory) and will never finish them. Failed, they show
    why and the coordinator may retry them. Returns how many were failed."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(hours=settings.JOB_STALL_HOURS)
    stalled = Job.objects.filter(status=JobStatus.RUNNING, started_at__lt=cutoff)
    count = stalled.update(
        status=JobStatus.FAILED,
        error=_(
            "The job did not finish within %(hours)d hours: the worker may have stopped. Retry it."
        )
        % {"hours": settings.JOB_STALL_HOURS},
        finished_at=now,
    )
    if count:
        logger.warning("%d stalled jobs marked failed", count)
    return count
