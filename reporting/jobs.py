"""Reporting's work for the worker (jobs.runner runs it): the scheduled reminders
(`send_reminders_due`, an entry of TIPMONITOR_SCHEDULE) and large data values imports
(`values_import_file`, queued by the upload page). See docs/reminders.md and docs/worker.md."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reporting.datavalues import error_text, values_parse
from reporting.models import ValuesUpload
from reporting.reminders import reminders_send
from reporting.services import ValuesInvalid, values_import

# The errors a failed import lists (one a line in the job's error); the rest are counted.
ERRORS_SHOWN = 200


def send_reminders_due(*, today: str = "") -> dict[str, str]:
    """Send the reminders due on `today` (an ISO date, as job arguments are JSON; default:
    today in TIPMONITOR_TIME_ZONE) that have not gone out yet; running it twice sends nothing
    twice (reporting/reminders.py)."""
    try:
        day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    except ValueError:
        raise ValidationError(
            _("“%(text)s” is not a date like 2025-04-15.") % {"text": today}
        ) from None
    sent = len(reminders_send(today=day))
    message = ngettext(
        "%(count)d reminder sent for %(day)s.", "%(count)d reminders sent for %(day)s.", sent
    ) % {"count": sent, "day": day.isoformat()}
    return {"message": message}


def values_import_file(*, upload_id: int) -> dict[str, str]:
    """Check and import a kept file of data values (reporting.services.values_import_queue),
    all or nothing, then delete the file. A refused file fails the job with every error, one
    a line, as the upload page lists them."""
    upload = ValuesUpload.objects.select_related("plan", "uploaded_by").filter(pk=upload_id)
    kept = upload.first()
    if kept is None:
        raise ValidationError(_("The uploaded file is no longer kept: upload it again."))
    try:
        rows = values_parse(data=bytes(kept.content), name=kept.filename)
        result = values_import(plan=kept.plan, rows=rows, user=kept.uploaded_by, status=kept.status)
    except ValuesInvalid as invalid:
        raise ValidationError(errors_text(invalid.errors)) from None
    except PermissionDenied:
        raise ValidationError(
            _("The user who uploaded the file may no longer import data values.")
        ) from None
    kept.delete()
    return {"message": result.message()}


def errors_text(errors: list[tuple[int, str, str]]) -> str:
    """A refused file's errors as the job keeps them: a first line saying so, then one a line
    (row, column, what), at most ERRORS_SHOWN."""
    lines = [
        ngettext(
            "The file was not imported: %(count)d error. Nothing was stored.",
            "The file was not imported: %(count)d errors. Nothing was stored.",
            len(errors),
        )
        % {"count": len(errors)}
    ]
    lines += [error_text(*error) for error in errors[:ERRORS_SHOWN]]
    if len(errors) > ERRORS_SHOWN:
        more = len(errors) - ERRORS_SHOWN
        lines.append(
            ngettext("… and %(count)d more error.", "… and %(count)d more errors.", more)
            % {"count": more}
        )
    return "\n".join(lines)
