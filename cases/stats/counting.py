"""Counts of persons (not records) from the case records, by any dimensions, over any period,
by trafficking status (docs/disclosure.md, "What is counted"), and the cells as they are output.
Reads only: the callers audit.

A person with several forms of exploitation (or reported by several agencies) counts in each,
so these dimensions' categories add up to more than the total; the total is still the number
of persons.
"""

import datetime
import itertools
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext

from cases.models import TraffickingStatus
from cases.stats.dimensions import (
    DEFAULT_STATUSES,
    DIMENSIONS,
    PersonFacts,
    categories_of,
    dimension_label,
    home_country,
)
from cases.stats.persons import persons
from tipmonitor.lib.disclosure import TOTAL, ProtectedTable, all_keys, protect


@dataclass(frozen=True)
class StatsQuery:
    """Which persons to count and how to break them down. `start`/`end` bound the date of a
    person's first identification (inclusive); `filters` maps a dimension to the categories
    kept (a person matches when any of their categories is kept)."""

    by: tuple[str, ...] = ()
    start: datetime.date | None = None
    end: datetime.date | None = None
    statuses: tuple[str, ...] = tuple(DEFAULT_STATUSES)
    filters: Mapping[str, Sequence[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        unknown = [d for d in (*self.by, *self.filters) if d not in DIMENSIONS]
        if unknown:
            raise ValueError(
                gettext("Unknown dimension %(names)s; use %(allowed)s.")
                % {"names": ", ".join(unknown), "allowed": ", ".join(DIMENSIONS)}
            )
        if len(set(self.by)) != len(self.by):
            raise ValueError(gettext("A dimension is given twice."))
        bad = [s for s in self.statuses if s not in TraffickingStatus.values]
        if bad:
            raise ValueError(
                gettext("Unknown status %(names)s; use %(allowed)s.")
                % {"names": ", ".join(bad), "allowed": ", ".join(TraffickingStatus.values)}
            )

    def describe(self) -> str:
        """What the audit records of this query: dimensions and filters, codes only."""
        parts = [f"by={','.join(self.by) or '-'}", f"status={','.join(self.statuses)}"]
        if self.start or self.end:
            parts.append(f"period={self.start or ''}..{self.end or ''}")
        parts += [f"{name}={','.join(codes)}" for name, codes in sorted(self.filters.items())]
        return " ".join(parts)


@dataclass(frozen=True)
class StatsTable:
    """Counts of persons: `counts` maps a key (one category or TOTAL per dimension of `by`)
    to the number of distinct persons; totals count persons, not the sum of categories."""

    by: tuple[str, ...]
    categories: tuple[tuple[str, ...], ...]
    counts: Mapping[tuple[str, ...], int]
    persons: int

    @property
    def total(self) -> int:
        return self.counts.get(tuple(TOTAL for _ in self.by), 0)

    @property
    def multiple(self) -> tuple[str, ...]:
        """The dimensions in which a person may count more than once."""
        return tuple(name for name in self.by if DIMENSIONS[name].multiple)

    def protected(self, *, threshold: int) -> ProtectedTable:
        return protect(self.counts, self.categories, threshold=threshold)


def selects(query: StatsQuery, facts: PersonFacts, home: str) -> bool:
    """Whether `query` counts this person (status, period of first identification, filters)."""
    if facts.status not in query.statuses:
        return False
    if query.start or query.end:
        day = facts.identified_on
        if day is None or (query.start and day < query.start) or (query.end and day > query.end):
            return False
    return all(
        set(DIMENSIONS[name].categories_of(facts, home)).intersection(codes)
        for name, codes in query.filters.items()
    )


def person_counts(
    query: StatsQuery,
    *,
    population: Iterable[PersonFacts] | None = None,
    home: str | None = None,
) -> StatsTable:
    """Count the persons `query` selects, broken down by its dimensions: two queries, or none
    when the caller passes the persons it loaded already (`population`)."""
    home = home_country() if home is None else home
    alike: Counter[PersonFacts] = Counter()
    for facts in persons() if population is None else population:
        alike[facts] += facts.weight
    counts: Counter[tuple[str, ...]] = Counter()
    seen: dict[str, set[str]] = {name: set() for name in query.by}
    persons_counted = 0
    for facts, weight in alike.items():
        if not selects(query, facts, home):
            continue
        per_dim = [sorted(set(DIMENSIONS[n].categories_of(facts, home))) for n in query.by]
        for name, found in zip(query.by, per_dim, strict=True):
            seen[name].update(found)
        # Each person once in every cell they belong to, totals included.
        for key in itertools.product(*[[*cats, TOTAL] for cats in per_dim]):
            counts[key] += weight
        persons_counted += weight
    axes = tuple(categories_of(name, seen[name]) for name in query.by)
    return StatsTable(by=query.by, categories=axes, counts=dict(counts), persons=persons_counted)


@dataclass(frozen=True)
class OutputCell:
    key: tuple[str, ...]  # category codes, TOTAL for a total
    persons: int | None  # None: withheld by disclosure control


def output_cells(table: StatsTable, *, public: bool, threshold: int) -> list[OutputCell]:
    """Every cell of the table in a stable order (totals after their categories); with
    `public`, the cells disclosure control withholds have no count. Why a cell is withheld is
    never said: "primary" would tell a count is between 1 and the threshold."""
    protected = table.protected(threshold=threshold) if public else None
    return [
        OutputCell(key, protected.published(key) if protected else table.counts.get(key, 0))
        for key in all_keys(table.categories)
    ]


def notes(table: StatsTable) -> list[str]:
    """What a reader must know to read the table right."""
    said = [gettext("Persons are counted, not records: a person several agencies reported once.")]
    for name in table.multiple:
        said.append(
            gettext(
                "A person may fall in several categories of %(dimension)s and counts in each; "
                "its total counts every person once."
            )
            % {"dimension": dimension_label(name)}
        )
    return said
