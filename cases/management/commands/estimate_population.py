"""`tipmonitor estimate-population`: how many victims no list holds (multiple systems
estimation, issue 13), printed as JSON or CSV.

    tipmonitor estimate-population --lists FILE.csv [--method auto|bic|stepwise]
        [--max-order N] [--bootstrap N] [--seed S] [--ci percentile|bca]
        --format json|csv [--output FILE]
    tipmonitor estimate-population --from-cases --year 2025 \\
        --list "Law enforcement=POL,PRO" --list NGOs=NGO1,NGO2 --list Labour=LAB …

From a file: one 0/1 column per list and a last column `count` (the form published studies
use), separated by `,`, `;` or tabs. From the case records: the linked persons of the year on
the lists given (3 to 8, `NAME=AGENCY[,AGENCY…]`), as the coordinator's page builds them; the
true figures are printed, for the coordinator's own use (a warning on standard error says so,
as `case-stats` does), and every run is audited (CaseAccess, action "estimate", no user).

JSON holds observed, estimate, ci_low, ci_high, method, model (its terms), exists, reason and
reason_detail, with the alternatives considered, the overlaps and the caveats; CSV a header
and one row (model terms joined by a space). Bad input is refused saying where and what.
"""

import io
import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.estimation.histories import (
    MAX_LISTS,
    MIN_LISTS,
    as_list_specs,
    capture_table,
    validate_lists,
)
from cases.estimation.rules import figures
from cases.estimation.services import (
    ACTION_ESTIMATE,
    CI_METHOD,
    MAX_BOOTSTRAP,
    MAX_SEED,
    METHODS,
    MIN_YEAR,
)
from cases.services import case_access_record
from plans.selectors import population_for_year
from tipmonitor.lib.csvfiles import CsvWriter
from tipmonitor.lib.mse import CaptureTable, TableError, estimate_population

CSV_COLUMNS = (
    "year",
    "lists",
    "observed",
    "estimate",
    "ci_low",
    "ci_high",
    "unobserved",
    "exists",
    "reason",
    "reason_detail",
    "method",
    "requested_method",
    "search",
    "max_order",
    "model",
    "bootstrap",
    "bootstrap_failed",
    "seed",
    "ci_method",
    "population",
    "per_100k",
)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return " ".join(str(item) for item in value)
    return str(value)


