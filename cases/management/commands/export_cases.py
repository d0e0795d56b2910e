"""`tipmonitor export-cases --format csv [--k 10] [--status presumed,identified] [--output
FILE]`: the case data as k-anonymised rows, one a person, in HTCDS 2.0's fields and values
(docs/disclosure.md): no key, no record id, no agency; age, dates, citizenship and region
generalised until every combination of them is shared by at least k persons, the rest left out.
Checked against the standard before anything is written (cases/stats/htcds.py). Audited.
"""

from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from cases.models import TraffickingStatus
from cases.stats import DEFAULT_STATUSES, anonymised_persons
from cases.stats.htcds import outside_standard, problems
from cases.stats.services import ACTION_EXPORT, stats_access_record
from tipmonitor.lib.csvfiles import CsvWriter

DEFAULT_K = 10


class Command(BaseCommand):
    help = "Export k-anonymised case data as CSV (docs/disclosure.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["csv"], default="csv")
        parser.add_argument("--k", type=int, default=DEFAULT_K, help="smallest group (default 10)")
        parser.add_argument("--status", help="presumed,identified (default) or not_victim")
        parser.add_argument("--output", type=Path, help="write to this file (default: stdout)")

    def handle(self, *args: object, **options: Any) -> None:
        statuses = [s.strip() for s in (options["status"] or "").split(",") if s.strip()]
        statuses = statuses or list(DEFAULT_STATUSES)
        if set(statuses) - set(TraffickingStatus.values):
            raise CommandError(
                _("--status: use %(allowed)s.") % {"allowed": ", ".join(TraffickingStatus.values)}
            )
        try:
            export = anonymised_persons(k=options["k"], statuses=statuses)
        except ValueError as error:
            raise CommandError(f"--k: {error}") from error
        if found := problems(export.columns, export.rows):
            raise CommandError("\n".join(found))
        stats_access_record(
            user=None,
            action=ACTION_EXPORT,
            target=f"k-anonymised csv k={options['k']} status={','.join(statuses)}",
            persons=len(export.rows),
        )
        if options["output"]:
            try:
                with options["output"].open("w", encoding="utf-8", newline="") as stream:
                    _write(stream, export.columns, export.rows)
            except OSError as error:
                raise CommandError(
                    _("Cannot write %(path)s: %(reason)s")
                    % {"path": options["output"], "reason": error.strerror}
                ) from error
        else:
            _write(self.stdout, export.columns, export.rows)
        self.stderr.write(
            _(
                "%(rows)d persons exported, %(dropped)d left out in groups smaller than "
                "%(k)d (generalisation level %(level)d)."
            )
            % {
                "rows": len(export.rows),
                "dropped": export.dropped,
                "k": options["k"],
                "level": export.level,
            }
        )
        self.stderr.write(
            _("Columns of the CTDC global dataset, which HTCDS 2.0 has no field for: %(names)s.")
            % {"names": ", ".join(outside_standard(export.columns))}
        )


def _write(stream: TextIO | Any, columns: tuple[str, ...], rows: list[dict[str, str]]) -> None:
    writer = CsvWriter(stream, line_end="\n")
    writer.writerow(columns)
    writer.writerows([row.get(name, "") for name in columns] for row in rows)
