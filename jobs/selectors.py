"""Reads of background jobs and who may see them: a job's requester and the coordinator
(who also sees the scheduled jobs, which nobody requested). Anyone else gets 404, as for a job
that does not exist, so ids reveal nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.http import Http404

from accounts import permissions
from jobs.models import Job, JobStatus

if TYPE_CHECKING:
    from accounts.models import User


def _visible(user: Any) -> QuerySet[Job]:
    jobs = Job.objects.select_related("requested_by")
    if permissions.is_coordinator(user):
        return jobs
    if user is None or not user.is_authenticated or not user.is_active:
        return jobs.none()
    return jobs.filter(requested_by=user)


def get_job_for_user(user: User, job_id: int) -> Job:
    """The job, for its requester or a coordinator; Http404 for anyone else."""
    job = _visible(user).filter(pk=job_id).first()
    if job is None:
        raise Http404
    return job


def jobs_for_user(
    user: User,
    *,
    subject: str | None = None,
    status: JobStatus | str | None = None,
    limit: int | None = 20,
) -> QuerySet[Job]:
    """The newest jobs the user may see, optionally about one `subject` or in one `status`."""
    jobs = _visible(user)
    if subject is not None:
        jobs = jobs.filter(subject=subject)
    if status:
        jobs = jobs.filter(status=status)
    jobs = jobs.order_by("-created_at", "-pk")
    return jobs[:limit] if limit is not None else jobs


def latest_job(*, subject: str) -> Job | None:
    """The newest job about `subject`, whoever asked for it (the caller has checked access to
    the subject itself, e.g. the plan's documents page)."""
    return Job.objects.filter(subject=subject).order_by("-created_at", "-pk").first()
