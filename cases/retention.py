"""Retention of case records (docs/operations.md, "Retention"): the records of a person whose
last identification is more than `TIPMONITOR_CASE_RETENTION_YEARS` years ago are purged, with
their linkage keys (the records hold them), the candidate pairs they are in, and the persons
left without records.

- A person's last identification is the latest `identified_on` across their records (a record
  not linked to a person: its own); a record without that date counts from the day it was
  imported, so a record nobody dated is kept at least as long as a dated one.
- A person is purged whole or not at all: one recent record keeps every record of them, or
  the person would be counted again, differently, by what is left.
- What was published stays: every published year (ended, with persons) that a purged person is
  counted in is frozen first (`FrozenPublishedYear`, read by cases/stats/published.py), and
  periods starting before the cutoff are no longer synced from the records
  (`RetentionPurge`, read by `case_query_sync`), so indicator values written from case
  queries stay as they are.
- Every run is audited (CaseAccess, action "purge"): counts and the cutoff only.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import DateField, Max, Q, QuerySet
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from accounts.models import User
from cases.models import (
    CandidatePair,
    CaseRecord,
    FrozenPublishedYear,
    Person,
    RetentionPurge,
)
from cases.services import case_access_record
from cases.stats.dimensions import home_country
from cases.stats.persons import persons
from cases.stats.published import PUBLISHED_DIMENSIONS, family_cells, published_years

ACTION_PURGE = "purge"
# Records deleted per statement: within SQLite's limit of bound variables.
BATCH = 500
UNDATED = "-"


def retention_cutoff(today: datetime.date, years: int) -> datetime.date:
    """The day `years` years before `today` (29 February falls back to the 28th)."""
    if years < 1:
        raise ValueError(f"TIPMONITOR_CASE_RETENTION_YEARS={years}: keep records at least 1 year.")
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def _last_seen() -> Coalesce:
    # The date a record counts from: its identification, else the day it was imported.
    return Coalesce("identified_on", Cast("imported_at", DateField()))


@dataclass(frozen=True)
class PurgePlan:
    """What a purge removes; no value of a record but its agency's record id."""

    cutoff: datetime.date
    record_pks: list[int]
    person_pks: list[int]
    # (agency code, year of identification or "-") -> records.
    by_agency_year: dict[tuple[str, str], int]
    # Agency code -> the agency's record ids, for the coordinator to tell the agencies.
    record_ids: dict[str, list[str]] = field(default_factory=dict)
    # The year each purged person is counted in (their first identification), for freezing.
    years: set[int] = field(default_factory=set)


def expired_records(
    *, today: datetime.date | None = None, years: int | None = None
) -> QuerySet[CaseRecord]:
    """The records due for purging: of persons last identified before the cutoff, and
    records linked to nobody that are themselves older."""
    cutoff = retention_cutoff(
        today or timezone.localdate(), settings.CASE_RETENTION_YEARS if years is None else years
    )
    expired_persons = (
        CaseRecord.objects.filter(person__isnull=False)
        .values("person_id")
        .annotate(last=Max(_last_seen()))
        .filter(last__lt=cutoff)
        .values("person_id")
    )
    alone = Q(person__isnull=True) & Q(pk__in=_alone_older(cutoff))
    return CaseRecord.objects.filter(Q(person_id__in=expired_persons) | alone)


def _alone_older(cutoff: datetime.date) -> QuerySet[Any, Any]:
    return (
        CaseRecord.objects.filter(person__isnull=True)
        .annotate(seen=_last_seen())
        .filter(seen__lt=cutoff)
        .values("pk")
    )


