"""`tipmonitor import-plan FILE.xlsx [--dry-run]`: create or update a plan from its workbook.

Prints what was created, updated and removed; a rejected workbook prints every error (sheet,
row, column, reason) and exits with status 1, having changed nothing.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from plans.workbook.services import ImportSummary, WorkbookInvalid, plan_import


class Command(BaseCommand):
    help = "Import a national action plan from its workbook (docs/workbook.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the .xlsx workbook")
        parser.add_argument(
            "--dry-run", action="store_true", help="check and count, but write nothing"
        )

    def handle(self, *args: object, **options: object) -> None:
        path = options["file"]
        assert isinstance(path, Path)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(
                _("Cannot read %(path)s: %(reason)s") % {"path": path, "reason": error.strerror}
            ) from error
        try:
            summary = plan_import(data=data, dry_run=bool(options["dry_run"]))
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
            _("Plan %(code)s: %(title)s") % {"code": summary.plan.code, "title": summary.plan.title}
        )
        for kind in summary.created:
            self.stdout.write(
                _("%(kind)s: %(created)d created, %(updated)d updated, %(deleted)d removed")
                % {
                    "kind": kind,
                    "created": summary.created[kind],
                    "updated": summary.updated[kind],
                    "deleted": summary.deleted[kind],
                }
            )
