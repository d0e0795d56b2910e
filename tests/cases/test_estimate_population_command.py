"""`tipmonitor estimate-population`: from a table of capture histories or from the linked case
records of a year, as JSON or CSV; every bad input refused saying where and what; the case
records' run audited and its true figures flagged."""

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from cases.models import CaseAccess
from tests.cases.estimation_data import HISTORIES, agencies, persons_with
from tests.cases.stats_data import record

pytestmark = pytest.mark.django_db

TABLE = "Police,Shelter,Labour,count\n" + "".join(
    f"{','.join(map(str, history))},{count}\n" for history, count in HISTORIES.items()
)
FROM_CASES = ["--from-cases", "--year", "2025", "--list", "Police=POL", "--list", "Shelter=NGO1"]


def _run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("estimate_population", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _refusal(*args: str) -> str:
    with pytest.raises(CommandError) as refused:
        _run(*args)
    return str(refused.value)


@pytest.fixture
def table_file(tmp_path):
    path = tmp_path / "lists.csv"
    path.write_text(TABLE, encoding="utf-8")
    return path


@pytest.fixture
def three(agency_a, agency_b):
    return [agency_a, agency_b, *agencies("LAB")]


def test_it_estimates_from_a_file_as_json(table_file):
    out, err = _run("--lists", str(table_file), "--bootstrap", "30", "--seed", "3")
    document = json.loads(out)
    assert document["observed"] == 198
    assert document["exists"] is True
    assert document["reason"] is None
    assert document["reason_detail"] == ""
    assert document["estimate"] > 198
    assert document["ci_low"] <= document["estimate"] <= document["ci_high"]
    assert document["method"] == "bic"
    assert isinstance(document["model"], list)
    assert document["lists"] == ["Police", "Shelter", "Labour"]
    assert document["alternatives"]
    assert document["overlaps"]["protected"] is False
    assert next(c["code"] for c in document["caveats"]) == "closed_population"
    assert err == ""
    # Seeded: the same interval again.
    again = json.loads(_run("--lists", str(table_file), "--bootstrap", "30", "--seed", "3")[0])
    assert (again["ci_low"], again["ci_high"]) == (document["ci_low"], document["ci_high"])


def test_it_writes_csv_with_one_row_to_a_file(table_file, tmp_path):
    target = tmp_path / "estimate.csv"
    out, _err = _run(
        "--lists", str(table_file), "--method", "stepwise", "--bootstrap", "0",
        "--format", "csv", "--output", str(target),
    )  # fmt: skip
    assert out == ""
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert len(rows) == 1
    row = rows[0]
    assert row["observed"] == "198"
    assert row["exists"] == "true"
    assert row["method"] == "stepwise"
    assert row["lists"] == "Police; Shelter; Labour"
    assert float(row["estimate"]) > 198
    assert row["ci_low"] == row["ci_high"] == ""  # no bootstrap, no interval
    assert all(":" in term for term in row["model"].split())


def test_it_says_why_no_estimate_exists(tmp_path):
    path = tmp_path / "isolated.csv"
    path.write_text("A;B;C;count\n1;0;0;30\n0;1;0;20\n1;1;0;12\n0;0;1;15\n", encoding="utf-8")
    document = json.loads(_run("--lists", str(path), "--bootstrap", "0")[0])
    assert document["exists"] is False
    assert document["reason"] == "isolated_list"
    assert "C" in document["reason_detail"]
    assert document["estimate"] is None


def test_it_refuses_a_file_that_is_not_there(tmp_path):
    assert "no such file" in _refusal("--lists", str(tmp_path / "none.csv"))


def test_it_refuses_a_bad_table_saying_the_line_and_column(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("A,B,C,count\n1,0,0,5\n0,1,0,x\n", encoding="utf-8")
    message = _refusal("--lists", str(path))
    assert message.startswith(f"{path}: ")
    assert "line 3" in message
    assert "count" in message


def test_it_refuses_fewer_than_three_lists(tmp_path):
    path = tmp_path / "two.csv"
    path.write_text("A,B,count\n1,0,5\n0,1,4\n1,1,3\n", encoding="utf-8")
    assert _refusal("--lists", str(path)) == "2 lists: an estimate needs 3 to 8."


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--max-order", "3"], "--max-order: from 2 to 2 (the lists less one)."),
        (["--bootstrap", "10001"], "--bootstrap: from 0 to 10000 samples."),
        (["--year", "2025"], "--list and --year go with --from-cases."),
        (["--from-cases", "--year", "2025"], "Give --lists FILE or --from-cases, not both."),
    ],
)
def test_it_refuses_options_that_do_not_fit(table_file, args, message):
    assert _refusal("--lists", str(table_file), *args) == message


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--seed", "-1"], "--seed: a whole number from 0 to 2147483647."),
        (["--seed", "2147483648"], "--seed: a whole number from 0 to 2147483647."),
    ],
)
def test_it_says_which_option_is_out_of_range(table_file, args, message):
    # numpy's own words were "expected non-negative integer", naming no option.
    assert _refusal("--lists", str(table_file), *args) == message


@pytest.mark.parametrize("text", ["A,B,C,count\n", "\ufeffA;B;C;count\n\n"])
def test_it_refuses_a_file_of_only_a_header(tmp_path, text):
    path = tmp_path / "header.csv"
    path.write_text(text, encoding="utf-8")
    assert _refusal("--lists", str(path)) == (
        f"{path}: only a header: give a row for each capture history, a 0 or 1 for each list, "
        "then its count."
    )


def test_it_refuses_a_year_to_come_from_the_case_records(three):
    next_year = timezone.localdate().year + 1
    message = _refusal("--from-cases", "--year", str(next_year), *FROM_CASES[3:])
    assert message == f"--year: from 1900 to {next_year - 1}."
    assert not CaseAccess.objects.exists()


def test_it_needs_a_table_or_the_case_records():
    assert _refusal() == "Give --lists FILE.csv, or --from-cases with --year."
    assert _refusal("--from-cases") == "--from-cases needs --year."


def test_it_estimates_from_the_linked_case_records_and_audits_it(three):
    persons_with(HISTORIES, three)
    out, err = _run(*FROM_CASES, "--list", "Labour=LAB", "--bootstrap", "0")
    document = json.loads(out)
    assert document["year"] == 2025
    assert document["observed"] == 198
    assert document["exists"] is True
    assert document["overlaps"]["histories"][0] == {
        "history": [1, 1, 1], "lists": ["Police", "Shelter", "Labour"],
        "persons": 7, "withheld": False,
    }  # fmt: skip
    assert "WARNING: true figures" in err
    access = CaseAccess.objects.get()
    assert (access.user, access.action, access.records) == (None, "estimate", 198)
    assert access.target == "command year=2025 lists=Police=POL Shelter=NGO1 Labour=LAB"


def test_it_refuses_unknown_agencies_and_too_few_lists(three):
    message = _refusal(*FROM_CASES, "--list", "Labour=LAB,XYZ")
    assert message == "List “Labour”: there is no agency XYZ."
    assert _refusal(*FROM_CASES) == "Choose 3 to 8 lists; 2 given."
    assert _refusal(*FROM_CASES, "--list", "Labour") == (
        "“Labour”: write a list as NAME=AGENCY[,AGENCY…]."
    )
    assert not CaseAccess.objects.exists()


def test_it_refuses_a_year_with_records_not_linked(three):
    persons_with(HISTORIES, three)
    record(three[2], None)
    message = _refusal(*FROM_CASES, "--list", "Labour=LAB")
    assert message.startswith("1 case record of 2025 is not linked to a person yet")
