"""Writes of the linkage: a run (`linkage_run`) that links every record into persons, and the
data officer's decision on an uncertain pair (`pair_decide`). See docs/cases.md.

A run reads only the records' keys and categories (there are no names to read), scores the
pairs with Splink (cases/linkage/engine.py), forms persons honouring every decision so far
(cases/linkage/clustering.py) and writes them in one transaction: a run that fails changes
nothing. Person ids are kept from run to run: a person keeps the id most of its records had,
and a new person gets a random id, which tells nothing of its records or agencies.
"""

import io
import logging
import secrets
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
from django.db import connection, transaction
from django.utils import timezone
from pyarrow import csv

from accounts.models import User
from cases.linkage import clustering, engine
from cases.linkage.model import (
    CATEGORY_COLUMNS,
    CLUSTER_SUPPORT,
    CLUSTER_THRESHOLD,
    GRAM_COLUMNS,
    KEY_COLUMNS,
    REVIEW_LOW,
    gram_numbers,
    key_number,
)
from cases.models import CandidatePair, CaseRecord, LinkageRun, PairDecision, Person
from cases.services import case_access_record

logger = logging.getLogger(__name__)
BATCH = 1000
ACTION_LINK = "link"
ACTION_DECIDE = "decide"


@dataclass
class _Records:
    """What a run reads of each record, by primary key."""

    table: pa.Table  # unique_id, the keys and the categories (None when missing)
    sort_key: dict[int, tuple[str, str]]  # (agency code, record id)
    old_label: dict[int, str]
    old_state: dict[int, tuple[int | None, float | None]]  # (person id, match probability)


# What a run reads of each record, in this order: these, then RECORD_NAMES.
RECORD_FIELDS = (
    "pk",
    "agency__code",
    "record_id",
    "person__label",
    "person_id",
    "match_probability",
)
RECORD_NAMES = (*KEY_COLUMNS, *GRAM_COLUMNS, *CATEGORY_COLUMNS)


def records_from_rows(rows: Iterable[tuple[Any, ...]]) -> _Records:
    """Rows of RECORD_FIELDS and RECORD_NAMES as the engine reads them: keys as numbers,
    bigram lists as integers, forms of exploitation as one sorted string, "" as missing."""
    columns: dict[str, list[Any]] = {name: [] for name in ("unique_id", *RECORD_NAMES)}
    sort_key, old_label, old_state = {}, {}, {}
    for pk, code, record_id, label, person_id, probability, *rest in rows:
        columns["unique_id"].append(pk)
        for name, value in zip(RECORD_NAMES, rest, strict=True):
            if name == "exploitation":  # a list of codes: compared as one set
                value = ";".join(sorted(value or []))
            elif name in KEY_COLUMNS:
                value = key_number(value)
            elif name in GRAM_COLUMNS:
                value = gram_numbers(value)
            columns[name].append(value if value != "" else None)
        sort_key[pk] = (code, record_id)
        old_state[pk] = (person_id, probability)
        if label:
            old_label[pk] = label
    table = pa.table({name: pa.array(col, _SCHEMA[name]) for name, col in columns.items()})
    return _Records(table, sort_key, old_label, old_state)


def _records() -> _Records:
    # COPY of no rows is an empty CSV, which pyarrow refuses: no records read the generic way.
    if connection.vendor == "postgresql" and CaseRecord.objects.exists():
        return _records_postgresql()
    values = CaseRecord.objects.order_by("pk").values_list(*RECORD_FIELDS, *RECORD_NAMES)
    return records_from_rows(values.iterator(5000))


_SCHEMA = (
    {name: pa.string() for name in CATEGORY_COLUMNS}
    | {name: pa.int64() for name in ("unique_id", *KEY_COLUMNS)}
    | {name: pa.list_(pa.int32()) for name in GRAM_COLUMNS}
)


