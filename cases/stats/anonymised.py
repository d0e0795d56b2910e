"""The k-anonymised export of persons (docs/disclosure.md, "k-anonymised export"): one row a
person, in HTCDS 2.0's fields and picklist values (cases/stats/htcds.py) and three columns of
the CTDC global dataset it has no field for, quasi-identifiers generalised together until every
combination is shared by at least k rows. Reads only: the command audits."""

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext

from cases.stats.dimensions import (
    DEFAULT_STATUSES,
    UNKNOWN,
    PersonFacts,
    age_band,
    age_group,
    home_country,
    year_of,
)
from cases.stats.persons import persons
from tipmonitor.lib.countries import is_place_code

# The columns of the export: HTCDS 2.0 fields where the standard has one, CTDC's otherwise
# (yearOfRegistration, ageBroad, majorityStatus); one row a person, no key, no record id, no
# agency. The region of exploitation is a historic trafficking event of type Exploitation.
EXPORT_COLUMNS = (
    "yearOfRegistration",
    "vic_TraffickingStatus",
    "prs_Gender",
    "ageBroad",
    "majorityStatus",
    "prs_Citizenship",
    "hte_Type",
    "hte_State",
    "vic_TypeOfExploitation",
)
QUASI_IDENTIFIERS = (
    "yearOfRegistration",
    "prs_Gender",
    "ageBroad",
    "majorityStatus",
    "prs_Citizenship",
    "hte_State",
)
# A generalised value: empty, as every HTCDS field may be.
SUPPRESSED = ""
# Generalisation levels, finest first: which quasi-identifiers are coarsened at each.
_LEVELS: tuple[frozenset[str], ...] = (
    frozenset(),
    frozenset({"hte_State"}),
    frozenset({"hte_State", "ageBroad"}),
    frozenset({"hte_State", "ageBroad", "prs_Citizenship"}),
    frozenset({"hte_State", "ageBroad", "prs_Citizenship", "yearOfRegistration"}),
)
# The project's codes as HTCDS 2.0 picklist values.
HTCDS_STATUS = {
    "presumed": "PossibleVictimOfTrafficking",
    "identified": "ActualVictimOfTrafficking",
    "not_victim": "NotAVictimOfTrafficking",
}
HTCDS_GENDER = {"F": "Feminine", "M": "Masculine", "X": "NonConforming"}
# Forced criminality has no value of its own in HTCDS 2.0: Other.
HTCDS_EXPLOITATION = {
    "sexual": "SexualExploitation",
    "labour": "ForcedLabour",
    "begging": "ForcedBegging",
    "forced_criminality": "Other",
    "forced_marriage": "ForcedMarriage",
    "servitude": "Servitude",
    "organ_removal": "OrganRemoval",
    "other": "Other",
}
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
    year = year_of(facts)[0]
    forms = sorted({HTCDS_EXPLOITATION.get(code, "Other") for code in facts.exploitation})
    row = {
        "yearOfRegistration": "" if year == UNKNOWN else year,
        "vic_TraffickingStatus": HTCDS_STATUS.get(facts.status, ""),
        "prs_Gender": HTCDS_GENDER.get(facts.sex, "NonSpecifiedUnknown"),
        "ageBroad": age_band(facts)[0],
        "majorityStatus": {"child": "minor", "adult": "adult"}.get(group, UNKNOWN),
        # ISO 3166 only: ICAO's codes for stateless persons and refugees are not.
        "prs_Citizenship": facts.nationality if is_place_code(facts.nationality) else "",
        "hte_Type": "Exploitation" if facts.region else "",
        "hte_State": facts.region,
        "vic_TypeOfExploitation": ";".join(forms),
    }
    row = {name: SUPPRESSED if name in coarse else value for name, value in row.items()}
    if not row["hte_State"]:
        row["hte_Type"] = ""
    return row


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
    # Sorted by value: the order says nothing of import order or agency.
    kept.sort(key=lambda row: tuple(row.values()))
    return AnonymisedExport(
        columns=EXPORT_COLUMNS, rows=kept, dropped=len(rows) - len(kept), level=level
    )
