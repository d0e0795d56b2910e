"""The k-anonymised export of persons (docs/disclosure.md, "k-anonymised export"): one row a
person, after HTCDS 2.0 and the CTDC global dataset, quasi-identifiers generalised together
until every combination is shared by at least k rows. Reads only: the command audits."""

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext

from cases.stats.dimensions import (
    DEFAULT_STATUSES,
    EXPLOITATION_CODES,
    UNKNOWN,
    PersonFacts,
    age_band,
    age_group,
    citizenship_group,
    home_country,
    year_of,
)
from cases.stats.persons import persons

# The columns of the export, after HTCDS 2.0 and the CTDC global dataset built on it: one row
# a person, no key, no record id, no agency. Quasi-identifiers are generalised together.
EXPORT_COLUMNS = (
    "row",
    "yearOfRegistration",
    "traffickingStatus",
    "gender",
    "ageBroad",
    "majorityStatus",
    "citizenship",
    "regionOfExploitation",
    *(f"is_{code}" for code in EXPLOITATION_CODES),
)
QUASI_IDENTIFIERS = (
    "yearOfRegistration",
    "gender",
    "ageBroad",
    "majorityStatus",
    "citizenship",
    "regionOfExploitation",
)
SUPPRESSED = "*"
# Generalisation levels, finest first: which quasi-identifiers are coarsened at each.
_LEVELS: tuple[frozenset[str], ...] = (
    frozenset(),
    frozenset({"regionOfExploitation"}),
    frozenset({"regionOfExploitation", "ageBroad"}),
    frozenset({"regionOfExploitation", "ageBroad", "citizenship"}),
    frozenset({"regionOfExploitation", "ageBroad", "citizenship", "yearOfRegistration"}),
)
# The share of persons a level may drop before a coarser level is tried.
MAX_DROPPED = 0.05


@dataclass(frozen=True)
class AnonymisedExport:
    columns: tuple[str, ...]
    rows: list[dict[str, str]]
    dropped: int  # persons left out because their group stayed smaller than k
    level: int  # how far the quasi-identifiers were generalised (index into the levels)


def _export_row(facts: PersonFacts, home: str, coarse: frozenset[str]) -> dict[str, str]:
    group = age_group(facts)[0]
    row = {
        "yearOfRegistration": year_of(facts)[0],
        "traffickingStatus": facts.status,
        "gender": facts.sex or UNKNOWN,
        "ageBroad": age_band(facts)[0],
        "majorityStatus": {"child": "minor", "adult": "adult"}.get(group, UNKNOWN),
        # Eurostat's groups; with no home country set, everyone is EU or non-EU.
        "citizenship": citizenship_group(facts.nationality, home),
        "regionOfExploitation": facts.region or UNKNOWN,
    }
    row |= {f"is_{code}": str(int(code in facts.exploitation)) for code in EXPLOITATION_CODES}
    return {name: SUPPRESSED if name in coarse else value for name, value in row.items()}


def _quasi(row: Mapping[str, str]) -> tuple[str, ...]:
    return tuple(row[name] for name in QUASI_IDENTIFIERS)


def anonymised_persons(
    *,
    k: int,
    statuses: Sequence[str] = DEFAULT_STATUSES,
    population: Iterable[PersonFacts] | None = None,
    home: str | None = None,
) -> AnonymisedExport:
    """One row a person, generalised until every combination of quasi-identifiers is shared by
    at least `k` rows: the finest level that drops at most MAX_DROPPED of the persons (else the
    coarsest), and the persons still in smaller groups dropped."""
    if k < 2:
        raise ValueError(gettext("k is at least 2."))
    home = home_country() if home is None else home
    people = [f for f in (persons() if population is None else population) if f.status in statuses]
    for level, coarse in enumerate(_LEVELS):
        rows = [_export_row(f, home, coarse) for f in people for _ in range(f.weight)]
        sizes = Counter(_quasi(row) for row in rows)
        kept = [row for row in rows if sizes[_quasi(row)] >= k]
        if len(rows) - len(kept) <= MAX_DROPPED * len(rows) or level == len(_LEVELS) - 1:
            break
    # Sorted by value, numbered afresh: the order says nothing of import order or agency.
    kept.sort(key=lambda row: tuple(row.values()))
    numbered = [{"row": str(n), **row} for n, row in enumerate(kept, start=1)]
    return AnonymisedExport(
        columns=EXPORT_COLUMNS, rows=numbered, dropped=len(rows) - len(kept), level=level
    )
