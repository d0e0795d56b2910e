"""Only the coordinator retries, and only a failed job: the same Job runs again."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from agencies.models import Agency
from jobs.models import Job, JobStatus
from jobs.schedule import schedule_tick
from jobs.services import job_retry


def test_it_lets_the_coordinator_retry_a_failed_job(
    run_job, coordinator, django_capture_on_commit_callbacks
):
    job = run_job("make_agency_then_refuse", user=coordinator, code="R")
    # What failed is fixed meanwhile: the same job, retried, now succeeds.
    job.function = "tests.jobs.functions.make_agency"
    job.save(update_fields=["function"])

    with django_capture_on_commit_callbacks(execute=True):
        job_retry(job=job, user=coordinator)

    job.refresh_from_db()
    assert (job.status, job.attempts, job.error) == (JobStatus.DONE, 2, "")
    assert Agency.objects.filter(code="R").exists()


@pytest.mark.parametrize("persona", ["reporter_a", "viewer", "administrator"])
def test_it_refuses_a_retry_to_anyone_but_the_coordinator(run_job, personas, persona):
    job = run_job("make_agency_then_refuse", user=personas[persona], code="R")

    with pytest.raises(PermissionDenied):
        job_retry(job=job, user=personas[persona])
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED


def test_it_retries_only_a_failed_job(run_job, coordinator):
    job = run_job("count", n=1)

    with pytest.raises(ValidationError, match="Only a failed job"):
        job_retry(job=job, user=coordinator)
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.DONE, 1)


def test_it_fails_a_job_left_running_by_a_stopped_worker_so_it_can_be_retried(
    run_job, coordinator, settings
):
    settings.JOB_STALL_HOURS = 6
    now = timezone.now()
    stalled = Job.objects.create(
        function="tests.jobs.functions.count",
        kwargs={"n": 1},
        title="Killed",
        status=JobStatus.RUNNING,
        started_at=now - datetime.timedelta(hours=7),
    )
    busy = Job.objects.create(
        function="tests.jobs.functions.count",
        kwargs={"n": 2},
        title="Busy",
        status=JobStatus.RUNNING,
        started_at=now - datetime.timedelta(hours=1),
    )

    schedule_tick(now=now)

    stalled.refresh_from_db()
    busy.refresh_from_db()
    assert stalled.status == JobStatus.FAILED
    assert "did not finish within 6 hours" in stalled.error
    assert busy.status == JobStatus.RUNNING
    job_retry(job=stalled, user=coordinator)
    stalled.refresh_from_db()
    assert stalled.status == JobStatus.QUEUED