def _records_postgresql() -> _Records:
    """The same as the generic reading, converted by the database and streamed as CSV (COPY):
    a million records in seconds rather than minutes of Python per value. A key's number is
    its first 16 hex digits less 2**63 (model.key_number): the same bits with the top one
    flipped; likewise a bigram key's 8 digits less 2**31."""
    table, person = CaseRecord._meta.db_table, Person._meta.db_table
    agency = CaseRecord._meta.get_field("agency").related_model._meta.db_table
    keys = [
        f"CASE WHEN r.{k} = '' THEN NULL ELSE (('x' || left(r.{k}, 16))::bit(64)"
        f" # x'8000000000000000'::bit(64))::bigint END"
        for k in KEY_COLUMNS
    ]
    gram = "(('x' || g)::bit(32) # x'80000000'::bit(32))::int"
    grams = [
        f"NULLIF(array_to_string(ARRAY(SELECT {gram} FROM jsonb_array_elements_text(r.{g}) g),"  # noqa: S608
        " ' '), '')"
        for g in GRAM_COLUMNS
    ]
    categories = [
        "NULLIF(array_to_string(ARRAY(SELECT e FROM jsonb_array_elements_text(r.exploitation) e"
        " ORDER BY e COLLATE \"C\"), ';'), '')"
        if c == "exploitation"
        else f"NULLIF(r.{c}, '')"
        for c in CATEGORY_COLUMNS
    ]
    names = ("unique_id", "code", "record_id", "label", "person_id", "probability",
             *KEY_COLUMNS, *GRAM_COLUMNS, *CATEGORY_COLUMNS)  # fmt: skip
    query = (
        "SELECT r.id, a.code, r.record_id, p.label, r.person_id, r.match_probability, "  # noqa: S608
        f"{', '.join([*keys, *grams, *categories])} FROM {table} r "
        f"JOIN {agency} a ON a.id = r.agency_id LEFT JOIN {person} p ON p.id = r.person_id "
        "ORDER BY r.id"
    )
    buffer = io.BytesIO()
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY ({query}) TO STDOUT WITH (FORMAT csv)") as copy,
    ):
        for data in copy:
            buffer.write(data)
    buffer.seek(0)
    types = _SCHEMA | {name: pa.string() for name in ("code", "record_id", "label", *GRAM_COLUMNS)}
    types |= {"person_id": pa.int64(), "probability": pa.float64()}
    read = csv.read_csv(
        buffer,
        read_options=csv.ReadOptions(column_names=list(names), block_size=1 << 24),
        convert_options=csv.ConvertOptions(
            column_types=types, strings_can_be_null=True, quoted_strings_can_be_null=False
        ),
    )
    del buffer
    ids = read["unique_id"].to_pylist()
    sort_key = dict(
        zip(ids, zip(read["code"].to_pylist(), read["record_id"].to_pylist(), strict=True),
            strict=True)
    )  # fmt: skip
    old_state = dict(
        zip(ids, zip(read["person_id"].to_pylist(), read["probability"].to_pylist(), strict=True),
            strict=True)
    )  # fmt: skip
    labels = read["label"].to_pylist()
    old_label = {pk: label for pk, label in zip(ids, labels, strict=True) if label}
    columns = {name: read[name] for name in ("unique_id", *KEY_COLUMNS, *CATEGORY_COLUMNS)}
    for name in GRAM_COLUMNS:
        columns[name] = pc.split_pattern(read[name], " ").cast(_SCHEMA[name])
    return _Records(pa.table(columns), sort_key, old_label, old_state)


