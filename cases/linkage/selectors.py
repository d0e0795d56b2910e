"""Reads of the linkage: the data officer's review queue and the export of persons.

Only the coordinator (the secretariat's data officer, who reads every agency's records) may
review pairs: every other role is refused (403), whatever agency the pair's records are from.
`get_pair_for_user` is the one permission getter for a pair; callers write the audit.
"""

from collections.abc import Iterator

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts import permissions
from accounts.models import User
from cases.models import CandidatePair, CaseRecord

REVIEW_PAGE_SIZE = 25
DECIDED_SHOWN = 50


def _pairs_for_user(user: User) -> QuerySet[CandidatePair]:
    if not permissions.reads_all_cases(user):
        raise PermissionDenied
    return CandidatePair.objects.select_related(
        "record_a__agency", "record_b__agency", "decided_by"
    )


def undecided_pairs_for_user(user: User) -> QuerySet[CandidatePair]:
    """The queue, the most likely pairs first (those are the quickest to confirm)."""
    return _pairs_for_user(user).filter(decision="").order_by("-match_probability", "pk")


def decided_pairs_for_user(user: User) -> QuerySet[CandidatePair]:
    return _pairs_for_user(user).exclude(decision="").order_by("-decided_at", "-pk")


def get_pair_for_user(user: User, pair_pk: int) -> CandidatePair:
    return get_object_or_404(_pairs_for_user(user), pk=pair_pk)


def person_rows() -> Iterator[tuple[str, str, str, float | None]]:
    """(record id, agency code, person id, match probability) of every record, in the order
    of agency and record id. For the export command, which writes its own audit."""
    rows = CaseRecord.objects.order_by("agency__code", "record_id").values_list(
        "record_id", "agency__code", "person__label", "match_probability"
    )
    for record_id, agency, person, probability in rows.iterator(5000):
        yield record_id, agency, person or "", probability
