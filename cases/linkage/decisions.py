"""Decisions applied at once ("apply now", docs/cases.md): the data officer's "same person"
joins the two records' persons, "different persons" splits their person if they are in one.

- Same: the smaller person's records move to the bigger one (which keeps its id), unless a
  "different" decision stands between records of the two: then nothing is merged (the full run
  refuses that merge too), and the answer says so.
- Different: the person's records are scored among themselves with the model of the last full
  run (the names weighed by their frequency in the whole table) and clustered again as a full
  run clusters them (the same threshold and support check), honouring every decision on them;
  the biggest part keeps the person's id, the others get new ones.

Records not linked yet (no person) are left to the linkage job, which honours the decision.
`decisions_apply` applies every decision so far, e.g. those taken before decisions applied at
once; applying a decision twice changes nothing.
"""

import logging

from django.db.models import Q

from cases.linkage import scoring
from cases.linkage.incremental import linkage_lock, model_run
from cases.linkage.services import (
    _decisions,
    _labels,
    _pair_tuples,
    _store_persons,
    _update_records,
    persons_cluster,
)
from cases.models import CandidatePair, CaseRecord, PairDecision, Person

logger = logging.getLogger(__name__)
MERGED, SPLIT, REFUSED, NOTHING = "merged", "split", "refused", ""


def decision_apply(pair: CandidatePair) -> str:
    """Apply the pair's decision to the persons now (inside the caller's transaction); return
    what it did: MERGED, SPLIT, REFUSED (a "same" across a "different") or NOTHING."""
    linkage_lock()
    persons = dict(
        CaseRecord.objects.filter(pk__in=[pair.record_a_id, pair.record_b_id]).values_list(
            "pk", "person_id"
        )
    )
    person_a, person_b = persons.get(pair.record_a_id), persons.get(pair.record_b_id)
    if person_a is None or person_b is None:
        return NOTHING
    if pair.decision == PairDecision.SAME:
        return _merge(pair, person_a, person_b)
    if pair.decision == PairDecision.DIFFERENT and person_a == person_b:
        return _split(person_a)
    return NOTHING


def decisions_apply() -> dict[str, int]:
    """Apply every decision so far, "same" first; return how many of each outcome."""
    done = {MERGED: 0, SPLIT: 0, REFUSED: 0}
    decided = CandidatePair.objects.exclude(decision="").order_by("-decision", "pk")
    for pair in decided.iterator(1000):  # "same" before "different"
        outcome = decision_apply(pair)
        if outcome:
            done[outcome] += 1
    return done


def _merge(pair: CandidatePair, person_a: int, person_b: int) -> str:
    both = [pair.record_a_id, pair.record_b_id]
    if person_a != person_b:
        ids_a = set(CaseRecord.objects.filter(person=person_a).values_list("pk", flat=True))
        ids_b = set(CaseRecord.objects.filter(person=person_b).values_list("pk", flat=True))
        if _apart(ids_a, ids_b):
            return REFUSED
        big, small = (person_a, person_b) if len(ids_a) >= len(ids_b) else (person_b, person_a)
        CaseRecord.objects.filter(person=small).update(person=big)
        Person.objects.filter(pk=small).delete()
    CaseRecord.objects.filter(pk__in=both).update(match_probability=1.0)
    return MERGED if person_a != person_b else NOTHING


def _apart(ids_a: set[int], ids_b: set[int]) -> bool:
    """Whether a "different" decision stands between a record of each set."""
    different = CandidatePair.objects.filter(decision=PairDecision.DIFFERENT)
    return any(
        (a in ids_a and b in ids_b) or (a in ids_b and b in ids_a)
        for a, b in different.filter(
            Q(record_a_id__in=ids_a | ids_b) | Q(record_b_id__in=ids_a | ids_b)
        ).values_list("record_a_id", "record_b_id")
    )


def _split(person: int) -> str:
    ids = list(CaseRecord.objects.filter(person=person).values_list("pk", flat=True))
    records = scoring.records_of(ids)
    run = model_run()
    pairs: list[tuple[int, int, float]] = []
    if run is not None:
        scored = scoring.score_focus(
            records.table,
            set(ids),
            run.parameters,
            trained_on=run.records,
            among_focus=True,
            frequencies=scoring.term_frequencies(ids),
        )
        pairs = list(_pair_tuples(scored))
    same, different = _decisions(among=ids)
    clusters, groups = persons_cluster(pairs, same, different, records)
    if len(groups) == 1:
        return NOTHING
    labels = _labels(groups, records)
    person_ids = _store_persons(set(labels.values()))
    changes = []
    for root, members_of in groups.items():
        for pk in members_of:
            state = (person_ids[labels[root]], clusters.probability.get(pk))
            if state != records.old_state[pk]:
                changes.append((pk, *state))
    _update_records(changes)
    logger.info("a decision split a person of %s records into %s", len(ids), len(groups))
    return SPLIT
