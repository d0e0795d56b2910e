"""One person and the records the agencies write of them: which agencies, in which script and
transliteration, with which errors (`PROFILES` sets how often)."""

import datetime
import functools
import itertools
import random
from dataclasses import dataclass

from .names import (
    ARMENIAN_GIVEN,
    RUSSIAN_FEMALE,
    RUSSIAN_MALE,
    RUSSIAN_SURNAMES,
    SOUTH_ASIAN_FEMALE,
    SOUTH_ASIAN_MALE,
    SOUTH_ASIAN_SURNAMES,
)

# Agencies, and how likely each writes a name in Armenian script, Cyrillic, or Latin.
AGENCIES = {
    "POL": (0.6, 0.1, 0.3),
    "PRO": (0.7, 0.1, 0.2),
    "LAB": (0.5, 0.2, 0.3),
    "IDC": (0.6, 0.0, 0.4),
    "MIG": (0.2, 0.3, 0.5),
    "NGO1": (0.1, 0.2, 0.7),
    "NGO2": (0.3, 0.3, 0.4),
    "NGO3": (0.0, 0.2, 0.8),
    "IOM": (0.0, 0.0, 1.0),
    "SOC": (0.8, 0.1, 0.1),
}
# Each agency's own habit (0 Armenian script, 1 Cyrillic, 2 Latin with its usual
# transliteration); a record outside the habit is written by AGENCIES' odds, any variant.
# All keep Armenian script: with one agency keeping Latin (IOM), the baseline cannot pass about
# 0.76 whatever the error rates, so the 0.82 describes data without such an agency.
HOUSE_SCRIPT = dict.fromkeys(AGENCIES, 0)


@dataclass(frozen=True)
class Profile:
    """How often each kind of variation occurs in a record."""

    mixed: float  # written outside the agency's habit (a passport, a referral, another clerk)
    typo: float  # a typo, in each name part
    swapped: float  # first and last name swapped
    no_first: float  # first name missing
    # Birth date full, day and month swapped, year and month, year, year one off (the rest: none).
    dates: tuple[float, float, float, float, float]


PROFILES = {
    # Calibrated so that Splink's default comparisons on the clear lower-cased names reach
    # about 0.82 pairwise F1 (bench/bench_linkage.py), as the issue describes such data.
    "default": Profile(
        mixed=0.05, typo=0.015, swapped=0.015, no_first=0.01, dates=(0.9, 0.02, 0.03, 0.03, 0.01)
    ),
    # Every record's script and transliteration drawn anew, and denser errors.
    "hard": Profile(
        mixed=1.0, typo=0.07, swapped=0.05, no_first=0.02, dates=(0.65, 0.05, 0.09, 0.11, 0.02)
    ),
}
REGIONS = ["AM-ER", "AM-SH", "AM-LO", "AM-KT", "AM-AR", "AM-AV", "AM-GR", "AM-TV", "RU-MOW",
           "AE-DU", "TR-34"]  # fmt: skip
EXPLOITATION = ["sexual", "labour", "begging", "forced_criminality", "forced_marriage", "servitude"]
APPEARANCES = [(1, 0.48), (2, 0.30), (3, 0.14), (4, 0.08)]


@dataclass(frozen=True)
class Person:
    truth: int
    sex: str
    first: list[str]  # spellings
    last: list[str]
    latin_only: bool
    born: datetime.date
    nationality: str
    region: str
    exploitation: str


@functools.cache
def _zipf(n: int) -> list[float]:
    return list(itertools.accumulate(1 / (rank + 1) ** 0.7 for rank in range(n)))


def weighted(rng: random.Random, choices: list[tuple[int, float]]) -> int:
    return rng.choices([c for c, _ in choices], [w for _, w in choices])[0]


