"""Realistic cross-agency case records with a known truth, for the linkage benchmark and tests.

Persons are Armenian, Russian-speaking or South Asian migrants with real given names and
surnames, each written the way the agencies write them: in Armenian script, in Cyrillic, or in
one of several Latin transliterations (Petrosyan, Petrosian, Petrossian; Natalya, Natalia,
Natalja). Each person appears in one to four agencies' records (sometimes twice in one agency),
and each record is written independently, with the errors real files have. Two profiles set how
often (`PROFILES`; "default" first, "hard" second):
- the script and transliteration: "default" writes a record in the agency's own habit (Armenian
  script; a Russian name in Cyrillic, a South Asian one in its usual Latin spelling) except for
  5 % of records, written like every record of "hard": script drawn by the agency's odds
  (`AGENCIES`), any transliteration variant;
- a typo (a letter dropped, doubled, replaced or two letters transposed) in a name part
  (1.5 %; 7 %);
- first and last name swapped (1.5 %; 5 %), or the first name missing (1 %; 2 %);
- a birth date that is full (90 %; 65 %), has day and month swapped (2 %; 5 %, where possible),
  only year and month (3 %; 9 %), only the year (3 %; 11 %), a year one off, guessed from an age
  (1 %; 2 %), or none;
- in both: sex (5 %), citizenship (10 %) or region (20 %) missing, region recorded differently
  by another agency (15 %), form of exploitation judged differently (15 %).

"default" is calibrated against the issue's description of such data alone: Splink's default
comparisons on the clear lower-cased names (bench/bench_linkage.py `baseline`) reach about 0.82
pairwise F1 on 50,000 records. "hard" is the generator as it first was (every record's script
drawn anew, denser errors; the same records for the same seed), where that baseline reaches
0.16.

`generate(n_records, seed)` returns the clear records (with `truth`, the person's number);
`pseudonymise(records, secret)` turns them into what the central database holds, through the
import's own key derivation (`tipmonitor.lib.pseudonyms.derive_keys`). Deterministic per seed.
"""

import random
from collections.abc import Iterator

from .names import armenian_surnames
from .records import AGENCIES, APPEARANCES, PROFILES, Profile, draw_person, weighted, write_record

__all__ = ["AGENCIES", "PROFILES", "Profile", "generate", "pseudonymise", "true_pairs"]


def generate(n_records: int, seed: int = 1, profile: str = "default") -> list[dict[str, object]]:
    """About `n_records` clear records (whole persons only), in a shuffled order. `profile`:
    "default" (agencies keep their own script and transliteration habit, a minority of records
    written otherwise) or "hard" (every record's script and transliteration drawn anew)."""
    if profile not in PROFILES:
        raise ValueError(f"unknown generator profile {profile!r}: use one of {list(PROFILES)}")
    rng = random.Random(seed)
    surnames = list(armenian_surnames().values())
    records: list[dict[str, object]] = []
    numbers = dict.fromkeys(AGENCIES, 0)
    truth = 0
    while len(records) < n_records:
        truth += 1
        person = draw_person(rng, truth, surnames)
        agencies = rng.sample(list(AGENCIES), weighted(rng, APPEARANCES))
        if rng.random() < 0.05:  # recorded twice by the same agency
            agencies.append(agencies[0])
        for agency in agencies:
            numbers[agency] += 1
            records.append(write_record(rng, person, agency, numbers[agency], profile))
    rng.shuffle(records)
    return records[:n_records]


def pseudonymise(
    records: list[dict[str, object]], secret: bytes | str
) -> Iterator[dict[str, object]]:
    """Each record as the central database holds it: the import's keys instead of the names and
    birth date (the clear fields dropped), the truth kept for scoring."""
    from tipmonitor.lib.pseudonyms import derive_gram_keys, derive_keys

    for record in records:
        first, last = str(record["first_name"]), str(record["last_name"])
        keys: dict[str, object] = dict(
            derive_keys(
                first_name=first,
                last_name=last,
                date_of_birth=str(record["date_of_birth"]),
                secret=secret,
            )
        )
        keys |= derive_gram_keys(first_name=first, last_name=last, secret=secret)
        clear = ("first_name", "last_name", "date_of_birth")
        yield {**{k: v for k, v in record.items() if k not in clear}, **keys}


def true_pairs(records: list[dict[str, object]]) -> int:
    """How many pairs of records are of the same person."""
    sizes: dict[object, int] = {}
    for record in records:
        sizes[record["truth"]] = sizes.get(record["truth"], 0) + 1
    return sum(n * (n - 1) // 2 for n in sizes.values())
