"""The linkage model: which record pairs are compared, how, and how it is trained.

The keys are keyed hashes (HMACs), so two keys either are equal or say nothing: most
comparisons are an exact agreement on one key, and the spelling tolerance lives in the keys
themselves (normalised and phonetic forms, see tipmonitor/lib/pseudonyms.py). The exception is
the bigram keys of each name part: sets of hashed bigrams whose overlap (Dice coefficient)
survives a typo that changes a whole-name key. Each comparison is a ladder of agreements from
the strongest to the weakest, so that Fellegi–Sunter weighs "same full name" far above "same
phonetic surname only".

The SQL is equality, IS NULL, & and bit_count, which DuckDB and Spark both have, so the same
settings run on either.
"""

import logging
import re
from collections.abc import Callable
from typing import Any

from splink import Linker, block_on
from splink.internals.exceptions import SplinkException

from tipmonitor.lib.pseudonyms import GRAM_FIELDS, KEY_FIELDS

logger = logging.getLogger(__name__)

# The keys linkage compares are the ones the import derives, by the same names.
KEY_COLUMNS = KEY_FIELDS
# Name parts' bigram keys: lists of 32-bit integers (see gram_numbers), and the columns the
# engine folds them into (64-bit Bloom filters, cases/linkage/engine.py), which are compared.
GRAM_COLUMNS = GRAM_FIELDS
BIT_COLUMNS = ("key_first_bits", "key_last_bits")
# Dice coefficients of the bigram sets that make the two fuzzy name levels: a letter replaced
# in a name of n letters changes two of its n + 1 padded bigrams, which keeps at least 0.75
# from seven letters on and at least 0.6 from four.
GRAMS_CLOSE, GRAMS_NEAR = 0.75, 0.55
CATEGORY_COLUMNS = ("sex", "nationality", "region", "exploitation")
# Records are at least this likely the same person to be put into one person. Chosen from the
# benchmark's precision/recall, clustering the same scored pairs at thresholds 0.75 to 0.95
# (docs/cases.md, "Thresholds"): with the support check below, 0.8 is best or level-best on
# 20,000, 50,000, 200,000 and 1,000,000 records of the default profile (with the levels below,
# held-out seed 2026: F1 0.977 at 50,000, 0.949 at a million; tuning seed 11 at a million:
# 0.948 to 0.949 from 0.7 to 0.85).
CLUSTER_THRESHOLD = 0.8
# Two persons of several records are joined only if at least this share of the record pairs
# across them scored at or above REVIEW_LOW (cases/linkage/clustering.py, `supported`).
CLUSTER_SUPPORT = 0.5
# Pairs from here up to CLUSTER_THRESHOLD go to the data officer's review queue; below it they
# are not kept (nor counted by the support check). With the threshold at 0.8 the band is 0.7 to
# 0.8 (50,000 held-out records: 295 pairs, half of them one person). Lowering it to 0.5 would
# add 536 pairs (43 % one person) to the queue and change F1 by less than 0.001 (through the
# support check).
REVIEW_LOW = 0.7
# A column the engine adds: key_name_phonetic where the record has no birth year, else null.
UNDATED_NAME = "key_name_phonetic_undated"
_SIDE = re.compile(r"\b([lr])\.(\w+)")
# Term-frequency adjustments (see _level): on which keys, and the least u they may assume.
TF_LAST, TF_PHONETIC, TF_LAST_PHONETIC = "key_last", "key_name_phonetic", "key_last_phonetic"
TF_WEIGHT = 1.0
TF_MINIMUM_U: dict[str, float] = {}
# Every key the model weighs by frequency (a run scoring a few records against the whole
# table registers their frequencies in the whole table for each, cases/linkage/scoring.py).
TF_COLUMNS = ("key_name", TF_LAST, TF_PHONETIC, TF_LAST_PHONETIC)


def key_number(key: str) -> int | None:
    """A key as the linkage compares it: the first 64 bits of the HMAC as a signed integer.
    Only equality matters, and a chance collision of 64-bit values among a million distinct
    keys has a probability of about 3e-8; integers join several times faster than 64-character
    strings and take an eighth of the memory."""
    if not key:
        return None
    return int(key[:16], 16) - (1 << 63)


