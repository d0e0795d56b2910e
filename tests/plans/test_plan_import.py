"""`plan_import`: the workbook is the plan; a workbook with any error changes nothing."""

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.db.models import Model

from agencies.models import Agency, AgencyType
from plans.models import (
    Activity,
    DatePrecision,
    Dimension,
    DimensionCategory,
    FundingSource,
    Indicator,
    Milestone,
    Objective,
    Plan,
    PlanStatus,
    StrategicArea,
)
from plans.workbook import reader
from plans.workbook.services import WorkbookError, WorkbookInvalid, plan_export, plan_import
from plans.workbook.writer import plan_records
from tests.plans import workbooks
from tests.plans.workbooks import build, drop_row, set_cell, small_plan
from tipmonitor.sample import SAMPLE_WORKBOOK

pytestmark = pytest.mark.django_db

MODELS: list[type[Model]] = [Plan, Agency, Dimension, DimensionCategory, StrategicArea,
          Objective, Activity, Indicator, Milestone, Activity.partner_agencies.through,
          Indicator.responsible_agencies.through, Indicator.dimensions.through]  # fmt: skip


def _database() -> list[list[dict]]:
    return [list(model._default_manager.order_by("pk").values()) for model in MODELS]


def _errors(sheets_or_bytes) -> list[WorkbookError]:
    data = sheets_or_bytes if isinstance(sheets_or_bytes, bytes) else build(sheets_or_bytes)
    before = _database()
    with pytest.raises(WorkbookInvalid) as caught:
        plan_import(data=data)
    assert _database() == before
    return caught.value.errors


def test_it_creates_the_whole_plan():
    summary = plan_import(data=build(small_plan()))

    plan = summary.plan
    assert (plan.code, plan.status, plan.languages) == ("NAP-RUR-2024", PlanStatus.ADOPTED, "en,ru")
    assert (plan.starts_on, plan.ends_on) == (
        datetime.date(2024, 1, 1),
        datetime.date(2026, 12, 31),
    )
    assert summary.created == {"plan": 1, "agencies": 3, "dimensions": 1, "areas": 2,
                               "objectives": 3, "activities": 3, "indicators": 3}  # fmt: skip
    assert Objective.objects.get(code="1.1").parent.code == "G1"
    assert Agency.objects.get(code="MOI-POL").parent.code == "MOI"
    assert Agency.objects.get(code="NGO-X").type == AgencyType.NGO


def test_it_reads_periods_money_and_partners_of_activities():
    plan_import(data=build(small_plan()))

    campaign = Activity.objects.get(code="1.1.1")
    assert (campaign.starts_on, campaign.starts_precision) == (
        datetime.date(2024, 1, 1),
        DatePrecision.QUARTER,
    )
    assert campaign.ends_on == datetime.date(2024, 12, 31)
    assert campaign.budget == Decimal("1200.50")
    assert (campaign.funding_source, campaign.funder) == (FundingSource.DONOR, "European Union")
    assert {a.code for a in campaign.partner_agencies.all()} == {"NGO-X", "MOI"}
    teachers = Activity.objects.get(code="1.1.2")
    assert (teachers.ends_on, teachers.ends_precision) == (datetime.date(2025, 12, 31), "year")
    assert teachers.funding_source == FundingSource.STATE_BUDGET
    shelter = Activity.objects.get(code="2.1.1")
    assert (shelter.budget, shelter.starts_on, shelter.funding_source) == (
        None,
        None,
        FundingSource.NONE_NEEDED,
    )


def test_it_reads_indicators_with_targets_milestones_and_disaggregation():
    plan_import(data=build(small_plan()))

    victims = Indicator.objects.get(code="I-1")
    assert victims.objective.code == "G1"
    assert (victims.baseline, victims.end_target, victims.frequency) == (40, 80, "annual")
    assert [(m.year, m.target) for m in victims.milestones.all()] == [(2024, 50), (2025, 60)]
    assert {d.code for d in victims.dimensions.all()} == {"sex", "route"}
    assert Indicator.objects.get(code="I-2").activity.code == "1.1.1"
    assert Indicator.objects.get(code="I-2").baseline == Decimal("10.25")
    quality = Indicator.objects.get(code="I-3")
    assert (quality.baseline, quality.baseline_text, quality.end_target_text) == (
        None,
        "Basic",
        "Very good",
    )


