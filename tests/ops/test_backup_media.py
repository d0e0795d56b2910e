"""The media files in a backup: `tipmonitor restore` refuses a media archive altered or holding
a member that would land outside the media folder (a path with `..`, an absolute one, a link,
a device) before touching the database, refuses a media folder that is not empty, and still
restores a backup with no media files and one made before media files were backed up."""

import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from agencies.models import Agency
from tests.ops.databases import empty_database
from tipmonitor.ops import media as media_module
from tipmonitor.ops.database import tables_with_rows

pytestmark = pytest.mark.django_db(transaction=True)

KEY = "a backup key kept in the operator's password safe"
EVIDENCE = b"%PDF-1.7 shelter places\n" + bytes(range(256))


def _backup(folder: Path, settings, key: str = KEY) -> tuple[Path, str]:
    settings.BACKUP_KEY = key
    out = io.StringIO()
    call_command("backup", "--output", str(folder), stdout=out, stderr=io.StringIO())
    return folder, out.getvalue()


def _restore(folder: Path) -> str:
    out = io.StringIO()
    call_command("restore", str(folder), stdout=out)
    return out.getvalue()


def _manifest(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text())


def _write_manifest(folder: Path, manifest: dict) -> None:
    (folder / "manifest.json").write_text(json.dumps(manifest))


def _media_files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*")) if root.exists() else []


@pytest.fixture
def evidence(agency_a, settings) -> Path:
    """An agency in the database and one evidence file in the media folder."""
    path = Path(settings.MEDIA_ROOT) / "coordination" / "evidence" / "2024" / "count.pdf"
    path.parent.mkdir(parents=True)
    path.write_bytes(EVIDENCE)
    return path


@pytest.fixture(params=[True, False], ids=["filters", "no-filters"])
def filters(request, monkeypatch) -> None:
    """With tarfile's "data" filter, and as on a Python without filters (Debian 12's 3.11.2)."""
    monkeypatch.setattr(media_module, "HAS_FILTERS", request.param)


def _wipe_media(settings) -> Path:
    """The media folder of the wiped server: a new, empty one."""
    settings.MEDIA_ROOT = Path(settings.MEDIA_ROOT).parent / "media-new"
    return settings.MEDIA_ROOT


