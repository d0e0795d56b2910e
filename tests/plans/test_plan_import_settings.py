"""`plan_import` of a plan's settings: the reporting calendar, progress thresholds and
indicator aggregations."""

from decimal import Decimal

import pytest

from plans.models import Indicator, Plan
from plans.workbook.services import plan_import
from tests.plans import workbooks
from tests.plans.importing import _errors, _round_trip
from tests.plans.workbooks import build, set_cell, small_plan

pytestmark = pytest.mark.django_db


# The reporting calendar ----------------------------------------------------------------------

CALENDAR = ("report_deadline_days", "reminder_days_before", "reminder_days_after")


def _with_calendar(deadline, before, after) -> workbooks.Sheets:
    sheets = small_plan()
    sheets["Plan"] += [
        ["Report deadline days", deadline],
        ["Reminder days before", before],
        ["Reminder days after", after],
    ]
    return sheets


def _calendar(plan: Plan) -> tuple[int, int, int]:
    plan.refresh_from_db()
    return (plan.report_deadline_days, plan.reminder_days_before, plan.reminder_days_after)


def test_it_reads_the_reporting_calendar():
    # Numbers as a spreadsheet stores them, and as text.
    plan = plan_import(data=build(_with_calendar(30, "7", 0.0))).plan

    assert _calendar(plan) == (30, 7, 0)


def test_it_gives_a_new_plan_the_default_calendar_when_the_rows_are_absent_or_empty():
    assert _calendar(plan_import(data=build(small_plan())).plan) == (15, 5, 3)
    Plan.objects.all().delete()
    assert _calendar(plan_import(data=build(_with_calendar(None, "", 9))).plan) == (15, 5, 9)


def test_it_counts_a_changed_calendar_as_a_plan_update():
    plan_import(data=build(_with_calendar(30, 7, 2)))

    summary = plan_import(data=build(_with_calendar(45, 7, 2)))

    assert summary.updated == {"plan": 1, "agencies": 0, "dimensions": 0, "areas": 0,
                               "objectives": 0, "activities": 0, "indicators": 0}  # fmt: skip
    assert _calendar(summary.plan) == (45, 7, 2)


def test_it_sets_the_default_calendar_back_when_the_rows_are_removed():
    # The workbook is the plan (docs/workbook.md): an absent row means the default.
    plan_import(data=build(_with_calendar(30, 7, 2)))

    summary = plan_import(data=build(small_plan()))

    assert summary.updated["plan"] == 1
    assert _calendar(summary.plan) == (15, 5, 3)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("Report deadline days", 366, "“366” is not a whole number of days from 0 to 365."),
        ("Report deadline days", "soon", "“soon” is not a whole number of days from 0 to 365."),
        ("Reminder days before", "-1", "“-1” is not a whole number of days from 0 to 90."),
        ("Reminder days after", 2.5, "“2.5” is not a whole number of days from 0 to 90."),
    ],
)
def test_it_rejects_a_bad_calendar_value_with_its_place(field, value, message):
    sheets = _with_calendar(15, 5, 3)
    set_cell(sheets, "Plan", field, "Value", value)
    row = next(n for n, r in enumerate(sheets["Plan"]) if r[0] == field) + 1

    errors = _errors(sheets)

    assert [str(error) for error in errors] == [f"Plan, row {row}, column 'Value': {message}"]


def test_it_keeps_a_plan_untouched_when_a_calendar_value_is_bad():
    plan = plan_import(data=build(_with_calendar(30, 7, 2))).plan
    sheets = _with_calendar(45, 91, 2)
    set_cell(sheets, "Plan", "Title", "Value", "Renamed")

    _errors(sheets)

    assert _calendar(plan) == (30, 7, 2)
    assert plan.title == "Ruritania action plan"


def test_it_round_trips_a_plan_with_its_own_calendar():
    _round_trip(build(_with_calendar(60, 0, 90)))
    assert _calendar(Plan.objects.get()) == (60, 0, 90)


# Progress thresholds and indicator aggregation ----------------------------------------------

THRESHOLD_TITLES = ("On track from", "At risk from", "Maintain tolerance")


def _with_thresholds(on_track, at_risk, tolerance) -> workbooks.Sheets:
    sheets = small_plan()
    values = (on_track, at_risk, tolerance)
    rows = zip(THRESHOLD_TITLES, values, strict=True)
    sheets["Plan"] += [[title, value] for title, value in rows]
    return sheets


def _thresholds(plan: Plan) -> tuple[Decimal, Decimal, Decimal]:
    plan.refresh_from_db()
    return (plan.on_track_from, plan.at_risk_from, plan.maintain_tolerance)


def _with_aggregations(rows: dict[str, tuple]) -> workbooks.Sheets:
    """small_plan with the two aggregation columns; `rows`: indicator code -> (time, agency)."""
    sheets = small_plan()
    sheets["Indicators"][0] += ["Aggregation over time", "Aggregation across agencies"]
    for row in sheets["Indicators"][1:]:
        row += list(rows.get(row[0], ("", "")))
    return sheets


