"""`tipmonitor progress [--plan CODE] --as-of 2025-Q4 [--provisional] --format json|csv
[--output PATH]`: one row per indicator with code, name, actual, expected, end target, progress,
status and the latest period with a counted value."""

import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connections

from plans.models import Indicator, IndicatorType
from reporting.models import ReportStatus
from tests import factories
from tests.progress.progress_data import import_values
from tipmonitor.cli import main

pytestmark = pytest.mark.django_db


@pytest.fixture
def keep_connection(monkeypatch):
    """The CLI closes database connections when it ends; the test's transaction needs its own."""
    monkeypatch.setattr(connections, "close_all", lambda: None)


@pytest.fixture
def plan(agency_a, agency_b, coordinator):
    """N1 (a count, target 100): 32 accepted from POL, 45 submitted by NGO1 in the last quarter;
    S1 (a share to bring from 40 down to 10): 20 accepted; QL: qualitative, never rated."""
    plan = factories.PlanFactory.create(
        code="NAP-CLI", starts_on=datetime.date(2025, 1, 1), ends_on=datetime.date(2025, 12, 31)
    )
    objective = factories.ObjectiveFactory.create(area=factories.AreaFactory.create(plan=plan))
    for code, agencies, baseline, end, fields in [
        ("N1", [agency_a, agency_b], "0", "100", {"name": "Victims identified"}),
        ("S1", [agency_a], "40", "10", {"type": IndicatorType.PERCENTAGE, "direction": "decrease"}),
        ("QL", [agency_a], None, None, {"type": IndicatorType.QUALITATIVE}),
    ]:
        factories.IndicatorFactory.create(
            objective=objective,
            code=code,
            responsible=agencies,
            baseline=None if baseline is None else Decimal(baseline),
            midterm_target=None,
            end_target=None if end is None else Decimal(end),
            **fields,
        )
    quarters = ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]
    import_values(
        plan,
        coordinator,
        [("N1", q, "POL", "8") for q in quarters] + [("S1", "2025-Q4", "POL", "20")],
    )
    import_values(
        plan, coordinator, [("N1", "2025-Q4", "NGO1", "45")], status=ReportStatus.SUBMITTED
    )
    return plan


def test_it_prints_one_json_row_per_indicator(plan, capsys, keep_connection):
    main(["tipmonitor", "progress", "--as-of", "2025-Q4", "--format", "json"])

    rows = json.loads(capsys.readouterr().out)
    assert rows == [
        {
            "code": "N1",
            "name": "Victims identified",
            "actual": 32,
            "expected": 100,
            "end_target": 100,
            "progress": 0.32,
            "status": "off_track",
            "latest_period": "2025-Q4",
        },
        {
            "code": "S1",
            "name": rows[1]["name"],
            "actual": 20,
            "expected": 10,
            "end_target": 10,
            "progress": 0.6667,
            "status": "at_risk",
            "latest_period": "2025-Q4",
        },
        {
            "code": "QL",
            "name": rows[2]["name"],
            "actual": None,
            "expected": None,
            "end_target": None,
            "progress": None,
            "status": "no_data",
            "latest_period": None,
        },
    ]


def test_it_writes_csv_and_counts_submitted_values_when_provisional(
    plan, tmp_path, capsys, keep_connection
):
    output = tmp_path / "progress.csv"

    main(
        [
            "tipmonitor",
            "progress",
            "--plan",
            "NAP-CLI",
            "--as-of",
            "2025-12-31",
            "--provisional",
            "--format",
            "csv",
            "--output",
            str(output),
        ]
    )

    assert "Wrote the progress of 3 indicators to" in capsys.readouterr().err
    rows = list(csv.DictReader(io.StringIO(output.read_text(encoding="utf-8"))))
    assert list(rows[0]) == [
        "code",
        "name",
        "actual",
        "expected",
        "end_target",
        "progress",
        "status",
        "latest_period",
    ]
    assert rows[0] == {
        "code": "N1",
        "name": "Victims identified",
        "actual": "77",
        "expected": "100",
        "end_target": "100",
        "progress": "0.77",
        "status": "at_risk",
        "latest_period": "2025-Q4",
    }
    assert rows[2]["actual"] == ""


def test_it_judges_at_the_end_of_any_period(plan, capsys):
    call_command("progress", "--as-of", "2025-S1", "--format", "json")

    n1 = json.loads(capsys.readouterr().out)[0]
    assert n1["actual"] == 16
    assert n1["latest_period"] == "2025-Q2"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--as-of", "last year"], "--as-of: “last year” is not a reporting period"),
        (["--as-of", "2025-Q4", "--plan", "NOPE"], "There is no plan with the code NOPE."),
    ],
)
def test_it_refuses_bad_options(plan, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("progress", *args)


def test_it_asks_which_plan_when_there_are_several(plan):
    factories.PlanFactory.create(code="NAP-OTHER")

    with pytest.raises(CommandError, match="Say which plan with --plan CODE"):
        call_command("progress", "--as-of", "2025-Q4")


def test_it_says_when_it_cannot_write_the_file(plan, tmp_path):
    with pytest.raises(CommandError, match="Cannot write"):
        call_command(
            "progress", "--as-of", "2025-Q4", "--output", str(tmp_path / "missing" / "x.json")
        )


def test_it_writes_no_formula_into_a_csv_cell(plan, capsys):
    Indicator.objects.filter(code="S1").update(name="NGO Legal;=cmd|' /C calc'!A0")
    Indicator.objects.filter(code="QL").update(name='=HYPERLINK("http://x")')

    call_command("progress", "--plan", "NAP-CLI", "--as-of", "2025-Q4", "--format", "csv")

    names = [row["name"] for row in csv.DictReader(io.StringIO(capsys.readouterr().out))]
    # Issue 10 #7: a leading = (also after a separator) is neutralised, so a spreadsheet in a
    # `;` locale opens the names as text.
    assert names[1:] == ["NGO Legal;'=cmd|' /C calc'!A0", '\'=HYPERLINK("http://x")']
