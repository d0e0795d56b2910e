"""`tipmonitor progress [--plan CODE] --as-of 2025-Q4 [--provisional] --format json|csv
[--output PATH]`: every indicator of the plan judged at a date (docs/progress.md), one row per
indicator with its code, name, actual, expected value, end target, progress, status and the
latest period with a counted value. Without --output the rows go to the standard output."""

import datetime
import io
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from plans.management.plan_option import plan_from_option
from progress.selectors import IndicatorProgress, indicator_progress
from tipmonitor.lib.csvfiles import CsvWriter
from tipmonitor.lib.numbers import plain_decimal
from tipmonitor.lib.reporting_periods import Period, parse_as_of

COLUMNS = [
    "code",
    "name",
    "actual",
    "expected",
    "end_target",
    "progress",
    "status",
    "latest_period",
]


def _as_of(text: str) -> Period | datetime.date:
    try:
        return parse_as_of(text)
    except ValueError as error:
        raise CommandError(_("--as-of: %(reason)s") % {"reason": error}) from None


def _row(item: IndicatorProgress) -> dict[str, str | None]:
    return {
        "code": item.indicator.code,
        "name": item.indicator.display_name,
        "actual": plain_decimal(item.actual),
        "expected": plain_decimal(item.expected),
        "end_target": plain_decimal(item.end_target),
        "progress": plain_decimal(item.progress),
        "status": str(item.status.value),
        "latest_period": item.latest_period,
    }


def _json(rows: list[dict[str, str | None]]) -> str:
    numbers = {"actual", "expected", "end_target", "progress"}
    typed = [
        {
            key: (json.loads(value) if key in numbers and value is not None else value)
            for key, value in row.items()
        }
        for row in rows
    ]
    return json.dumps(typed, ensure_ascii=False, indent=2) + "\n"


def _csv(rows: list[dict[str, str | None]]) -> str:
    out = io.StringIO()
    # The one CSV writer: an indicator's name never reaches a spreadsheet as a formula.
    writer = CsvWriter(out, line_end="\n")
    writer.writerow(COLUMNS)
    writer.writerows([row.get(name) for name in COLUMNS] for row in rows)
    return out.getvalue()


class Command(BaseCommand):
    help = "Progress of every indicator of a plan against its targets at a date."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--as-of", required=True, help="a period (2025-Q4, 2025-06, 2025) or a date"
        )
        parser.add_argument("--plan", help="the plan's code (optional when there is one plan)")
        parser.add_argument(
            "--provisional",
            action="store_true",
            help="also count values of submitted reports not yet accepted",
        )
        parser.add_argument("--format", choices=["json", "csv"], default="json")
        parser.add_argument("--output", type=Path, help="the file to write (default: stdout)")

    def handle(self, *args: object, **options: object) -> None:
        as_of = _as_of(str(options["as_of"]))
        plan = plan_from_option(options["plan"])
        items = indicator_progress(plan, as_of=as_of, provisional=bool(options["provisional"]))
        rows = [_row(item) for item in items]
        text = _json(rows) if options["format"] == "json" else _csv(rows)
        output = options["output"]
        if output is None:
            self.stdout.write(text, ending="")
            return
        assert isinstance(output, Path)
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as error:
            raise CommandError(
                _("Cannot write %(path)s: %(reason)s") % {"path": output, "reason": error.strerror}
            ) from error
        self.stderr.write(
            _("Wrote the progress of %(count)d indicators to %(path)s.")
            % {"count": len(rows), "path": output}
        )
