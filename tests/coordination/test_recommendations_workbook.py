"""The recommendations workbook: export then import gives the same recommendations; a broken
workbook is refused whole, every error by sheet, row and column; import adds new codes,
updates stored ones and keeps those the file does not list; the two commands."""

import datetime
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from coordination.models import Recommendation, RecommendationSource
from coordination.workbook.services import (
    WorkbookInvalid,
    recommendations_export,
    recommendations_import,
)
from plans.models import Plan

pytestmark = pytest.mark.django_db

HEADERS = [
    "Code", "Source", "Round or year", "Reference", "Text", "Date", "Wording", "Theme",
    "Plan area", "Response", "SDG targets", "High priority", "Activities", "Agencies",
    "Status", "Status comment",
]  # fmt: skip
GOOD = [
    "GRETA3-12", "greta", "Third round", "para. 112", "Identify victims proactively.",
    "2022-06-10", "urges", "protection", "3", "accepted", "5.2, 16.2", "yes",
    "2.1.1, 2.1.2", "POL, ngo1", "partly", "Screening started in two regions.",
]  # fmt: skip


def _xlsx(rows: list[list], headers: list[str] = HEADERS, sheet: str = "Recommendations"):
    book = Workbook()
    ws = book.active
    ws.title = sheet
    ws.append(headers)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _errors(plan: Plan, data: bytes) -> list[tuple]:
    with pytest.raises(WorkbookInvalid) as refused:
        recommendations_import(plan=plan, data=data)
    return [(e.sheet, e.row, e.column, e.message) for e in refused.value.errors]


def _stored(plan: Plan) -> list[dict]:
    return [
        {
            **{
                name: getattr(r, name)
                for name in (
                    "code",
                    "source",
                    "cycle",
                    "reference",
                    "text",
                    "text_i18n",
                    "issued_on",
                    "strength",
                    "theme",
                    "area_id",
                    "response",
                    "sdg_targets",
                    "high_priority",
                    "status",
                    "status_comment",
                )
            },
            "activities": sorted(a.code for a in r.activities.all()),
            "agencies": sorted(a.code for a in r.agencies.all()),
        }
        for r in Recommendation.objects.filter(plan=plan).order_by("code")
    ]


def test_it_imports_a_row_with_every_column(plan):
    summary = recommendations_import(plan=plan, data=_xlsx([GOOD]))
    assert summary.created == ["GRETA3-12"]
    r = Recommendation.objects.get(plan=plan, code="GRETA3-12")
    assert (r.source, r.cycle, r.reference, r.strength, r.theme) == (
        "greta", "Third round", "para. 112", "urges", "protection"
    )  # fmt: skip
    assert r.issued_on == datetime.date(2022, 6, 10)
    assert r.area is not None
    assert r.area.code == "3"
    assert (r.response, r.sdg_targets, r.high_priority) == ("accepted", "5.2,16.2", True)
    assert sorted(a.code for a in r.activities.all()) == ["2.1.1", "2.1.2"]
    assert sorted(a.code for a in r.agencies.all()) == ["NGO1", "POL"]
    assert (r.status, r.status_comment) == ("partly", "Screening started in two regions.")
    assert r.status_confirmed_at is not None


def test_it_exports_what_imports_back_unchanged(plan, agency_a):
    recommendations_import(plan=plan, data=_xlsx([GOOD]))
    second = Recommendation.objects.create(
        plan=plan,
        code="TIP2023-1",
        source=RecommendationSource.US_TIP,
        cycle="2023",
        text="=Increase prosecutions",  # a formula-looking text survives the round trip
        text_i18n={"hy": "Ավելացնել քրեական հետապնդումները"},
    )
    second.agencies.set([agency_a])
    before = _stored(plan)

    data = recommendations_export(plan=plan)
    summary = recommendations_import(plan=plan, data=data)

    assert _stored(plan) == before
    assert summary.created == []
    assert summary.updated == []
    assert sorted(summary.unchanged) == ["GRETA3-12", "TIP2023-1"]
    sheet = load_workbook(io.BytesIO(data))["Recommendations"]
    assert [cell.value for cell in sheet[1]][:5] == [
        "Code", "Source", "Round or year", "Reference", "Text"
    ]  # fmt: skip
    assert "Text (hy)" in [cell.value for cell in sheet[1]]
    assert sheet.data_validations.dataValidation  # the drop-down lists


def test_it_updates_by_code_adds_new_ones_and_keeps_the_unlisted(plan):
    Recommendation.objects.create(plan=plan, code="OLD-1", source="cedaw", text="Kept.")
    recommendations_import(plan=plan, data=_xlsx([GOOD]))
    changed = [*GOOD]
    changed[4] = "Identify victims proactively, also among migrants."
    new = [*GOOD]
    new[0] = "GRETA3-13"

    summary = recommendations_import(plan=plan, data=_xlsx([changed, new]))

    assert summary.updated == ["GRETA3-12"]
    assert summary.created == ["GRETA3-13"]
    assert summary.kept == ["OLD-1"]
    assert Recommendation.objects.get(code="GRETA3-12").text.endswith("among migrants.")
    assert Recommendation.objects.filter(plan=plan).count() == 3


