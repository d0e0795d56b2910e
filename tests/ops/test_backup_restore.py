"""`tipmonitor backup` then `tipmonitor restore` into an empty database (the wiped server), on
the suite's own vendor: the plan, its values and the case statistics export exactly as
before, and the restore checks every table's rows against the manifest."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.db import connections
from openpyxl import load_workbook

from cases.models import CandidatePair
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
    return plan


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
    assert IndicatorValue.objects.count() >= 2
    _run("backup", "--output", str(tmp_path / "nightly"))
    manifest = json.loads((tmp_path / "nightly" / "manifest.json").read_text())
    assert manifest["encrypted"] is bool(key)
    assert manifest["vendor"] == connections["default"].vendor
    assert manifest["tables"]["cases_caserecord"] == 18
    assert "cases" in manifest["migrations"]
    assert KEY not in (tmp_path / "nightly" / "manifest.json").read_text()

    with empty_database(tmp_path) as fresh:
        assert tables_with_rows(fresh) == []
        said = _run("restore", str(tmp_path / "nightly"))
        after = _exports()

    assert "every count as in the manifest" in said
    assert after == before
    assert after["values"]  # the comparison compared something


def test_it_encrypts_the_database_file_when_a_key_is_set(world, tmp_path, settings):
    settings.BACKUP_KEY = KEY
    _run("backup", "--output", str(tmp_path / "b"))
    (stored,) = [p for p in (tmp_path / "b").iterdir() if p.name != "manifest.json"]
    assert stored.name.endswith(".enc")
    data = stored.read_bytes()
    assert data.startswith(b"TIPMBAK1")
    # Neither SQLite's header nor pg_dump's, nor any text of the plan, shows through.
    assert b"SQLite format" not in data
    assert b"PGDMP" not in data
    assert b"Ruritania" not in data