def test_it_updates_by_code_and_removes_what_the_workbook_no_longer_holds():
    plan_import(data=build(small_plan()))
    sheets = set_cell(small_plan(), "Activities", "1.1.2", "Name", "Train all teachers")
    drop_row(drop_row(sheets, "Activities", "2.1.1"), "Indicators", "I-3")
    set_cell(sheets, "Indicators", "I-1", "Responsible agencies", "MOI")

    summary = plan_import(data=build(sheets))

    assert summary.created["activities"] == 0
    assert (summary.updated["activities"], summary.deleted["activities"]) == (1, 1)
    assert (summary.updated["indicators"], summary.deleted["indicators"]) == (1, 1)
    assert Activity.objects.get(code="1.1.2").name == "Train all teachers"
    assert not Activity.objects.filter(code="2.1.1").exists()
    assert [a.code for a in Indicator.objects.get(code="I-1").responsible_agencies.all()] == ["MOI"]
    assert Plan.objects.count() == 1


def test_it_changes_nothing_when_the_same_workbook_comes_again():
    plan_import(data=build(small_plan()))
    before = _database()

    summary = plan_import(data=build(small_plan()))

    assert set(summary.created.values()) | set(summary.updated.values()) == {0}
    assert _database() == before


def test_it_moves_objectives_and_keeps_agencies_that_the_workbook_leaves_out():
    plan_import(data=build(small_plan()))
    sheets = small_plan()
    sheets["Objectives"][2][2] = ""  # 1.1 becomes top-level
    del sheets["Agencies"]

    plan_import(data=build(sheets))

    assert Objective.objects.get(code="1.1").parent is None
    assert Agency.objects.count() == 3


def test_it_checks_and_counts_but_writes_nothing_on_a_dry_run():
    before = _database()

    summary = plan_import(data=build(small_plan()), dry_run=True)

    assert summary.dry_run
    assert summary.created["activities"] == 3
    assert _database() == before


def test_it_makes_a_code_when_the_plan_has_none():
    sheets = drop_row(small_plan(), "Plan", "Code")

    assert plan_import(data=build(sheets)).plan.code == "RURITANIA-2024-2026"


