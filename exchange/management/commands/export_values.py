"""`tipmonitor export-values --format dhis2-json|dhis2-csv|adx --period 2025[Q1] [--plan CODE]
--output FILE`: the plan's accepted values in a DHIS2 format (docs/exchange.md). Values that
cannot go out (no mapping; an indicator counting victims) are counted and listed on stderr."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from exchange.export import export_values
from exchange.formats import FORMATS
from plans.management.plan_option import plan_from_option
from tipmonitor.lib.reporting_periods import parse_period_code


class Command(BaseCommand):
    help = "Export accepted values as DHIS2 JSON, DHIS2 CSV or ADX (docs/exchange.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", required=True, choices=FORMATS)
        parser.add_argument("--period", required=True, help="2025, 2025S1, 2025Q1 or 202503")
        parser.add_argument("--plan", help="the plan's code (optional when there is one plan)")
        parser.add_argument("--output", required=True, type=Path, help="the file to write")

    def handle(self, *args: object, **options: object) -> None:
        plan = plan_from_option(options["plan"])
        try:
            within = parse_period_code(str(options["period"]))
        except ValueError as error:
            raise CommandError(str(error)) from error
        result = export_values(plan=plan, within=within, fmt=str(options["format"]))
        output = options["output"]
        assert isinstance(output, Path)
        try:
            output.write_bytes(result.content)
        except OSError as error:
            raise CommandError(
                _("Cannot write %(path)s: %(reason)s") % {"path": output, "reason": error.strerror}
            ) from error
        for line in result.skipped:
            self.stderr.write(_("Skipped %(value)s") % {"value": line})
        self.stdout.write(
            ngettext(
                "Exported %(count)d value of plan %(plan)s for %(period)s to %(path)s",
                "Exported %(count)d values of plan %(plan)s for %(period)s to %(path)s",
                result.exported,
            )
            % {"count": result.exported, "plan": plan.code, "period": within.code, "path": output}
            + ngettext(
                "; %(skipped)d value skipped.", "; %(skipped)d values skipped.", len(result.skipped)
            )
            % {"skipped": len(result.skipped)}
        )
