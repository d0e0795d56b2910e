"""The published tables: a fixed family of tables per year that viewers see and the coordinator
publishes (docs/disclosure.md, "Published tables"). Reads only: the callers audit.

A viewer who could choose dimensions, statuses and periods could difference two protected
tables (issue 10 #3: presumed by age group, total 21; both statuses, Adult 48; identified,
Adult 28; so Child presumed = 1). So viewers get no ad-hoc filter: for a year that has ended,
the persons first identified in it, presumed and identified, by each of a fixed set of
attributes — every table status × attribute, with the presumed, identified and both rows
and their totals — protected jointly (`tipmonitor.lib.disclosure.protect_family`): the
persons of each status are one cell in every table, and no withheld count is determined by
all the published cells of the year together. Quarters are one of the attributes, so the
year's successive quarters are protected with it.

A year whose records were purged (retention) is read from the cells frozen before the purge
(`FrozenPublishedYear`): it stays published exactly as it was.

Years are disjoint (a person counts in the year of their first identification only) and no
running year is published, so one year's family shares no cell with another's.

Left out on purpose: forms of exploitation and reporting agencies (a person may have several:
their cells bound the totals by inequalities the exact check does not model), the UNODC
groups (a function of sex and age, which would tie the sex and age tables below the margin)
and regions (a region appearing at all says someone was found there). The coordinator has
them in the free-form statistics.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from cases.models import FrozenPublishedYear, TraffickingStatus
from cases.stats.counting import StatsQuery, person_counts
from cases.stats.dimensions import PersonFacts, home_country
from cases.stats.persons import persons
from tipmonitor.lib.disclosure import DEFAULT_THRESHOLD, TOTAL, Key, ProtectedTable, protect_family

PUBLISHED_STATUSES = (TraffickingStatus.PRESUMED.value, TraffickingStatus.IDENTIFIED.value)
PUBLISHED_DIMENSIONS = ("sex", "age_group", "citizenship_group", "quarter")


@dataclass(frozen=True)
class PublishedTable:
    """One table of the family: rows the statuses (and their total), columns the categories of
    `dimension` (and their total)."""

    dimension: str
    table: ProtectedTable


@dataclass(frozen=True)
class PublishedYear:
    year: int
    persons: int  # counted, for the audit; published only as the table cells allow
    tables: list[PublishedTable]


def published_years(
    *, population: Iterable[PersonFacts] | None = None, today: datetime.date | None = None
) -> list[int]:
    """The years that may be published, newest first: ended, with persons first identified in
    them."""
    current = (today or datetime.date.today()).year
    found = {
        facts.identified_on.year
        for facts in (persons() if population is None else population)
        if facts.identified_on and facts.status in PUBLISHED_STATUSES
    }
    found |= set(FrozenPublishedYear.objects.values_list("year", flat=True))
    return sorted((year for year in found if year < current), reverse=True)


def _shared(key: Key) -> bool:
    # The persons of a status (presumed, identified, both): the same cell in every table.
    return key[1] == TOTAL


Family = dict[str, tuple[tuple[tuple[str, ...], tuple[str, ...]], dict[Key, int]]]


def family_cells(year: int, *, population: Iterable[PersonFacts], home: str) -> tuple[Family, int]:
    """The true cells of every table of `year`'s family (before protection), and the persons
    they count."""
    people = list(population)
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    family: Family = {}
    counted = 0
    for dimension in PUBLISHED_DIMENSIONS:
        query = StatsQuery(
            by=("status", dimension), start=start, end=end, statuses=PUBLISHED_STATUSES
        )
        table = person_counts(query, population=people, home=home)
        counted = table.persons
        axis = _axis(dimension, table.categories[1], year)
        cells = {key: n for key, n in table.counts.items() if TOTAL not in key}
        family[dimension] = ((PUBLISHED_STATUSES, axis), cells)
    return family, counted


def frozen_family(frozen: FrozenPublishedYear) -> tuple[Family, int]:
    """The cells a purge froze (cases/retention.py), as `family_cells` gives them."""
    family: Family = {}
    for dimension in PUBLISHED_DIMENSIONS:
        stored = frozen.tables[dimension]
        statuses, axis = (tuple(str(code) for code in codes) for codes in stored["axes"])
        cells: dict[Key, int] = {
            (str(status), str(code)): int(n) for status, code, n in stored["cells"]
        }
        family[dimension] = ((statuses, axis), cells)
    return family, frozen.persons


def published_tables(
    year: int,
    *,
    population: Iterable[PersonFacts] | None = None,
    home: str | None = None,
    threshold: int = DEFAULT_THRESHOLD,
) -> PublishedYear:
    """The family of `year`, protected jointly (see the module's docstring). A year whose
    records were partly purged (retention) is read from the cells frozen before the purge,
    so what was published stays as it was."""
    frozen = FrozenPublishedYear.objects.filter(year=year).first()
    if frozen is not None:
        family, counted = frozen_family(frozen)
    else:
        people = persons() if population is None else population
        home = home_country() if home is None else home
        family, counted = family_cells(year, population=people, home=home)
    protected = protect_family(family, shared=_shared, threshold=threshold)
    tables = [PublishedTable(name, protected[name]) for name in PUBLISHED_DIMENSIONS]
    return PublishedYear(year=year, persons=counted, tables=tables)


def _axis(dimension: str, seen: tuple[str, ...], year: int) -> tuple[str, ...]:
    """The columns: every quarter of the year whether anyone was found in it or not (which
    quarters appear must not depend on the data); the dimension's own categories otherwise."""
    if dimension == "quarter":
        return tuple(f"{year}-Q{quarter}" for quarter in range(1, 5))
    return seen