def purge_plan(*, today: datetime.date | None = None, years: int | None = None) -> PurgePlan:
    """What `cases_purge` would remove today (the dry run shows it)."""
    today = today or timezone.localdate()
    years = settings.CASE_RETENTION_YEARS if years is None else years
    rows = (
        expired_records(today=today, years=years)
        .order_by("agency__code", "record_id")
        .values_list("pk", "person_id", "agency__code", "record_id", "identified_on")
    )
    counts: Counter[tuple[str, str]] = Counter()
    record_ids: dict[str, list[str]] = defaultdict(list)
    first: dict[str, datetime.date] = {}
    record_pks, person_pks = [], set()
    for pk, person_id, agency, record_id, identified_on in rows.iterator(chunk_size=2000):
        record_pks.append(pk)
        if person_id is not None:
            person_pks.add(person_id)
        counts[(agency, str(identified_on.year) if identified_on else UNDATED)] += 1
        record_ids[agency].append(record_id)
        if identified_on is not None:
            key = f"P{person_id}" if person_id is not None else f"R{pk}"
            first[key] = min(first.get(key, identified_on), identified_on)
    return PurgePlan(
        cutoff=retention_cutoff(today, years),
        record_pks=record_pks,
        person_pks=sorted(person_pks),
        by_agency_year=dict(sorted(counts.items())),
        record_ids=dict(record_ids),
        years={date.year for date in first.values()},
    )


@dataclass(frozen=True)
class PurgeResult:
    cutoff: datetime.date
    records: int
    persons: int
    pairs: int
    frozen: list[int]
    by_agency_year: dict[tuple[str, str], int]


def _freeze(years: set[int], today: datetime.date) -> list[int]:
    """Freeze the published tables of every published year among `years` not frozen yet,
    from the records as they are before the purge."""
    population = list(persons())
    done = set(FrozenPublishedYear.objects.values_list("year", flat=True))
    due = sorted(set(published_years(population=population, today=today)) & years - done)
    home = home_country()
    for year in due:
        family, counted = family_cells(year, population=population, home=home)
        tables = {
            name: {
                "axes": [list(axis) for axis in family[name][0]],
                "cells": [[*key, n] for key, n in sorted(family[name][1].items())],
            }
            for name in PUBLISHED_DIMENSIONS
        }
        FrozenPublishedYear.objects.create(
            year=year, persons=counted, tables=tables, frozen_at=timezone.now()
        )
    return due


def _delete(plan: PurgePlan) -> tuple[int, int]:
    """Delete the records (and so their keys) and their pairs; the pairs deleted."""
    pairs = 0
    for start in range(0, len(plan.record_pks), BATCH):
        batch = plan.record_pks[start : start + BATCH]
        pairs += CandidatePair.objects.filter(
            Q(record_a_id__in=batch) | Q(record_b_id__in=batch)
        ).delete()[0]
        CaseRecord.objects.filter(pk__in=batch).delete()
    return pairs, len(plan.record_pks)


def _delete_empty_persons(person_pks: list[int]) -> int:
    deleted = 0
    for start in range(0, len(person_pks), BATCH):
        batch = person_pks[start : start + BATCH]
        deleted += Person.objects.filter(pk__in=batch, records__isnull=True).delete()[0]
    return deleted


@transaction.atomic
def cases_purge(
    *, today: datetime.date | None = None, years: int | None = None, user: User | None = None
) -> PurgeResult:
    """Purge the expired records (see the module's docstring): all of it or nothing."""
    today = today or timezone.localdate()
    plan = purge_plan(today=today, years=years)
    frozen = _freeze(plan.years, today) if plan.record_pks else []
    pairs, records = _delete(plan)
    persons_deleted = _delete_empty_persons(plan.person_pks)
    if records:
        RetentionPurge.objects.create(
            at=timezone.now(), cutoff=plan.cutoff, records=records, persons=persons_deleted
        )
    target = (
        f"purge last identified before {plan.cutoff.isoformat()}: persons={persons_deleted} "
        f"pairs={pairs} frozen years={','.join(map(str, frozen)) or '-'}"
    )
    case_access_record(user=user, action=ACTION_PURGE, target=target, records=records)
    return PurgeResult(
        cutoff=plan.cutoff,
        records=records,
        persons=persons_deleted,
        pairs=pairs,
        frozen=frozen,
        by_agency_year=plan.by_agency_year,
    )


def sync_horizon() -> datetime.date | None:
    """Periods starting before this day may have lost persons to a purge: their values, once
    written, are no longer recomputed from the records."""
    return RetentionPurge.objects.aggregate(latest=Max("cutoff"))["latest"]
