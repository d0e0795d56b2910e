"""Large data values files go to the worker: `values_import_queue` keeps the file (aggregate
figures only, never case data) and queues `reporting.jobs.values_import_file`, which checks
and imports it with `values_import`, all or nothing, and deletes it. A failed import's file is
kept for the coordinator's Retry for UPLOAD_KEPT_DAYS, then removed by the next upload."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import permissions
from accounts.models import User
from jobs.models import Job, JobStatus
from jobs.services import job_enqueue
from plans.models import Plan
from reporting.models import ValuesUpload

UPLOAD_KEPT_DAYS = 7
# What the values imports' jobs are filed under: the upload page lists them by it.
VALUES_IMPORT_SUBJECT = "reporting:values-import"


@transaction.atomic
def values_import_queue(
    *, plan: Plan, data: bytes, filename: str, rows: int, user: User, status: str
) -> Job:
    """Keep the file and queue its import for the worker; the job says how it went."""
    if not permissions.may_import_values(user):
        raise PermissionDenied
    _remove_stale_uploads()
    upload = ValuesUpload.objects.create(
        plan=plan, filename=filename[:200], content=data, status=status, uploaded_by=user
    )
    title = _("Import of %(file)s (%(rows)d values) into %(plan)s") % {
        "file": upload.filename,
        "rows": rows,
        "plan": plan.code,
    }
    job = job_enqueue(
        function="reporting.jobs.values_import_file",
        kwargs={"upload_id": upload.pk},
        title=title,
        user=user,
        subject=VALUES_IMPORT_SUBJECT,
    )
    upload.job = job
    upload.save(update_fields=["job"])
    return job


def _remove_stale_uploads() -> None:
    """Files of imports that failed (or whose job is gone) more than UPLOAD_KEPT_DAYS ago."""
    before = timezone.now() - datetime.timedelta(days=UPLOAD_KEPT_DAYS)
    ValuesUpload.objects.filter(
        Q(job__isnull=True) | Q(job__status=JobStatus.FAILED), uploaded_at__lt=before
    ).delete()
