"""The k-anonymised export speaks HTCDS 2.0 (cases/stats/htcds.py): its columns and values are
the standard's where it has them, and the check refuses anything else."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from cases.stats import anonymised
from cases.stats.htcds import CTDC_COLUMNS, FIELDS, problems
from tests.cases.stats_data import many, record

pytestmark = pytest.mark.django_db


def _export() -> tuple[list[str], list[dict[str, str]], str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("export_cases", "--k", "10", stdout=out, stderr=err)
    reader = csv.DictReader(io.StringIO(out.getvalue()))
    rows = list(reader)
    return list(reader.fieldnames or []), rows, err.getvalue()


def test_it_validates_a_real_export_against_the_standard(agency_a, agency_b):
    many(agency_a, 12, sex="F", age_at_exploitation=22, exploitation=["sexual", "labour"])
    many(agency_a, 12, sex="M", age_at_exploitation=40, exploitation=["forced_criminality"])
    many(agency_b, 12, sex="X", age_at_exploitation=16, nationality="IND", status="presumed")
    many(agency_b, 12, sex="", age_at_exploitation=None, nationality="XXA", exploitation=[])
    record(agency_b, sex="M", age_at_exploitation=12, region="west")
    columns, rows, err = _export()
    assert len(rows) == 48
    assert problems(columns, rows) == []
    assert set(columns) - set(CTDC_COLUMNS) <= set(FIELDS)
    assert {row["prs_Gender"] for row in rows} == {
        "Feminine",
        "Masculine",
        "NonConforming",
        "NonSpecifiedUnknown",
    }
    statuses = {row["vic_TraffickingStatus"] for row in rows}
    assert statuses == {"ActualVictimOfTrafficking", "PossibleVictimOfTrafficking"}
    forms = {row["vic_TypeOfExploitation"] for row in rows}
    assert forms == {"ForcedLabour;SexualExploitation", "Other", "SexualExploitation", ""}
    assert {row["prs_Citizenship"] for row in rows} == {"ARM", "IND", ""}
    assert "ageBroad, majorityStatus" in err  # said to be outside the standard


def test_it_refuses_columns_and_values_not_in_the_standard():
    rows = [
        {"prs_Gender": "female", "vic_TypeOfExploitation": "ForcedLabour;Smuggling"},
        {"prs_Gender": "Feminine", "vic_TypeOfExploitation": "ForcedLabour", "gender": "F"},
        {"prs_Citizenship": "XXA", "hte_Date": "2025-13-01", "ageBroad": "old"},
    ]
    columns = [
        "prs_Gender",
        "vic_TypeOfExploitation",
        "gender",
        "prs_Citizenship",
        "hte_Date",
        "ageBroad",
    ]
    found = problems(columns, rows)
    assert found == [
        "Column gender is not an HTCDS 2.0 field.",
        "Row 1, column prs_Gender: a value not in HTCDS 2.0.",
        "Row 1, column vic_TypeOfExploitation: a value not in HTCDS 2.0.",
        "Row 3, column prs_Citizenship: a value not in HTCDS 2.0.",
        "Row 3, column hte_Date: a value not in HTCDS 2.0.",
        "Row 3, column ageBroad: a value not in HTCDS 2.0.",
    ]
    assert problems(["prs_Citizenship", "hte_Date"], [{"prs_Citizenship": "ARM;AM"}]) == []


def test_it_writes_nothing_when_the_export_would_not_conform(agency_a, monkeypatch, tmp_path):
    many(agency_a, 12)
    monkeypatch.setitem(anonymised.HTCDS_STATUS, "identified", "Identified")
    target = tmp_path / "export.csv"
    with pytest.raises(CommandError, match=r"vic_TraffickingStatus: a value not in HTCDS 2\.0"):
        call_command("export_cases", "--output", str(target))
    assert not target.exists()
