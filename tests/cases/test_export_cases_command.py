"""`tipmonitor export-cases`: k-anonymised rows, one a person, no keys or record ids."""

import csv
import io
from collections import Counter

import pytest
from django.core.management import CommandError, call_command

from cases.models import CaseAccess, CaseRecord
from cases.stats import QUASI_IDENTIFIERS
from tests.cases.stats_data import many, person, record

pytestmark = pytest.mark.django_db


def _export(*args: str) -> tuple[list[dict[str, str]], str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("export_cases", "--format", "csv", *args, stdout=out, stderr=err)
    return list(csv.DictReader(io.StringIO(out.getvalue()))), err.getvalue()


@pytest.fixture
def cases(agency_a, agency_b):
    many(agency_a, 15, sex="F", age_at_exploitation=22, region="capital")
    many(agency_a, 12, sex="M", age_at_exploitation=40, region="north")
    many(agency_b, 10, sex="F", age_at_exploitation=16, region="south", nationality="IND")
    # A few rare persons: they must be generalised away or left out.
    record(agency_b, sex="X", age_at_exploitation=66, region="east", nationality="SYR")
    record(agency_b, sex="M", age_at_exploitation=12, region="west")
    someone = person()
    record(agency_a, someone, sex="F", age_at_exploitation=22, region="capital")
    record(agency_b, someone, sex="F", age_at_exploitation=22, region="capital")


def test_it_shares_every_quasi_identifier_combination_among_k_persons(cases):
    rows, err = _export("--k", "10")
    groups = Counter(tuple(row[name] for name in QUASI_IDENTIFIERS) for row in rows)
    assert min(groups.values()) >= 10
    assert len(rows) == 38  # 40 persons, the two rare ones left out
    assert "2 left out" in err


def test_it_writes_no_keys_record_ids_or_agencies(cases):
    rows, _err = _export()
    record_ids = set(CaseRecord.objects.values_list("record_id", flat=True))
    assert rows
    for row in rows:
        assert not record_ids.intersection(row.values())
        assert not any(name.startswith("key") for name in row)
        assert "POL" not in row.values()


def test_it_generalises_when_small_groups_are_many(agency_a):
    for region in ("a", "b", "c", "d"):
        many(agency_a, 5, sex="F", age_at_exploitation=30, region=region)
    rows, _err = _export("--k", "10")
    assert len(rows) == 20
    assert {(row["hte_State"], row["hte_Type"]) for row in rows} == {("", "")}


def test_it_audits_the_export(cases):
    _export("--k", "12")
    access = CaseAccess.objects.get()
    assert (access.user, access.action) == (None, "export")
    assert "k=12" in access.target


def test_it_refuses_a_k_below_two(db):
    with pytest.raises(CommandError, match="--k"):
        _export("--k", "1")
