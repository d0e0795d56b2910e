"""Incremental linkage (`linkage_link_new`): records without a person join the persons there
are, with the model of the last full run, without re-training and without touching the
persons no new record reaches."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from cases.linkage import incremental
from cases.linkage.incremental import linkage_link_new
from cases.linkage.services import linkage_run, pair_decide
from cases.models import CandidatePair, CaseAccess, CaseRecord, LinkageRun, Person
from cases.services import cases_import
from tests.cases.conftest import csv_file
from tests.cases.linkage_data import record_with
from tests.cases.test_link_cases_command import SAME

pytestmark = pytest.mark.django_db

OTHER = {"key_name": "n2", "key_name_phonetic": "np2", "key_first": "f2", "key_last": "l2",
         "key_first_phonetic": "fp2", "key_last_phonetic": "lp2", "key_birth_date": "d2",
         "key_birth_month": "m2", "key_birth_year": "y2"}  # fmt: skip


def _persons() -> dict[str, str]:
    return dict(CaseRecord.objects.values_list("record_id", "person__label"))


def test_it_makes_a_full_run_when_there_is_none(agency_a, agency_b):
    record_with(agency_a, "A1", **SAME)
    record_with(agency_b, "B1", **SAME)

    result = linkage_link_new(agency_code="POL")

    assert result.full_run == LinkageRun.objects.get()
    persons = _persons()
    assert persons["A1"] == persons["B1"] is not None


def test_it_joins_a_new_record_to_its_person_which_keeps_its_id(agency_a, agency_b):
    record_with(agency_a, "A1", **SAME)
    record_with(agency_a, "A2", **OTHER)
    linkage_run()
    before = _persons()
    record_with(agency_b, "B1", **SAME)

    result = linkage_link_new(agency_code="NGO1")

    assert (result.records, result.new_persons, result.merged, result.full_run) == (1, 0, 0, None)
    assert _persons() == before | {"B1": before["A1"]}
    assert before["A1"] != before["A2"]
    assert LinkageRun.objects.count() == 1  # not re-trained
    b1 = CaseRecord.objects.get(record_id="B1")
    assert (b1.match_probability or 0) >= 0.9
    assert CaseAccess.objects.filter(action="link", target__startswith="incremental NGO1").exists()


def test_it_gives_a_stranger_a_new_person(agency_a, agency_b):
    record_with(agency_a, "A1", **SAME)
    record_with(agency_a, "A2", **SAME)
    linkage_run()
    record_with(agency_b, "B1", **OTHER)

    result = linkage_link_new()

    persons = _persons()
    assert result.new_persons == 1
    assert persons["B1"].startswith("P-")
    assert persons["B1"] != persons["A1"]
    assert CaseRecord.objects.get(record_id="B1").match_probability is None


def test_it_merges_two_persons_a_new_record_bridges(agency_a, agency_b):
    record_with(agency_a, "A1", **SAME)
    record_with(agency_a, "A2", **SAME)
    record_with(agency_b, "B1", **SAME)
    linkage_run()
    # Say the last run kept B1 apart (a decision since withdrawn): two persons of one name.
    big = Person.objects.get()
    small = Person.objects.create(label="P-SMALL")
    CaseRecord.objects.filter(record_id="B1").update(person=small)
    record_with(agency_b, "B2", **SAME)

    result = linkage_link_new()

    assert result.merged == 1
    assert set(_persons().values()) == {big.label}
    assert not Person.objects.filter(label="P-SMALL").exists()


def test_it_honours_a_different_decision(agency_a, agency_b, coordinator):
    a1 = record_with(agency_a, "A1", **SAME)
    record_with(agency_a, "A2", **OTHER)
    linkage_run()
    b1 = record_with(agency_b, "B1", **SAME)
    pair = CandidatePair.objects.create(record_a=a1, record_b=b1, match_probability=0.99)
    pair_decide(pair=pair, decision="different", user=coordinator)

    linkage_link_new()

    persons = _persons()
    assert persons["B1"] not in (None, persons["A1"])


def test_it_queues_uncertain_pairs_of_new_records_for_review(agency_a, agency_b):
    # Same last name and birth date only: likely, not certain (the default model).
    record_with(agency_a, "A1", **SAME)
    record_with(agency_a, "A2", **OTHER)
    linkage_run()
    near = SAME | {"key_name": "n3", "key_name_phonetic": "np3", "key_first": "f3",
                   "key_first_phonetic": "fp3"}  # fmt: skip
    record_with(agency_b, "B1", **near)

    linkage_link_new()

    pairs = list(CandidatePair.objects.values_list("record_b__record_id", "decision"))
    persons = _persons()
    if persons["B1"] != persons["A1"]:
        assert pairs == [("B1", "")]


def test_it_changes_nothing_when_it_fails(agency_a, agency_b, monkeypatch):
    record_with(agency_a, "A1", **SAME)
    record_with(agency_a, "A2", **OTHER)
    linkage_run()
    record_with(agency_b, "B1", **SAME)
    record_with(agency_b, "B2", **OTHER)
    persons = Person.objects.count()

    def fail(*args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(incremental, "_add_pairs", fail)
    with pytest.raises(RuntimeError):
        linkage_link_new()

    assert CaseRecord.objects.filter(person=None).count() == 2
    assert Person.objects.count() == persons
    assert not CaseAccess.objects.filter(target__startswith="incremental").exists()


def test_it_does_nothing_without_new_records(agency_a):
    record_with(agency_a, "A1", **SAME)
    record_with(agency_a, "A2", **OTHER)
    linkage_run()

    assert linkage_link_new().records == 0


def test_it_trains_by_a_full_run_once_there_are_enough_records(agency_a, monkeypatch):
    record_with(agency_a, "A1", **SAME)
    record_with(agency_a, "A2", **OTHER)
    linkage_run()  # two records: not trained
    record_with(agency_a, "A3", **OTHER)
    monkeypatch.setattr(incremental, "MIN_TRAINING_RECORDS", 3)

    assert linkage_link_new().full_run is not None
    assert LinkageRun.objects.count() == 2


def test_it_links_again_a_record_a_re_import_changed(agency_a, case_officer_a):
    rows = ("A1,Anna,Khachatryan,1990-03-05,F,ARM", "A2,Oleg,Petrov,2001-11-20,M,RUS")
    header = "record_id,first_name,last_name,date_of_birth,sex,nationality"
    cases_import(agency=agency_a, file=csv_file(*rows, header=header), filename="a.csv",
                 user=case_officer_a)  # fmt: skip
    linkage_run()
    before = _persons()
    # A2 (a typing error corrected) now has A1's name and birth date.
    changed = (rows[0], "A2,Anna,Khachatryan,1990-03-05,F,ARM")
    result = cases_import(agency=agency_a, file=csv_file(*changed, header=header),
                          filename="a.csv", user=case_officer_a)  # fmt: skip
    assert result.updated == 1
    assert list(CaseRecord.objects.filter(person=None).values_list("record_id", flat=True)) == [
        "A2"
    ]

    linkage_link_new()

    assert _persons() == {"A1": before["A1"], "A2": before["A1"]}
    assert not Person.objects.filter(label=before["A2"]).exists()


def test_it_keeps_the_person_of_a_record_re_imported_unchanged(agency_a, case_officer_a):
    header = "record_id,first_name,last_name,date_of_birth,region"
    rows = ("A1,Anna,Khachatryan,1990-03-05,Lori", "A2,Oleg,Petrov,2001-11-20,")
    cases_import(agency=agency_a, file=csv_file(*rows, header=header), filename="a.csv",
                 user=case_officer_a)  # fmt: skip
    linkage_run()
    before = _persons()
    # Only A2's status changes: nothing linkage reads.
    again = csv_file(*[f"{row},identified" for row in rows], header=f"{header},status")
    result = cases_import(agency=agency_a, file=again, filename="a.csv", user=case_officer_a)

    assert result.updated == 2
    assert _persons() == before


def test_it_links_incrementally_by_the_command(agency_a, agency_b):
    record_with(agency_a, "A1", **SAME)
    record_with(agency_a, "A2", **OTHER)
    call_command("link_cases", stdout=StringIO())
    record_with(agency_b, "B1", **SAME)
    out = StringIO()

    call_command("link_cases", "--incremental", stdout=out)

    assert "Linked 1 new records: 0 new persons, 0 merged." in out.getvalue()
    with pytest.raises(CommandError, match="duckdb"):
        call_command("link_cases", "--incremental", "--engine", "spark")


def test_it_keeps_a_new_record_out_of_a_person_it_resembles_in_one_record_only(agency_a, agency_b):
    # As in a full run (model.CLUSTER_SUPPORT): a person of three records (say, joined by a
    # data officer's decisions) takes a new record only if it resembles enough of them.
    record_with(agency_a, "A1", **SAME)
    record_with(agency_a, "A2", **OTHER)
    record_with(agency_a, "A3", **OTHER)
    linkage_run()
    three = Person.objects.create(label="P-THREE")
    CaseRecord.objects.update(person=three)
    record_with(agency_b, "B1", **SAME)

    result = linkage_link_new()

    assert (result.records, result.new_persons) == (1, 1)
    assert _persons()["B1"] != "P-THREE"
    assert _persons()["A1"] == "P-THREE"