def gram_numbers(keys: list[str] | None) -> list[int] | None:
    """Bigram keys (hex) as the linkage compares them: 32-bit signed integers, None for none."""
    if not keys:
        return None
    return [int(key, 16) - (1 << 31) for key in keys]


def _dice(left: str, right: str, at_least: float) -> str:
    # Dice = 2|A ∩ B| / (|A| + |B|) of the folded bigram sets, multiplied out (no division).
    shared = f"bit_count(l.{left} & r.{right})"
    sizes = f"(bit_count(l.{left}) + bit_count(r.{right}))"
    return f"2 * {shared} >= {at_least} * {sizes}"  # null (not true) where either is missing


def _similar_parts(at_least: float) -> str:
    """Both name parts at least this similar, in the same order or swapped."""
    first, last = BIT_COLUMNS
    same = f"{_dice(first, first, at_least)} AND {_dice(last, last, at_least)}"
    swapped = f"{_dice(first, last, at_least)} AND {_dice(last, first, at_least)}"
    return f"({same}) OR ({swapped})"


def _level(sql: str, label: str, *, null: bool = False, tf: str = "") -> dict[str, Any]:
    # Written as l.x / r.x like the blocking rules, and turned into the x_l / x_r columns a
    # comparison sees.
    sql = _SIDE.sub(r"\2_\1", sql)
    level: dict[str, Any] = {"sql_condition": sql, "label_for_charts": label}
    if null:
        level["is_null_level"] = True
    if tf:
        # The level's weight moves by log2(u / frequency of the value), u being that of the
        # exact agreement on this key alone: a common surname counts for less than the
        # average one, a rare one for more, up to TF_MAX_BITS more.
        level["tf_adjustment_column"] = tf
        level["tf_adjustment_weight"] = TF_WEIGHT
        level["tf_minimum_u_value"] = TF_MINIMUM_U.get(tf, 0.0)
    return level


def _name_comparison() -> dict[str, Any]:
    both = "l.{0} = r.{0}"
    return {
        "output_column_name": "name",
        "comparison_description": "Name keys, strongest agreement first",
        "comparison_levels": [
            _level(
                "(l.key_first IS NULL AND l.key_last IS NULL)"
                " OR (r.key_first IS NULL AND r.key_last IS NULL)",
                "name missing",
                null=True,
            ),
            # key_name holds the sorted name tokens, so it agrees on swapped names too.
            # A rare name says more than a common one: weighed by how often the key occurs.
            _level(both.format("key_name"), "full name", tf="key_name"),
            _level(
                "l.key_last = r.key_last AND l.key_first_phonetic = r.key_first_phonetic",
                "last name, first name phonetic",
                tf=TF_LAST,
            ),
            _level(
                "l.key_first = r.key_first AND l.key_last_phonetic = r.key_last_phonetic",
                "first name, last name phonetic",
            ),
            # Sorted phonetic tokens: also agrees on swapped names spelled differently.
            _level(both.format("key_name_phonetic"), "full name, phonetic", tf=TF_PHONETIC),
            # Typos: both parts' bigrams mostly shared (either order).
            _level(_similar_parts(GRAMS_CLOSE), "both name parts close (bigrams)"),
            _level(_similar_parts(GRAMS_NEAR), "both name parts near (bigrams)"),
            # A first name missing in one record is no evidence against, unlike one that
            # differs: at a million records most true pairs of such records fell under the
            # threshold with "last name only" (measured: docs/performance.md).
            _level(
                "l.key_last = r.key_last AND (l.key_first IS NULL OR r.key_first IS NULL)",
                "last name, first name missing in one",
                tf=TF_LAST,
            ),
            _level(
                "l.key_first = r.key_first AND (l.key_last IS NULL OR r.key_last IS NULL)",
                "first name, last name missing in one",
            ),
            _level(both.format("key_last"), "last name only", tf=TF_LAST),
            _level(
                both.format("key_last_phonetic"), "last name only, phonetic", tf=TF_LAST_PHONETIC
            ),
            _level(
                "l.key_first = r.key_first OR l.key_first = r.key_last OR l.key_last = r.key_first",
                "first name only (or one part swapped)",
            ),
            _level(
                "l.key_first_phonetic = r.key_first_phonetic"
                " OR l.key_first_phonetic = r.key_last_phonetic"
                " OR l.key_last_phonetic = r.key_first_phonetic",
                "first name only, phonetic",
            ),
            _level("ELSE", "no name part agrees"),
        ],
    }


