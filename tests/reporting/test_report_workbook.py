"""The report workbook (reporting.workbook): written pre-filled, filled offline, read back and
saved through `report_save`, the web form's service. A workbook of another report, one whose
structure was changed and one with wrong cells are refused whole, every error naming its sheet
and cell, and nothing is written."""

import datetime
import io
from decimal import Decimal
from typing import Any

import openpyxl
import pytest

from plans.models import Plan
from reporting.models import ActivityUpdate, IndicatorEntry, IndicatorValue, Report, ValueSource
from reporting.services import ReportConflict, ValueInput, report_open, report_save
from reporting.workbook import (
    ReportWorkbookInvalid,
    report_template,
    report_workbook_read,
    report_workbook_save,
)
from tests import factories
from tests.reporting.files_data import reporting_plan, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(agency_a, agency_b) -> Plan:
    return reporting_plan(agency_a, agency_b)


@pytest.fixture
def report(plan, agency_a, reporter_a) -> Report:
    return report_open(plan=plan, agency=agency_a, period="2025-Q1", user=reporter_a)


HOW_TO_WRITE = (
    " Write digits, with spaces between thousands and a comma or point before decimals, like "
    "1 200 or 12,5."
)


def fill(data: bytes, cells: dict[str, dict[str, Any]]) -> bytes:
    """The workbook with `cells` ({sheet: {"F2": value}}) typed in, as a user saves it."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    for sheet, values in cells.items():
        for ref, value in values.items():
            book[sheet][ref] = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rows_of(data: bytes, sheet: str) -> list[tuple[Any, ...]]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return list(book[sheet].iter_rows(values_only=True))


def refusal(report: Report, user, data: bytes) -> list[str]:
    with pytest.raises(ReportWorkbookInvalid) as caught:
        report_workbook_save(report=report, user=user, data=data)
    return [str(error) for error in caught.value.errors]


# The Values sheet of the Q1 report: I1 (quarterly, by sex) rows 2-5: total, female, male,
# other; I2 (monthly) rows 6-8: January to March. I3 is qualitative: Indicators sheet only.
GOOD = {
    "Report": {"B8": "Ana Petrosyan", "B9": "A quiet quarter."},
    "Values": {"F2": 12, "F3": 7, "F4": "5", "F5": 0, "F6": 3, "G6": "+1 moved in"},
    "Indicators": {"D4": "Shelters opened.", "E4": "partly_achieved", "J2": "On track"},
    "Activities": {"E2": "ongoing", "F2": 40, "G2": 1250.5, "H2": "on schedule"},
}


def test_it_writes_the_report_with_one_row_per_cell_and_the_identity_hidden(report):
    data = report_template(report=report)
    book = openpyxl.load_workbook(io.BytesIO(data))

    assert book.sheetnames == [
        "Instructions",
        "Report",
        "Values",
        "Indicators",
        "Activities",
        "Identity",
    ]
    assert book["Identity"].sheet_state == "veryHidden"
    assert book["Values"].protection.sheet
    assert book["Values"]["F2"].protection.locked is False
    assert book["Values"]["A2"].protection.locked is True
    [counts] = book["Values"].data_validations.dataValidation
    assert (counts.type, counts.operator, counts.formula1) == ("whole", "greaterThanOrEqual", "0")
    assert str(counts.sqref).split() == [f"F{row}" for row in range(2, 9)]
    values = rows_of(data, "Values")
    assert [(row[0], row[3], row[4], row[7]) for row in values[1:]] == [
        ("I1", "2025-Q1", "Total", None),
        ("I1", "2025-Q1", "Sex: Female", "sex=female"),
        ("I1", "2025-Q1", "Sex: Male", "sex=male"),
        ("I1", "2025-Q1", "Sex: Other / not known", "sex=other"),
        ("I2", "2025-01", "Total", None),
        ("I2", "2025-02", "Total", None),
        ("I2", "2025-03", "Total", None),
    ]
    assert [row[0] for row in rows_of(data, "Indicators")[1:]] == ["I1", "I2", "I3"]
    assert [row[0] for row in rows_of(data, "Activities")[1:]] == ["A1"]


def test_it_saves_a_filled_workbook_as_the_form_would(report, reporter_a):
    saved = report_workbook_save(
        report=report, user=reporter_a, data=fill(report_template(report=report), GOOD)
    )

    assert (saved.contact_person, saved.general_observations) == (
        "Ana Petrosyan",
        "A quiet quarter.",
    )
    stored = {
        (v.indicator.code, v.period, v.breakdown): (v.value, v.comment, v.source, v.entered_by)
        for v in IndicatorValue.objects.filter(report=report).select_related("indicator")
    }
    assert stored == {
        ("I1", "2025-Q1", ""): (Decimal(12), "", ValueSource.WORKBOOK, reporter_a),
        ("I1", "2025-Q1", "sex=female"): (Decimal(7), "", ValueSource.WORKBOOK, reporter_a),
        ("I1", "2025-Q1", "sex=male"): (Decimal(5), "", ValueSource.WORKBOOK, reporter_a),
        ("I1", "2025-Q1", "sex=other"): (Decimal(0), "", ValueSource.WORKBOOK, reporter_a),
        ("I2", "2025-01", ""): (Decimal(3), "+1 moved in", ValueSource.WORKBOOK, reporter_a),
    }
    qualitative = IndicatorEntry.objects.get(report=report, indicator__code="I3")
    assert (qualitative.narrative, qualitative.rating) == ("Shelters opened.", "partly_achieved")
    assert IndicatorEntry.objects.get(report=report, indicator__code="I1").assessment == "on_track"
    update = ActivityUpdate.objects.get(report=report)
    assert (update.state, update.percent_done, update.spent, update.comment) == (
        "ongoing",
        40,
        Decimal("1250.50"),
        "on schedule",
    )


def test_it_writes_what_is_saved_and_reads_it_back_unchanged(report, reporter_a):
    report_workbook_save(
        report=report, user=reporter_a, data=fill(report_template(report=report), GOOD)
    )
    report.refresh_from_db()
    again = report_template(report=report)

    values = rows_of(again, "Values")
    assert [row[5] for row in values[1:]] == [12, 7, 5, 0, 3, None, None]
    assert values[5][6] == "'+1 moved in"  # escaped: no spreadsheet runs it as a formula
    assert rows_of(again, "Report")[7] == ("Contact person", "Ana Petrosyan")
    given = report_workbook_read(report=report, data=again)
    assert given.revision == report.revision
    i1 = IndicatorValue.objects.get(report=report, indicator__code="I1", breakdown="")
    assert given.values[0] == ValueInput(i1.indicator_id, "2025-Q1", "", Decimal(12), "")
    assert given.values[4].comment == "+1 moved in"


def test_it_removes_a_value_whose_cell_was_emptied(report, reporter_a):
    report_workbook_save(
        report=report, user=reporter_a, data=fill(report_template(report=report), GOOD)
    )
    report.refresh_from_db()

    emptied = fill(report_template(report=report), {"Values": {"F6": None}})
    report_workbook_save(report=report, user=reporter_a, data=emptied)

    assert not IndicatorValue.objects.filter(report=report, indicator__code="I2").exists()
    assert IndicatorValue.objects.filter(report=report, indicator__code="I1").count() == 4


def test_it_refuses_a_file_that_is_not_a_workbook(report, reporter_a):
    assert refusal(report, reporter_a, b"indicator,value\nI1,3\n") == [
        "Workbook: the file is not an XLSX workbook."
    ]


def test_it_refuses_a_workbook_that_is_not_a_report_workbook(report, reporter_a):
    errors = refusal(report, reporter_a, xlsx([["Indicator", "Value"], ["I1", 3]]))

    assert errors == [
        "Workbook: this is not a TIP Monitor report workbook: download the workbook from the "
        "report's page, fill it in and upload that file."
    ]


def test_it_refuses_the_workbook_of_another_agency(report, plan, agency_b, reporter_a, reporter_b):
    theirs = report_open(plan=plan, agency=agency_b, period="2025-Q1", user=reporter_b)

    errors = refusal(report, reporter_a, report_template(report=theirs))

    assert errors == [
        "Workbook: this workbook is the report of NGO1 for 2025-Q1 (plan NAP-R, version 1), not "
        "of POL for 2025-Q1 (plan NAP-R, version 1): download this report's workbook."
    ]


def test_it_refuses_the_workbook_of_another_quarter(report, plan, agency_a, reporter_a):
    second = report_open(plan=plan, agency=agency_a, period="2025-Q2", user=reporter_a)

    [error] = refusal(report, reporter_a, fill(report_template(report=second), GOOD))

    assert "is the report of POL for 2025-Q2" in error
    assert not IndicatorValue.objects.exists()


def test_it_refuses_the_workbook_of_another_plan(report, agency_a, agency_b, reporter_a):
    other = reporting_plan_copy(agency_a, agency_b)
    elsewhere = report_open(plan=other, agency=agency_a, period="2025-Q1", user=reporter_a)

    [error] = refusal(report, reporter_a, report_template(report=elsewhere))

    assert "(plan NAP-OTHER, version 1), not of POL for 2025-Q1 (plan NAP-R" in error


def reporting_plan_copy(agency_a, agency_b) -> Plan:
    other = factories.PlanFactory.create(
        code="NAP-OTHER", starts_on=datetime.date(2025, 1, 1), ends_on=datetime.date(2025, 12, 31)
    )
    objective = factories.ObjectiveFactory(area=factories.AreaFactory(plan=other))
    factories.IndicatorFactory(objective=objective, code="I1", responsible=[agency_a])
    return other


def test_it_refuses_the_workbook_of_an_older_version(report, reporter_a):
    data = report_template(report=report)
    Report.objects.filter(pk=report.pk).update(version=2)
    report.refresh_from_db()

    [error] = refusal(report, reporter_a, data)

    assert "(plan NAP-R, version 1), not of POL for 2025-Q1 (plan NAP-R, version 2)" in error


def test_it_refuses_a_workbook_downloaded_before_someone_else_saved(report, reporter_a, approver_a):
    data = fill(report_template(report=report), GOOD)
    report_save(
        report=report,
        user=approver_a,
        revision=report.revision,
        contact_person="Someone else",
        general_observations="",
        values=[],
        entries=[],
        activities=[],
    )

    with pytest.raises(ReportConflict, match="approver_a changed this report"):
        report_workbook_save(report=report, user=reporter_a, data=data)
    assert not IndicatorValue.objects.exists()


def test_it_names_the_cell_of_each_number_it_cannot_read(report, reporter_a):
    data = fill(
        report_template(report=report),
        {
            "Values": {"F2": "twelve", "F6": "#DIV/0!"},
            "Indicators": {"H2": "a lot", "J3": "maybe"},
            "Activities": {"E2": "almost", "F2": 12.5},
        },
    )

    assert refusal(report, reporter_a, data) == [
        "Values, cell F2: “twelve” is not a number." + HOW_TO_WRITE,
        "Values, cell F6: the formula gives the error #DIV/0!.",
        "Indicators, cell H2: “a lot” is not a number." + HOW_TO_WRITE,
        "Indicators, cell J3: “maybe” is not one of: on_track, off_track.",
        "Activities, cell E2: “almost” is not one of: not_started, ongoing, completed, delayed, "
        "cancelled.",
        "Activities, cell F2: use a whole number.",
    ]
    assert not IndicatorValue.objects.exists()


def test_it_puts_the_validation_errors_on_their_cells(report, reporter_a):
    data = fill(
        report_template(report=report),
        {
            "Values": {"F2": 10, "F3": 7, "F4": 5, "F5": 0, "F6": -3, "F7": 2.5},
            "Indicators": {"E2": "achieved", "H3": -10},
            "Activities": {"E2": "ongoing", "F2": 140},
        },
    )

    errors = refusal(report, reporter_a, data)

    assert errors == [
        "Values, cell F2: I1, 2025-Q1: the categories of “sex” add up to 12, not to the total 10.",
        "Values, cell F6: I2, 2025-01, total: the value cannot be negative.",
        "Values, cell F7: I2, 2025-02, total: a count must be a whole number.",
        "Indicators, cell E2: I1: only a qualitative indicator takes a rating.",
        "Indicators, cell H3: I2: budget spent: the amount cannot be negative.",
        "Activities, cell F2: Activity A1: percent done is between 0 and 100.",
    ]
    assert not IndicatorValue.objects.exists()
    report.refresh_from_db()
    assert report.contact_person == ""


def test_it_refuses_a_row_of_an_unknown_indicator_or_a_changed_key(report, reporter_a):
    data = fill(
        report_template(report=report),
        {"Values": {"A4": "I9", "H3": "sex=femme", "A9": "I1", "D9": "2025-Q1", "F9": 4}},
    )

    errors = refusal(report, reporter_a, data)

    not_part = (
        "this row is not part of the report (a row was added, copied or its key changed): "
        "download the workbook again."
    )
    assert errors == [
        f"Values, cell A3: {not_part}",
        f"Values, cell A4: {not_part}",
        "Values, cell A9: this row appears twice.",
    ]


def test_it_refuses_a_workbook_whose_columns_or_sheets_were_changed(report, reporter_a):
    book = openpyxl.load_workbook(io.BytesIO(report_template(report=report)))
    book["Values"].insert_cols(6)
    del book["Activities"]
    out = io.BytesIO()
    book.save(out)

    errors = refusal(report, reporter_a, out.getvalue())

    assert errors == [
        "Values: the columns were changed: row 1 must read Indicator, Name, Unit, Period, "
        "Disaggregation, Value, Comment, Key. Download the workbook again and fill in the yellow "
        "cells only.",
        "Activities: the sheet is missing.",
    ]


def test_it_refuses_a_workbook_over_the_size_limit(report, reporter_a, settings):
    settings.WORKBOOK_MAX_BYTES = 1024 * 1024

    errors = refusal(report, reporter_a, b"PK" + b"x" * (1024 * 1024))

    assert errors == ["Workbook: the file is larger than the limit of 1 MB."]
