"""`tipmonitor import-plan FILE.xlsx [--dry-run]`."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connections

from plans.models import Activity, Plan
from tests.plans.workbooks import build, set_cell, small_plan
from tipmonitor.cli import main

pytestmark = pytest.mark.django_db


@pytest.fixture
def keep_connection(monkeypatch):
    """The CLI closes database connections when it ends; the test's transaction needs its own."""
    monkeypatch.setattr(connections, "close_all", lambda: None)


def _file(tmp_path, sheets=None):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(build(sheets or small_plan()))
    return path


def test_it_imports_and_prints_what_it_did(tmp_path, capsys, keep_connection):
    main(["tipmonitor", "import-plan", str(_file(tmp_path))])

    out = capsys.readouterr().out
    assert "Plan NAP-RUR-2024" in out
    assert "activities: 3 created, 0 updated, 0 removed" in out
    assert Activity.objects.count() == 3


def test_it_writes_nothing_on_a_dry_run(tmp_path, capsys):
    call_command("import_plan", str(_file(tmp_path)), "--dry-run")

    assert "Dry run" in capsys.readouterr().out
    assert not Plan.objects.exists()


def test_it_prints_every_error_and_fails(tmp_path, capsys):
    sheets = set_cell(small_plan(), "Activities", "1.1.1", "Lead agency", "POLX")
    set_cell(sheets, "Activities", "1.1.2", "Budget", "about 10")

    with pytest.raises(CommandError, match="2 errors"):
        call_command("import_plan", str(_file(tmp_path, sheets)))

    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("Activities, row 2, column 'Lead agency': unknown agency")
    assert err[1].startswith("Activities, row 3, column 'Budget':")
    assert not Plan.objects.exists()


def test_it_exits_with_status_1_on_errors(tmp_path, keep_connection):
    path = tmp_path / "notes.xlsx"
    path.write_text("not a workbook")

    with pytest.raises(SystemExit) as caught:
        main(["tipmonitor", "import-plan", str(path)])

    assert caught.value.code == 1


def test_it_says_when_the_file_cannot_be_read(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_plan", str(tmp_path / "missing.xlsx"))
