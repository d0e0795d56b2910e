"""`plan_import`: the workbook is the plan; a workbook with any error changes nothing."""

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.db import connection

from agencies.models import Agency, AgencyType
from plans.models import (
    Activity,
    DatePrecision,
    FundingSource,
    Indicator,
    Milestone,
    Objective,
    Plan,
    PlanStatus,
)
from plans.workbook import reader
from plans.workbook.services import plan_export, plan_import
from plans.workbook.writer import plan_records
from tests.plans import workbooks
from tests.plans.importing import _database, _errors, _round_trip
from tests.plans.workbooks import build, drop_row, set_cell, small_plan
from tipmonitor.sample import SAMPLE_WORKBOOK

pytestmark = pytest.mark.django_db


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
        ("Activities", "1.1.1", "Budget", -5, "An amount of money cannot be negative."),
        ("Activities", "1.1.1", "Budget", "0.001", "Too many decimals: at most 2"),
        ("Activities", "1.1.1", "Budget", "1,200", "can be read as 1 200 or as 1,2"),
        ("Activities", "1.1.1", "End", "2023-Q4", "The planned completion cannot be before the"),
        ("Activities", "1.1.1", "Start", "next spring", "is not a date"),
        ("Activities", "1.1.1", "Start", "2019-Q1", "2019-Q1 is outside the plan period"),
        ("Indicators", "I-1", "Milestones", "2030: 5", "year 2030 is outside the plan period"),
        ("Activities", "1.1.1", "Name", None, "this cell is required"),
        ("Activities", "2.1.1", "Code", "2 1 1", "is not a valid code"),
        ("Activities", "1.1.2", "Code", "1.1.1", "appears twice in this sheet"),
        ("Objectives", "1.1", "Parent", "X9", "unknown objective “X9”"),
        ("Objectives", "1.1", "Parent", "2.1", "must be in the same strategic area"),
        ("Objectives", "G1", "Parent", "1.1", "placed under itself"),
        ("Objectives", "1.1", "Kind", "aim", "“aim” is not one of goal, objective"),
        ("Objectives", "2.1", "Area", "7", "unknown area “7”"),
        ("Indicators", "I-1", "Disaggregation", "sex; colour", "unknown dimension “colour”"),
        ("Indicators", "I-1", "Parent", "ZZ", "unknown objective or activity “ZZ”"),
        ("Indicators", "I-1", "Baseline", "n/a", "“n/a” is not a number"),
        ("Indicators", "I-1", "Baseline year", "2023.5", "is not a year"),
        ("Indicators", "I-1", "Milestones", "2024 120", "is not a year and a number"),
        ("Indicators", "I-1", "Frequency", "weekly", "“weekly” is not one of"),
        ("Indicators", "I-1", "Baseline", "#DIV/0!", "the formula gives the error #DIV/0!"),
        ("Agencies", "MOI", "Parent", "MOI-POL", "placed under itself"),
        ("Agencies", "MOI", "Email", "not-an-address", "is not an e-mail address"),
        ("Dimensions", "route", "Dimension name", "", "required for a dimension new"),
        ("Plan", "End", "Value", "2023", "The plan cannot end before it starts."),
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
    # Bounded by the data's size, not its rows: a database that takes fewer parameters per
    # statement (SQLite builds with a limit of 999, as Python 3.11's) splits the bulk inserts.
    limit = 60 + _extra_batches({Indicator: 600, Activity: 300, Milestone: 1200})

    with django_assert_max_num_queries(limit):
        plan_import(data=data)
    with django_assert_max_num_queries(limit):
        plan_import(data=data)

    assert Indicator.objects.count() == 600
    assert Milestone.objects.count() == 1200


def _extra_batches(rows_by_model) -> int:
    """How many more INSERT statements than one per model this database needs."""
    extra = 0
    for model, rows in rows_by_model.items():
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        batch = connection.ops.bulk_batch_size(fields, [None] * rows) or rows
        extra += -(-rows // batch) - 1
    return extra
