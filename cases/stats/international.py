"""The tables of international reporting (docs/international.md): detected victims of one year
in the shape of UNODC's Global Report on Trafficking in Persons (GLOTIP) questionnaire and SDG
indicator 16.2.2, counted from the linked case records. Reads only: the callers audit.

"Detected victims" are the persons first identified in the year, presumed and identified (as
cases/stats counts them: a person once, whichever agencies reported them). Two tables share
their margin, the persons of each of UNODC's groups (women, men, girls, boys, and those whose
sex or age is not known):
- group × form of exploitation (sexual exploitation, forced labour, each other form, mixed);
- group × citizenship (nationals, foreigners by UN M49 region, stateless, not known).
They are protected as one family (`tipmonitor.lib.disclosure.protect_family`, as the published
tables are): a group's persons are one cell in both, and no withheld count is determined by
everything published together. Each person has one form and one citizenship here, so the
tables are exact sums and the family's equations are all a reader can know.

The subtotals UNODC asks for beside the categories — other forms, foreigners — are not
protected cells: each is the sum of published cells, and is withheld when any of its parts is,
so it tells nothing the parts do not. The rate per 100,000 residents is computed from the
published total, and withheld with it.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext

from cases.models import FrozenPublishedYear
from cases.stats.counting import StatsQuery, person_counts
from cases.stats.dimensions import (
    CITIZENSHIP_REGIONS,
    DEFAULT_STATUSES,
    DIMENSIONS,
    GLOTIP_FORMS,
    PersonFacts,
    home_country,
)
from cases.stats.persons import persons
from tipmonitor.lib.disclosure import DEFAULT_THRESHOLD, TOTAL, Key, ProtectedTable, protect_family

GROUP = "unodc_group"
FORM = "glotip_form"
CITIZENSHIP = "citizenship_region"
GROUPS: tuple[str, ...] = DIMENSIONS[GROUP].fixed or ()
# The tables of the family, by name: their column dimension (rows are always the groups).
FAMILY = {"exploitation": FORM, "citizenship": CITIZENSHIP}
# Subtotals beside the categories: (code, the categories summed, placed after).
SUBTOTALS = {
    FORM: ("other", tuple(c for c in GLOTIP_FORMS if c.startswith("other_")), "other_several"),
    CITIZENSHIP: (
        "foreign",
        tuple(c for c in CITIZENSHIP_REGIONS if c not in ("national", "unknown")),
        "stateless",
    ),
}
RATE_PER = 100_000


class NoVictimsError(ValueError):
    """Nothing to report for the year asked."""


@dataclass(frozen=True)
class InternationalYear:
    year: int
    persons: int  # counted, for the audit; published only as the cells allow
    tables: dict[str, ProtectedTable]  # FAMILY's tables, protected jointly
    population: int | None
    threshold: int
    home: str

    def cell(self, table: str, key: Key) -> int | None:
        """A published count of a family table (a subtotal included), None where withheld."""
        protected = self.tables[table]
        dimension = FAMILY[table]
        code, parts, _after = SUBTOTALS[dimension]
        if key[1] != code:
            return protected.published(key)
        found = [protected.published((key[0], part)) for part in parts]
        return None if any(n is None for n in found) else sum(n or 0 for n in found)

    def columns(self, table: str) -> tuple[str, ...]:
        """The columns of a family table as output: categories, the subtotal after its last
        part, the total."""
        dimension = FAMILY[table]
        code, _parts, after = SUBTOTALS[dimension]
        columns: list[str] = []
        for category in self.tables[table].categories[1]:
            columns.append(category)
            if category == after:
                columns.append(code)
        return (*columns, TOTAL)

    @property
    def total(self) -> int | None:
        return self.tables["exploitation"].published((TOTAL, TOTAL))

    @property
    def rate(self) -> Decimal | None:
        """Detected victims per 100,000 residents, two decimals; None without a population
        or when the total is withheld."""
        total = self.total
        if total is None or not self.population:
            return None
        value = Decimal(total) * RATE_PER / Decimal(self.population)
        return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    def withheld(self) -> int:
        """How many cells of the family are withheld (a shared margin once)."""
        cells = {
            (name if key[1] != TOTAL else "", key)
            for name, table in self.tables.items()
            for key in table.suppressed
        }
        return len(cells)


def _shared(key: Key) -> bool:
    # A group's persons (and everyone's): the same cell in both tables.
    return key[1] == TOTAL


def check_year(year: int, *, today: datetime.date | None = None) -> None:
    """ValueError unless `year` has ended and its records are whole (none purged)."""
    current = (today or datetime.date.today()).year
    if not 1900 <= year < current:
        raise ValueError(
            gettext("The year must have ended: from 1900 to %(last)d.") % {"last": current - 1}
        )
    if FrozenPublishedYear.objects.filter(year=year).exists():
        raise ValueError(
            gettext(
                "Records counted in %(year)d were purged (retention): its international "
                "tables can no longer be computed."
            )
            % {"year": year}
        )


def international_tables(
    year: int,
    *,
    population: Iterable[PersonFacts] | None = None,
    residents: int | None = None,
    home: str | None = None,
    threshold: int = DEFAULT_THRESHOLD,
    today: datetime.date | None = None,
) -> InternationalYear:
    """The family of `year`, protected jointly (see the module's docstring). ValueError for a
    year not ended or partly purged; NoVictimsError when nobody was first identified in it.
    `residents` is the country's population that year (None: no rate)."""
    check_year(year, today=today)
    people = list(persons() if population is None else population)
    home = home_country() if home is None else home
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    family: dict[str, tuple[tuple[tuple[str, ...], tuple[str, ...]], dict[Key, int]]] = {}
    counted = 0
    for name, dimension in FAMILY.items():
        query = StatsQuery(
            by=(GROUP, dimension), start=start, end=end, statuses=tuple(DEFAULT_STATUSES)
        )
        table = person_counts(query, population=people, home=home)
        counted = table.persons
        cells = {key: n for key, n in table.counts.items() if TOTAL not in key}
        family[name] = (table.categories, cells)  # type: ignore[assignment]
    if not counted:
        raise NoVictimsError(
            gettext("No presumed or identified victim was first identified in %(year)d.")
            % {"year": year}
        )
    protected = protect_family(family, shared=_shared, threshold=threshold)
    return InternationalYear(
        year=year,
        persons=counted,
        tables=protected,
        population=residents,
        threshold=threshold,
        home=home,
    )
