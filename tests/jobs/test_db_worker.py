"""The real queue: with the database backend a job waits in django-tasks-db's table until a
worker (`tipmonitor worker`, i.e. db_worker plus the schedule) runs it. Transactional, since
the worker claims tasks in transactions of its own; runs on SQLite and PostgreSQL."""

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from agencies.models import Agency
from jobs.models import Job, JobStatus
from jobs.services import job_enqueue
from tipmonitor.lib import compat

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _database_backend(settings):
    settings.TASKS = compat.tasks_settings("database")["TASKS"]
    settings.TIPMONITOR_SCHEDULE = {}


def test_it_keeps_the_job_queued_until_a_worker_runs_it():
    job = job_enqueue(
        function="tests.jobs.functions.make_agency",
        kwargs={"code": "QUEUE"},
        title="Make an agency",
        user=None,
    )
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED
    assert DBTaskResult.objects.filter(id=job.task_id).exists()
    assert not Agency.objects.filter(code="QUEUE").exists()

    call_command("worker", "--batch", "--no-startup-delay", verbosity=0)

    job.refresh_from_db()
    assert (job.status, job.result["text"]) == (JobStatus.DONE, "Agency QUEUE")
    assert DBTaskResult.objects.get(id=job.task_id).status == "SUCCESSFUL"


def test_it_records_a_failed_job_and_the_task_still_succeeds():
    """A job's failure is the Job's (a reason for the user), not the queue's: the task that ran
    it completed its work of recording the failure."""
    job = job_enqueue(
        function="tests.jobs.functions.make_agency_then_refuse",
        kwargs={"code": "HALF"},
        title="Refused",
        user=None,
    )

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    job.refresh_from_db()
    assert (job.status, job.error) == (JobStatus.FAILED, "The plan has no indicators for 2025.")
    assert not Agency.objects.filter(code="HALF").exists()


def test_it_starts_the_scheduled_jobs_in_a_batch_run(settings):
    from django.utils import timezone

    now = timezone.localtime()
    settings.TIPMONITOR_SCHEDULE = {
        "count": {
            "function": "tests.jobs.functions.count",
            "at": f"{now:%H:%M}",
            "kwargs": {"n": 0},
        }
    }

    call_command("worker", "--batch", "--no-startup-delay", verbosity=0)
    call_command("worker", "--batch", "--no-startup-delay", verbosity=0)

    job = Job.objects.get()
    assert (job.subject, job.status, job.result) == ("schedule:count", JobStatus.DONE, {"value": 0})


def test_it_keeps_nothing_of_a_job_that_failed_in_the_worker():
    """The worker holds no transaction around a job (jobs.runner); the function's own keeps
    it all-or-nothing, on both databases."""
    job = job_enqueue(
        function="tests.jobs.functions.make_agency_then_refuse",
        kwargs={"code": "HALF"},
        title="Refused",
        user=None,
    )

    call_command("worker", "--batch", "--no-startup-delay", verbosity=0)

    job.refresh_from_db()
    assert (job.status, job.error) == (JobStatus.FAILED, "The plan has no indicators for 2025.")
    assert not Agency.objects.filter(code="HALF").exists()
