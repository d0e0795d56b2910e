"""`tipmonitor restore DIR [--key-file PATH] [--database ALIAS]`: restore a backup into an
empty database and media folder after checking it whole, then count every table's rows
against the manifest (docs/operations.md)."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from tipmonitor.ops.database import BackupError
from tipmonitor.ops.manifest import key_from_file
from tipmonitor.ops.restore import backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup into an empty database and media folder and verify it "
        "(docs/operations.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path, help="the backup's folder")
        parser.add_argument(
            "--key-file", type=Path, help="the key of an encrypted backup (else the setting)"
        )
        parser.add_argument("--database", default="default", help="the database alias")

    def handle(self, *args: object, **options: Any) -> None:
        try:
            secret = key_from_file(options["key_file"], settings.BACKUP_KEY)
            result = backup_restore(
                directory=options["directory"], secret=secret, using=options["database"]
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            _(
                "Restored the backup of %(created)s: %(tables)d tables, %(rows)d rows, every "
                "count as in the manifest."
            )
            % {
                "created": result.manifest["created_at"],
                "tables": result.tables,
                "rows": result.rows,
            }
        )
        if result.media_files is None:
            self.stdout.write(
                _(
                    "This backup was made before media files were backed up: it holds none, and "
                    "the media folder was left as it was. Copy the uploaded files back by hand "
                    "if you have them."
                )
            )
        else:
            self.stdout.write(
                _("Restored %(n)d media files, each as in the backup.") % {"n": result.media_files}
            )
        if result.pending:
            self.stdout.write(
                _("The backup is from an older version: run `tipmonitor migrate` (%(n)d pending).")
                % {"n": len(result.pending)}
            )
