"""The uploaded files of a backup (settings.MEDIA_ROOT: an action's evidence, say): one tar
archive of the regular files under it, encrypted like the database file when there is a key.

A restore extracts the archive into a private folder inside the media folder first, checking
every member (a regular file or a folder, a relative path without `..`; tarfile's "data"
filter besides, or the same by hand where Python has no filters) and the count and size of
the files against the manifest; only once the database is restored are the files moved into
place. A member that fails a check stops the restore before the database is touched."""

import contextlib
import os
import shutil
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import IO, Any, cast

from django.utils.translation import gettext as _

from tipmonitor.ops import crypto
from tipmonitor.ops.database import BackupError

ARCHIVE = "media.tar"
STAGING_PREFIX = ".tipmonitor-restore-"
# tarfile's extraction filters came with Python 3.11.4; Debian 12's Python is 3.11.2.
HAS_FILTERS = hasattr(tarfile, "data_filter")


def _regular_files(root: Path) -> Iterator[tuple[Path, str | None]]:
    """Every entry under `root` that is not a folder, sorted, with its name in the archive
    (None for what is not a regular file: a link, a socket; those are left out). Links to
    folders are not followed."""
    if not root.is_dir():
        return
    for folder, folders, names in os.walk(root):
        # A restore's staging folder left behind by a restore cut short is not media.
        folders[:] = sorted(
            n for n in folders if not (folder == str(root) and n.startswith(STAGING_PREFIX))
        )
        for name in sorted(names):
            path = Path(folder) / name
            if path.is_symlink() or not path.is_file():
                yield path, None
            else:
                yield path, path.relative_to(root).as_posix()
        # Links to folders appear among the folders: left out, and counted.
        for name in [n for n in folders if (Path(folder) / n).is_symlink()]:
            yield Path(folder) / name, None


def media_pack(root: Path, target: Path, keys: crypto.Keys | None) -> dict[str, Any]:
    """Write the regular files under `root` (none when it does not exist) as a tar archive
    into the new file `target`, encrypted when there are keys. Returns what the manifest says
    of it: the number of files, their bytes, and how many entries were left out."""
    try:
        return _pack(root, target, keys)
    except OSError as error:
        raise BackupError(
            _("Cannot archive the media files of %(root)s: %(error)s")
            % {"root": root, "error": error}
        ) from None


def _pack(root: Path, target: Path, keys: crypto.Keys | None) -> dict[str, Any]:
    files = size = skipped = 0
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        writer = None if keys is None else crypto.EncryptingWriter(handle, keys, name=target.name)
        # tarfile's stream mode only calls write() on its file object.
        sink = handle if writer is None else cast("IO[bytes]", writer)
        with tarfile.open(fileobj=sink, mode="w|", format=tarfile.PAX_FORMAT) as archive:
            for path, name in _regular_files(root):
                if name is None:
                    skipped += 1
                    continue
                try:
                    # Not through a link that replaced the file since it was listed.
                    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
                except FileNotFoundError:
                    continue  # deleted since it was listed (its action was deleted)
                with os.fdopen(fd, "rb") as source:
                    info = archive.gettarinfo(arcname=name, fileobj=source)
                    info.uid = info.gid = 0
                    info.uname = info.gname = ""
                    archive.addfile(info, source)
                files += 1
                size += info.size
        if writer is not None:
            writer.close()
        handle.flush()
        os.fsync(handle.fileno())
    return {"name": target.name, "files": files, "bytes": size, "skipped": skipped}


def media_contents(root: Path, limit: int = 5) -> list[str]:
    """Up to `limit` entries under `root` that are not folders: a media folder with none is
    empty (empty folders left by earlier files do not count)."""
    found: list[str] = []
    if not root.exists():
        return found
    if not root.is_dir():
        return [str(root)]
    for folder, folders, names in os.walk(root):
        folders.sort()
        entries = sorted(names) + [n for n in folders if (Path(folder) / n).is_symlink()]
        for name in entries:
            found.append((Path(folder) / name).relative_to(root).as_posix())
            if len(found) >= limit:
                return found
    return found


