"""The attributes a person is counted by (docs/disclosure.md, "Dimensions"): a person's facts,
the dimensions and their categories, and how a category is shown."""

import datetime
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases.categories import EXPLOITATION
from cases.models import Sex, TraffickingStatus
from tipmonitor.lib.countries import M49_REGIONS, m49_region, place_name
from tipmonitor.lib.disclosure import TOTAL

UNKNOWN = "unknown"
ADULT_AGE = 18
# The statuses counted unless asked otherwise: victims, presumed or identified.
DEFAULT_STATUSES = (TraffickingStatus.PRESUMED, TraffickingStatus.IDENTIFIED)
STATUS_RANK = {
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


def age_group(f: PersonFacts) -> list[str]:
    if f.age is None:
        return [UNKNOWN]
    return ["child" if f.age < ADULT_AGE else "adult"]


def age_band(f: PersonFacts) -> list[str]:
    if f.age is None:
        return [UNKNOWN]
    for low, high in AGE_BANDS:
        if high is None:
            return [f"{low}_plus"]
        if f.age <= high:
            return [f"{low}_{high}"]
    return [UNKNOWN]


def unodc_group(f: PersonFacts) -> list[str]:
    """UNODC's women, men, girls and boys; anyone else (sex other or unknown, age unknown)
    is "other"."""
    names: dict[tuple[str, str], str] = {
        (Sex.FEMALE, "adult"): "women",
        (Sex.MALE, "adult"): "men",
        (Sex.FEMALE, "child"): "girls",
        (Sex.MALE, "child"): "boys",
    }
    return [names.get((f.sex, age_group(f)[0]), "other")]


def citizenship_group(nationality: str, home: str) -> str:
    if not nationality:
        return UNKNOWN
    if home and nationality == home:
        return "national"
    return "eu" if nationality in EU_MEMBERS else "non_eu"


# UNODC's forms of exploitation (GLOTIP, docs/international.md): each of the project's forms
# falls in one; domestic servitude is forced labour, as UNODC counts it.
GLOTIP_GROUP = {"sexual": "sexual", "labour": "labour", "servitude": "labour"}
GLOTIP_OTHER = ("begging", "forced_criminality", "forced_marriage", "organ_removal", "other")
GLOTIP_FORMS = (
    "sexual",
    "labour",
    *(f"other_{code}" for code in GLOTIP_OTHER),
    "other_several",
    "mixed",
    UNKNOWN,
)
# Citizenship for UNODC: nationals, foreigners by UN M49 region, stateless (ICAO `XXA`).
CITIZENSHIP_REGIONS = ("national", *M49_REGIONS, "stateless", UNKNOWN)


def glotip_form(f: PersonFacts) -> list[str]:
    """One form a person: sexual exploitation, forced labour, one of the other forms (or
    several of them), mixed (more than one of the three), or not known (none recorded)."""
    groups = {GLOTIP_GROUP.get(code, "other") for code in f.exploitation}
    if not groups:
        return [UNKNOWN]
    if len(groups) > 1:
        return ["mixed"]
    if groups != {"other"}:
        return [groups.pop()]
    others = sorted(set(f.exploitation))
    return [f"other_{others[0]}" if len(others) == 1 else "other_several"]


def citizenship_region(nationality: str, home: str) -> str:
    if home and nationality == home:
        return "national"
    if nationality == "XXA":
        return "stateless"
    return (m49_region(nationality) if nationality else None) or UNKNOWN


def year_of(f: PersonFacts) -> list[str]:
    return [str(f.identified_on.year) if f.identified_on else UNKNOWN]


def quarter_of(f: PersonFacts) -> list[str]:
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
    "age_group": Dimension(_("Age group"), lambda f, h: age_group(f), ("child", "adult", UNKNOWN)),
    "age_band": Dimension(
        _("Age band"),
        lambda f, h: age_band(f),
        ("0_11", "12_17", "18_24", "25_34", "35_44", "45_plus", UNKNOWN),
    ),
    "unodc_group": Dimension(
        _("Women, men, girls, boys"),
        lambda f, h: unodc_group(f),
        ("women", "men", "girls", "boys", "other"),
    ),
    "nationality": Dimension(_("Citizenship"), lambda f, h: [f.nationality or UNKNOWN]),
    "citizenship_group": Dimension(
        _("Citizenship group"),
        lambda f, h: [citizenship_group(f.nationality, h)],
        ("national", "eu", "non_eu", UNKNOWN),
    ),
    "citizenship_region": Dimension(
        _("Citizenship (UN M49 region)"),
        lambda f, h: [citizenship_region(f.nationality, h)],
        CITIZENSHIP_REGIONS,
    ),
    "glotip_form": Dimension(
        _("Form of exploitation (UNODC)"), lambda f, h: glotip_form(f), GLOTIP_FORMS
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
    "year": Dimension(_("Year of identification"), lambda f, h: year_of(f)),
    "quarter": Dimension(_("Quarter of identification"), lambda f, h: quarter_of(f)),
    "agency": Dimension(_("Reporting agency"), lambda f, h: list(f.agencies), multiple=True),
}


# Dimensions whose categories are ISO 3166 codes of countries or regions.
PLACE_DIMENSIONS = frozenset({"nationality", "region"})


def categories_of(name: str, seen: Iterable[str]) -> tuple[str, ...]:
    fixed = DIMENSIONS[name].fixed
    if fixed is None:
        return tuple(sorted(seen, key=lambda c: (c == UNKNOWN, c)))
    return fixed + tuple(sorted(set(seen) - set(fixed)))


def category_label(dimension: str, code: str) -> str:
    """How a category is shown: words for the coded ones; a citizenship's or a region's ISO
    3166 code as its name in the active language (`LKA` -> Sri Lanka); else the code itself (a
    region named in words, a year)."""
    if code == TOTAL:
        return gettext("Total")
    if code == UNKNOWN:
        return gettext("Not known")
    if dimension in PLACE_DIMENSIONS:
        return place_name(code)
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
        "citizenship_region": {
            "national": _("Nationals"),
            "africa": _("Africa"),
            "americas": _("Americas"),
            "asia": _("Asia"),
            "europe": _("Europe"),
            "oceania": _("Oceania"),
            "stateless": _("Stateless"),
        },
        "glotip_form": {
            "sexual": _("Sexual exploitation"),
            "labour": _("Forced labour"),
            "other_begging": _("Other: forced begging"),
            "other_forced_criminality": _("Other: forced criminality"),
            "other_forced_marriage": _("Other: forced marriage"),
            "other_organ_removal": _("Other: removal of organs"),
            "other_other": _("Other: other forms"),
            "other_several": _("Other: several other forms"),
            "mixed": _("Mixed exploitation"),
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
