"""`tipmonitor import-values FILE.csv|xlsx [--status submitted|accepted] [--plan CODE]
[--user USERNAME]`: record bulk data values (docs/data-values.md), one value a row.

A coordinator's values are recorded as accepted unless `--status submitted` asks for review; an
agency's reporter imports only the agency's own values, as submitted, or as awaiting the
agency's approval when it signs its reports off (its approver's import is submitted with their
sign-off). A rejected file prints
every error (row, column, reason), exits with status 1 and changes nothing.
"""

from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts import permissions
from reporting.datavalues import default_import_status, error_text, values_parse
from reporting.management.commands._options import plan_from_option, user_from_option
from reporting.models import ReportStatus
from reporting.services import ValuesInvalid, values_import


class Command(BaseCommand):
    help = "Import aggregate data values from a CSV or XLSX file (docs/data-values.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the .csv or .xlsx file")
        parser.add_argument(
            "--status",
            choices=[ReportStatus.SUBMITTED, ReportStatus.ACCEPTED],
            help="submitted (for review) or accepted (default for a coordinator)",
        )
        parser.add_argument("--plan", help="the plan's code (optional when there is one plan)")
        parser.add_argument(
            "--user", help="who imports (default: the coordinator, if there is only one)"
        )

    def handle(self, *args: object, **options: object) -> None:
        path = options["file"]
        assert isinstance(path, Path)
        plan = plan_from_option(options["plan"])
        user = user_from_option(options["user"])
        accepted = options["status"] == ReportStatus.ACCEPTED
        if accepted and not permissions.may_accept_values(user):
            raise CommandError(_("Only the coordinator records values as accepted."))
        status = str(options["status"] or default_import_status(user))
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(
                _("Cannot read %(path)s: %(reason)s") % {"path": path, "reason": error.strerror}
            ) from error
        try:
            rows = values_parse(data=data, name=path.name)
            result = values_import(plan=plan, rows=rows, user=user, status=status)
        except ValuesInvalid as invalid:
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
            ) from invalid
        except PermissionDenied as denied:
            raise CommandError(
                str(denied) or _("%(user)s may not import these values.") % {"user": user}
            ) from denied
        counts = {
            "created": result.values_created,
            "updated": result.values_updated,
            "reports": result.reports,
            "plan": plan.code,
            "status": result.status or status,
        }
        if result.status == ReportStatus.AWAITING_APPROVAL:
            message = _(
                "Imported %(created)d new and %(updated)d changed values into %(reports)d "
                "reports of plan %(plan)s, recorded as awaiting the agency's approval: they "
                "reach the coordinator when one of the agency's approvers approves them."
            )
        else:
            message = _(
                "Imported %(created)d new and %(updated)d changed values into %(reports)d "
                "reports of plan %(plan)s, as %(status)s."
            )
        self.stdout.write(message % counts)
