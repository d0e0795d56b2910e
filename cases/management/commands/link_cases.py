"""`tipmonitor link-cases [--engine duckdb|spark] [--incremental]`: link every case record into
persons with the Fellegi–Sunter model of cases/linkage (trained on the records themselves, no
labels), keep the uncertain pairs for the data officer's review and honour every decision taken
on them. `--incremental` links only the records without a person (new or changed by an import)
against the persons there are, with the model of the last full run, as the job queued after an
import does."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from cases.linkage.engine import ENGINES
from cases.linkage.incremental import linkage_link_new
from cases.linkage.services import linkage_run
from cases.models import LinkageRun


class Command(BaseCommand):
    help = "Link the case records of all agencies into persons (docs/cases.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--engine",
            choices=ENGINES,
            default="duckdb",
            help="duckdb (in-process, default) or spark (TIPMONITOR_SPARK_MASTER, default local)",
        )
        parser.add_argument(
            "--incremental",
            action="store_true",
            help="link only the records without a person, with the last full run's model "
            "(duckdb); a full run is made when there is none",
        )

    def handle(self, *args: object, **options: Any) -> None:
        if options["incremental"]:
            if options["engine"] != "duckdb":
                raise CommandError(_("--incremental links with the duckdb engine only."))
            result = linkage_link_new()
            if result.full_run is None:
                self.stdout.write(
                    _("Linked %(records)d new records: %(new)d new persons, %(merged)d merged.")
                    % {
                        "records": result.records,
                        "new": result.new_persons,
                        "merged": result.merged,
                    }
                )
                return
            run = result.full_run
            self.stdout.write(_("No full run to take the model from: linking all records."))
            self._report(run)
            return
        try:
            run = linkage_run(engine_name=options["engine"])
        except ImportError as error:
            raise CommandError(
                _("The %(engine)s engine is not installed: %(reason)s")
                % {"engine": options["engine"], "reason": error}
            ) from error
        self._report(run)

    def _report(self, run: LinkageRun) -> None:
        seconds = (run.finished_at - run.started_at).total_seconds() if run.finished_at else 0
        self.stdout.write(
            _(
                "Linked %(records)d records into %(persons)d persons in %(seconds).1f s "
                "(run %(run)d)."
            )
            % {"records": run.records, "persons": run.persons, "seconds": seconds, "run": run.pk}
        )
