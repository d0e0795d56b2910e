"""A queued job runs its function once on commit: done with the function's result, or failed
with a reason a user can read, keeping none of the function's writes."""

import logging

import pytest
from django.utils import translation

from agencies.models import Agency
from jobs import runner
from jobs.models import Job, JobStatus
from jobs.services import job_enqueue
from tests.jobs.conftest import F


def test_it_runs_a_queued_job_to_done_with_its_result(run_job, coordinator):
    job = run_job("make_agency", user=coordinator, code="NEW")

    assert job.status == JobStatus.DONE
    assert job.result["text"] == "Agency NEW"
    assert job.result_url == f"/agencies/{Agency.objects.get(code='NEW').pk}/"
    assert (job.attempts, job.error, job.requested_by) == (1, "", coordinator)
    assert job.started_at <= job.finished_at
    assert job.task_id


def test_it_keeps_a_returned_value_that_is_not_a_dict(run_job):
    assert run_job("count", n=3).result == {"value": 3}


def test_it_fails_with_the_validation_message_and_keeps_no_partial_write(run_job):
    job = run_job("make_agency_then_refuse", code="HALF")

    assert job.status == JobStatus.FAILED
    assert job.error == "The plan has no indicators for 2025."
    assert not Agency.objects.filter(code="HALF").exists()
    assert job.result == {}


def test_it_fails_an_unexpected_error_with_a_generic_reason_and_logs_it(run_job, caplog):
    with caplog.at_level(logging.ERROR, logger="jobs.runner"):
        job = run_job("make_agency_then_crash", code="HALF")

    assert job.status == JobStatus.FAILED
    assert job.error.startswith("Unexpected error (logged)")
    assert "secret internal detail" not in job.error
    assert "secret internal detail" in caplog.text
    assert not Agency.objects.filter(code="HALF").exists()


@pytest.mark.django_db
def test_it_queues_nothing_before_the_request_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = job_enqueue(function=F + "count", kwargs={"n": 1}, title="T", user=None)

    assert len(callbacks) == 1
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.QUEUED, 0)


@pytest.mark.parametrize(
    ("function", "kwargs", "says"),
    [
        ("tests.jobs.nowhere.f", {}, "cannot be imported"),
        (F + "not_callable", {}, "is not callable"),
        (F + "count", {"n": object()}, "JSON"),
        (F + "count", {1: 2}, "string keys"),
    ],
)
@pytest.mark.django_db
def test_it_refuses_a_job_it_could_not_run(function, kwargs, says):
    with pytest.raises(ValueError, match=says):
        job_enqueue(function=function, kwargs=kwargs, title="T", user=None)

    assert not Job.objects.exists()


def test_it_runs_a_job_only_once(run_job):
    job = run_job("make_agency", code="ONCE")

    assert runner.run(job.pk) == JobStatus.DONE
    job.refresh_from_db()
    assert job.attempts == 1
    assert Agency.objects.filter(code="ONCE").count() == 1


def test_it_links_only_to_this_sites_own_paths(run_job):
    assert run_job("evil_link").result_url == ""


def test_it_reports_the_error_in_the_requesters_language(run_job):
    with translation.override("ru"):
        job = run_job("refuse_in_django_words")

    assert job.language == "ru"
    assert job.error == "Обязательное поле."
