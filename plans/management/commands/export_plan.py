"""`tipmonitor export-plan [--plan CODE] [--format xlsx|json] --output PATH`: write a plan's
workbook (or the same content as JSON); importing it again changes nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from plans.management.plan_option import plan_from_option
from plans.workbook.services import plan_export


class Command(BaseCommand):
    help = "Export a national action plan as its workbook (docs/workbook.md) or as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--plan", help="the plan's code (optional when there is one plan)")
        parser.add_argument("--format", choices=["xlsx", "json"], default="xlsx")
        parser.add_argument("--output", type=Path, required=True, help="the file to write")

    def handle(self, *args: object, **options: object) -> None:
        plan = plan_from_option(options["plan"])
        fmt = str(options["format"])
        output = options["output"]
        assert isinstance(output, Path)
        try:
            output.write_bytes(plan_export(plan=plan, fmt=fmt))
        except OSError as error:
            raise CommandError(
                _("Cannot write %(path)s: %(reason)s") % {"path": output, "reason": error.strerror}
            ) from error
        self.stdout.write(
            _("Wrote plan %(code)s to %(path)s.") % {"code": plan.code, "path": output}
        )
