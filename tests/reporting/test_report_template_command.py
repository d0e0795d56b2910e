"""`tipmonitor report-template --agency CODE --period 2025-Q1 --output FILE [--plan CODE]
[--user USERNAME]`: the agency's report workbook for the quarter, pre-filled; a quarter not
started yet gets its draft; a wrong agency, period, plan or user is a clear error."""

import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.db import connections

from reporting.models import EventKind, Report
from reporting.services import ValueRow, values_import
from tests import factories
from tests.reporting.files_data import reporting_plan
from tipmonitor.cli import main

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(agency_a, agency_b):
    return reporting_plan(agency_a, agency_b)


@pytest.fixture
def keep_connection(monkeypatch):
    """The CLI closes database connections when it ends; the test's transaction needs its own."""
    monkeypatch.setattr(connections, "close_all", lambda: None)


def _identity(path) -> dict[str, str]:
    book = openpyxl.load_workbook(io.BytesIO(path.read_bytes()))
    return {row[0]: row[1] for row in book["Identity"].iter_rows(values_only=True)}


def test_it_writes_a_new_quarters_workbook_and_opens_its_draft(
    tmp_path, capsys, plan, coordinator, keep_connection
):
    output = tmp_path / "pol.xlsx"

    main(
        [
            "tipmonitor",
            "report-template",
            "--agency",
            "POL",
            "--period",
            "2025Q1",
            "--output",
            str(output),
        ]
    )

    assert "Wrote the report of POL for 2025-Q1 (version 1)" in capsys.readouterr().out
    assert _identity(output) | {} == {
        "format": "tipmonitor-report-1",
        "plan": "NAP-R",
        "agency": "POL",
        "period": "2025-Q1",
        "version": "1",
        "revision": "0",
    }
    report = Report.objects.get()
    assert report.events.get().kind == EventKind.CREATED
    assert report.events.get().by == coordinator


def test_it_prefills_the_workbook_of_an_existing_report(tmp_path, plan, coordinator):
    values_import(plan=plan, rows=[ValueRow(2, "IB", "2025-Q2", "NGO1", "9")], user=coordinator)
    output = tmp_path / "ngo.xlsx"

    call_command(
        "report_template",
        "--agency",
        "NGO1",
        "--period",
        "2025-Q2",
        "--output",
        str(output),
        "--plan",
        "NAP-R",
    )

    book = openpyxl.load_workbook(io.BytesIO(output.read_bytes()))
    assert book["Values"]["A2"].value == "IB"
    assert book["Values"]["F2"].value == 9
    assert Report.objects.count() == 1


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--agency", "NOPE", "--period", "2025-Q1"], "There is no agency with the code NOPE."),
        (["--agency", "POL", "--period", "spring"], "“spring” is not a reporting period"),
        (["--agency", "POL", "--period", "2025-03"], "“2025-03” is not a quarter"),
        (["--agency", "POL", "--period", "2027-Q1"], "2027-Q1 is outside the plan's period"),
        (["--agency", "POL", "--period", "2025-Q1", "--plan", "X"], "no plan with the code X"),
        (["--agency", "POL", "--period", "2025-Q1", "--user", "ghost"], "no active user ghost"),
        (
            ["--agency", "POL", "--period", "2025-Q1", "--user", "reporter_b"],
            "reporter_b may not open the reports of POL.",
        ),
    ],
)
def test_it_explains_what_is_wrong(tmp_path, plan, coordinator, reporter_b, arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("report_template", *arguments, "--output", str(tmp_path / "out.xlsx"))

    assert not (tmp_path / "out.xlsx").exists()
    assert not Report.objects.exists()


def test_it_asks_which_plan_and_which_user_when_it_cannot_tell(tmp_path, plan, agency_a):
    output = str(tmp_path / "out.xlsx")
    with pytest.raises(CommandError, match=r"Say who does this with --user USERNAME\."):
        call_command(
            "report_template", "--agency", "POL", "--period", "2025-Q1", "--output", output
        )

    factories.PlanFactory(code="NAP-2")
    with pytest.raises(CommandError, match=r"Say which plan with --plan CODE \(plans: "):
        call_command(
            "report_template", "--agency", "POL", "--period", "2025-Q1", "--output", output
        )


def test_it_refuses_an_agency_with_nothing_to_report(tmp_path, plan, coordinator, secretariat):
    with pytest.raises(CommandError, match="has nothing to report for 2025-Q1"):
        call_command(
            "report_template",
            "--agency",
            "SEC",
            "--period",
            "2025-Q1",
            "--output",
            str(tmp_path / "out.xlsx"),
        )
