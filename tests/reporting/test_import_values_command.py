"""`tipmonitor import-values FILE.csv|xlsx [--status submitted|accepted] [--plan CODE]
[--user USERNAME]`: a coordinator's values recorded as accepted unless review is asked, an
agency's own values as submitted; DHIS2 period codes accepted; a bad file prints every error
(row, column, reason), exits with status 1 and changes nothing."""

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connections

from reporting.models import EventKind, IndicatorValue, Report, ReportStatus, ValueSource
from tests.reporting.files_data import csv_bytes, reporting_plan, xlsx
from tipmonitor.cli import main

pytestmark = pytest.mark.django_db

HEADER = "indicator,period,agency,value,comment,sex"
GOOD = [
    HEADER,
    "I1,2025Q1,POL,12,,",
    "I1,2025-Q1,POL,7,,female",
    "I1,2025-Q1,POL,5,,male",
    "I2,202503,POL,4,first month with data,",
    "IB,2025-Q2,NGO1,9,,",
]


@pytest.fixture
def plan(agency_a, agency_b):
    return reporting_plan(agency_a, agency_b)


@pytest.fixture
def keep_connection(monkeypatch):
    """The CLI closes database connections when it ends; the test's transaction needs its own."""
    monkeypatch.setattr(connections, "close_all", lambda: None)


def _file(tmp_path, lines: list[str], name: str = "values.csv"):
    path = tmp_path / name
    path.write_bytes(csv_bytes(lines))
    return path


def test_it_imports_a_coordinators_values_as_accepted(
    tmp_path, capsys, plan, coordinator, keep_connection
):
    main(["tipmonitor", "import-values", str(_file(tmp_path, GOOD))])

    assert (
        "Imported 5 new and 0 changed values into 2 reports of plan NAP-R, as accepted."
        in capsys.readouterr().out
    )
    reports = {r.agency.code: r for r in Report.objects.select_related("agency")}
    assert {code: (r.period, r.status) for code, r in reports.items()} == {
        "POL": ("2025-Q1", ReportStatus.ACCEPTED),
        "NGO1": ("2025-Q2", ReportStatus.ACCEPTED),
    }
    assert reports["POL"].events.filter(kind=EventKind.IMPORTED).exists()
    value = IndicatorValue.objects.get(period="2025-03")
    assert (value.value, value.comment, value.source, value.entered_by) == (
        Decimal(4),
        "first month with data",
        ValueSource.BULK,
        coordinator,
    )


def test_it_imports_for_review_when_asked(tmp_path, plan, coordinator):
    call_command("import_values", str(_file(tmp_path, GOOD)), "--status", "submitted")

    assert set(Report.objects.values_list("status", flat=True)) == {ReportStatus.SUBMITTED}


def test_it_imports_an_xlsx_file_again_as_updates(tmp_path, capsys, plan, coordinator):
    rows = [line.split(",") for line in GOOD]
    path = tmp_path / "values.xlsx"
    path.write_bytes(xlsx(rows))
    call_command(
        "import_values",
        str(path),
        "--plan",
        "NAP-R",
        "--user",
        "coordinator",
        "--status",
        "submitted",
    )
    capsys.readouterr()

    rows[1][3] = "13"
    rows[2][3] = "8"
    path.write_bytes(xlsx(rows))
    call_command("import_values", str(path), "--status", "submitted")

    assert "Imported 0 new and 2 changed values into 2 reports" in capsys.readouterr().out
    assert IndicatorValue.objects.get(breakdown="sex=female").value == 8
    assert Report.objects.count() == 2


def test_it_records_a_reporters_own_values_as_submitted(tmp_path, plan, reporter_a):
    own = str(_file(tmp_path, [HEADER, "I1,2025-Q1,POL,12,,"]))

    with pytest.raises(CommandError, match="Only the coordinator records values as accepted"):
        call_command("import_values", own, "--user", "reporter_a", "--status", "accepted")
    call_command("import_values", own, "--user", "reporter_a")

    assert Report.objects.get().status == ReportStatus.SUBMITTED


def test_it_prints_every_error_and_changes_nothing(tmp_path, capsys, plan, coordinator):
    bad = [
        "indicator,period,agency,value,comment,sex",
        "I1,2025-Q1,POL,-3,,",
        "I9,2025-Q1,POL,1,,",
        "I1,2025-03,POL,1,,",
        "I1,2025-Q1,POL,2,,femme",
        "IB,2025-Q1,POL,2,,",
    ]

    with pytest.raises(CommandError, match=r"The file was rejected \(5 errors\)"):
        call_command("import_values", str(_file(tmp_path, bad)))

    err = capsys.readouterr().err.splitlines()
    assert err[0] == "row 2, column 'value': I1, 2025-Q1, total: the value cannot be negative."
    assert err[1] == "row 3, column 'indicator': No indicator “I9” in this plan."
    assert err[2].startswith("row 4, column 'period': Indicator I1 is reported quarterly")
    assert err[3].startswith("row 5, column 'sex': “femme” is not a category of “sex”")
    assert err[4] == "row 6, column 'agency': POL is not responsible for indicator IB."
    assert not Report.objects.exists()


def test_it_refuses_an_unknown_dimension_column(tmp_path, capsys, plan, coordinator):
    with pytest.raises(CommandError, match=r"rejected \(1 error\)"):
        call_command(
            "import_values",
            str(_file(tmp_path, ["indicator,period,agency,value,colour", "I1,2025Q1,POL,1,red"])),
        )

    assert capsys.readouterr().err.startswith("row 1, column 'colour': no such column")
    assert not Report.objects.exists()


def test_it_exits_with_status_1_on_a_file_it_cannot_read(
    tmp_path, plan, coordinator, keep_connection
):
    path = tmp_path / "values.xlsx"
    path.write_text("not a workbook")

    with pytest.raises(SystemExit) as caught:
        main(["tipmonitor", "import-values", str(path)])

    assert caught.value.code == 1
    assert not Report.objects.exists()


def test_it_says_when_the_file_cannot_be_read(tmp_path, plan, coordinator):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_values", str(tmp_path / "missing.csv"))
