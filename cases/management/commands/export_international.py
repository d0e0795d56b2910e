"""`tipmonitor export-international --year 2025 --format xlsx|csv [--output FILE]`: detected
victims of an ended year in the shape of UNODC's GLOTIP questionnaire and SDG 16.2.2, from the
linked case records, through the disclosure control (docs/international.md). Audited.
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from cases.stats.international_services import international_export


class Command(BaseCommand):
    help = "Export the UNODC GLOTIP / SDG 16.2.2 tables of a year (docs/international.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
        parser.add_argument("--output", type=Path, help="write to this file (CSV: default stdout)")

    def handle(self, *args: object, **options: Any) -> None:
        output: Path | None = options["output"]
        if options["format"] == "xlsx" and output is None:
            raise CommandError(_("--output: an XLSX workbook is written to a file."))
        try:
            export = international_export(
                year=options["year"], file_format=options["format"], user=None
            )
        except ValueError as error:
            raise CommandError(f"--year: {error}") from error
        if output is None:
            self.stdout.write(export.content.decode("utf-8"), ending="")
        else:
            try:
                output.write_bytes(export.content)
            except OSError as error:
                raise CommandError(
                    _("Cannot write %(path)s: %(reason)s")
                    % {"path": output, "reason": error.strerror}
                ) from error
        self.stderr.write(
            _("%(year)d: %(withheld)d cells withheld by disclosure control.")
            % {"year": export.report.year, "withheld": export.report.withheld()}
        )
