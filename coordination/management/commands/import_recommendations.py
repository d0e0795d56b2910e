"""`tipmonitor import-recommendations FILE.xlsx --plan CODE [--dry-run]`: add and update a plan's
recommendations from the recommendations workbook (docs/workbook.md).

Prints what was created, updated and kept; a rejected workbook prints every error (sheet, row,
column, reason) and exits with status 1, having changed nothing.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from coordination.workbook.services import ImportSummary, WorkbookInvalid, recommendations_import
from plans.management.plan_option import plan_from_option


class Command(BaseCommand):
    help = "Import a plan's international recommendations from their workbook."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the .xlsx workbook")
        parser.add_argument("--plan", help="the plan's code (optional when there is one plan)")
        parser.add_argument(
            "--dry-run", action="store_true", help="check and count, but write nothing"
        )

    def handle(self, *args: object, **options: object) -> None:
        plan = plan_from_option(options["plan"])
        path = options["file"]
        assert isinstance(path, Path)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(
                _("Cannot read %(path)s: %(reason)s") % {"path": path, "reason": error.strerror}
            ) from error
        try:
            summary = recommendations_import(plan=plan, data=data, dry_run=bool(options["dry_run"]))
        except WorkbookInvalid as invalid:
            for problem in invalid.errors:
                self.stderr.write(str(problem))
            raise CommandError(
                _("The workbook was rejected (%(count)d errors); nothing was changed.")
                % {"count": len(invalid.errors)}
            ) from invalid
        self._summary_print(summary)

    def _summary_print(self, summary: ImportSummary) -> None:
        if summary.dry_run:
            self.stdout.write(_("Dry run: the workbook is valid; nothing was written."))
        self.stdout.write(
            _(
                "Plan %(code)s: %(created)d recommendations created, %(updated)d updated, "
                "%(unchanged)d unchanged; %(kept)d not in the workbook kept."
            )
            % {
                "code": summary.plan.code,
                "created": len(summary.created),
                "updated": len(summary.updated),
                "unchanged": len(summary.unchanged),
                "kept": len(summary.kept),
            }
        )