class Command(BaseCommand):
    help = (
        "Estimate how many victims no list holds (multiple systems estimation) from a table "
        "of capture histories or from the linked case records of a year."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--lists", metavar="FILE.csv", help="a table: 0/1 per list, count")
        parser.add_argument(
            "--from-cases", action="store_true", help="the linked case records of --year"
        )
        parser.add_argument("--year", type=int, help="with --from-cases: identified that year")
        parser.add_argument(
            "--list",
            action="append",
            default=[],
            metavar="NAME=AGENCY[,AGENCY…]",
            help="with --from-cases: a list and its agencies' codes; 3 to 8 of them",
        )
        parser.add_argument("--method", choices=METHODS, default="auto")
        parser.add_argument("--max-order", type=int, help="the highest interaction, 2 to lists-1")
        parser.add_argument("--bootstrap", type=int, default=1000, help="samples, 0 to 10000")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--ci", choices=["percentile", "bca"], default=CI_METHOD)
        parser.add_argument("--format", choices=["json", "csv"], default="json")
        parser.add_argument("--output", metavar="FILE", help="write here, not to the output")

    def handle(self, *args: object, **options: Any) -> None:
        if not 0 <= options["bootstrap"] <= MAX_BOOTSTRAP:
            raise CommandError(
                _("--bootstrap: from 0 to %(max)d samples.") % {"max": MAX_BOOTSTRAP}
            )
        if not 0 <= options["seed"] <= MAX_SEED:
            raise CommandError(_("--seed: a whole number from 0 to %(max)d.") % {"max": MAX_SEED})
        if options["from_cases"]:
            if options["lists"]:
                raise CommandError(_("Give --lists FILE or --from-cases, not both."))
            table, year = self._from_cases(options), options["year"]
        else:
            if not options["lists"]:
                raise CommandError(_("Give --lists FILE.csv, or --from-cases with --year."))
            if options["list"] or options["year"] is not None:
                raise CommandError(_("--list and --year go with --from-cases."))
            table, year = self._from_file(options["lists"]), None
        self._check_size(table, options)
        try:
            result = estimate_population(
                table,
                method=options["method"],
                max_order=options["max_order"],
                bootstrap=options["bootstrap"],
                seed=options["seed"],
                ci=options["ci"],
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        population = population_for_year(year) if year is not None else None
        shown = figures(result, table, full=True, population=population)
        shown = {"year": year, **shown}
        text = self._json(shown) if options["format"] == "json" else self._csv(shown)
        if options["output"]:
            Path(options["output"]).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")

    def _from_file(self, name: str) -> CaptureTable:
        path = Path(name)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except FileNotFoundError as error:
            raise CommandError(_("--lists %(file)s: no such file.") % {"file": name}) from error
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(
                _("--lists %(file)s cannot be read as UTF-8 text: %(error)s")
                % {"file": name, "error": error}
            ) from error
        try:
            table = CaptureTable.from_csv(text)
        except TableError as error:
            raise CommandError(f"{name}: {error}") from error
        if sum(1 for line in text.splitlines() if line.strip()) < 2:
            raise CommandError(
                _(
                    "%(file)s: only a header: give a row for each capture history, a 0 or 1 "
                    "for each list, then its count."
                )
                % {"file": name}
            )
        return table

    def _from_cases(self, options: dict[str, Any]) -> CaptureTable:
        year = options["year"]
        if year is None:
            raise CommandError(_("--from-cases needs --year."))
        this_year = timezone.localdate().year
        if not MIN_YEAR <= year <= this_year:
            raise CommandError(
                _("--year: from %(min)d to %(max)d.") % {"min": MIN_YEAR, "max": this_year}
            )
        try:
            specs = as_list_specs(options["list"])
            validate_lists(specs)
            table = capture_table(year, specs)
        except ValidationError as invalid:
            raise CommandError("\n".join(invalid.messages)) from invalid
        lists = " ".join(f"{spec.name}={','.join(spec.agencies)}" for spec in specs)
        case_access_record(
            user=None,
            action=ACTION_ESTIMATE,
            target=f"command year={year} lists={lists}",
            records=table.observed,
        )
        self.stderr.write(
            _(
                "WARNING: true figures, not disclosure-controlled: for the coordinator's own use "
                "only. Publish an estimate from the coordinator's page, where its overlaps are "
                "protected and it is rounded."
            )
        )
        return table

    def _check_size(self, table: CaptureTable, options: dict[str, Any]) -> None:
        count = len(table.lists)
        if not MIN_LISTS <= count <= MAX_LISTS:
            raise CommandError(
                _("%(count)d lists: an estimate needs %(min)d to %(max)d.")
                % {"count": count, "min": MIN_LISTS, "max": MAX_LISTS}
            )
        highest = options["max_order"]
        if highest is not None and not 2 <= highest <= count - 1:
            raise CommandError(
                _("--max-order: from 2 to %(max)d (the lists less one).") % {"max": count - 1}
            )

    @staticmethod
    def _json(shown: dict[str, Any]) -> str:
        return json.dumps(shown, ensure_ascii=False, indent=2) + "\n"

    @staticmethod
    def _csv(shown: dict[str, Any]) -> str:
        out = io.StringIO()
        writer = CsvWriter(out, line_end="\n")
        writer.writerow(CSV_COLUMNS)
        row = {**shown, "lists": "; ".join(shown["lists"])}
        writer.writerow([_cell(row[column]) for column in CSV_COLUMNS])
        return out.getvalue()