def _decisions(
    among: list[int] | None = None,
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The reviewers' decisions as (same, different) record pairs; with `among`, only the
    pairs of two of those records."""
    pairs = CandidatePair.objects.exclude(decision="")
    if among is not None:
        pairs = pairs.filter(record_a_id__in=among, record_b_id__in=among)
    decided = pairs.values_list("record_a_id", "record_b_id", "decision")
    same = [(a, b) for a, b, decision in decided if decision == PairDecision.SAME]
    different = [(a, b) for a, b, decision in decided if decision == PairDecision.DIFFERENT]
    return same, different


def persons_cluster(
    pairs: list[tuple[int, int, float]],
    same: list[tuple[int, int]],
    different: list[tuple[int, int]],
    records: _Records,
) -> tuple[clustering.Clusters, dict[int, list[int]]]:
    """The records clustered into persons at the model's threshold and support, decisions
    honoured, and their groups (root -> record ids)."""
    clusters = clustering.cluster(
        pairs=pairs,
        threshold=CLUSTER_THRESHOLD,
        same=same,
        different=different,
        support=CLUSTER_SUPPORT,
    )
    return clusters, clustering.members(clusters, records.sort_key)


def new_label(taken: set[str]) -> str:
    """A new person's id: 64 random bits, drawn again in the unlikely case it is taken. Not
    derived from the records: an id computed from an agency code and a record id could be
    recomputed by whoever guesses them (docs/cases.md, "Person ids")."""
    while (label := f"P-{secrets.token_hex(8).upper()}") in taken:
        pass
    return label


def _labels(groups: dict[int, list[int]], records: _Records) -> dict[int, str]:
    """Root -> person id. The biggest persons choose first among the ids their records had;
    a person whose records had none (or only ids a bigger person kept) gets a new one."""
    labels: dict[int, str] = {}
    taken: set[str] = set(records.old_label.values())
    kept_ids: set[str] = set()
    for root, ids in sorted(groups.items(), key=lambda item: (-len(item[1]), min(item[1]))):
        had = Counter(records.old_label[i] for i in ids if i in records.old_label)
        kept = [label for label, _ in sorted(had.items(), key=lambda x: (-x[1], x[0]))]
        label = next((label for label in kept if label not in kept_ids), "")
        if not label:
            label = new_label(taken)
            taken.add(label)
        kept_ids.add(label)
        labels[root] = label
    return labels


def _pair_tuples(pairs: pa.Table) -> Iterable[tuple[int, int, float]]:
    return zip(
        pairs["unique_id_l"].to_pylist(),
        pairs["unique_id_r"].to_pylist(),
        pairs["match_probability"].to_pylist(),
        strict=True,
    )


def linkage_run(*, engine_name: str = "duckdb") -> LinkageRun:
    """Link every case record into persons and store the result (see the module docstring)."""
    started = timezone.now()
    records = _records()
    same, different = _decisions()
    scored = engine.score(records.table, engine=engine_name)
    pairs = list(_pair_tuples(scored.pairs))
    clusters, groups = persons_cluster(pairs, same, different, records)
    labels = _labels(groups, records)
    run = _store(
        records=records,
        clusters=clusters,
        labels=labels,
        uncertain=[p for p in pairs if p[2] < CLUSTER_THRESHOLD],
        run=LinkageRun(engine=engine_name, started_at=started, parameters=scored.parameters),
    )
    logger.info("linkage run %s: %s records, %s persons", run.pk, run.records, run.persons)
    return run


@transaction.atomic
def _store(
    *,
    records: _Records,
    clusters: clustering.Clusters,
    labels: dict[int, str],
    uncertain: list[tuple[int, int, float]],
    run: LinkageRun,
) -> LinkageRun:
    person_ids = _store_persons(set(labels.values()))
    changes = []
    for record_pk, state in records.old_state.items():
        new = (person_ids[labels[clusters.root(record_pk)]], clusters.probability.get(record_pk))
        if new != state:
            changes.append((record_pk, *new))
    _update_records(changes)
    Person.objects.filter(records__isnull=True).delete()
    _store_pairs(uncertain, records.table)
    run.records, run.persons, run.finished_at = len(records.old_state), len(labels), timezone.now()
    run.save()
    case_access_record(user=None, action=ACTION_LINK, target=f"run {run.pk}", records=run.records)
    return run


def _store_persons(labels: set[str]) -> dict[str, int]:
    existing = dict(Person.objects.values_list("label", "pk"))
    new = labels - existing.keys()
    if new and connection.vendor == "postgresql":
        now = timezone.now()
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(
                f"COPY {Person._meta.db_table} (label, created_at, updated_at) FROM STDIN"
            ) as copy,
        ):
            for label in new:
                copy.write_row((label, now, now))
    elif new:
        Person.objects.bulk_create([Person(label=label) for label in new], batch_size=BATCH)
    if new:
        existing = dict(Person.objects.values_list("label", "pk"))
    return {label: existing[label] for label in labels}


def _update_records(changes: list[tuple[int, int, float | None]]) -> None:
    """Set person and match probability of the changed records. PostgreSQL: COPY into a
    temporary table and one UPDATE … FROM it (a million records in seconds); elsewhere a batch
    per statement (UPDATE … FROM a VALUES list, which SQLite ≥ 3.33 runs)."""
    if not changes:
        return
    table = CaseRecord._meta.db_table
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE TEMPORARY TABLE linkage_change"
                " (pk bigint PRIMARY KEY, person bigint, probability double precision)"
            )
            try:
                with cursor.cursor.copy("COPY linkage_change FROM STDIN") as copy:
                    for change in changes:
                        copy.write_row(change)
                cursor.execute(
                    f"UPDATE {table} SET person_id = c.person, match_probability = c.probability"  # noqa: S608
                    f" FROM linkage_change c WHERE {table}.id = c.pk"
                )
            finally:
                cursor.execute("DROP TABLE linkage_change")
        return
    with connection.cursor() as cursor:
        for start in range(0, len(changes), BATCH):
            batch = changes[start : start + BATCH]
            rows = ", ".join(["(%s, %s, %s)"] * len(batch))
            cursor.execute(
                f"WITH v(pk, person, probability) AS (VALUES {rows}) "  # noqa: S608
                f"UPDATE {table} SET person_id = v.person, match_probability = v.probability "
                f"FROM v WHERE {table}.id = v.pk",
                [value for change in batch for value in change],
            )


def _store_pairs(uncertain: list[tuple[int, int, float]], table: pa.Table) -> None:
    """Replace the undecided pairs by this run's uncertain ones; decided pairs stay as they
    are (their decision is what counts, not the model's new opinion)."""
    CandidatePair.objects.filter(decision="").delete()
    decided = set(CandidatePair.objects.values_list("record_a_id", "record_b_id"))
    wanted = [(a, b, p) for a, b, p in uncertain if p >= REVIEW_LOW and (a, b) not in decided]
    pairs_create(wanted, table)


def pairs_create(wanted: list[tuple[int, int, float]], table: pa.Table) -> None:
    """Candidate pairs for the review queue, each with what its two records agree on (read
    from the run's table, which has both)."""
    rows = _rows_by_id(table, {i for a, b, _ in wanted for i in (a, b)})
    CandidatePair.objects.bulk_create(
        [
            CandidatePair(
                record_a_id=a,
                record_b_id=b,
                match_probability=probability,
                agreement=agreement(rows[a], rows[b]),
            )
            for a, b, probability in wanted
        ],
        batch_size=BATCH,
    )


def _rows_by_id(table: pa.Table, ids: set[int]) -> dict[int, dict[str, Any]]:
    if not ids:
        return {}
    chosen = table.filter(pc.is_in(table["unique_id"], pa.array(sorted(ids), pa.int64())))
    return {row["unique_id"]: row for row in chosen.to_pylist()}


def agreement(a: dict[str, Any], b: dict[str, Any]) -> dict[str, bool | None]:
    """Which keys and categories of two records agree: True, False, or None when either lacks
    the value. Never the values themselves."""
    result: dict[str, bool | None] = {}
    for name in (*KEY_COLUMNS, *CATEGORY_COLUMNS):
        result[name] = None if a[name] is None or b[name] is None else a[name] == b[name]
    # A swapped first and last name shows as the parts agreeing crosswise.
    if None not in (a["key_first"], a["key_last"], b["key_first"], b["key_last"]):
        result["names_swapped"] = (
            a["key_first"] == b["key_last"] and a["key_last"] == b["key_first"]
        )
    return result


@transaction.atomic
def pair_decide(
    *, pair: CandidatePair, decision: str, user: User, comment: str = ""
) -> CandidatePair:
    """Record the data officer's decision on a pair and apply it to the persons at once
    (cases/linkage/decisions.py; every later run honours it too). `decision` is "same" or
    "different"; deciding again replaces the decision. Returns the pair, with `applied` set
    to what applying did (decisions.MERGED, SPLIT, REFUSED or "")."""
    if decision not in PairDecision.values:
        raise ValueError(f"unknown decision {decision!r}")
    pair.decision, pair.decided_by, pair.decided_at = decision, user, timezone.now()
    pair.comment = comment.strip()
    pair.save(update_fields=["decision", "decided_by", "decided_at", "comment"])
    case_access_record(
        user=user, action=ACTION_DECIDE, target=f"pair {pair.pk}: {decision}", records=2
    )
    from cases.linkage.decisions import decision_apply  # it builds on this module

    pair.applied = decision_apply(pair)  # type: ignore[attr-defined]
    return pair
