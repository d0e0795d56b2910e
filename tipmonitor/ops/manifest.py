"""What a backup says about itself (manifest.json) and the checks a restore makes of it before
touching the database: every file present with its size and SHA-256, the key right, the
manifest itself unaltered (signed with the key when the backup is encrypted)."""

import datetime
import hashlib
import hmac
import json
import os
from importlib import metadata
from pathlib import Path
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils.translation import gettext as _

from tipmonitor.ops import crypto
from tipmonitor.ops.database import BackupError

MANIFEST = "manifest.json"
FORMAT = 1
CIPHER = "AES-256-GCM, 1 MiB chunks (STREAM)"


def app_version() -> str:
    try:
        return metadata.version("tipmonitor")
    except metadata.PackageNotFoundError:
        return "unknown"


def migration_state(connection: BaseDatabaseWrapper) -> dict[str, list[str]]:
    """The migrations applied, per app."""
    state: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        state.setdefault(app, []).append(name)
    return state


def unknown_migrations(state: dict[str, list[str]]) -> list[str]:
    """Migrations in `state` this code does not have: the backup was made by a newer version."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    return [
        f"{app}.{name}"
        for app, names in state.items()
        for name in names
        if (app, name) not in known
    ]


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1024 * 1024):
            digest.update(block)
    return digest.hexdigest()


def new_encryption(secret: str) -> tuple[dict[str, Any], crypto.Keys]:
    salt = crypto.new_salt()
    keys = crypto.derive_keys(secret, salt, **crypto.SCRYPT)
    described = {
        "cipher": CIPHER,
        "kdf": "scrypt",
        **crypto.SCRYPT,
        "salt": salt.hex(),
        "key_check": keys.key_check(),
    }
    return described, keys


def _body(manifest: dict[str, Any]) -> bytes:
    unsigned = {key: value for key, value in manifest.items() if key != "signature"}
    return json.dumps(unsigned, sort_keys=True, ensure_ascii=False).encode()


def manifest_write(directory: Path, manifest: dict[str, Any], keys: crypto.Keys | None) -> None:
    """Write the manifest last and atomically: a directory without one is an incomplete
    backup, which a restore refuses."""
    if keys is not None:
        manifest["signature"] = keys.sign(_body(manifest))
    temporary = directory / f".{MANIFEST}.tmp"
    temporary.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    os.replace(temporary, directory / MANIFEST)


def manifest_read(directory: Path) -> dict[str, Any]:
    path = directory / MANIFEST
    if not path.is_file():
        raise BackupError(
            _("%(path)s is missing: not a backup, or an incomplete one.") % {"path": path}
        )
    try:
        manifest = json.loads(path.read_text())
    except (ValueError, UnicodeDecodeError) as error:
        raise BackupError(
            _("%(path)s is not valid JSON: %(error)s") % {"path": path, "error": error}
        ) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(
            _("%(path)s is not a manifest of this backup format (%(format)d).")
            % {"path": path, "format": FORMAT}
        )
    return manifest


def verify_files(directory: Path, manifest: dict[str, Any]) -> None:
    """Every file of the manifest is there with its size and checksum."""
    for entry in manifest.get("files", []):
        path = directory / Path(str(entry["name"])).name
        if not path.is_file():
            raise BackupError(_("%(path)s is missing: the backup is incomplete.") % {"path": path})
        if path.stat().st_size != entry["bytes"] or sha256_of(path) != entry["sha256"]:
            raise BackupError(
                _(
                    "%(path)s does not match its checksum in the manifest: the file was altered "
                    "or cut off. Nothing was restored."
                )
                % {"path": path}
            )
    if not manifest.get("files"):
        raise BackupError(_("The manifest lists no files."))


def verify_key(manifest: dict[str, Any], secret: str) -> crypto.Keys | None:
    """The keys of an encrypted backup, checked against the manifest; None for a plain one."""
    described = manifest.get("encryption")
    if not described:
        return None
    if not secret:
        raise BackupError(
            _(
                "The backup is encrypted: set TIPMONITOR_BACKUP_KEY (or "
                "TIPMONITOR_BACKUP_KEY_FILE), or pass --key-file."
            )
        )
    keys = crypto.derive_keys(
        secret,
        bytes.fromhex(described["salt"]),
        n=described["n"],
        r=described["r"],
        p=described["p"],
    )
    if not hmac.compare_digest(keys.key_check(), str(described["key_check"])):
        raise BackupError(_("Wrong backup key: this backup was encrypted with another one."))
    if not hmac.compare_digest(keys.sign(_body(manifest)), str(manifest.get("signature"))):
        raise BackupError(_("The manifest was altered after the backup was made."))
    return keys


def now_text() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")


def key_from_file(path: Path | None, default: str) -> str:
    """The key in `path` when given (a --key-file option), else the configured one."""
    if path is None:
        return default
    try:
        key = path.read_text().strip()
    except OSError as error:
        raise BackupError(
            _("Cannot read the key file %(path)s: %(reason)s")
            % {"path": path, "reason": error.strerror}
        ) from None
    if not key:
        raise BackupError(_("The key file %(path)s is empty.") % {"path": path})
    return key