def _aggregations() -> dict[str, tuple[str, str]]:
    rows = Indicator.objects.values_list("code", "time_aggregation", "agency_aggregation")
    return {code: (time, agency) for code, time, agency in rows}


def test_it_reads_the_progress_thresholds():
    # Numbers as a spreadsheet stores them, and as text.
    plan = plan_import(data=build(_with_thresholds(0.85, "0.5", 0))).plan

    assert _thresholds(plan) == (Decimal("0.85"), Decimal("0.50"), Decimal("0.00"))


def test_it_gives_the_default_thresholds_when_the_rows_are_absent_or_empty():
    assert _thresholds(plan_import(data=build(small_plan())).plan) == (
        Decimal("0.90"),
        Decimal("0.60"),
        Decimal("0.05"),
    )
    Plan.objects.all().delete()
    plan = plan_import(data=build(_with_thresholds(None, "", 0.1))).plan
    assert _thresholds(plan) == (Decimal("0.90"), Decimal("0.60"), Decimal("0.10"))


def test_it_sets_the_default_thresholds_back_when_the_rows_are_removed():
    plan_import(data=build(_with_thresholds(1, 0.75, 0.2)))

    summary = plan_import(data=build(small_plan()))

    assert summary.updated["plan"] == 1
    assert _thresholds(summary.plan) == (Decimal("0.90"), Decimal("0.60"), Decimal("0.05"))


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("On track from", 1.5, "“1.5” is not a share above 0 and at most 1"),
        ("On track from", "soon", "“soon” is not a share above 0 and at most 1"),
        ("At risk from", 0, "“0” is not a share above 0 and at most 1"),
        ("At risk from", 0.555, "“0.555” is not a share above 0 and at most 1"),
        ("Maintain tolerance", "-0.1", "“-0.1” is not a share from 0 to 1"),
        ("At risk from", 0.9, "at risk must start below on track (0.90)."),
    ],
)
def test_it_rejects_a_bad_threshold_with_its_place(field, value, message):
    sheets = _with_thresholds(0.9, 0.6, 0.05)
    set_cell(sheets, "Plan", field, "Value", value)
    row = next(n for n, r in enumerate(sheets["Plan"]) if r[0] == field) + 1

    errors = _errors(sheets)

    assert len(errors) == 1
    assert str(errors[0]).startswith(f"Plan, row {row}, column 'Value': {message}")


def test_it_rejects_an_at_risk_threshold_above_the_default_on_track_one():
    sheets = small_plan()
    sheets["Plan"].append(["At risk from", 0.95])

    [error] = _errors(sheets)

    assert (error.sheet, error.row, error.column) == ("Plan", len(sheets["Plan"]), "Value")
    assert "at risk must start below on track (0.90)" in error.message


def test_it_round_trips_a_plan_with_its_own_thresholds():
    _round_trip(build(_with_thresholds(1, 0.75, 0)))
    assert _thresholds(Plan.objects.get()) == (Decimal("1.00"), Decimal("0.75"), Decimal("0.00"))


def test_it_reads_the_aggregations_of_indicators_in_words_or_codes():
    sheets = _with_aggregations({"I-1": ("Latest", "max"), "I-2": ("AVERAGE", "")})

    plan_import(data=build(sheets))

    assert _aggregations() == {
        "I-1": ("latest", "max"),
        "I-2": ("average", ""),
        "I-3": ("", ""),
    }


def test_it_leaves_the_aggregations_to_the_type_without_the_columns():
    plan_import(data=build(small_plan()))

    assert set(_aggregations().values()) == {("", "")}


def test_it_sets_an_aggregation_back_to_the_default_when_its_cell_is_emptied():
    plan_import(data=build(_with_aggregations({"I-1": ("average", "sum")})))

    summary = plan_import(data=build(_with_aggregations({"I-1": ("", "sum")})))

    assert summary.updated["indicators"] == 1
    assert _aggregations()["I-1"] == ("", "sum")


@pytest.mark.parametrize(
    ("code", "column", "value", "message"),
    [
        ("I-1", "Aggregation over time", "total", "“total” is not one of cumulative, latest"),
        ("I-2", "Aggregation across agencies", "median", "“median” is not one of sum, average"),
        ("I-3", "Aggregation over time", "latest", "a qualitative indicator is rated"),
        ("I-3", "Aggregation across agencies", "sum", "a qualitative indicator is rated"),
    ],
)
def test_it_rejects_a_bad_aggregation_with_its_place(code, column, value, message):
    sheets = _with_aggregations({})
    set_cell(sheets, "Indicators", code, column, value)
    row = next(n for n, r in enumerate(sheets["Indicators"]) if r[0] == code) + 1

    [error] = _errors(sheets)

    assert (error.sheet, error.row, error.column) == ("Indicators", row, column)
    assert message in error.message


def test_it_round_trips_indicators_with_their_own_aggregations():
    _round_trip(build(_with_aggregations({"I-1": ("average", "max"), "I-2": ("cumulative", "")})))
    assert _aggregations()["I-1"] == ("average", "max")
