"""Counts of persons (not records) from the case records, by any dimensions, over any period,
by trafficking status (docs/disclosure.md, "What is counted"). Reads only: the callers audit.

A person is what linkage made of the records (`CaseRecord.person`); a record not linked yet
counts as a person of its own. A person's attributes come from their records by one rule:
- status: identified if any record says identified (the competent body's decision), else
  presumed if any says presumed, else not a victim;
- date of identification: the earliest of their records' (years and quarters count a person in
  the period they were first identified, and a period filter selects on that date);
- sex, age, citizenship, region: the value of the most authoritative record that has one —
  records of identified status first, then the most recently identified, then the most
  recently imported;
- forms of exploitation and reporting agencies: every one their records name. A person with
  several counts in each, so these dimensions' categories add up to more than the total; the
  total is still the number of persons.

Two queries: persons of one record (and records not linked yet) are grouped by their
attributes in the database, so a thousand alike come as one row with a weight; the records of
persons with several are read one by one and combined in Python, because the rule above is not
one SQL aggregate on both SQLite and PostgreSQL.
"""

import dataclasses
import datetime
import itertools
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from cases.categories import EXPLOITATION
from cases.models import CaseRecord, Person, Sex, TraffickingStatus
from cases.selectors import user_reads_all_cases
from plans.models import Indicator, IndicatorType, Plan
from tipmonitor.lib.disclosure import TOTAL, ProtectedTable, all_keys, protect

UNKNOWN = "unknown"
ADULT_AGE = 18
# The statuses counted unless asked otherwise: victims, presumed or identified.
DEFAULT_STATUSES = (TraffickingStatus.PRESUMED, TraffickingStatus.IDENTIFIED)
_STATUS_RANK = {
    TraffickingStatus.IDENTIFIED: 0,
    TraffickingStatus.PRESUMED: 1,
    TraffickingStatus.NOT_VICTIM: 2,
}
EXPLOITATION_CODES = (
    "sexual",
    "labour",
    "begging",
    "forced_criminality",
    "forced_marriage",
    "servitude",
    "organ_removal",
    "other",
)
# Eurostat's citizenship groups: the EU's 27 member states (since 2020).
EU_MEMBERS = frozenset(
    ("AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC", "HUN",
     "IRL", "ITA", "LVA", "LTU", "LUX", "MLT", "NLD", "POL", "PRT", "ROU", "SVK", "SVN", "ESP",
     "SWE")
)  # fmt: skip
# The tables UNODC's and Eurostat's questionnaires ask for.
STANDARD_TABLES: dict[str, tuple[str, ...]] = {
    "unodc": ("unodc_group", "exploitation"),
    "eurostat": ("sex", "age_group", "citizenship_group"),
}
AGE_BANDS = ((0, 11), (12, 17), (18, 24), (25, 34), (35, 44), (45, None))


@dataclass(frozen=True)
class PersonFacts:
    # Neither the key nor the weight takes part in equality: persons alike are counted together.
    key: str = field(compare=False)
    status: str
    identified_on: datetime.date | None
    sex: str
    age: int | None
    nationality: str
    region: str
    exploitation: tuple[str, ...]
    agencies: tuple[str, ...]
    # How many persons share exactly these attributes (the database groups persons of one
    # record that are alike).
    weight: int = field(default=1, compare=False)


def home_country() -> str:
    """The country whose citizens are "nationals" (ISO 3166 alpha-3), from the settings."""
    return str(getattr(settings, "CASES_HOME_COUNTRY", "") or "").upper()


# --- Dimensions -------------------------------------------------------------------------------


def _age_group(f: PersonFacts) -> list[str]:
    if f.age is None:
        return [UNKNOWN]
    return ["child" if f.age < ADULT_AGE else "adult"]


def _age_band(f: PersonFacts) -> list[str]:
    if f.age is None:
        return [UNKNOWN]
    for low, high in AGE_BANDS:
        if high is None:
            return [f"{low}_plus"]
        if f.age <= high:
            return [f"{low}_{high}"]
    return [UNKNOWN]


def _unodc_group(f: PersonFacts) -> list[str]:
    """UNODC's women, men, girls and boys; anyone else (sex other or unknown, age unknown)
    is "other"."""
    names: dict[tuple[str, str], str] = {
        (Sex.FEMALE, "adult"): "women",
        (Sex.MALE, "adult"): "men",
        (Sex.FEMALE, "child"): "girls",
        (Sex.MALE, "child"): "boys",
    }
    return [names.get((f.sex, _age_group(f)[0]), "other")]


def citizenship_group(nationality: str, home: str) -> str:
    if not nationality:
        return UNKNOWN
    if home and nationality == home:
        return "national"
    return "eu" if nationality in EU_MEMBERS else "non_eu"


def _year(f: PersonFacts) -> list[str]:
    return [str(f.identified_on.year) if f.identified_on else UNKNOWN]


def _quarter(f: PersonFacts) -> list[str]:
    day = f.identified_on
    return [f"{day.year}-Q{(day.month - 1) // 3 + 1}" if day else UNKNOWN]


@dataclass(frozen=True)
class Dimension:
    label: Promise
    categories_of: Callable[[PersonFacts, str], list[str]]
    # The categories shown even when nobody falls in them (a published zero); None: the ones
    # the data holds.
    fixed: tuple[str, ...] | None = None
    # A person may fall in several categories (their sum exceeds the total).
    multiple: bool = False