@pytest.mark.parametrize(
    ("sheet", "code", "column", "value", "message"),
    [
        ("Activities", "1.1.1", "Lead agency", "POLX", "unknown agency “POLX”"),
        ("Activities", "1.1.1", "Objective", "9.9", "unknown objective “9.9”"),
        ("Activities", "1.1.1", "Budget", "12 %", "“12 %” is not a number"),
        ("Activities", "1.1.1", "Budget", -5, "must be at least 0"),
        ("Activities", "1.1.1", "Budget", "0.001", "too many decimals"),
        ("Activities", "1.1.1", "End", "2023-Q4", "the end is before the start"),
        ("Activities", "1.1.1", "Start", "next spring", "is not a date"),
        ("Activities", "1.1.1", "Start", "2019-Q1", "2019-Q1 is outside the plan period"),
        ("Indicators", "I-1", "Milestones", "2030: 5", "2030 is outside the plan period"),
        ("Activities", "1.1.1", "Name", None, "this cell is required"),
        ("Activities", "2.1.1", "Code", "2 1 1", "is not a valid code"),
        ("Activities", "1.1.2", "Code", "1.1.1", "appears twice in this sheet"),
        ("Objectives", "1.1", "Parent", "X9", "unknown objective “X9”"),
        ("Objectives", "1.1", "Parent", "2.1", "in another area"),
        ("Objectives", "G1", "Parent", "1.1", "placed under itself"),
        ("Objectives", "1.1", "Kind", "aim", "“aim” is not one of goal, objective"),
        ("Objectives", "2.1", "Area", "7", "unknown area “7”"),
        ("Indicators", "I-1", "Disaggregation", "sex; colour", "unknown dimension “colour”"),
        ("Indicators", "I-1", "Parent", "ZZ", "unknown objective or activity “ZZ”"),
        ("Indicators", "I-1", "Baseline", "n/a", "“n/a” is not a number"),
        ("Indicators", "I-1", "Baseline year", "2023.5", "is not a year"),
        ("Indicators", "I-1", "Milestones", "2024 120", "is not a year and a target"),
        ("Indicators", "I-1", "Frequency", "weekly", "“weekly” is not one of"),
        ("Indicators", "I-1", "Baseline", "#DIV/0!", "the formula gives the error #DIV/0!"),
        ("Agencies", "MOI", "Parent", "MOI-POL", "placed under itself"),
        ("Agencies", "MOI", "Email", "not-an-address", "is not an e-mail address"),
        ("Dimensions", "route", "Dimension name", "", "required for a dimension new"),
        ("Plan", "End", "Value", "2023", "the end is before the start"),
        ("Plan", "Currency", "Value", "euro", "three-letter ISO 4217 code"),
        ("Plan", "Languages", "Value", "en; xx", "“xx” is not one of the languages"),
        ("Plan", "Status", "Value", "finished", "“finished” is not one of draft"),
    ],
)
def test_it_rejects_a_bad_cell_with_its_place(sheet, code, column, value, message):
    sheets = small_plan()
    row = next(n for n, r in enumerate(sheets[sheet]) if r[0] == code)
    set_cell(sheets, sheet, code, column, value)

    errors = _errors(sheets)

    # A cycle is an error on each of its rows; anything else on the changed cell only.
    assert all(message in error.message for error in errors), errors
    assert (errors[0].sheet, errors[0].row, errors[0].column) == (sheet, row + 1, column)
    assert len(errors) == (2 if "under itself" in message else 1)


def test_it_rejects_a_parent_that_is_both_an_objective_and_an_activity():
    sheets = set_cell(small_plan(), "Activities", "2.1.1", "Code", "2.1")

    errors = _errors(sheets)

    assert [(e.sheet, e.column) for e in errors] == [("Indicators", "Parent")]
    assert "both an objective and an activity" in errors[0].message


def test_it_lists_every_error_not_only_the_first():
    sheets = set_cell(small_plan(), "Activities", "1.1.1", "Budget", "lots")
    set_cell(sheets, "Indicators", "I-2", "Responsible agencies", "MOI; NOPE")
    set_cell(sheets, "Areas", "2", "Name", None)

    errors = _errors(sheets)

    assert {(e.sheet, e.row) for e in errors} == {
        ("Activities", 2),
        ("Indicators", 3),
        ("Areas", 3),
    }
    assert str(errors[0]).startswith("Areas, row 3, column 'Name': ")


@pytest.mark.parametrize("sheet", ["Plan", "Areas", "Objectives", "Activities", "Indicators"])
def test_it_rejects_a_workbook_without_a_required_sheet(sheet):
    sheets = small_plan()
    del sheets[sheet]

    assert [(e.sheet, e.message) for e in _errors(sheets)] == [(sheet, "this sheet is missing.")]


def test_it_rejects_a_workbook_without_a_required_column():
    sheets = small_plan()
    sheets["Activities"][0][1] = "Objectif"

    errors = _errors(sheets)

    assert [(e.sheet, e.row, e.column) for e in errors] == [("Activities", 1, "Objective")]


