"""`tipmonitor restore` refuses, before touching the database, a backup it cannot trust:
a file altered or missing, a manifest altered, a wrong or missing key, another vendor's, an
incomplete one; and it restores only into an empty database."""

import hashlib
import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from agencies.models import Agency

# Committed data: a backup reads the database as another session would (pg_dump is one).
pytestmark = pytest.mark.django_db(transaction=True)

KEY = "a backup key kept in the operator's password safe"


def _backup(folder: Path, settings, key: str = KEY) -> Path:
    settings.BACKUP_KEY = key
    call_command("backup", "--output", str(folder), stdout=io.StringIO(), stderr=io.StringIO())
    return folder


def _restore(folder: Path, *args: str) -> None:
    call_command("restore", str(folder), *args, stdout=io.StringIO())


def _data_file(folder: Path) -> Path:
    return next(p for p in folder.iterdir() if p.name.startswith("database."))


def _manifest(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text())


def _rewrite_manifest(folder: Path, **changes: object) -> None:
    manifest = {**_manifest(folder), **changes}
    (folder / "manifest.json").write_text(json.dumps(manifest))


@pytest.fixture
def agencies(agency_a, agency_b) -> int:
    return Agency.objects.count()


def test_it_refuses_a_database_that_is_not_empty(agencies, tmp_path, settings):
    folder = _backup(tmp_path / "b", settings)
    with pytest.raises(CommandError, match=r"not empty .*agencies_agency.*nothing was changed"):
        _restore(folder)
    assert Agency.objects.count() == agencies


def test_it_refuses_a_tampered_file_before_restoring(agencies, tmp_path, settings):
    folder = _backup(tmp_path / "b", settings)
    stored = _data_file(folder)
    data = bytearray(stored.read_bytes())
    data[len(data) // 2] ^= 0x01
    stored.write_bytes(bytes(data))
    with pytest.raises(CommandError, match=f"{stored.name} does not match its checksum"):
        _restore(folder)
    assert Agency.objects.count() == agencies


def test_it_refuses_a_file_altered_along_with_its_checksum(agencies, tmp_path, settings):
    folder = _backup(tmp_path / "b", settings)
    stored = _data_file(folder)
    stored.write_bytes(stored.read_bytes()[:-100])
    size, digest = stored.stat().st_size, hashlib.sha256(stored.read_bytes())
    files = [{"name": stored.name, "bytes": size, "sha256": digest.hexdigest()}]
    _rewrite_manifest(folder, files=files)
    with pytest.raises(CommandError, match="manifest was altered"):
        _restore(folder)


def test_it_refuses_a_wrong_key_and_a_missing_one(agencies, tmp_path, settings):
    folder = _backup(tmp_path / "b", settings)
    settings.BACKUP_KEY = "another key, not the one the backup was made with"
    with pytest.raises(CommandError, match="Wrong backup key"):
        _restore(folder)
    settings.BACKUP_KEY = ""
    with pytest.raises(CommandError, match="The backup is encrypted: set TIPMONITOR_BACKUP_KEY"):
        _restore(folder)
    key_file = tmp_path / "wrong.key"
    key_file.write_text("yet another key\n")
    with pytest.raises(CommandError, match="Wrong backup key"):
        _restore(folder, "--key-file", str(key_file))


def test_it_refuses_an_incomplete_backup(agencies, tmp_path, settings):
    folder = _backup(tmp_path / "b", settings)
    _data_file(folder).unlink()
    with pytest.raises(CommandError, match="is missing: the backup is incomplete"):
        _restore(folder)
    (folder / "manifest.json").unlink()
    with pytest.raises(CommandError, match=r"manifest\.json is missing"):
        _restore(folder)


def test_it_refuses_a_backup_of_another_vendor(agencies, tmp_path, settings):
    folder = _backup(tmp_path / "b", settings, key="")
    manifest = _manifest(folder)
    other = "sqlite" if manifest["vendor"] == "postgresql" else "postgresql"
    _rewrite_manifest(folder, vendor=other)
    with pytest.raises(CommandError, match=f"backup of a {other} database"):
        _restore(folder)


def test_it_refuses_a_backup_of_a_newer_version(agencies, tmp_path, settings):
    folder = _backup(tmp_path / "b", settings, key="")
    manifest = _manifest(folder)
    manifest["migrations"]["cases"].append("9999_from_the_future")
    _rewrite_manifest(folder, migrations=manifest["migrations"])
    with pytest.raises(CommandError, match=r"newer TIP Monitor.*cases\.9999_from_the_future"):
        _restore(folder)


def test_it_writes_a_backup_only_into_a_new_folder(agencies, tmp_path, settings):
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "old.txt").write_text("yesterday's")
    with pytest.raises(CommandError, match="not an empty folder"):
        _backup(tmp_path / "used", settings)
    assert [p.name for p in (tmp_path / "used").iterdir()] == ["old.txt"]


def test_it_warns_that_a_backup_without_a_key_is_not_encrypted(agencies, tmp_path, settings):
    settings.BACKUP_KEY = ""
    err = io.StringIO()
    call_command("backup", "--output", str(tmp_path / "b"), stdout=io.StringIO(), stderr=err)
    assert "not encrypted" in err.getvalue()
    assert _manifest(tmp_path / "b")["encrypted"] is False
