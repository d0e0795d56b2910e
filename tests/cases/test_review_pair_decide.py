"""`pair_decide`: the data officer's decision on a pair, kept with author, time and comment,
audited, and refused when it is neither "same" nor "different"."""

import pytest

from cases.linkage.services import pair_decide
from cases.models import CandidatePair, CaseAccess
from tests.cases.linkage_data import record_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(agency_a, agency_b) -> CandidatePair:
    a, b = record_with(agency_a, "A1"), record_with(agency_b, "B1")
    return CandidatePair.objects.create(record_a=a, record_b=b, match_probability=0.8)


def test_it_keeps_the_decision_and_audits_it(pair, coordinator):
    pair_decide(pair=pair, decision="same", user=coordinator, comment="  same file no.  ")

    pair.refresh_from_db()
    assert (pair.decision, pair.decided_by, pair.comment) == ("same", coordinator, "same file no.")
    access = CaseAccess.objects.get()
    assert (access.action, access.user, access.records) == ("decide", coordinator, 2)
    assert access.target == f"pair {pair.pk}: same"


def test_it_replaces_an_earlier_decision(pair, coordinator):
    pair_decide(pair=pair, decision="same", user=coordinator)
    pair_decide(pair=pair, decision="different", user=coordinator)

    pair.refresh_from_db()
    assert pair.decision == "different"


def test_it_refuses_an_unknown_decision(pair, coordinator):
    with pytest.raises(ValueError, match="unknown decision"):
        pair_decide(pair=pair, decision="maybe", user=coordinator)
    pair.refresh_from_db()
    assert pair.decision == ""
    assert not CaseAccess.objects.exists()
