"""How the worker runs one job (`jobs.tasks.run_job` calls `run`).

1. Claim: QUEUED -> RUNNING in one conditional UPDATE, committed at once so the status page
   shows it; a job that is not QUEUED (already run, or retried twice) is left alone.
2. Call `function(**kwargs)`; with no exception the job is marked DONE with the returned dict
   as its result.
3. On an exception the job is marked FAILED with a reason its requester can read: a
   ValidationError's or ValueError's message; for anything else a generic text, the traceback
   going to the log.

There is no transaction around the function, on either database: a job holding one for the
length of a PDF (16 s measured) made every page that saves a session on SQLite fail with
"database is locked", and a job that sends mail (reminders) must commit what it sent as it
goes, not after the last message. Each job function is therefore all-or-nothing by itself:
it computes first and writes last in one short `transaction.atomic()` (documents, linkage,
values imports, purges), or records each unit of work as it completes (reminders): see
docs/worker.md.
"""

import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from jobs.models import Job, JobStatus

logger = logging.getLogger(__name__)


def _readable(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(str(message) for message in error.messages)
    if isinstance(error, ValueError) and str(error):
        return str(error)
    return _("Unexpected error (logged). Please retry later or ask the administrator.")


def _as_result(value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if isinstance(value, dict):
        return value
    return {"value": value}


def run(job_id: int) -> str:
    """Run job `job_id` once; return its status afterwards."""
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING,
        started_at=timezone.now(),
        finished_at=None,
        attempts=F("attempts") + 1,
    )
    if not claimed:
        status = Job.objects.filter(pk=job_id).values_list("status", flat=True).first()
        logger.warning("Job %s not run: it is %s, not queued", job_id, status or "gone")
        return str(status or "")
    job = Job.objects.get(pk=job_id)
    with translation.override(job.language or None):
        try:
            function = import_string(job.function)
            job.result = _as_result(function(**job.kwargs))
            job.status = JobStatus.DONE
            job.error = ""
            job.finished_at = timezone.now()
            job.save(update_fields=["result", "status", "error", "finished_at"])
        except Exception as error:
            if not isinstance(error, ValidationError | ValueError):
                logger.exception("Job %s (%s) failed", job.pk, job.function)
            Job.objects.filter(pk=job.pk).update(
                status=JobStatus.FAILED,
                error=_readable(error),
                result={},
                finished_at=timezone.now(),
            )
            return JobStatus.FAILED.value
    return JobStatus.DONE.value
