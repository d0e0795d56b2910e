"""The data officer's review queue: only the coordinator reaches it; the pairs are shown side
by side with their categories and which keys agree, never a key's value; a decision is kept
with its author and comment; every page is audited; the list's queries do not grow."""

import pytest
from django.urls import reverse

from cases.models import CandidatePair, CaseAccess, CaseRecord
from tests.cases.linkage_data import record_with

pytestmark = pytest.mark.django_db
HASH_A = "a" * 64
HASH_B = "b" * 64


def _pair(agency_a, agency_b, n: int = 1, probability: float = 0.7) -> CandidatePair:
    keys = {"key_last": HASH_A, "key_birth_year": HASH_B, "sex": "F", "nationality": "ARM"}
    a = record_with(agency_a, f"A{n}", key_name=HASH_A, region="Shirak", **keys)
    a.exploitation = ["labour"]
    a.save()
    b = record_with(agency_b, f"B{n}", key_name=HASH_B, region="Lori", **keys)
    agreement = {"key_name": False, "key_last": True, "key_birth_year": True, "key_first": None}
    return CandidatePair.objects.create(
        record_a=a, record_b=b, match_probability=probability, agreement=agreement
    )


@pytest.fixture
def pair(agency_a, agency_b) -> CandidatePair:
    return _pair(agency_a, agency_b)


def test_it_refuses_everyone_but_the_coordinator(
    client_of,
    anonymous,
    reporter_a,
    approver_a,
    reporter_b,
    case_officer_a,
    viewer,
    administrator,
    pair,
):
    urls = [reverse("cases:review_list"), reverse("cases:review_pair", args=[pair.pk])]
    for url in urls:
        assert anonymous.get(url).status_code == 302
        for user in (reporter_a, approver_a, reporter_b, case_officer_a, viewer, administrator):
            assert client_of(user).get(url).status_code == 403
    assert anonymous.post(urls[1], {"decision": "same"}).status_code == 302
    for user in (reporter_a, approver_a, reporter_b, case_officer_a, viewer, administrator):
        assert client_of(user).post(urls[1], {"decision": "same"}).status_code == 403
    pair.refresh_from_db()
    assert pair.decision == ""
    assert not CaseAccess.objects.exists()


def test_it_lists_the_queue_and_the_decided_pairs_in_few_queries(
    client_of, coordinator, agency_a, agency_b, django_assert_max_num_queries
):
    for n in range(1, 8):
        _pair(agency_a, agency_b, n, probability=0.5 + n / 100)
    decided = CandidatePair.objects.get(record_a__record_id="A7")
    decided.decision, decided.decided_by, decided.comment = "same", coordinator, "one shelter"
    decided.decided_at = decided.record_a.imported_at
    decided.save()
    client = client_of(coordinator)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("cases:review_list"))

    assert response.status_code == 200
    queue = [p.record_a.record_id for p in response.context["page_obj"].object_list]
    assert queue == ["A6", "A5", "A4", "A3", "A2", "A1"]  # most likely first
    assert [p.record_a.record_id for p in response.context["decided"]] == ["A7"]
    assert "one shelter" in response.content.decode()
    access = CaseAccess.objects.get()
    assert (access.user, access.action, access.records) == (coordinator, "review", 14)


def test_it_shows_a_pair_side_by_side_without_key_values(client_of, coordinator, pair):
    response = client_of(coordinator).get(reverse("cases:review_pair", args=[pair.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    for shown in ("Shirak", "Lori", "POL", "NGO1", "Forced labour"):
        assert shown in html
    keys = dict(response.context["keys"])
    assert (keys["Full name"], keys["Last name"]) == (False, True)
    assert (keys["Birth year"], keys["First name"]) == (True, None)
    assert "✓" in html
    assert "✗" in html
    assert HASH_A not in html
    assert HASH_B not in html
    access = CaseAccess.objects.get()
    assert (access.action, access.records, access.user) == ("review", 2, coordinator)


def test_it_keeps_a_decision_with_its_author_and_comment(client_of, coordinator, pair):
    url = reverse("cases:review_pair", args=[pair.pk])

    response = client_of(coordinator).post(url, {"decision": "different", "comment": " twins "})

    assert response.status_code == 302
    assert response["Location"] == reverse("cases:review_list")
    pair.refresh_from_db()
    assert (pair.decision, pair.decided_by, pair.comment) == ("different", coordinator, "twins")
    assert pair.decided_at is not None
    assert CaseAccess.objects.filter(action="decide", user=coordinator).count() == 1


def test_it_refuses_a_decision_it_does_not_know(client_of, coordinator, pair):
    url = reverse("cases:review_pair", args=[pair.pk])

    response = client_of(coordinator).post(url, {"decision": "maybe"})

    assert response.status_code == 200
    assert response.context["form"].errors["decision"]
    pair.refresh_from_db()
    assert pair.decision == ""


def test_it_answers_404_for_a_pair_that_does_not_exist(client_of, coordinator):
    assert client_of(coordinator).get(reverse("cases:review_pair", args=[999])).status_code == 404
    assert not CaseRecord.objects.exists()