def media_entry(manifest: dict[str, Any]) -> dict[str, Any] | None:
    """The manifest's media archive; None for a backup made before media files were backed
    up. Its file must be one of the manifest's checked files."""
    media = manifest.get("media")
    if media is None:
        return None
    listed = {Path(str(entry["name"])).name for entry in manifest.get("files", [])}
    if not isinstance(media, dict) or Path(str(media.get("name"))).name not in listed:
        raise BackupError(_("The manifest names a media archive it does not list."))
    return media


def _safe_member(member: tarfile.TarInfo, archive: str) -> None:
    path = PurePosixPath(member.name)
    reason = ""
    if not (member.isfile() or member.isdir()):
        reason = _("not a regular file or folder (a link or a device)")
    elif path.is_absolute() or member.name.startswith(("/", "\\")):
        reason = _("an absolute path")
    elif ".." in path.parts or "\\" in member.name:
        reason = _("a path that leads out of the media folder")
    if reason:
        raise BackupError(
            _("%(archive)s holds %(member)r, %(reason)s: nothing was restored.")
            % {"archive": archive, "member": member.name, "reason": reason}
        )


def _extract_member(archive: tarfile.TarFile, member: tarfile.TarInfo, destination: Path) -> None:
    """Extract a member _safe_member let through: with the "data" filter, else (a Python
    without filters) by hand with the same effect: only its bytes and whether it is
    executable, never its owner, in a new file that is not a link."""
    if HAS_FILTERS:
        archive.extract(member, destination, filter="data")
        return
    target = destination.joinpath(*PurePosixPath(member.name).parts)
    if member.isdir():
        target.mkdir(parents=True, exist_ok=True)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    source = archive.extractfile(member)
    assert source is not None  # a regular file
    mode = 0o755 if member.mode & 0o100 else 0o644
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, mode)
    with source, os.fdopen(fd, "wb") as handle:
        shutil.copyfileobj(source, handle, 1024 * 1024)


def _extract(archive_path: Path, name: str, destination: Path, media: dict[str, Any]) -> None:
    files = size = 0
    try:
        with tarfile.open(archive_path, mode="r:") as archive:
            for member in archive:
                _safe_member(member, name)
                _extract_member(archive, member, destination)
                if member.isfile():
                    files += 1
                    size += member.size
    except (tarfile.TarError, OSError) as error:
        raise BackupError(
            _("%(archive)s cannot be extracted (%(error)s): nothing was restored.")
            % {"archive": name, "error": error}
        ) from None
    if files != media.get("files") or size != media.get("bytes"):
        raise BackupError(
            _(
                "%(archive)s holds %(files)d files of %(bytes)d bytes, the manifest says "
                "%(expected_files)s of %(expected_bytes)s: nothing was restored."
            )
            % {
                "archive": name,
                "files": files,
                "bytes": size,
                "expected_files": media.get("files"),
                "expected_bytes": media.get("bytes"),
            }
        )


@contextlib.contextmanager
def media_staged(
    directory: Path, media: dict[str, Any] | None, keys: crypto.Keys | None, root: Path
) -> Iterator[Path | None]:
    """The backup's media files extracted and checked in a private folder inside `root`
    (the same file system, so they move into place by renaming); None when the backup has
    none. The folder is removed on leaving, whatever happens."""
    if not media or not media.get("files"):
        yield None
        return
    name = Path(str(media["name"])).name
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=root))
    try:
        stored = directory / name
        if keys is not None:
            plain = staging / ARCHIVE
            fd = os.open(plain, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with stored.open("rb") as source, os.fdopen(fd, "wb") as target:
                try:
                    crypto.decrypt_stream(source, target, keys, name=name)
                except crypto.DecryptionError as error:
                    raise BackupError(
                        _("%(error)s Nothing was restored.") % {"error": error}
                    ) from None
            stored = plain
        files = staging / "files"
        files.mkdir(mode=0o700)
        _extract(stored, name, files, media)
        yield files
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def media_install(staged: Path, root: Path) -> None:
    """Move the extracted files into `root`, whose folders (if any) hold no files."""
    for child in sorted(staged.iterdir()):
        target = root / child.name
        if child.is_dir() and target.is_dir() and not target.is_symlink():
            media_install(child, target)
        else:
            os.replace(child, target)
