"""`tipmonitor backup --output DIR [--key-file PATH] [--database ALIAS]`: a consistent backup
of the database and the media files with its manifest, encrypted when a key is set
(docs/operations.md)."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from tipmonitor.ops.backup import backup_create
from tipmonitor.ops.database import BackupError
from tipmonitor.ops.manifest import key_from_file


class Command(BaseCommand):
    help = (
        "Back up the database and the media files into a new folder, with a manifest "
        "(docs/operations.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", type=Path, required=True, help="a new, empty folder")
        parser.add_argument(
            "--key-file", type=Path, help="encrypt with the key in this file (else the setting)"
        )
        parser.add_argument("--database", default="default", help="the database alias")

    def handle(self, *args: object, **options: Any) -> None:
        try:
            secret = key_from_file(options["key_file"], settings.BACKUP_KEY)
            manifest = backup_create(
                output=options["output"], secret=secret, using=options["database"]
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        tables = manifest["tables"]
        if not manifest["encrypted"]:
            self.stderr.write(
                _(
                    "WARNING: not encrypted. Set TIPMONITOR_BACKUP_KEY (or "
                    "TIPMONITOR_BACKUP_KEY_FILE) to encrypt backups."
                )
            )
        media = manifest["media"]
        if media["skipped"]:
            self.stderr.write(
                _(
                    "WARNING: %(n)d entries of the media folder are not regular files (links, "
                    "sockets) and were left out."
                )
                % {"n": media["skipped"]}
            )
        self.stdout.write(
            _(
                "Backed up %(tables)d tables, %(rows)d rows (%(vendor)s) and %(files)d media "
                "files to %(path)s."
            )
            % {
                "tables": len(tables),
                "rows": sum(tables.values()),
                "vendor": manifest["vendor"],
                "files": media["files"],
                "path": options["output"],
            }
        )