def test_it_checks_without_writing_on_a_dry_run(plan):
    summary = recommendations_import(plan=plan, data=_xlsx([GOOD]), dry_run=True)
    assert summary.created == ["GRETA3-12"]
    assert summary.dry_run
    assert not Recommendation.objects.exists()


def test_it_refuses_a_broken_workbook_whole_with_every_error_located(plan):
    Recommendation.objects.create(plan=plan, code="KEEP", source="greta", text="As before.")
    rows = [
        [*GOOD[:1], "grota", *GOOD[2:]],  # row 2: wrong source
        ["R-2", *GOOD[1:12], "2.1.1, 9.9.9", *GOOD[13:]],  # row 3: unknown activity
        ["R-3", *GOOD[1:5], "2022-13-40", *GOOD[6:]],  # row 4: bad date
        ["R-4", *GOOD[1:10], "5.2, 18.1", *GOOD[11:]],  # row 5: bad SDG target
        ["R-2", *GOOD[1:]],  # row 6: the code again
        ["KEEP", "greta", "", "", "Changed?", *GOOD[5:]],  # row 7: valid, must not be saved
    ]

    errors = _errors(plan, _xlsx(rows))

    assert errors[0][:3] == ("Recommendations", 2, "Source")
    assert "“grota” is not one of greta, cop" in errors[0][3]
    assert errors[1][:3] == ("Recommendations", 3, "Activities")
    assert "unknown activity “9.9.9”" in errors[1][3]
    assert errors[2][:3] == ("Recommendations", 4, "Date")
    assert errors[2][3] == "“2022-13-40” is not a date like 2024-03-15."
    assert errors[3][:3] == ("Recommendations", 5, "SDG targets")
    assert "18.1 is not an SDG target" in errors[3][3]
    assert errors[4][:3] == ("Recommendations", 6, "Code")
    assert "appears twice" in errors[4][3]
    assert len(errors) == 5
    assert Recommendation.objects.get(code="KEEP").text == "As before."
    assert Recommendation.objects.count() == 1


def test_it_refuses_a_workbook_without_the_sheet(plan):
    assert _errors(plan, _xlsx([GOOD], sheet="Recs")) == [
        ("Recommendations", None, None, "this sheet is missing.")
    ]


def test_it_refuses_a_sheet_without_a_required_column(plan):
    headers = [h for h in HEADERS if h != "Text"]
    row = [value for h, value in zip(HEADERS, GOOD, strict=True) if h != "Text"]
    assert _errors(plan, _xlsx([row], headers=headers)) == [
        ("Recommendations", 1, "Text", "this column is missing.")
    ]


def test_it_refuses_empty_required_cells_and_a_bad_code(plan):
    rows = [["bad code!", "", "", "", ""]]
    errors = _errors(plan, _xlsx(rows, headers=HEADERS[:5]))
    assert [e[2] for e in errors] == ["Code", "Source", "Text"]
    assert "is not a valid code" in errors[0][3]
    assert errors[1][3] == errors[2][3] == "this cell is required."


def test_it_refuses_a_file_that_is_not_a_workbook(plan):
    errors = _errors(plan, b"not a zip")
    assert errors[0][0] == "Workbook"


def test_it_leaves_a_field_whose_column_is_missing_as_stored(plan):
    recommendations_import(plan=plan, data=_xlsx([GOOD]))
    recommendations_import(
        plan=plan,
        data=_xlsx([["GRETA3-12", "greta", "Changed"]], headers=["Code", "Source", "Text"]),
    )
    r = Recommendation.objects.get(code="GRETA3-12")
    assert r.text == "Changed"
    assert r.status == "partly"
    assert r.activities.count() == 2


def test_it_imports_and_exports_on_the_command_line(plan, tmp_path: Path, capsys):
    source = tmp_path / "in.xlsx"
    source.write_bytes(_xlsx([GOOD]))
    call_command("import_recommendations", str(source), "--plan", plan.code, "--dry-run")
    assert not Recommendation.objects.exists()
    call_command("import_recommendations", str(source), "--plan", plan.code)
    assert "1 recommendations created" in capsys.readouterr().out
    output = tmp_path / "out.xlsx"
    call_command("export_recommendations", "--plan", plan.code, "--output", str(output))
    sheet = load_workbook(output)["Recommendations"]
    assert sheet["A2"].value == "GRETA3-12"


def test_it_prints_every_error_and_fails_on_the_command_line(plan, tmp_path: Path, capsys):
    source = tmp_path / "in.xlsx"
    source.write_bytes(_xlsx([[*GOOD[:1], "grota", *GOOD[2:]]]))
    with pytest.raises(CommandError, match="rejected"):
        call_command("import_recommendations", str(source), "--plan", plan.code)
    assert "Recommendations, row 2, column 'Source'" in capsys.readouterr().err


def test_it_refuses_a_confirmed_status_without_a_comment_as_the_page_does(plan):
    row = [*GOOD[:15], ""]

    assert _errors(plan, _xlsx([row])) == [
        ("Recommendations", 2, "Status comment", "a confirmed status needs a comment saying why.")
    ]
    assert not Recommendation.objects.exists()
