"""`tipmonitor purge-cases [--dry-run] [--today YYYY-MM-DD]`: purge the case records of persons
last identified more than TIPMONITOR_CASE_RETENTION_YEARS years ago (docs/operations.md,
"Retention"). --dry-run lists what would go: counts by agency and year, and the agencies'
record ids (so each agency can purge its own files), nothing else. The worker runs the purge
daily (`cases.jobs.purge_expired`)."""

import datetime
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from cases.retention import PurgePlan, cases_purge, purge_plan


def _day(text: str | None) -> datetime.date | None:
    if text is None:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(_("--today: give a date like 2025-12-31.")) from None


class Command(BaseCommand):
    help = "Purge case records past their retention period (docs/operations.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="list what would go")
        parser.add_argument("--today", help="count the retention from this day (default: today)")
        parser.add_argument(
            "--ids", action="store_true", help="with --dry-run: list the agencies' record ids"
        )

    def handle(self, *args: object, **options: Any) -> None:
        today = _day(options["today"])
        try:
            if options["dry_run"]:
                self._dry_run(purge_plan(today=today), ids=options["ids"])
                return
            result = cases_purge(today=today)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self._counts(result.by_agency_year)
        self.stdout.write(
            _(
                "Purged %(records)d records, %(persons)d persons and %(pairs)d candidate pairs "
                "(last identified before %(cutoff)s). Published years frozen: %(years)s."
            )
            % {
                "records": result.records,
                "persons": result.persons,
                "pairs": result.pairs,
                "cutoff": result.cutoff.isoformat(),
                "years": ", ".join(map(str, result.frozen)) or "-",
            }
        )

    def _dry_run(self, plan: PurgePlan, *, ids: bool) -> None:
        self.stdout.write(
            _(
                "Dry run: retention %(years)d years; records of persons last identified before "
                "%(cutoff)s would be purged. Nothing was changed."
            )
            % {"years": settings.CASE_RETENTION_YEARS, "cutoff": plan.cutoff.isoformat()}
        )
        self._counts(plan.by_agency_year)
        self.stdout.write(
            _("Total: %(records)d records, of %(persons)d linked persons.")
            % {"records": len(plan.record_pks), "persons": len(plan.person_pks)}
        )
        if ids:
            for agency, record_ids in sorted(plan.record_ids.items()):
                self.stdout.write(f"{agency}: {', '.join(record_ids)}")

    def _counts(self, counts: dict[tuple[str, str], int]) -> None:
        self.stdout.write("agency\tyear\trecords")
        for (agency, year), number in counts.items():
            self.stdout.write(f"{agency}\t{year}\t{number}")
