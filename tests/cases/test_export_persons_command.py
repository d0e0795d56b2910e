"""`tipmonitor export-persons --format csv`: every record with its person id and match
probability, to stdout or a file, audited as an export by no user (the command line)."""

import csv
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from cases.models import CaseAccess, CaseRecord
from tests.cases.linkage_data import record_with
from tests.cases.test_link_cases_command import SAME

pytestmark = pytest.mark.django_db


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(StringIO(text)))


def test_it_exports_every_record_with_its_person(agency_a, agency_b):
    record_with(agency_a, "A1", **SAME)
    record_with(agency_b, "B1", **SAME)
    record_with(agency_b, "B2", key_name="other")
    call_command("link_cases", stdout=StringIO())
    out = StringIO()

    call_command("export_persons", "--format", "csv", stdout=out, stderr=StringIO())

    header, *rows = _rows(out.getvalue())
    assert header == ["record_id", "agency", "person_id", "match_probability"]
    assert [row[:2] for row in rows] == [["B1", "NGO1"], ["B2", "NGO1"], ["A1", "POL"]]
    by_id = {row[0]: row for row in rows}
    assert by_id["A1"][2] == by_id["B1"][2] != by_id["B2"][2]
    assert float(by_id["A1"][3]) > 0.9
    assert by_id["B2"][3] == ""
    access = CaseAccess.objects.get(action="export")
    assert (access.user, access.records, access.target) == (None, 3, "persons csv")


def test_it_writes_a_file_and_holds_no_key(agency_a, tmp_path):
    record_with(agency_a, "A1", **SAME)
    target = tmp_path / "persons.csv"

    call_command("export_persons", "--output", str(target), stderr=StringIO())

    text = target.read_text()
    assert _rows(text) == [["record_id", "agency", "person_id", "match_probability"],
                           ["A1", "POL", "", ""]]  # fmt: skip
    stored = CaseRecord.objects.values_list(*SAME).get()
    assert all(len(key) == 64 for key in stored)
    assert not any(key in text or key[:16] in text for key in stored)


def test_it_says_where_it_cannot_write(tmp_path):
    with pytest.raises(CommandError, match="Cannot write"):
        call_command("export_persons", "--output", str(tmp_path / "missing" / "x.csv"))
    assert not CaseAccess.objects.exists()


def test_it_refuses_another_format():
    with pytest.raises(CommandError, match="format"):
        call_command("export_persons", "--format", "xlsx")


def test_it_neutralises_formulas_in_record_ids(agency_a):
    """Issue 10 #7: an agency's record id is theirs to choose, and Excel ran it as a formula."""
    payloads = ["=cmd|' /C calc'!A0", "+1+1", "-1+1", "@SUM(A1)", "\tx", "\rx"]
    for n, payload in enumerate(payloads):
        record_with(agency_a, payload, key_name=f"k{n}")
    record_with(agency_a, "-3", key_name="k-3")  # a number stays a number
    out = StringIO()

    call_command("export_persons", stdout=out, stderr=StringIO())

    ids = [row[0] for row in _rows(out.getvalue())[1:]]
    assert sorted(ids) == sorted(["-3", *("'" + payload for payload in payloads)])