def _forge_archive(folder: Path, build) -> None:
    """Replace the plain media archive with one `build` fills, and fix the (unsigned)
    manifest of a plain backup to match it, as someone who altered both would."""
    archive = folder / "media.tar"
    archive.unlink()
    with tarfile.open(archive, "w", format=tarfile.PAX_FORMAT) as tar:
        build(tar)
    manifest = _manifest(folder)
    data = archive.read_bytes()
    manifest["files"][1] = {
        "name": "media.tar",
        "bytes": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    manifest["media"] = {"name": "media.tar", "files": 1, "bytes": 5, "skipped": 0}
    _write_manifest(folder, manifest)


def _add_file(tar: tarfile.TarFile, name: str, data: bytes = b"owned") -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    tar.addfile(info, io.BytesIO(data))


def _add_link(tar: tarfile.TarFile, name: str, kind: bytes, target: str) -> None:
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, target
    tar.addfile(info)


def _add_device(tar: tarfile.TarFile, name: str) -> None:
    info = tarfile.TarInfo(name)
    info.type, info.devmajor, info.devminor = tarfile.CHRTYPE, 1, 3
    tar.addfile(info)


@pytest.mark.parametrize("key", ["", KEY], ids=["plain", "encrypted"])
def test_it_refuses_a_tampered_media_archive(evidence, tmp_path, settings, key):
    folder, _said = _backup(tmp_path / "b", settings, key=key)
    archive = folder / _manifest(folder)["media"]["name"]
    data = bytearray(archive.read_bytes())
    data[len(data) // 3] ^= 0x01
    archive.write_bytes(bytes(data))
    root = _wipe_media(settings)
    with empty_database(tmp_path) as fresh:
        with pytest.raises(CommandError, match=f"{archive.name} does not match its checksum"):
            _restore(folder)
        assert tables_with_rows(fresh) == []
    assert _media_files(root) == []


def test_it_refuses_an_encrypted_media_archive_swapped_for_another(evidence, tmp_path, settings):
    first, _said = _backup(tmp_path / "first", settings)
    second, _said = _backup(tmp_path / "second", settings)
    # The other backup's archive, under its own key and salt, with the manifest's checksum
    # fixed: the signature of the manifest gives it away.
    (first / "media.tar.enc").write_bytes((second / "media.tar.enc").read_bytes())
    manifest = _manifest(first)
    manifest["files"][1] = _manifest(second)["files"][1]
    _write_manifest(first, manifest)
    root = _wipe_media(settings)
    with empty_database(tmp_path) as fresh:
        with pytest.raises(CommandError, match="manifest was altered"):
            _restore(first)
        assert tables_with_rows(fresh) == []
    assert _media_files(root) == []


@pytest.mark.parametrize(
    ("build", "reason"),
    [
        (lambda tar: _add_file(tar, "../escaped.txt"), "leads out of the media folder"),
        (lambda tar: _add_file(tar, "coordination/../../escaped.txt"), "leads out of"),
        (lambda tar: _add_file(tar, "/srv/escaped.txt"), "an absolute path"),
        (lambda tar: _add_link(tar, "escaped", tarfile.SYMTYPE, "/etc"), "a link or a device"),
        (lambda tar: _add_link(tar, "inside", tarfile.SYMTYPE, "coordination"), "a link or"),
        (lambda tar: _add_link(tar, "hard", tarfile.LNKTYPE, "/etc/passwd"), "a link or"),
        (lambda tar: _add_device(tar, "null"), "a link or a device"),
    ],
    ids=["dot-dot", "dot-dot-inside", "absolute", "symlink-out", "symlink-in", "hard", "device"],
)
def test_it_refuses_a_member_that_would_land_outside_the_media_folder(
    tmp_path, settings, filters, build, reason
):
    folder, _said = _backup(tmp_path / "b", settings, key="")
    _forge_archive(folder, build)
    root = _wipe_media(settings)
    with empty_database(tmp_path) as fresh:
        with pytest.raises(CommandError, match=f"media.tar holds .*{reason}.*nothing was restored"):
            _restore(folder)
        assert tables_with_rows(fresh) == []
    assert _media_files(root) == []  # the staging folder is gone too
    assert not (root.parent / "escaped.txt").exists()
    assert not (tmp_path / "escaped.txt").exists()


def test_it_refuses_an_archive_that_holds_other_files_than_the_manifest_says(tmp_path, settings):
    folder, _said = _backup(tmp_path / "b", settings, key="")
    _forge_archive(folder, lambda tar: _add_file(tar, "coordination/more.pdf", b"longer"))
    root = _wipe_media(settings)
    with empty_database(tmp_path) as fresh:
        with pytest.raises(
            CommandError, match="holds 1 files of 6 bytes, the manifest says 1 of 5"
        ):
            _restore(folder)
        assert tables_with_rows(fresh) == []
    assert _media_files(root) == []


def test_it_refuses_a_media_folder_that_is_not_empty(evidence, tmp_path, settings, filters):
    folder, _said = _backup(tmp_path / "b", settings)
    root = _wipe_media(settings)
    (root / "coordination" / "evidence").mkdir(parents=True)  # empty folders do not count
    (root / "coordination" / "left.pdf").write_bytes(b"another server's")
    with empty_database(tmp_path) as fresh:
        with pytest.raises(CommandError, match=r"media folder .* not empty .*left\.pdf"):
            _restore(folder)
        assert tables_with_rows(fresh) == []
    assert (root / "coordination" / "left.pdf").read_bytes() == b"another server's"
    # Once the stray file is gone, the empty folders left take the restored files.
    (root / "coordination" / "left.pdf").unlink()
    (tmp_path / "second").mkdir()
    with empty_database(tmp_path / "second"):
        said = _restore(folder)
        assert Agency.objects.count() == 1
    assert "Restored 1 media files" in said
    restored = root / evidence.relative_to(tmp_path / "media")
    assert restored.read_bytes() == EVIDENCE
    assert not restored.is_symlink()
    assert restored.stat().st_mode & 0o022 == 0  # writable by its owner only
    assert sorted(p.name for p in root.iterdir()) == ["coordination"]  # no staging folder left


def test_it_backs_up_and_restores_without_media_files(agency_a, tmp_path, settings):
    assert not Path(settings.MEDIA_ROOT).exists()
    folder, said = _backup(tmp_path / "b", settings)
    assert "and 0 media files" in said
    assert _manifest(folder)["media"]["files"] == 0
    root = _wipe_media(settings)
    with empty_database(tmp_path):
        said = _restore(folder)
        assert Agency.objects.count() == 1
    assert "Restored 0 media files" in said
    assert not root.exists()


def test_it_restores_a_backup_made_before_media_files_were_backed_up(evidence, tmp_path, settings):
    folder, _said = _backup(tmp_path / "b", settings, key="")
    (folder / "media.tar").unlink()
    manifest = _manifest(folder)
    del manifest["media"]
    manifest["files"] = manifest["files"][:1]
    _write_manifest(folder, manifest)
    # The media folder is left as it is, even with files in it.
    with empty_database(tmp_path):
        said = _restore(folder)
        assert Agency.objects.count() == 1
    assert "every count as in the manifest" in said
    assert "made before media files were backed up" in said
    assert evidence.read_bytes() == EVIDENCE


def test_it_leaves_out_links_in_the_media_folder_and_says_so(evidence, tmp_path, settings):
    (evidence.parent / "passwords").symlink_to("/etc/passwd")
    (evidence.parent / "etc").symlink_to("/etc", target_is_directory=True)
    settings.BACKUP_KEY = ""
    err = io.StringIO()
    call_command("backup", "--output", str(tmp_path / "b"), stdout=io.StringIO(), stderr=err)
    assert "2 entries of the media folder are not regular files" in err.getvalue()
    media = _manifest(tmp_path / "b")["media"]
    assert (media["files"], media["skipped"]) == (1, 2)
    with tarfile.open(tmp_path / "b" / "media.tar") as tar:
        assert tar.getnames() == ["coordination/evidence/2024/count.pdf"]


def test_it_refuses_a_backup_inside_the_media_folder(evidence, tmp_path, settings):
    settings.BACKUP_KEY = ""
    with pytest.raises(CommandError, match="inside the media folder"):
        call_command(
            "backup",
            "--output",
            str(Path(settings.MEDIA_ROOT) / "backup"),
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
    assert not (Path(settings.MEDIA_ROOT) / "backup").exists()
