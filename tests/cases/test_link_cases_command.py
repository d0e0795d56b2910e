"""`tipmonitor link-cases`: persons formed from the records' keys and categories, with person
ids that survive re-runs, the uncertain pairs queued for review, the decisions honoured, the
trained model kept with the run, and the quality on generated data kept from regressing."""

import hashlib
import re
from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from cases.linkage.model import CLUSTER_THRESHOLD, REVIEW_LOW
from cases.models import CandidatePair, CaseAccess, CaseRecord, LinkageRun, Person
from tests.cases.linkage_data import record_with, store_generated

pytestmark = pytest.mark.django_db

# Pairwise F1 on this set (2,500 generated records, seed 5): see docs/performance.md for the
# benchmark; the floor sits a little under the measurement so only a regression fails.
F1_FLOOR = 0.97  # measured 0.984 (generator profile "default"; issue 16's model, threshold 0.8)
SAME = {"key_name": "n1", "key_name_phonetic": "np1", "key_first": "f1", "key_last": "l1",
        "key_first_phonetic": "fp1", "key_last_phonetic": "lp1", "key_birth_date": "d1",
        "key_birth_month": "m1", "key_birth_year": "y1"}  # fmt: skip


def _link() -> str:
    out = StringIO()
    call_command("link_cases", stdout=out)
    return out.getvalue()


def _persons() -> dict[str, str]:
    return dict(CaseRecord.objects.values_list("record_id", "person__label"))


def _pairwise_f1(truth: dict[int, object]) -> float:
    person = dict(CaseRecord.objects.values_list("pk", "person_id"))
    ids = sorted(truth)

    def pairs(labels: Counter) -> int:
        return sum(n * (n - 1) // 2 for n in labels.values())

    true = pairs(Counter(truth[i] for i in ids))
    predicted = pairs(Counter(person[i] for i in ids))
    both = pairs(Counter((truth[i], person[i]) for i in ids))
    precision, recall = both / predicted, both / true
    return 2 * precision * recall / (precision + recall)


def test_it_links_generated_records_at_least_as_well_as_measured():
    truth = store_generated(2500)

    output = _link()

    assert "Linked 2500 records into" in output
    f1 = _pairwise_f1(truth)
    assert f1 >= F1_FLOOR, f"pairwise F1 {f1:.4f} under the floor {F1_FLOOR}"
    run = LinkageRun.objects.get()
    assert (run.engine, run.records) == ("duckdb", 2500)
    assert run.persons == Person.objects.count() < 2500
    assert run.parameters["trained"] is True
    levels = run.parameters["comparisons"][0]["comparison_levels"]
    assert all("m_probability" in level for level in levels if not level.get("is_null_level"))
    assert not CaseRecord.objects.filter(person=None).exists()
    pairs = CandidatePair.objects.all()
    assert pairs.exists()
    assert all(REVIEW_LOW <= pair.match_probability < CLUSTER_THRESHOLD for pair in pairs)
    assert all(pair.record_a_id < pair.record_b_id for pair in pairs)
    assert CaseAccess.objects.filter(action="link", records=2500).exists()


def test_it_keeps_person_ids_across_runs(agency_a, agency_b):
    record_with(agency_a, "A1", **SAME)
    record_with(agency_b, "B1", **SAME)
    record_with(agency_b, "B2", key_name="other", key_birth_year="y9")

    _link()
    first = _persons()
    _link()

    assert _persons() == first
    assert first["A1"] == first["B1"] != first["B2"]
    assert Person.objects.count() == 2


def test_it_gives_new_persons_ids_that_tell_nothing(agency_a, agency_b):
    """An id computed from the first record's agency code and record id (as before) let an
    agency that saw it find which other agency's record was the same victim."""
    record_with(agency_a, "A1", **SAME)
    record_with(agency_b, "B1", **SAME)

    _link()

    label = _persons()["A1"]
    assert re.fullmatch(r"P-[0-9A-F]{16}", label)
    for code, record_id in (("NGO1", "B1"), ("POL", "A1")):
        digest = hashlib.sha256(f"{code}\x1f{record_id}".encode()).hexdigest()
        assert label != f"P-{digest[:16].upper()}"
    # Linking the same records afresh gives other ids: nothing in them comes from the records.
    Person.objects.all().delete()
    _link()
    assert _persons()["A1"] != label


def test_it_keeps_the_id_most_records_had_when_a_record_joins(agency_a, agency_b):
    record_with(agency_a, "A1", **SAME)
    record_with(agency_a, "A2", **SAME)
    _link()
    before = _persons()["A1"]
    # A record that sorts first joins the person: the person keeps its id.
    record_with(agency_b, "B0", **SAME)

    _link()

    assert set(_persons().values()) == {before}
    assert Person.objects.count() == 1


def test_it_honours_decisions_in_every_later_run(agency_a, agency_b, coordinator):
    from cases.linkage.services import pair_decide

    a = record_with(agency_a, "A1", **SAME)
    b = record_with(agency_b, "B1", **SAME)
    c = record_with(agency_a, "A2", key_name="x", key_birth_year="y1")
    d = record_with(agency_b, "B2", key_name="z", key_birth_year="y2")
    _link()
    assert _persons()["A1"] == _persons()["B1"]

    different = CandidatePair.objects.create(record_a=a, record_b=b, match_probability=0.99)
    same = CandidatePair.objects.create(record_a=c, record_b=d, match_probability=0.1)
    pair_decide(pair=different, decision="different", user=coordinator)
    pair_decide(pair=same, decision="same", user=coordinator, comment="same shelter file")
    for _ in range(2):
        _link()
        persons = _persons()
        assert persons["A1"] != persons["B1"]
        assert persons["A2"] == persons["B2"]
        assert CandidatePair.objects.filter(decision="").count() == 0
        assert CandidatePair.objects.filter(pk__in=[different.pk, same.pk]).count() == 2


def test_it_splits_a_chain_at_a_different_decision(agency_a, agency_b, coordinator):
    from cases.linkage.services import pair_decide

    # a — b — c all alike; "a and c are different" must cut the chain somewhere.
    a = record_with(agency_a, "A1", **SAME)
    record_with(agency_b, "B1", **SAME)
    c = record_with(agency_a, "A2", **SAME)
    pair = CandidatePair.objects.create(record_a=a, record_b=c, match_probability=0.99)
    pair_decide(pair=pair, decision="different", user=coordinator)

    _link()

    persons = _persons()
    assert persons["A1"] != persons["A2"]
    assert persons["B1"] in (persons["A1"], persons["A2"])


def test_it_links_nothing_when_there_are_no_records():
    assert "Linked 0 records into 0 persons" in _link()
    assert LinkageRun.objects.get().persons == 0


def test_it_refuses_an_unknown_engine():
    with pytest.raises(CommandError, match="engine"):
        call_command("link_cases", "--engine", "oracle")
