"""`tipmonitor backup` then `tipmonitor restore` into an empty database and media folder (the
wiped server), on the suite's own vendor: the plan, its values and the case statistics export
exactly as before, an action's evidence file comes back byte for byte, and the restore checks
every table's rows against the manifest."""

import datetime
import io
import json
import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connections
from openpyxl import load_workbook

from cases.models import CandidatePair
from coordination.models import Action, ActionUpdate, Body, BodyKind, Meeting
from plans.models import Plan
from plans.workbook.services import plan_export, plan_import
from reporting.models import IndicatorValue
from tests.cases.stats_data import many, person, record
from tests.ops.databases import empty_database
from tests.plans.workbooks import build, small_plan
from tests.progress.progress_data import import_values
from tipmonitor.ops.database import tables_with_rows

pytestmark = pytest.mark.django_db(transaction=True)

KEY = "a backup key kept in the operator's password safe"


@pytest.fixture
def world(coordinator, agency_a, agency_b):
    """A plan with values of two agencies, case records linked into persons, a pair."""
    plan = plan_import(data=build(small_plan())).plan
    import_values(
        plan, coordinator, [("I-1", "2024", "MOI-POL", "55"), ("I-1", "2024", "NGO-X", "7")]
    )
    many(agency_a, 12, identified_on=datetime.date(2024, 3, 1))
    many(agency_b, 4, sex="M", age_at_exploitation=15, identified_on=datetime.date(2024, 8, 9))
    someone = person()
    first = record(agency_a, someone, identified_on=datetime.date(2024, 2, 1))
    second = record(agency_b, someone, identified_on=datetime.date(2024, 5, 1))
    CandidatePair.objects.create(record_a=first, record_b=second, match_probability=0.9)
    body = Body.objects.create(code="WG", name="Working group", kind=BodyKind.WORKING_GROUP)
    meeting = Meeting.objects.create(body=body, plan=plan, held_on=datetime.date(2024, 3, 1))
    action = Action.objects.create(
        meeting=meeting, text="Count", owner_agency=agency_a, due_on=datetime.date(2024, 4, 1)
    )
    update = ActionUpdate(action=action, status="in_progress", by=coordinator)
    update.evidence_file.save("shelter count.pdf", ContentFile(EVIDENCE), save=False)
    update.save()
    return plan


# Every byte value, and more than a tar block, so nothing is lost or changed on the way.
EVIDENCE = b"%PDF-1.7\n" + bytes(range(256)) * 40 + os.urandom(3000)


def _media() -> dict[str, bytes]:
    root = Path(django_settings.MEDIA_ROOT)
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def _workbook(data: bytes) -> dict[str, list[tuple]]:
    # The workbook's bytes carry the time it was written: compare what it holds.
    book = load_workbook(io.BytesIO(data))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


def _exports() -> dict[str, object]:
    plan = Plan.objects.get(code="NAP-RUR-2024")
    return {
        "plan workbook": _workbook(plan_export(plan=plan, fmt="xlsx")),
        "plan json": json.loads(plan_export(plan=plan, fmt="json")),
        "values": list(IndicatorValue.objects.order_by("pk").values()),
        "progress": _run("progress", "--plan", plan.code, "--as-of", "2024-Q4", "--format", "json"),
        "case stats": _run(
            "case_stats", "--by", "sex,age_group", "--year", "2024", "--format", "json"
        ),
        "published": _run("case_stats", "--published", "--year", "2024", "--format", "json"),
    }


@pytest.mark.parametrize("key", ["", KEY], ids=["plain", "encrypted"])
def test_it_restores_a_backup_into_an_empty_database_with_identical_exports(
    world, tmp_path, settings, key
):
    settings.BACKUP_KEY = key
    before = _exports()
    media = _media()
    (name,) = media
    assert name.startswith("coordination/evidence/")
    assert media[name] == EVIDENCE
    assert IndicatorValue.objects.count() >= 2
    said = _run("backup", "--output", str(tmp_path / "nightly"))
    assert "and 1 media files" in said
    manifest = json.loads((tmp_path / "nightly" / "manifest.json").read_text())
    assert manifest["encrypted"] is bool(key)
    assert manifest["vendor"] == connections["default"].vendor
    assert manifest["tables"]["cases_caserecord"] == 18
    assert "cases" in manifest["migrations"]
    assert manifest["media"] == {
        "name": "media.tar.enc" if key else "media.tar",
        "files": 1,
        "bytes": len(EVIDENCE),
        "skipped": 0,
    }
    assert [entry["name"] for entry in manifest["files"]][1] == manifest["media"]["name"]
    assert KEY not in (tmp_path / "nightly" / "manifest.json").read_text()

    shutil.rmtree(settings.MEDIA_ROOT)  # the wiped server
    with empty_database(tmp_path) as fresh:
        assert tables_with_rows(fresh) == []
        said = _run("restore", str(tmp_path / "nightly"))
        after = _exports()
        restored = ActionUpdate.objects.get()
        with restored.evidence_file.open("rb") as handle:
            assert handle.read() == EVIDENCE

    assert "every count as in the manifest" in said
    assert "Restored 1 media files" in said
    assert after == before
    assert after["values"]  # the comparison compared something
    assert _media() == media
    assert [p.name for p in Path(settings.MEDIA_ROOT).iterdir()] == ["coordination"]


def test_it_encrypts_the_database_and_media_files_when_a_key_is_set(world, tmp_path, settings):
    settings.BACKUP_KEY = KEY
    _run("backup", "--output", str(tmp_path / "b"))
    stored = sorted(p for p in (tmp_path / "b").iterdir() if p.name != "manifest.json")
    assert [p.name for p in stored] == [
        f"database.{'dump' if connections['default'].vendor == 'postgresql' else 'sqlite3'}.enc",
        "media.tar.enc",
    ]
    for path in stored:
        data = path.read_bytes()
        assert data.startswith(b"TIPMBAK1")
        # Neither SQLite's header nor pg_dump's, nor any text of the plan or of the evidence
        # file or its name, shows through.
        for plain in (b"SQLite format", b"PGDMP", b"Ruritania", b"%PDF", b"shelter", b"ustar"):
            assert plain not in data
