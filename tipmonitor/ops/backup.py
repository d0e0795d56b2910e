"""`tipmonitor backup --output DIR`: one consistent copy of the database and a tar archive of
the uploaded files (settings.MEDIA_ROOT), with a manifest (docs/operations.md). PostgreSQL
through `pg_dump --format=custom` (rows counted in pg_dump's own snapshot), SQLite through its
online backup API; both files encrypted when a key is set. The linkage key and SECRET_KEY are
never put in a backup: they are kept apart from it."""

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import connections
from django.utils.translation import gettext as _

from tipmonitor.ops import crypto
from tipmonitor.ops.database import (
    POSTGRESQL,
    BackupError,
    pg_dump,
    sqlite_dump,
    vendor_of,
)
from tipmonitor.ops.manifest import (
    FORMAT,
    app_version,
    manifest_write,
    migration_state,
    new_encryption,
    now_text,
    sha256_of,
)
from tipmonitor.ops.media import ARCHIVE, media_pack

FILE_NAMES = {POSTGRESQL: "database.dump", "sqlite": "database.sqlite3"}
ENCRYPTED_SUFFIX = ".enc"


def _prepare(output: Path) -> None:
    if output.exists() and (not output.is_dir() or any(output.iterdir())):
        raise BackupError(
            _("%(path)s exists and is not an empty folder: name a new one.") % {"path": output}
        )
    try:
        output.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as error:
        raise BackupError(
            _("Cannot create %(path)s: %(reason)s") % {"path": output, "reason": error.strerror}
        ) from None


def _writer(target: Path, keys: crypto.Keys | None) -> Callable[[IO[bytes]], None]:
    """What copies a plain stream into `target`, encrypting it when there are keys."""

    def write(source: IO[bytes]) -> None:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            if keys is None:
                shutil.copyfileobj(source, handle, 1024 * 1024)
            else:
                crypto.encrypt_stream(source, handle, keys, name=target.name)
            handle.flush()
            os.fsync(handle.fileno())

    return write


def _dump(vendor: str, using: str, target: Path, keys: crypto.Keys | None) -> dict[str, int]:
    connection = connections[using]
    write = _writer(target, keys)
    if vendor == POSTGRESQL:
        return pg_dump(connection, write)
    # The backup API writes a file: a private temporary one, encrypted into place after.
    with tempfile.TemporaryDirectory(prefix="tipmonitor-backup-") as private:
        plain = Path(private) / "database.sqlite3"
        counts = sqlite_dump(connection, plain)
        with plain.open("rb") as source:
            write(source)
    return counts


def _entry(path: Path) -> dict[str, Any]:
    return {"name": path.name, "bytes": path.stat().st_size, "sha256": sha256_of(path)}


def _check_apart(output: Path, media_root: Path) -> None:
    """A backup inside the media folder would archive itself."""
    if output.resolve().is_relative_to(media_root.resolve()):
        raise BackupError(
            _("%(path)s is inside the media folder %(media)s: write the backup elsewhere.")
            % {"path": output, "media": media_root}
        )


def backup_create(*, output: Path, secret: str = "", using: str = "default") -> dict[str, Any]:
    """Write a backup of the database `using` and of the media files into the new folder
    `output`; the manifest is written last. Returns the manifest.

    The database is copied first, then the files: a file uploaded meanwhile is in the archive
    without its row (harmless), while every row of the copy finds its file unless the file was
    deleted in between."""
    connection = connections[using]
    vendor = vendor_of(connection)
    media_root = Path(settings.MEDIA_ROOT)
    _check_apart(output, media_root)
    _prepare(output)
    encryption, keys = new_encryption(secret) if secret else (None, None)
    suffix = ENCRYPTED_SUFFIX if keys else ""
    target = output / (FILE_NAMES[vendor] + suffix)
    archive = output / (ARCHIVE + suffix)
    try:
        counts = _dump(vendor, using, target, keys)
        media = media_pack(media_root, archive, keys)
    except BaseException:
        target.unlink(missing_ok=True)
        archive.unlink(missing_ok=True)
        raise
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "app": "tipmonitor",
        "version": app_version(),
        "created_at": now_text(),
        "vendor": vendor,
        "migrations": migration_state(connection),
        "tables": counts,
        # The database file first: a restore of an older version takes the first one.
        "files": [_entry(target), _entry(archive)],
        "media": media,
        "encrypted": keys is not None,
        "encryption": encryption,
    }
    manifest_write(output, manifest, keys)
    return manifest