def test_it_rejects_a_plan_sheet_without_a_required_field():
    errors = _errors(drop_row(small_plan(), "Plan", "Title"))

    assert [(e.sheet, e.column, e.message) for e in errors] == [
        ("Plan", "Field", "the field “Title” is missing.")
    ]


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"Code,Name\n1,Prevention\n", "not an XLSX workbook"),
        (b"", "not an XLSX workbook"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "password-protected"),
        (_zip({"hello.txt": b"hi"}), "not a readable XLSX workbook"),
        (_zip({"[Content_Types].xml": b"<not xml"}), "not a readable XLSX workbook"),
    ],
)
def test_it_rejects_a_file_that_is_not_a_workbook(data, message):
    errors = _errors(data)

    assert [e.sheet for e in errors] == ["Workbook"]
    assert message in errors[0].message


def test_it_rejects_a_workbook_with_a_damaged_sheet():
    source = zipfile.ZipFile(io.BytesIO(build(small_plan())))
    files = {name: source.read(name) for name in source.namelist()}
    sheet = next(name for name in files if name.startswith("xl/worksheets/"))
    files[sheet] = files[sheet][: len(files[sheet]) // 2]

    errors = _errors(_zip(files))

    assert [e.sheet for e in errors] == ["Workbook"]
    assert "damaged" in errors[0].message


def test_it_rejects_a_file_over_the_size_limit(settings):
    settings.WORKBOOK_MAX_BYTES = 1024

    errors = _errors(small_plan())

    assert "larger than the limit" in errors[0].message


def test_it_rejects_a_sheet_with_too_many_rows(monkeypatch):
    monkeypatch.setattr(reader, "MAX_ROWS", 2)

    errors = _errors(small_plan())

    assert ("Activities", "more than 2 rows.") in [(e.sheet, e.message) for e in errors]


def test_it_rejects_a_file_that_unpacks_to_too_much(monkeypatch):
    monkeypatch.setattr(reader, "MAX_UNCOMPRESSED_BYTES", 10_000)

    errors = _errors(small_plan())

    assert "unpacks to more data" in errors[0].message


def test_it_keeps_text_that_looks_like_a_formula_as_text_both_ways():
    hostile = '=HYPERLINK("http://evil.example","x")'
    sheets = set_cell(small_plan(), "Activities", "1.1.1", "Name", "'" + hostile)
    set_cell(sheets, "Activities", "1.1.2", "Name", "''quoted")

    plan = plan_import(data=build(sheets)).plan

    assert Activity.objects.get(code="1.1.1").name == hostile
    assert Activity.objects.get(code="1.1.2").name == "'quoted"
    exported = plan_export(plan=plan, fmt="xlsx")
    before = plan_records(plan)
    assert plan_import(data=exported).updated["activities"] == 0
    assert plan_records(plan) == before


def _round_trip(data: bytes) -> None:
    plan = plan_import(data=data).plan
    records, before = plan_records(plan), _database()

    summary = plan_import(data=plan_export(plan=plan, fmt="xlsx"))

    assert summary.plan.pk == plan.pk
    assert set(summary.created.values()) | set(summary.updated.values()) == {0}
    assert set(summary.deleted.values()) == {0}
    assert plan_records(plan) == records
    assert _database() == before


def test_it_round_trips_a_hand_built_workbook():
    _round_trip(build(small_plan()))


def test_it_round_trips_the_sample_workbook():
    _round_trip(SAMPLE_WORKBOOK.read_bytes())


def test_it_imports_the_sample_workbook():
    summary = plan_import(data=SAMPLE_WORKBOOK.read_bytes())

    assert summary.plan.code == "NAP-ARDENIA-2024-2026"
    assert summary.created["activities"] == Activity.objects.count() > 30
    assert Agency.objects.filter(code="MOI-POLICE").exists()


def test_it_imports_a_large_workbook_in_a_bounded_number_of_queries(
    django_assert_max_num_queries,
):
    data = build(workbooks.large_plan(activities=300, indicators=600))

    with django_assert_max_num_queries(60):
        plan_import(data=data)
    with django_assert_max_num_queries(60):
        plan_import(data=data)

    assert Indicator.objects.count() == 600
    assert Milestone.objects.count() == 1200


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
