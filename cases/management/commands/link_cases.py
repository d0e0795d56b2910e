"""`tipmonitor link-cases [--engine duckdb|spark]`: link every case record into persons with
the Fellegi–Sunter model of cases/linkage (trained on the records themselves, no labels), keep
the uncertain pairs for the data officer's review and honour every decision taken on them."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from cases.linkage.engine import ENGINES
from cases.linkage.services import linkage_run


class Command(BaseCommand):
    help = "Link the case records of all agencies into persons (docs/cases.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--engine",
            choices=ENGINES,
            default="duckdb",
            help="duckdb (in-process, default) or spark (TIPMONITOR_SPARK_MASTER, default local)",
        )

    def handle(self, *args: object, **options: Any) -> None:
        try:
            run = linkage_run(engine_name=options["engine"])
        except ImportError as error:
            raise CommandError(
                _("The %(engine)s engine is not installed: %(reason)s")
                % {"engine": options["engine"], "reason": error}
            ) from error
        seconds = (run.finished_at - run.started_at).total_seconds() if run.finished_at else 0
        self.stdout.write(
            _(
                "Linked %(records)d records into %(persons)d persons in %(seconds).1f s "
                "(run %(run)d)."
            )
            % {"records": run.records, "persons": run.persons, "seconds": seconds, "run": run.pk}
        )
