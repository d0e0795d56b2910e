"""`tipmonitor import-dhis2 FILE --format dhis2-json|dhis2-csv|adx [--plan CODE] [--user
USERNAME] [--dry-run] [--strategy CREATE_AND_UPDATE|CREATE|UPDATE]`: DHIS2 data values through
the plan's mappings and the values import (docs/exchange.md). Prints DHIS2's import summary as
JSON; a refused file exits with status 1 and changes nothing."""

import json
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from exchange.formats import FORMATS, READERS, FormatError
from exchange.services import dhis2_import
from plans.management.plan_option import plan_from_option
from reporting.management.commands._options import user_from_option


class Command(BaseCommand):
    help = "Import DHIS2 data values (JSON, CSV or ADX) into a plan (docs/exchange.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--format", required=True, choices=FORMATS)
        parser.add_argument("--plan", help="the plan's code (optional when there is one plan)")
        parser.add_argument("--user", help="who imports (default: the only coordinator)")
        parser.add_argument("--dry-run", action="store_true", help="check only; store nothing")
        parser.add_argument(
            "--strategy",
            default="CREATE_AND_UPDATE",
            choices=["CREATE_AND_UPDATE", "CREATE", "UPDATE"],
        )

    def handle(self, *args: object, **options: object) -> None:
        path = options["file"]
        assert isinstance(path, Path)
        plan = plan_from_option(options["plan"])
        user = user_from_option(options["user"])
        try:
            values = READERS[str(options["format"])](path.read_bytes())
        except OSError as error:
            raise CommandError(
                _("Cannot read %(path)s: %(reason)s") % {"path": path, "reason": error.strerror}
            ) from error
        except FormatError as error:
            raise CommandError(str(error)) from error
        try:
            summary = dhis2_import(
                plan=plan,
                values=values,
                user=user,
                dry_run=bool(options["dry_run"]),
                strategy=str(options["strategy"]),
            )
        except PermissionDenied as denied:
            raise CommandError(_("%(user)s may not import values.") % {"user": user}) from denied
        self.stdout.write(json.dumps(summary.as_dhis2(), ensure_ascii=False, indent=1))
        if summary.status == "ERROR":
            raise CommandError(summary.description)
