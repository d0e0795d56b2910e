"""Incremental linkage (`linkage_link_new`): the records without a person — those an import
has just added, or changed in a way linkage reads — linked against the persons there are,
with the model the last full run trained (docs/cases.md, "Linkage that grows").

Persons formed before stay as they are: only pairs with a new record are scored (by the saved
model, cases/linkage/scoring.py), and merged from the most to the least likely, honouring the
data officer's decisions. A new record joins the person of its matches; one that matches two
persons joins them (the bigger keeps its id); one that matches nobody is a person of its own
with a new random id. Its uncertain pairs join the review queue. Nothing is trained: the
nightly full run (`linkage_run`) re-trains and re-forms every person. Without a full run to
take the model from, or when the last one had too few records to train and there are enough
now, a full run is made instead. All in one transaction: a failure changes nothing.
"""

import logging
from dataclasses import dataclass

import pyarrow as pa
from django.db import connection, transaction

from cases.linkage import clustering, scoring
from cases.linkage.model import (
    CLUSTER_SUPPORT,
    CLUSTER_THRESHOLD,
    MIN_TRAINING_RECORDS,
    REVIEW_LOW,
)
from cases.linkage.services import (
    ACTION_LINK,
    BATCH,
    _decisions,
    _labels,
    _pair_tuples,
    _records,
    _store_persons,
    _update_records,
    linkage_run,
    pairs_create,
)
from cases.models import CandidatePair, CaseRecord, LinkageRun, Person
from cases.services import case_access_record

logger = logging.getLogger(__name__)
# One linkage writes at a time (two workers linking the same new records would each make a
# person of them): a transaction-level advisory lock on PostgreSQL; SQLite has one writer.
LOCK_ID = 0x7469704C696E6B  # "tipLink"


@dataclass(frozen=True)
class LinkNewResult:
    records: int  # records linked (those without a person)
    new_persons: int  # persons made of new records only
    merged: int  # persons joined into another one by a new record
    full_run: LinkageRun | None = None  # when a full run was made instead


def linkage_lock() -> None:
    """Wait for any other linkage writing (PostgreSQL); call inside a transaction."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_ID])


def model_run() -> LinkageRun | None:
    """The last finished full run with a model to reuse, or None."""
    run = LinkageRun.objects.exclude(finished_at=None).order_by("-finished_at", "-pk").first()
    return run if run is not None and run.parameters.get("comparisons") else None


def needs_full_run(run: LinkageRun | None) -> bool:
    """No model to reuse, or one left untrained for want of records while there are enough
    now: the full run trains one."""
    if run is None:
        return True
    return not run.parameters.get("trained") and CaseRecord.objects.count() >= (
        MIN_TRAINING_RECORDS
    )


@transaction.atomic
def linkage_link_new(*, agency_code: str = "") -> LinkNewResult:
    """Link the records without a person (of every agency: an import's job links its own and
    any a failed job left) into the persons; see the module docstring. `agency_code` names
    the import that asked, for the audit."""
    linkage_lock()
    run = model_run()
    if needs_full_run(run):
        full = linkage_run()
        return LinkNewResult(
            records=full.records, new_persons=full.persons, merged=0, full_run=full
        )
    assert run is not None
    new = set(CaseRecord.objects.filter(person=None).values_list("pk", flat=True))
    if not new:
        return LinkNewResult(records=0, new_persons=0, merged=0)
    records = _records()
    scored = scoring.score_focus(records.table, new, run.parameters, trained_on=run.records)
    pairs = list(_pair_tuples(scored))
    clusters = _clusters(records.old_state, pairs, new)
    affected = {clusters.root(pk) for pk in new}
    groups = {
        root: ids
        for root, ids in clustering.members(clusters, records.sort_key).items()
        if root in affected
    }
    labels = _labels(groups, records)
    person_ids = _store_persons(set(labels.values()))
    changes = []
    for root, ids in groups.items():
        for pk in ids:
            state = (person_ids[labels[root]], clusters.probability.get(pk))
            if state != records.old_state[pk]:
                changes.append((pk, *state))
    _update_records(changes)
    Person.objects.filter(records__isnull=True).delete()
    _add_pairs([p for p in pairs if p[2] < CLUSTER_THRESHOLD], new, records.table)
    had = [
        {records.old_label[pk] for pk in ids if pk in records.old_label} for ids in groups.values()
    ]
    new_persons = sum(1 for labels_had in had if not labels_had)
    merged = sum(max(len(labels_had) - 1, 0) for labels_had in had)
    target = f"incremental {agency_code or 'all'}: {len(new)} new, model of run {run.pk}"
    case_access_record(user=None, action=ACTION_LINK, target=target, records=len(new))
    logger.info("incremental linkage: %s records, %s new persons", len(new), new_persons)
    return LinkNewResult(records=len(new), new_persons=new_persons, merged=merged)


def _clusters(
    old_state: dict[int, tuple[int | None, float | None]],
    pairs: list[tuple[int, int, float]],
    new: set[int],
) -> clustering.Clusters:
    """The persons there are, then the decisions on new records, then the new pairs from the
    most likely down; a merge across a "different" decision is refused, and so is one too few
    of the scored pairs across support (CLUSTER_SUPPORT, as in a full run; only pairs with a
    new record were scored, so only those count)."""
    same, different = _decisions()
    clusters = clustering.Clusters()
    for a, b in different:
        clusters.separate(a, b)
    head: dict[int, int] = {}
    for pk, (person, probability) in old_state.items():
        if person is None:
            continue
        if probability is not None:
            clusters.probability[pk] = probability
        clusters.join(head.setdefault(person, pk), pk)
    for pk in head.values():
        clusters.records[clusters.root(pk)] = []
    for pk, (person, _) in old_state.items():
        if person is not None:
            clusters.records[clusters.root(pk)].append(pk)
    clusters.scored, clusters.fresh = {(a, b) for a, b, _ in pairs}, set(new)
    for a, b in same:
        if a in new or b in new:
            clusters.merge(a, b, 1.0)
    for a, b, probability in sorted(pairs, key=lambda p: -p[2]):
        if probability >= CLUSTER_THRESHOLD:
            clusters.merge(a, b, probability, CLUSTER_SUPPORT)
    clusters.records, clusters.scored, clusters.fresh = {}, set(), set()
    return clusters


def _add_pairs(uncertain: list[tuple[int, int, float]], new: set[int], table: pa.Table) -> None:
    """The new records' uncertain pairs join the review queue; an undecided pair of a changed
    record is replaced (its keys are no longer those it was scored on), a decided one stays."""
    new_ids = sorted(new)
    for start in range(0, len(new_ids), BATCH):
        chunk = new_ids[start : start + BATCH]
        CandidatePair.objects.filter(decision="", record_a_id__in=chunk).delete()
        CandidatePair.objects.filter(decision="", record_b_id__in=chunk).delete()
    wanted = [(a, b, p) for a, b, p in uncertain if p >= REVIEW_LOW]
    kept: set[tuple[int, int]] = set()
    involved = sorted({i for a, b, _ in wanted for i in (a, b)} & new)
    for start in range(0, len(involved), BATCH):
        chunk = involved[start : start + BATCH]
        for field in ("record_a_id__in", "record_b_id__in"):
            kept |= set(
                CandidatePair.objects.filter(**{field: chunk}).values_list(
                    "record_a_id", "record_b_id"
                )
            )
    pairs_create([(a, b, p) for a, b, p in wanted if (a, b) not in kept], table)
