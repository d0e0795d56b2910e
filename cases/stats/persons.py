"""Persons as the statistics count them (docs/disclosure.md, "What is counted"). Reads only.

A person is what linkage made of the records (`CaseRecord.person`); a record not linked yet
counts as a person of its own. A person's attributes come from their records by one rule:
- status: identified if any record says identified (the competent body's decision), else
  presumed if any says presumed, else not a victim;
- date of identification: the earliest of their records' (years and quarters count a person in
  the period they were first identified, and a period filter selects on that date);
- sex, age, citizenship, region: the value of the most authoritative record that has one —
  records of identified status first, then the most recently identified, then the most
  recently imported;
- forms of exploitation and reporting agencies: every one their records name.

Two queries: persons of one record (and records not linked yet) are grouped by their
attributes in the database, so a thousand alike come as one row with a weight; the records of
persons with several are read one by one and combined in Python, because the rule above is not
one SQL aggregate on both SQLite and PostgreSQL.
"""

import dataclasses
from collections import defaultdict
from collections.abc import Iterator, Sequence

from django.db.models import Count

from cases.models import CaseRecord, Person
from cases.stats.dimensions import STATUS_RANK, PersonFacts

_COLUMNS = (
    "pk",
    "person_id",
    "status",
    "identified_on",
    "sex",
    "age_at_exploitation",
    "nationality",
    "region",
    "exploitation",
    "agency__code",
)


def _authority(row: tuple) -> tuple:
    """Sort key: the most authoritative record first (see the module's docstring)."""
    identified_on = row[3]
    return (
        STATUS_RANK.get(row[2], 3),
        -(identified_on.toordinal() if identified_on else 0),
        -row[0],
    )


def _first(rows: Sequence[tuple], index: int) -> object:
    return next((row[index] for row in rows if row[index] not in ("", None)), None)


def _facts(key: str, rows: list[tuple]) -> PersonFacts:
    rows.sort(key=_authority)
    dates = [row[3] for row in rows if row[3] is not None]
    forms = {code for row in rows for code in (row[8] or []) if isinstance(code, str)}
    age = _first(rows, 5)
    return PersonFacts(
        key=key,
        status=rows[0][2],
        identified_on=min(dates) if dates else None,
        sex=str(_first(rows, 4) or ""),
        age=int(age) if isinstance(age, int) else None,
        nationality=str(_first(rows, 6) or ""),
        region=str(_first(rows, 7) or ""),
        exploitation=tuple(sorted(forms)),
        agencies=tuple(sorted({row[9] for row in rows})),
    )


def persons() -> Iterator[PersonFacts]:
    """Every person with their attributes, in two queries. Persons of one record (and records
    not linked yet) need no rule: the database groups them by their attributes and each group
    comes once with its weight. Only persons of several records are read record by record."""
    shared = Person.objects.annotate(n=Count("records")).filter(n__gt=1).values("pk")
    alone = (
        CaseRecord.objects.exclude(person_id__in=shared)
        .order_by()
        .values_list(*_COLUMNS[2:])
        .annotate(n=Count("pk"))
    )
    for number, row in enumerate(alone.iterator(chunk_size=5000)):
        facts = _facts(f"G{number}", [(0, None, *row[:-1])])
        yield dataclasses.replace(facts, weight=row[-1])
    grouped: dict[str, list[tuple]] = defaultdict(list)
    several = CaseRecord.objects.filter(person_id__in=shared).order_by().values_list(*_COLUMNS)
    for row in several.iterator(chunk_size=5000):
        grouped[f"P{row[1]}"].append(row)
    for key, rows in grouped.items():
        yield _facts(key, rows)
