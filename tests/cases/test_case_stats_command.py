"""`tipmonitor case-stats`: counts of persons as CSV or JSON, disclosure-controlled with
--public, a warning without it, every run audited."""

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command

from cases.models import CaseAccess
from tests.cases.stats_data import many, person, record

pytestmark = pytest.mark.django_db


def _run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("case_stats", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def cases(agency_a, agency_b):
    many(agency_a, 25, sex="F", age_at_exploitation=30)
    many(agency_a, 3, sex="M", age_at_exploitation=15)
    many(agency_b, 14, sex="M", age_at_exploitation=35)
    someone = person()
    # One girl reported by both agencies: counted once.
    record(agency_a, someone, sex="F", age_at_exploitation=16)
    record(agency_b, someone, sex="F", age_at_exploitation=16)


def test_it_prints_true_counts_with_a_warning(cases):
    out, err = _run("--by", "sex,age_group", "--year", "2025", "--format", "csv")
    rows = {(r["sex"], r["age_group"]): r["persons"] for r in csv.DictReader(io.StringIO(out))}
    assert rows[("M", "child")] == "3"
    assert rows[("F", "child")] == "1"
    assert rows[("total", "total")] == "43"
    assert "WARNING" in err
    assert "not records" in err


def test_it_withholds_small_counts_with_public(cases):
    out, err = _run("--by", "sex,age_group", "--year", "2025", "--public", "--format", "csv")
    rows = {(r["sex"], r["age_group"]): r["persons"] for r in csv.DictReader(io.StringIO(out))}
    assert rows[("M", "child")] == "suppressed"
    assert rows[("F", "child")] == "suppressed"
    assert rows[("total", "total")] == "43"
    published = [int(v) for v in rows.values() if v != "suppressed"]
    assert all(v == 0 or v > 10 for v in published)
    assert "WARNING" not in err


def test_it_writes_json_and_audits_the_run(cases):
    out, _err = _run("--table", "unodc", "--status", "identified", "--public", "--format", "json")
    document = json.loads(out)
    assert document["by"] == ["unodc_group", "exploitation"]
    assert document["public"] is True
    assert document["threshold"] == 10
    assert any("several categories" in note for note in document["notes"])
    cell = next(c for c in document["cells"] if c["unodc_group"] == "boys")
    assert cell["exploitation"] == "sexual"
    assert cell["persons"] is None
    assert cell["suppressed"] is True
    access = CaseAccess.objects.get()
    assert access.user is None
    assert access.action == "stats"
    assert "unodc_group,exploitation" in access.target
    assert access.target.startswith("public ")
    assert access.records == 43


def test_it_selects_persons_by_period(agency_a):
    record(agency_a, identified_on="2025-02-01")
    record(agency_a, identified_on="2025-08-01")
    out, _err = _run("--period", "2025-Q1")
    assert out.splitlines() == ["persons", "1"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--by", "colour"], "colour"),
        (["--status", "rescued"], "rescued"),
        (["--from", "2025-13-01"], "--from"),
        (["--period", "2025-Q5"], "--period"),
        (["--filter", "sex"], "--filter"),
        (["--threshold", "0"], "--threshold"),
    ],
)
def test_it_refuses_bad_options_saying_which(args, message, db):
    with pytest.raises(CommandError, match=message):
        _run(*args)
    assert not CaseAccess.objects.exists()


def test_it_prints_the_published_tables_of_a_year_protected_together(cases):
    out, _err = _run("--published", "--year", "2025")
    rows = list(csv.DictReader(io.StringIO(out)))
    tables = {row["table"] for row in rows}
    assert tables == {"sex", "age_group", "citizenship_group", "quarter"}
    margins = {(r["table"], r["status"]): r["persons"] for r in rows if r["category"] == "total"}
    # The persons of each status: one cell, withheld in every table or in none.
    for status in ("presumed", "identified", "total"):
        assert len({margins[(table, status)] for table in tables}) == 1
    assert margins[("sex", "identified")] == "43"
    published = [r["persons"] for r in rows if r["persons"] != "suppressed"]
    assert all(int(n) == 0 or int(n) > 10 for n in published)
    assert CaseAccess.objects.get().target == "published year=2025"


def test_it_publishes_only_an_ended_year_without_filters(cases):
    with pytest.raises(CommandError, match="cannot be published"):
        _run("--published", "--year", "2999")
    with pytest.raises(CommandError, match="--year"):
        _run("--published", "--year", "2025", "--by", "region")


@pytest.mark.parametrize("public", [[], ["--public"]])
def test_it_neutralises_formulas_in_category_names(public, agency_a):
    """Issue 10 #7: a region typed as a formula reached the CSV as it was."""
    payload = '=HYPERLINK("http://x";"y")'
    many(agency_a, 12, region=payload)
    many(agency_a, 12, region="-2+3")
    out, _err = _run("--by", "region", *public)
    cells = [cell for row in csv.reader(io.StringIO(out)) for cell in row]
    assert "'" + payload in cells
    assert "'-2+3" in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
