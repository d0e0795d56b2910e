from collections.abc import Callable

import pytest

from jobs.models import Job
from jobs.services import job_enqueue

F = "tests.jobs.functions."


@pytest.fixture
def run_job(db, django_capture_on_commit_callbacks) -> Callable[..., Job]:
    """Queue a job as a request would, and let the (immediate) backend run it on commit."""

    def run(function: str, user=None, **kwargs) -> Job:
        with django_capture_on_commit_callbacks(execute=True):
            job = job_enqueue(function=F + function, kwargs=kwargs, title="Test job", user=user)
        job.refresh_from_db()
        return job

    return run
