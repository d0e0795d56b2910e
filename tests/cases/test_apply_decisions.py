"""Decisions applied at once: "same person" joins the two persons (the bigger keeps its id),
"different persons" splits the person they share; `apply_decisions` catches up older ones."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from cases import jobs
from cases.linkage.services import linkage_run, pair_decide
from cases.models import CandidatePair, CaseRecord, Person
from tests.cases.linkage_data import record_with
from tests.cases.test_link_cases_command import SAME
from tests.cases.test_link_new import OTHER

pytestmark = pytest.mark.django_db


def _persons() -> dict[str, str]:
    return dict(CaseRecord.objects.values_list("record_id", "person__label"))


@pytest.fixture
def two_persons(agency_a, agency_b) -> tuple[CaseRecord, CaseRecord]:
    """P-BIG: A1 and A2; P-SMALL: B1. Returns (A1, B1)."""
    big, small = Person.objects.create(label="P-BIG"), Person.objects.create(label="P-SMALL")
    a1 = record_with(agency_a, "A1", **SAME)
    record_with(agency_a, "A2", **SAME)
    b1 = record_with(agency_b, "B1", **OTHER)
    CaseRecord.objects.filter(record_id__startswith="A").update(person=big)
    CaseRecord.objects.filter(record_id="B1").update(person=small)
    return a1, b1


def test_it_merges_two_persons_on_same_and_the_bigger_keeps_its_id(two_persons, coordinator):
    a1, b1 = two_persons
    pair = CandidatePair.objects.create(record_a=a1, record_b=b1, match_probability=0.8)

    decided = pair_decide(pair=pair, decision="same", user=coordinator)

    assert decided.applied == "merged"
    assert set(_persons().values()) == {"P-BIG"}
    assert not Person.objects.filter(label="P-SMALL").exists()
    b1.refresh_from_db()
    assert b1.match_probability == 1.0


def test_it_refuses_to_merge_across_a_different_decision(two_persons, coordinator, agency_b):
    a1, b1 = two_persons
    b2 = record_with(agency_b, "B2", **OTHER)
    CaseRecord.objects.filter(pk=b2.pk).update(person=Person.objects.get(label="P-SMALL"))
    apart = CandidatePair.objects.create(record_a=a1, record_b=b2, match_probability=0.8)
    pair_decide(pair=apart, decision="different", user=coordinator)
    pair = CandidatePair.objects.create(record_a=a1, record_b=b1, match_probability=0.8)

    assert pair_decide(pair=pair, decision="same", user=coordinator).applied == "refused"
    assert _persons()["B1"] == "P-SMALL" != _persons()["A1"]


def test_it_splits_a_person_on_different(agency_a, agency_b, coordinator):
    a1 = record_with(agency_a, "A1", **SAME)
    record_with(agency_a, "A2", **SAME)
    b1 = record_with(agency_b, "B1", **SAME)
    record_with(agency_b, "B2", **OTHER)
    linkage_run()
    label = _persons()["A1"]
    assert _persons()["B1"] == label
    pair = CandidatePair.objects.create(record_a=a1, record_b=b1, match_probability=0.95)

    assert pair_decide(pair=pair, decision="different", user=coordinator).applied == "split"

    persons = _persons()
    assert persons["A1"] != persons["B1"]
    assert label in (persons["A1"], persons["B1"])  # the bigger part (with A2) keeps it
    assert persons["A2"] in (persons["A1"], persons["B1"])
    assert Person.objects.count() == 3


def test_it_leaves_persons_alone_when_they_already_agree(two_persons, coordinator):
    a1, b1 = two_persons
    pair = CandidatePair.objects.create(record_a=a1, record_b=b1, match_probability=0.8)

    assert pair_decide(pair=pair, decision="different", user=coordinator).applied == ""
    assert _persons() == {"A1": "P-BIG", "A2": "P-BIG", "B1": "P-SMALL"}


def test_it_applies_older_decisions_by_the_job(two_persons):
    a1, b1 = two_persons
    CandidatePair.objects.create(record_a=a1, record_b=b1, match_probability=0.8, decision="same")

    result = jobs.apply_decisions()

    assert "1 merges" in result["message"]
    assert set(_persons().values()) == {"P-BIG"}
    assert jobs.apply_decisions()["message"].startswith("Decisions applied: 0 merges")


def test_it_tells_the_officer_the_decision_was_applied(client_of, coordinator, two_persons):
    a1, b1 = two_persons
    pair = CandidatePair.objects.create(record_a=a1, record_b=b1, match_probability=0.8)

    response = client_of(coordinator).post(
        reverse("cases:review_pair", args=[pair.pk]), {"decision": "same"}
    )

    assert response.status_code == 302
    texts = [str(message) for message in get_messages(response.wsgi_request)]
    assert texts == ["Decision saved and applied: the two persons are now one."]


def test_it_weighs_a_split_persons_keys_by_their_frequency_in_the_whole_table(agency_a, agency_b):
    # A split scores only the person's records: every key the model weighs by frequency is
    # looked up in the whole table (a key shared by 2 of 4 records: 0.5), not in those few.
    from cases.linkage import model, scoring
    from cases.linkage.model import key_number

    a1 = record_with(agency_a, "A1", **SAME)
    record_with(agency_a, "A2", **SAME)
    record_with(agency_b, "B1", **OTHER)
    record_with(agency_b, "B2", **(OTHER | {"key_last": "", "key_last_phonetic": ""}))

    frequencies = scoring.term_frequencies([a1.pk])

    assert set(frequencies) == set(model.TF_COLUMNS)
    assert frequencies["key_name"] == {key_number(a1.key_name): 0.5}
    # Only records with a last name count: 2 of 3.
    assert frequencies["key_last"] == {key_number(a1.key_last): pytest.approx(2 / 3)}
    assert frequencies["key_last_phonetic"] == {
        key_number(a1.key_last_phonetic): pytest.approx(2 / 3)
    }