def _birth_date_comparison() -> dict[str, Any]:
    one_day_missing = "(l.key_birth_date IS NULL OR r.key_birth_date IS NULL)"
    one_month_missing = "(l.key_birth_month IS NULL OR r.key_birth_month IS NULL)"
    return {
        "output_column_name": "birth_date",
        "comparison_description": "Birth date keys: date, swapped, month, year",
        "comparison_levels": [
            _level("l.key_birth_year IS NULL OR r.key_birth_year IS NULL", "missing", null=True),
            _level("l.key_birth_date = r.key_birth_date", "date"),
            _level(
                "l.key_birth_date = r.key_birth_date_swapped"
                " OR l.key_birth_date_swapped = r.key_birth_date",
                "date, day and month swapped",
            ),
            _level(
                f"l.key_birth_month = r.key_birth_month AND {one_day_missing}", "month (no day)"
            ),
            _level("l.key_birth_month = r.key_birth_month", "month, day differs"),
            _level(
                f"l.key_birth_year = r.key_birth_year AND {one_month_missing}", "year (no month)"
            ),
            _level("l.key_birth_year = r.key_birth_year", "year, month differs"),
            _level("ELSE", "different years"),
        ],
    }


def _category_comparison(column: str) -> dict[str, Any]:
    return {
        "output_column_name": column,
        "comparison_description": f"{column} agrees",
        "comparison_levels": [
            _level(f"l.{column} IS NULL OR r.{column} IS NULL", "missing", null=True),
            _level(f"l.{column} = r.{column}", "agrees"),
            _level("ELSE", "differs"),
        ],
    }


def prediction_blocking_rules() -> list[Any]:
    """The pairs worth scoring. Each rule is narrow enough that a million records give tens of
    millions of pairs, not hundreds (docs/performance.md): the phonetic full name (in either
    order) and birth year; a phonetic name part and the birth month; the exact birth date; and,
    for a record without a birth year, the phonetic full name alone (UNDATED_NAME holds it only
    for such records, so the join does not pair every two records of a common name)."""
    return [
        block_on("key_name_phonetic", "key_birth_year"),
        block_on("key_last_phonetic", "key_birth_month"),
        block_on("key_first_phonetic", "key_birth_month"),
        block_on("key_birth_date"),
        f"l.{UNDATED_NAME} = r.key_name_phonetic",
        f"l.key_name_phonetic = r.{UNDATED_NAME}",
    ]


# Starting values of m and u for each level but the null level, strongest first: a model
# trained on 20,000 generated records (bench/bench_linkage.py; the generator's "hard" profile,
# but for the two bigram levels, trained on its "default" profile when they were added),
# rounded, with the categories' m lowered a little since real agencies also record them
# wrongly. Training starts from them, and a data set too small to train on (a first import) is
# linked with them as they are.
DEFAULT_M_U: dict[str, list[tuple[float, float]]] = {
    "name": [(0.55, 1.5e-4), (0.11, 9e-5), (0.11, 7e-5), (0.06, 1e-4), (0.013, 6.5e-5),
             (0.009, 0.0036), (0.02, 1e-4), (0.02, 2e-4), (0.076, 0.0059), (0.02, 0.0044),
             (0.055, 0.0078), (0.013, 0.015), (0.0067, 0.967)],
    "birth_date": [(0.52, 6.3e-5), (0.02, 1.4e-5), (0.2, 4e-4), (0.005, 9.4e-4), (0.22, 0.006),
                   (0.005, 0.015), (0.03, 0.978)],
    "sex": [(0.98, 0.62), (0.02, 0.38)],
    "nationality": [(0.97, 0.67), (0.03, 0.33)],
    "region": [(0.74, 0.092), (0.26, 0.908)],
    "exploitation": [(0.77, 0.17), (0.23, 0.83)],
}  # fmt: skip
# Categories that follow from the name: strangers sharing a name mostly share sex (given names
# are male or female) and citizenship (names are Armenian, Russian, South Asian...), so their
# agreement repeats what the name comparison has counted already; counted again, it lifted
# every pair of namesakes by about 1.6 bits, which at a million records let strangers with a
# common name and birth year through. Disagreeing still counts against a match.
AGREEMENT_SAYS_NOTHING = ("sex", "nationality")
# How many other records of its person a record has, on average (about 0.4 in the benchmark's
# mix): gives the prior, k / (n - 1), when there are too few records to estimate it.
DUPLICATES_PER_RECORD = 0.4
MIN_TRAINING_RECORDS = 1000


