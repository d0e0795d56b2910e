"""`tipmonitor case-stats --by sex,age_group [--table unodc|eurostat] [--year 2025 | --period
2025-Q1 | --from DATE --to DATE] [--status identified] [--filter exploitation=labour]
[--public [--threshold 10]] --format csv|json`: counts of persons from the case records
(docs/disclosure.md).

Without --public the true counts are printed, for the coordinator's own use: a warning says so.
With --public, disclosure control withholds small counts and what would reveal them, in this
one table. `case-stats --published --year 2025` prints the fixed family of tables viewers see
for an ended year, protected together: what to publish (docs/disclosure.md, "Published
tables"). Every run is audited (CaseAccess, action "stats").
"""

import datetime
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from cases.stats import (
    DEFAULT_STATUSES,
    STANDARD_TABLES,
    StatsQuery,
    StatsTable,
    notes,
    output_cells,
    person_counts,
)
from cases.stats.published import published_tables, published_years
from cases.stats.services import ACTION_STATS, stats_access_record
from tipmonitor.lib.csvfiles import CsvWriter
from tipmonitor.lib.disclosure import DEFAULT_THRESHOLD, TOTAL, all_keys
from tipmonitor.lib.reporting_periods import parse_period_code

TOTAL_TEXT = "total"


def query_from_options(options: dict[str, Any]) -> StatsQuery:
    """The query the options describe; CommandError saying which option is wrong."""
    by = STANDARD_TABLES[options["table"]] if options["table"] else _split(options["by"])
    start, end = _dates(options)
    statuses = _split(options["status"]) or DEFAULT_STATUSES
    filters: dict[str, tuple[str, ...]] = {}
    for text in options["filter"] or []:
        name, sep, codes = text.partition("=")
        if not (sep and name.strip() and codes.strip()):
            raise CommandError(
                _("--filter %(text)s: write dimension=code[,code…].") % {"text": text}
            )
        filters[name.strip()] = _split(codes)
    try:
        return StatsQuery(
            by=tuple(by), start=start, end=end, statuses=tuple(statuses), filters=filters
        )
    except ValueError as error:
        raise CommandError(str(error)) from error


def _split(text: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (text or "").split(",") if part.strip())


def _dates(options: dict[str, Any]) -> tuple[datetime.date | None, datetime.date | None]:
    if options["year"] is not None:
        return datetime.date(options["year"], 1, 1), datetime.date(options["year"], 12, 31)
    if options["period"]:
        try:
            period = parse_period_code(options["period"])
        except ValueError as error:
            raise CommandError(f"--period: {error}") from error
        return period.start, period.end
    return _date(options, "from"), _date(options, "to")


def _date(options: dict[str, Any], name: str) -> datetime.date | None:
    if not options[name]:
        return None
    try:
        return datetime.date.fromisoformat(options[name])
    except ValueError as error:
        raise CommandError(
            _("--%(name)s: “%(text)s” is not a date (YYYY-MM-DD).")
            % {"name": name, "text": options[name]}
        ) from error


def _code(code: str) -> str:
    return TOTAL_TEXT if code == TOTAL else code


class Command(BaseCommand):
    help = "Count persons from the case records by dimensions (docs/disclosure.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--by", default="", help="dimensions, comma-separated")
        parser.add_argument("--table", choices=sorted(STANDARD_TABLES), help="a standard table")
        parser.add_argument("--year", type=int, help="year of first identification")
        parser.add_argument("--period", help="a period code: 2025-Q1, 2025-S1, 2025-03, 2025")
        parser.add_argument("--from", help="first identified on or after (YYYY-MM-DD)")
        parser.add_argument("--to", help="first identified on or before (YYYY-MM-DD)")
        parser.add_argument("--status", help="presumed,identified (default) or not_victim")
        parser.add_argument("--filter", action="append", help="dimension=code[,code…]")
        parser.add_argument("--public", action="store_true", help="apply disclosure control")
        parser.add_argument("--threshold", type=int, default=DEFAULT_THRESHOLD)
        parser.add_argument("--format", choices=["csv", "json"], default="csv")
        parser.add_argument(
            "--published",
            action="store_true",
            help="the published tables of an ended --year, protected together",
        )

    def handle(self, *args: object, **options: Any) -> None:
        if options["threshold"] < 1:
            raise CommandError(_("--threshold is at least 1."))
        if options["published"]:
            self._published(options)
            return
        query = query_from_options(options)
        table = person_counts(query)
        public = bool(options["public"])
        stats_access_record(
            user=None,
            action=ACTION_STATS,
            target=f"{'public ' if public else ''}{query.describe()}",
            persons=table.persons,
        )
        if not public:
            self.stderr.write(
                _(
                    "WARNING: true counts, not disclosure-controlled: for the coordinator's "
                    "own use only. Publish nothing without --public."
                )
            )
        if options["format"] == "json":
            self._json(table, query, public, options["threshold"])
        else:
            self._csv(table, public, options["threshold"])

    def _published(self, options: dict[str, Any]) -> None:
        year = options["year"]
        others = ("by", "table", "period", "from", "to", "status", "filter", "public")
        if year is None or any(options[name] for name in others):
            raise CommandError(_("--published takes --year (and --threshold, --format) only."))
        if year not in published_years():
            raise CommandError(
                _("%(year)d cannot be published: it has not ended or nobody was identified in it.")
                % {"year": year}
            )
        family = published_tables(year, threshold=options["threshold"])
        stats_access_record(
            user=None, action=ACTION_STATS, target=f"published year={year}", persons=family.persons
        )
        rows = [
            (published.dimension, _code(key[0]), _code(key[1]), published.table.published(key))
            for published in family.tables
            for key in all_keys(published.table.categories)
        ]
        if options["format"] == "json":
            cells = [{"table": t, "status": s, "category": c, "persons": n} for t, s, c, n in rows]
            document = {"year": year, "threshold": options["threshold"], "cells": cells}
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
            return
        writer = CsvWriter(self.stdout, line_end="\n")
        writer.writerow(["table", "status", "category", "persons"])
        writer.writerows((t, s, c, "suppressed" if n is None else n) for t, s, c, n in rows)

    def _csv(self, table: StatsTable, public: bool, threshold: int) -> None:
        for note in notes(table):
            self.stderr.write(note)
        writer = CsvWriter(self.stdout, line_end="\n")
        writer.writerow([*table.by, "persons"])
        for cell in output_cells(table, public=public, threshold=threshold):
            shown = "suppressed" if cell.persons is None else str(cell.persons)
            writer.writerow([*(_code(code) for code in cell.key), shown])

    def _json(self, table: StatsTable, query: StatsQuery, public: bool, threshold: int) -> None:
        cells = [
            {
                **{name: _code(code) for name, code in zip(table.by, cell.key, strict=True)},
                "persons": cell.persons,
                **({"suppressed": True} if cell.persons is None else {}),
            }
            for cell in output_cells(table, public=public, threshold=threshold)
        ]
        document = {
            "by": list(table.by),
            "statuses": list(query.statuses),
            "from": query.start.isoformat() if query.start else None,
            "to": query.end.isoformat() if query.end else None,
            "public": public,
            "threshold": threshold if public else None,
            "notes": notes(table),
            "cells": cells,
        }
        if not public:
            document["warning"] = _("True counts, not disclosure-controlled.")
        # One write: Django's output wrapper ends every write with a newline.
        self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