def draw_person(rng: random.Random, truth: int, armenian_surnames: list[list[str]]) -> Person:
    sex = rng.choice("FFFM")  # most identified victims are women and girls
    group = rng.random()
    if group < 0.78:
        given = ARMENIAN_GIVEN[sex]
        # A few names are common and most are rare, as in any population.
        first = rng.choices(given, cum_weights=_zipf(len(given)))[0]
        last = rng.choices(armenian_surnames, cum_weights=_zipf(len(armenian_surnames)))[0]
        nationality, latin_only = "ARM", False
    elif group < 0.9:
        russian = RUSSIAN_FEMALE if sex == "F" else RUSSIAN_MALE
        first = rng.choice(list(russian.values()))
        last = rng.choice(list(RUSSIAN_SURNAMES.values()))
        if sex == "F" and last[0].endswith("в"):  # Иванова: the feminine form, in every script
            last = [s + ("а" if s[-1] == "в" else "a") for s in last if not s.endswith("ff")]
        nationality, latin_only = rng.choice(["RUS", "UKR", "BLR"]), False
        first, last = ["", *first], ["", *last]  # no Armenian spelling: index 0 unused
    else:
        south_asian = SOUTH_ASIAN_FEMALE if sex == "F" else SOUTH_ASIAN_MALE
        first = rng.choice(list(south_asian.values()))
        last = rng.choice(list(SOUTH_ASIAN_SURNAMES.values()))
        nationality, latin_only = rng.choice(["IND", "NPL", "BGD", "LKA"]), True
    born = datetime.date(1965, 1, 1) + datetime.timedelta(days=rng.randrange(365 * 45))
    return Person(truth, sex, first, last, latin_only, born, nationality, rng.choice(REGIONS),
                  rng.choice(EXPLOITATION))  # fmt: skip


def _spelling(
    rng: random.Random, spellings: list[str], agency: str, latin_only: bool, house: bool
) -> str:
    if house:
        return _house_spelling(spellings, agency, latin_only)
    if latin_only:
        return rng.choice(spellings)
    armenian, cyrillic, _latin = AGENCIES[agency]
    script = rng.choices([0, 1, 2], [armenian, cyrillic, _latin])[0]
    if script == 0 and spellings[0]:
        return spellings[0]
    if script == 1 and spellings[1]:
        return spellings[1]
    return rng.choice(spellings[2:])


def _house_spelling(spellings: list[str], agency: str, latin_only: bool) -> str:
    """The spelling an agency's own habit gives: its script, and in Latin its usual
    transliteration (the first listed); a name with no spelling in that script falls back to
    the next (Cyrillic for a Russian name in an Armenian-script file, then Latin)."""
    if latin_only:
        return spellings[0]
    script = HOUSE_SCRIPT[agency]
    if script == 0 and spellings[0]:
        return spellings[0]
    if script <= 1 and spellings[1]:
        return spellings[1]
    return spellings[2]


def _typo(rng: random.Random, name: str) -> str:
    if len(name) < 3:
        return name
    i = rng.randrange(1, len(name) - 1)
    kind = rng.randrange(4)
    if kind == 0:
        return name[:i] + name[i + 1 :]
    if kind == 1:
        return name[:i] + name[i] + name[i:]
    if kind == 2:
        return name[:i] + name[i + 1] + name[i] + name[i + 2 :]
    return name[:i] + rng.choice(name) + name[i + 1 :]  # a letter of its own script


def _birth_date(rng: random.Random, born: datetime.date, profile: "Profile") -> str:
    draw = rng.random()
    full, swapped, month, year, year_off = itertools.accumulate(profile.dates)
    if draw < full:
        return born.isoformat()
    if draw < swapped and born.day <= 12 and born.day != born.month:
        return f"{born.year}-{born.day:02d}-{born.month:02d}"  # day and month swapped
    if draw < month:
        return f"{born.year}-{born.month:02d}"
    if draw < year:
        return str(born.year)
    if draw < year_off:
        return str(born.year + rng.choice((-1, 1)))  # a year guessed from an age
    return ""


def write_record(
    rng: random.Random, person: Person, agency: str, number: int, profile: str
) -> dict[str, object]:
    rates = PROFILES[profile]
    # One draw per record (a record copied from a passport has both names in its script); none
    # in "hard", whose random stream, and so its records, stay as they were.
    house = rates.mixed < 1 and rng.random() >= rates.mixed
    first = _spelling(rng, person.first, agency, person.latin_only, house)
    last = _spelling(rng, person.last, agency, person.latin_only, house)
    if rng.random() < rates.typo:
        first = _typo(rng, first)
    if rng.random() < rates.typo:
        last = _typo(rng, last)
    if rng.random() < rates.swapped:
        first, last = last, first
    elif rng.random() < rates.no_first:
        first = ""
    region = person.region if rng.random() < 0.85 else rng.choice(REGIONS)
    return {
        "truth": person.truth,
        "agency": agency,
        "record_id": f"{agency}-{number:07d}",
        "first_name": first,
        "last_name": last,
        "date_of_birth": _birth_date(rng, person.born, rates),
        "sex": person.sex if rng.random() > 0.05 else "",
        "nationality": person.nationality if rng.random() > 0.1 else "",
        "region": region if rng.random() > 0.2 else "",
        # Agencies judge the form of exploitation themselves, and sometimes differently.
        "exploitation": person.exploitation if rng.random() < 0.85 else rng.choice(EXPLOITATION),
    }
