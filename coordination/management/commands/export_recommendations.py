"""`tipmonitor export-recommendations [--plan CODE] --output FILE.xlsx`: write a plan's
recommendations as their workbook; importing it again changes nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from coordination.workbook.services import recommendations_export
from plans.management.plan_option import plan_from_option


class Command(BaseCommand):
    help = "Export a plan's international recommendations as their workbook."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--plan", help="the plan's code (optional when there is one plan)")
        parser.add_argument("--output", type=Path, required=True, help="the file to write")

    def handle(self, *args: object, **options: object) -> None:
        plan = plan_from_option(options["plan"])
        output = options["output"]
        assert isinstance(output, Path)
        try:
            output.write_bytes(recommendations_export(plan=plan))
        except OSError as error:
            raise CommandError(
                _("Cannot write %(path)s: %(reason)s") % {"path": output, "reason": error.strerror}
            ) from error
        self.stdout.write(
            _("Wrote the recommendations of plan %(code)s to %(path)s.")
            % {"code": plan.code, "path": output}
        )
