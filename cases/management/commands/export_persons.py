"""`tipmonitor export-persons --format csv [--output FILE]`: every case record with the person
linkage put it in: record id, agency, person id, match probability (empty for a record that is
a person of its own, or not linked yet). Audited as an export."""

from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from cases.linkage.selectors import person_rows
from cases.services import case_access_record
from tipmonitor.lib.csvfiles import CsvWriter

ACTION_EXPORT = "export"
COLUMNS = ("record_id", "agency", "person_id", "match_probability")


class Command(BaseCommand):
    help = "Export the persons of the case records as CSV (docs/cases.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["csv"], default="csv")
        parser.add_argument("--output", type=Path, help="write to this file (default: stdout)")

    def handle(self, *args: object, **options: Any) -> None:
        if options["output"]:
            try:
                with options["output"].open("w", encoding="utf-8", newline="") as stream:
                    count = _write(stream)
            except OSError as error:
                raise CommandError(
                    _("Cannot write %(path)s: %(reason)s")
                    % {"path": options["output"], "reason": error.strerror}
                ) from error
        else:
            count = _write(self.stdout)
        case_access_record(user=None, action=ACTION_EXPORT, target="persons csv", records=count)
        self.stderr.write(_("%(count)d records exported.") % {"count": count})


def _write(stream: TextIO | Any) -> int:
    writer = CsvWriter(stream, line_end="\n")
    writer.writerow(COLUMNS)
    count = 0
    for record_id, agency, person, probability in person_rows():
        writer.writerow(
            [record_id, agency, person, "" if probability is None else f"{probability:.4f}"]
        )
        count += 1
    return count