DIMENSIONS: dict[str, Dimension] = {
    "sex": Dimension(_("Sex"), lambda f, h: [f.sex or UNKNOWN], ("F", "M", "X", UNKNOWN)),
    "age_group": Dimension(_("Age group"), lambda f, h: _age_group(f), ("child", "adult", UNKNOWN)),
    "age_band": Dimension(
        _("Age band"),
        lambda f, h: _age_band(f),
        ("0_11", "12_17", "18_24", "25_34", "35_44", "45_plus", UNKNOWN),
    ),
    "unodc_group": Dimension(
        _("Women, men, girls, boys"),
        lambda f, h: _unodc_group(f),
        ("women", "men", "girls", "boys", "other"),
    ),
    "nationality": Dimension(_("Citizenship"), lambda f, h: [f.nationality or UNKNOWN]),
    "citizenship_group": Dimension(
        _("Citizenship group"),
        lambda f, h: [citizenship_group(f.nationality, h)],
        ("national", "eu", "non_eu", UNKNOWN),
    ),
    "exploitation": Dimension(
        _("Form of exploitation"),
        lambda f, h: list(f.exploitation) or [UNKNOWN],
        (*EXPLOITATION_CODES, UNKNOWN),
        multiple=True,
    ),
    "status": Dimension(
        _("Trafficking status"),
        lambda f, h: [f.status],
        tuple(TraffickingStatus.values),
    ),
    "region": Dimension(_("Region of exploitation"), lambda f, h: [f.region or UNKNOWN]),
    "year": Dimension(_("Year of identification"), lambda f, h: _year(f)),
    "quarter": Dimension(_("Quarter of identification"), lambda f, h: _quarter(f)),
    "agency": Dimension(_("Reporting agency"), lambda f, h: list(f.agencies), multiple=True),
}


# --- Persons ----------------------------------------------------------------------------------

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
        _STATUS_RANK.get(row[2], 3),
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


# --- Counting ---------------------------------------------------------------------------------


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
    axes = tuple(_categories(name, seen[name]) for name in query.by)
    return StatsTable(by=query.by, categories=axes, counts=dict(counts), persons=persons_counted)


def _categories(name: str, seen: Iterable[str]) -> tuple[str, ...]:
    fixed = DIMENSIONS[name].fixed
    if fixed is None:
        return tuple(sorted(seen, key=lambda c: (c == UNKNOWN, c)))
    return fixed + tuple(sorted(set(seen) - set(fixed)))


def category_label(dimension: str, code: str) -> str:
    """How a category is shown: words for the coded ones, the code itself otherwise (a
    citizenship's ISO code, a region's name, a year)."""
    if code == TOTAL:
        return gettext("Total")
    if code == UNKNOWN:
        return gettext("Not known")
    return str(_labels().get(dimension, {}).get(code, code))


def dimension_label(name: str) -> str:
    return str(DIMENSIONS[name].label)


def _labels() -> dict[str, Mapping[str, object]]:
    return {
        "sex": dict(Sex.choices),
        "status": dict(TraffickingStatus.choices),
        "exploitation": EXPLOITATION,
        "age_group": {"child": _("Child (under 18)"), "adult": _("Adult (18 and over)")},
        "unodc_group": {
            "women": _("Women"),
            "men": _("Men"),
            "girls": _("Girls"),
            "boys": _("Boys"),
            "other": _("Other or not known"),
        },
        "citizenship_group": {
            "national": _("Nationals"),
            "eu": _("Citizens of other EU countries"),
            "non_eu": _("Citizens of non-EU countries"),
        },
        "age_band": {
            "0_11": _("0–11"),
            "12_17": _("12–17"),
            "18_24": _("18–24"),
            "25_34": _("25–34"),
            "35_44": _("35–44"),
            "45_plus": _("45 and over"),
        },
    }


# --- k-anonymised export ------------------------------------------------------------------------

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
    group = _age_group(facts)[0]
    row = {
        "yearOfRegistration": _year(facts)[0],
        "traffickingStatus": facts.status,
        "gender": facts.sex or UNKNOWN,
        "ageBroad": _age_band(facts)[0],
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


# --- Output ------------------------------------------------------------------------------------


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


# --- Who sees what ------------------------------------------------------------------------------


def stats_access_for_user(user: User) -> bool:
    """Whether the user may see true counts (the coordinator) or only disclosure-controlled
    ones (a viewer, who reads the plan and what would be published of it): False. Anyone else
    is refused: PermissionDenied."""
    if user_reads_all_cases(user):
        return True
    if user.is_authenticated and user.is_active and user.has_role(Role.VIEWER):
        return False
    raise PermissionDenied


def get_indicator_for_case_query(user: User, indicator_id: int) -> Indicator:
    """An indicator to bind to a case query: the coordinator's (403 for anyone else, 404 for
    none, and for a qualitative one, which counts nothing)."""
    if not user_reads_all_cases(user):
        raise PermissionDenied
    indicator = (
        Indicator.objects.select_related("plan", "case_query__agency")
        .exclude(type=IndicatorType.QUALITATIVE)
        .filter(pk=indicator_id)
        .first()
    )
    if indicator is None:
        raise Http404
    return indicator


def get_plan_for_case_queries(user: User, plan_id: int) -> Plan:
    if not user_reads_all_cases(user):
        raise PermissionDenied
    return get_object_or_404(Plan, pk=plan_id)


def case_query_rows(plan: Plan) -> list[Indicator]:
    """The plan's numeric indicators with their case query, if any (one query)."""
    return list(
        plan.indicators.exclude(type=IndicatorType.QUALITATIVE)
        .select_related("case_query__agency")
        .order_by("position", "code")
    )
