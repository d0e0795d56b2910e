"""`tipmonitor import-cases --agency CODE FILE [--user USERNAME]`: import an agency's .csv or
.xlsx file of case records, clear or pseudonymised (docs/cases.md), updating records by the
agency's record id. The coordinator imports for any agency; an agency's case records officer
for their own. A refused file prints every error (row, column; never a value), exits with
status 1 and changes nothing. The linkage of the records is queued for the worker once the
import is committed; the command says which job it is (`tipmonitor` shows it at /jobs/<id>/).
"""

from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from agencies.models import Agency
from cases.importing import CasesInvalid, error_text
from cases.services import cases_import
from jobs.models import JobStatus
from reporting.management.commands._options import user_from_option


class Command(BaseCommand):
    help = "Import an agency's case records from a CSV or XLSX file (docs/cases.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the .csv or .xlsx file")
        parser.add_argument("--agency", required=True, help="the code of the reporting agency")
        parser.add_argument(
            "--user", help="who imports (default: the coordinator, if there is only one)"
        )

    def handle(self, *args: object, **options: object) -> None:
        path = options["file"]
        assert isinstance(path, Path)
        agency = Agency.objects.filter(code=options["agency"]).first()
        if agency is None:
            raise CommandError(_("There is no agency %(code)s.") % {"code": options["agency"]})
        user = user_from_option(options["user"])
        try:
            result = cases_import(agency=agency, file=path, filename=path.name, user=user)
        except CasesInvalid as invalid:
            for line, column, message in invalid.errors:
                self.stderr.write(error_text(line, column, message))
            count = len(invalid.errors)
            raise CommandError(
                ngettext(
                    "The file was rejected (%(count)d error); nothing was changed.",
                    "The file was rejected (%(count)d errors); nothing was changed.",
                    count,
                )
                % {"count": count}
            ) from None
        except PermissionDenied as denied:
            raise CommandError(str(denied)) from None
        self.stdout.write(
            _(
                "Imported the records of %(agency)s: %(created)d new, %(updated)d changed, "
                "%(unchanged)d unchanged."
            )
            % {
                "agency": agency.code,
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
            }
        )
        job = result.linkage_job
        job.refresh_from_db()  # the immediate backend (no worker) has run it already
        self.stdout.write(
            _("Linkage of the records: job %(id)d (%(status)s).")
            % {"id": job.pk, "status": job.get_status_display()}
        )
        if job.status == JobStatus.FAILED:
            self.stderr.write(job.error)
