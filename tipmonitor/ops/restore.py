"""`tipmonitor restore DIR`: everything about the backup is checked before the database is
touched (manifest, every file's size and checksum, the key, the vendor, the migrations this
code knows, every member of the media archive); the target database and media folder must be
empty; after the restore every table's rows are counted against the manifest
(docs/operations.md). A backup made before media files were backed up restores its database
and leaves the media folder as it is."""

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.migrations.executor import MigrationExecutor
from django.utils.translation import gettext as _

from tipmonitor.ops import crypto
from tipmonitor.ops.database import (
    POSTGRESQL,
    BackupError,
    count_rows,
    pg_restore,
    sqlite_restore,
    tables_of,
    tables_with_rows,
    vendor_of,
)
from tipmonitor.ops.manifest import manifest_read, unknown_migrations, verify_files, verify_key
from tipmonitor.ops.media import media_contents, media_entry, media_install, media_staged


@dataclass(frozen=True)
class RestoreResult:
    manifest: dict[str, Any]
    tables: int
    rows: int
    # Migrations of this code the restored database has not had: run `tipmonitor migrate`.
    pending: list[str] = field(default_factory=list)
    # Media files put back; None for a backup made before media files were backed up.
    media_files: int | None = None


def restore_check(
    directory: Path, *, secret: str, using: str = "default"
) -> tuple[dict[str, Any], crypto.Keys | None]:
    """Every check that needs no write, in the order an operator fixes them: the manifest,
    and the keys of an encrypted backup."""
    manifest = manifest_read(directory)
    vendor = vendor_of(connections[using])
    if manifest.get("vendor") != vendor:
        raise BackupError(
            _(
                "This is a backup of a %(theirs)s database and the target is %(ours)s: restore "
                "it into a %(theirs)s database."
            )
            % {"theirs": manifest.get("vendor"), "ours": vendor}
        )
    verify_files(directory, manifest)
    keys = verify_key(manifest, secret)
    unknown = unknown_migrations(manifest.get("migrations", {}))
    if unknown:
        raise BackupError(
            _("The backup was made by a newer TIP Monitor (migrations %(names)s): upgrade first.")
            % {"names": ", ".join(unknown[:5])}
        )
    full = tables_with_rows(connections[using])
    if full:
        raise BackupError(
            _(
                "The target database is not empty (%(tables)s hold rows): restore only into a "
                "new, empty database; nothing was changed."
            )
            % {"tables": ", ".join(full[:5]) + ("…" if len(full) > 5 else "")}
        )
    media = media_entry(manifest)
    root = Path(settings.MEDIA_ROOT)
    present = media_contents(root) if media and media.get("files") else []
    if present:
        raise BackupError(
            _(
                "The media folder %(root)s is not empty (%(files)s): restore only into an "
                "empty one; nothing was changed."
            )
            % {"root": root, "files": ", ".join(present[:4]) + ("…" if len(present) > 4 else "")}
        )
    return manifest, keys


def _plain(directory: Path, name: str, keys: crypto.Keys | None, private: Path) -> Path:
    """The database file as dumped: decrypted (every chunk checked) into a private file."""
    stored = directory / name
    if keys is None:
        return stored
    plain = private / "database"
    fd = os.open(plain, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with stored.open("rb") as source, os.fdopen(fd, "wb") as target:
        try:
            crypto.decrypt_stream(source, target, keys, name=name)
        except crypto.DecryptionError as error:
            raise BackupError(_("%(error)s Nothing was restored.") % {"error": error}) from None
    return plain


def backup_restore(*, directory: Path, secret: str = "", using: str = "default") -> RestoreResult:
    manifest, keys = restore_check(directory, secret=secret, using=using)
    connection = connections[using]
    media = media_entry(manifest)
    with (
        tempfile.TemporaryDirectory(prefix="tipmonitor-restore-") as private,
        # Extracted and checked before the database is touched; moved in once it is restored.
        media_staged(directory, media, keys, Path(settings.MEDIA_ROOT)) as staged,
    ):
        plain = _plain(directory, manifest["files"][0]["name"], keys, Path(private))
        if manifest["vendor"] == POSTGRESQL:
            pg_restore(connection, plain)
        else:
            sqlite_restore(connection, plain)
        if staged is not None:
            media_install(staged, Path(settings.MEDIA_ROOT))
    connection.close()
    expected: dict[str, int] = manifest["tables"]
    present = set(tables_of(connection))
    with connection.cursor() as cursor:
        found = count_rows(cursor, connection, [t for t in expected if t in present])
    wrong = [f"{t}: {found.get(t, '-')} ≠ {n}" for t, n in expected.items() if found.get(t) != n]
    if wrong:
        raise BackupError(
            _("Restored, but rows differ from the manifest: %(tables)s")
            % {"tables": "; ".join(wrong)}
        )
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return RestoreResult(
        manifest=manifest,
        tables=len(expected),
        rows=sum(expected.values()),
        pending=[f"{migration.app_label}.{migration.name}" for migration, _back in pending],
        media_files=None if media is None else int(media.get("files", 0)),
    )