def _with_defaults(comparison: dict[str, Any]) -> dict[str, Any]:
    name = comparison["output_column_name"]
    levels = [level for level in comparison["comparison_levels"] if not level.get("is_null_level")]
    for level, (m, u) in zip(levels, DEFAULT_M_U[name], strict=True):
        level["m_probability"], level["u_probability"] = m, u
    if name in AGREEMENT_SAYS_NOTHING:
        # Agreeing adds no weight (m = u, kept through training); differing still counts.
        agree = levels[0]
        agree["m_probability"] = agree["u_probability"] = 0.5
        agree["fix_m_probability"] = agree["fix_u_probability"] = True
    return comparison


def settings(*, records: int) -> dict[str, Any]:
    prior = min(0.5, DUPLICATES_PER_RECORD / max(records - 1, 1))
    return {
        "link_type": "dedupe_only",  # agencies' records are one pool: duplicates occur within too
        "unique_id_column_name": "unique_id",
        "probability_two_random_records_match": prior,
        "comparisons": [
            _with_defaults(comparison)
            for comparison in (
                _name_comparison(),
                _birth_date_comparison(),
                *(_category_comparison(column) for column in CATEGORY_COLUMNS),
            )
        ],
        "blocking_rules_to_generate_predictions": prediction_blocking_rules(),
        "retain_matching_columns": False,
        "retain_intermediate_calculation_columns": False,
        "em_convergence": 0.001,
        "max_iterations": 20,
    }


def train(linker: Linker, *, records: int, seed: int = 42) -> bool:
    """Fellegi–Sunter without labels: the prior from near-certain pairs, u by random sampling,
    m by expectation maximisation over two blockings that each leave the other half free.
    False (the defaults kept) when there are too few records to learn from."""
    if records < MIN_TRAINING_RECORDS:
        logger.info("%s records: too few to train, linking with the default model", records)
        return False
    training = linker.training
    # Same full name and same whole birth date is near-certain, but only about one in six true
    # pairs has both (many files lack a whole date, and spellings vary): the recall given here
    # turns the count of such pairs into the prior.
    _step(
        "prior",
        lambda: training.estimate_probability_two_random_records_match(
            [block_on("key_name", "key_birth_date")], recall=0.15
        ),
    )
    max_pairs = min(5e6, records * (records - 1) / 2)
    training.estimate_u_using_random_sampling(max_pairs=max_pairs, seed=seed)
    em_pairs = 2e6 if records > 200_000 else None
    # Same birth date: trains the names and the categories.
    _step(
        "m from birth dates",
        lambda: training.estimate_parameters_using_expectation_maximisation(
            block_on("key_birth_date"), max_pairs=em_pairs
        ),
    )
    # Same full name and categories: trains the birth date. Without the categories in the
    # blocking, common names fill it with strangers and EM mistakes them for matches.
    _step(
        "m from names",
        lambda: training.estimate_parameters_using_expectation_maximisation(
            block_on("key_name", "region", "sex", "nationality"), max_pairs=em_pairs
        ),
    )
    return True


def _step(name: str, run: Callable[[], object]) -> None:
    """One training step; data without the pairs it needs (say, no two records share a birth
    date) keeps the values it would have estimated, and says so in the log."""
    try:
        run()
    except (ValueError, ZeroDivisionError, SplinkException) as error:
        logger.warning("linkage training step %r skipped: %s", name, error)
