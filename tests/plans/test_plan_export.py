"""`plan_export` and `blank_template`: the workbook and JSON a coordinator downloads."""

import io
import json
from decimal import Decimal

import openpyxl
import pytest

from plans.workbook.services import WorkbookInvalid, blank_template, plan_export, plan_import
from plans.workbook.validate import COLUMNS, titles
from plans.workbook.validate.schema import name_titles
from tests.plans import workbooks
from tests.plans.workbooks import build, set_cell, small_plan

pytestmark = pytest.mark.django_db


def _cells(data: bytes) -> dict[str, list[tuple]]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book}


def test_it_writes_every_sheet_with_the_documented_headers():
    plan = plan_import(data=build(small_plan())).plan

    cells = _cells(plan_export(plan=plan, fmt="xlsx"))

    assert list(cells) == list(COLUMNS)
    for sheet in COLUMNS:
        # The plan is in English and Russian: a `Name (ru)` column beside each name.
        assert list(cells[sheet][0]) == [*titles(sheet), *name_titles(sheet, ["ru"])]
    assert ("Code", "NAP-RUR-2024") in cells["Plan"]
    assert ("End", "2026-12-31") in cells["Plan"]


def test_it_writes_periods_lists_and_numbers_as_the_contract_says():
    plan = plan_import(data=build(small_plan())).plan

    activities = _cells(plan_export(plan=plan, fmt="xlsx"))["Activities"]

    campaign = dict(zip(activities[0], activities[1], strict=True))
    assert (campaign["Start"], campaign["End"]) == ("2024-Q1", "2024-Q4")
    assert campaign["Partner agencies"] == "MOI; NGO-X"
    assert campaign["Budget"] == 1200.5
    assert campaign["Funding source"] == "European Union"


def test_it_escapes_text_that_a_spreadsheet_would_run():
    sheets = set_cell(small_plan(), "Areas", "1", "Name", "'=1+2")
    plan = plan_import(data=build(sheets)).plan

    book = openpyxl.load_workbook(io.BytesIO(plan_export(plan=plan, fmt="xlsx")))

    cell = book["Areas"]["B2"]
    assert (cell.value, cell.data_type) == ("'=1+2", "s")


def test_it_writes_the_same_content_as_json():
    plan = plan_import(data=build(small_plan())).plan

    document = json.loads(plan_export(plan=plan, fmt="json"))

    assert set(document) == {"plan", "agencies", "dimensions", "areas", "objectives",
                             "activities", "indicators", "agency_targets"}  # fmt: skip
    assert document["plan"]["languages"] == ["en", "ru"]
    campaign = document["activities"][0]
    assert campaign["lead_agency"] == "MOI-POL"
    assert campaign["partner_agencies"] == ["MOI", "NGO-X"]
    assert campaign["budget"] == "1200.5"
    assert document["indicators"][0]["mid_term_target"] == "60"


def test_it_refuses_an_unknown_format():
    plan = plan_import(data=build(small_plan())).plan

    with pytest.raises(ValueError, match="csv"):
        plan_export(plan=plan, fmt="csv")


def test_it_exports_a_large_plan_in_a_bounded_number_of_queries(django_assert_max_num_queries):
    data = build(workbooks.large_plan(activities=200, indicators=400))
    plan = plan_import(data=data).plan

    with django_assert_max_num_queries(15):
        plan_export(plan=plan, fmt="xlsx")


def test_it_offers_a_blank_template_with_instructions_and_every_header():
    cells = _cells(blank_template())

    assert next(iter(cells)) == "Instructions"
    for sheet in COLUMNS:
        assert list(cells[sheet][0]) == [*titles(sheet), *name_titles(sheet)]
    assert [row[0] for row in cells["Plan"][1:]][:5] == [
        "Code", "Title", "Title (hy)", "Title (ru)", "Country"
    ]  # fmt: skip
    assert all(len(rows) == 1 for sheet, rows in cells.items() if sheet not in ("Plan",
               "Instructions"))  # fmt: skip


def test_it_rejects_the_blank_template_until_it_is_filled_in():
    with pytest.raises(WorkbookInvalid) as caught:
        plan_import(data=blank_template())

    assert {error.sheet for error in caught.value.errors} == {"Plan"}


def test_it_writes_the_reporting_calendar_in_both_formats():
    plan = plan_import(data=build(small_plan())).plan
    plan.report_deadline_days, plan.reminder_days_before, plan.reminder_days_after = 30, 0, 90
    plan.save()

    rows = _cells(plan_export(plan=plan, fmt="xlsx"))["Plan"]
    document = json.loads(plan_export(plan=plan, fmt="json"))

    assert rows[-7:-4] == [
        ("Report deadline days", 30),
        ("Reminder days before", 0),
        ("Reminder days after", 90),
    ]
    assert (
        document["plan"]["report_deadline_days"],
        document["plan"]["reminder_days_before"],
        document["plan"]["reminder_days_after"],
    ) == (30, 0, 90)


def test_it_lists_the_calendar_rows_in_the_blank_template():
    fields = [row[0] for row in _cells(blank_template())["Plan"][1:]]

    assert fields[-7:-4] == [
        "Report deadline days",
        "Reminder days before",
        "Reminder days after",
    ]


def test_it_writes_the_progress_thresholds_in_both_formats():
    plan = plan_import(data=build(small_plan())).plan
    plan.on_track_from, plan.at_risk_from, plan.maintain_tolerance = (
        Decimal("0.85"),
        Decimal("0.50"),
        Decimal("0.00"),
    )
    plan.save()

    rows = _cells(plan_export(plan=plan, fmt="xlsx"))["Plan"]
    document = json.loads(plan_export(plan=plan, fmt="json"))

    assert rows[-4:-1] == [
        ("On track from", 0.85),
        ("At risk from", 0.5),
        ("Maintain tolerance", 0),
    ]
    assert (
        document["plan"]["on_track_from"],
        document["plan"]["at_risk_from"],
        document["plan"]["maintain_tolerance"],
    ) == ("0.85", "0.5", "0")


def test_it_lists_the_threshold_rows_in_the_blank_template():
    fields = [row[0] for row in _cells(blank_template())["Plan"][1:]]

    assert fields[-4:-1] == ["On track from", "At risk from", "Maintain tolerance"]


def test_it_writes_the_aggregations_of_indicators_in_both_formats():
    plan = plan_import(data=build(small_plan())).plan
    plan.indicators.filter(code="I-1").update(time_aggregation="latest", agency_aggregation="max")

    rows = _cells(plan_export(plan=plan, fmt="xlsx"))["Indicators"]
    document = json.loads(plan_export(plan=plan, fmt="json"))

    header = list(rows[0])
    by_code = {row[0]: row for row in rows[1:]}
    time, agency = (
        header.index("Aggregation over time"),
        header.index("Aggregation across agencies"),
    )
    assert (by_code["I-1"][time], by_code["I-1"][agency]) == ("latest", "max")
    assert (by_code["I-2"][time], by_code["I-2"][agency]) == (None, None)  # the default
    first = next(i for i in document["indicators"] if i["code"] == "I-1")
    assert (first["aggregation_over_time"], first["aggregation_across_agencies"]) == (
        "latest",
        "max",
    )
