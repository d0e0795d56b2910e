"""Linkage keys for case records: names and birth dates normalised and turned into keyed hashes
(HMAC-SHA256 with the deployment's linkage key, `settings.LINKAGE_KEY`), see docs/cases.md.

Agencies write the same person in Armenian, Cyrillic or Latin script, transliterated several
ways. `normalise_name` brings all of them to one Latin form so that equal people give equal
keys; `phonetic` reduces a name to its consonant skeleton so that remaining spelling
differences (vowels, voicing, a dropped h) still agree in the phonetic keys.

Key kinds and their domain prefixes (equal strings of different kinds never collide):
- `name`:           every name token of first and last name, sorted (order does not matter)
- `name_phonetic`:  the phonetic tokens of the same, sorted
- `part`:           one name part (key_first, key_last); first and last name share this kind
                    on purpose, so a record whose first and last names were swapped has
                    key_first equal to the other record's key_last
- `part_phonetic`:  the phonetic form of one name part (shared the same way)
- `date`:           YYYY-MM-DD (key_birth_date); key_birth_date_swapped is the same kind with
                    day and month exchanged, so it equals the key_birth_date of a record that
                    swapped them
- `month`:          YYYY-MM; `year`: YYYY
- `gram`:           one bigram of a name part, padded ("_a", "an", "n_" for "an"), truncated
                    to GRAM_HEX hex digits; a part's bigram keys (key_first_grams,
                    key_last_grams) are a sorted set, compared by their overlap so that a typo
                    costs a few bigrams instead of the whole key (first and last name share
                    the kind, for swapped names)

Nothing here logs, and no error message contains the value it refuses.
"""

import calendar
import hmac
import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

from anyascii import anyascii
from django.utils.translation import gettext as _

KEY_FIELDS = (
    "key_name",
    "key_name_phonetic",
    "key_first",
    "key_last",
    "key_first_phonetic",
    "key_last_phonetic",
    "key_birth_date",
    "key_birth_date_swapped",
    "key_birth_month",
    "key_birth_year",
)
GRAM_FIELDS = ("key_first_grams", "key_last_grams")
# 32 bits: collisions among a name part's few dozen distinct bigrams are negligible (the
# comparison counts shared ones), and shorter keys are cheaper to store and intersect.
GRAM_HEX = 8
MIN_BIRTH_YEAR = 1900
MAX_BIRTH_YEAR = 2100

# Latin letters with a caron or similar that anyascii would flatten to one letter, while
# transliterations of Armenian and Russian spell them with two (Xačatryan = Khachatryan).
_PRE_TRANSLITERATION = str.maketrans(
    {"č": "ch", "Č": "Ch", "š": "sh", "Š": "Sh", "ž": "zh", "Ž": "Zh", "ǰ": "j", "ł": "gh"}
)
# Marks of aspiration and soft signs (Kʼ, Tʼ, Grigorʼyan) carry no meaning across scripts.
_APOSTROPHES = re.compile(r"['`´ʼʻʹ’‘\"]")
_NOT_LETTER = re.compile(r"[^a-z]+")
_VOWELS = "aeiouy"

# Applied in order to each token; each rule brings common transliteration variants to one form.
_TOKEN_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"ow", "u"),  # Armenian ու written letter by letter
        (r"ou|oo", "u"),  # French and English spellings of u
        (r"shch|sch", "sh"),  # Щ, German sch
        (r"tch", "ch"),
        (r"dzh|dj", "j"),  # Джон, Djamila
        (r"x", "kh"),  # Xachatryan = Khachatryan
        (r"tz|tc", "ts"),
        (r"c(?!h)", "ts"),  # Latin c for Ц
        (r"ph", "f"),
        (r"w", "v"),
        (r"^h(?=[aeiouy])", ""),  # Russian drops Armenian Հ: Harutyunyan = Арутюнян
        (r"vh", "v"),  # Ovhannisyan = Ovannisyan
        (r"^ye", "e"),  # Yelena = Elena, Yerevan = Erevan
        (r"(.)\1+", r"\1"),  # doubled letters
        (r"[ij]?y(?=[aeiou])", "y"),  # Mariya = Maria below; ij + y before a vowel
        (r"[ij](?=[aeou])", "y"),  # -ian/-jan/-yan, Iurii/Yurii
        (r"y(?=y)", ""),
        (r"(?:iy|ij|yj)$", "i"),  # Yuriy = Yuri = Юрий
    )
)


class PartialDate(NamedTuple):
    year: int
    month: int | None
    day: int | None


@lru_cache(maxsize=65536)  # a file repeats first names, and phonetic() re-normalises
def normalise_name(text: str) -> str:
    """One Latin form of a name: script, case, punctuation, spacing and common transliteration
    variants harmonised. Word order is kept (sort the tokens where order must not matter)."""
    return " ".join(_normalise_token(token) for token in _latin_tokens(text) if token)


def _latin_tokens(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).translate(_PRE_TRANSLITERATION)
    text = anyascii(text).lower()
    text = _APOSTROPHES.sub("", text)
    return _NOT_LETTER.sub(" ", text).split()


@lru_cache(maxsize=65536)  # the same first and last names recur across records and agencies
def _normalise_token(token: str) -> str:
    # One rule can make another apply ("ie" → "ye" at the start → "e"); repeat until nothing
    # changes so that a normalised name normalises to itself. Every rule shortens the token or
    # removes the letter it rewrites, so this ends.
    while True:
        before = token
        for pattern, replacement in _TOKEN_RULES:
            token = pattern.sub(replacement, token)
        if token == before:
            return token


# Consonants that transliterations and typing swap for one another fall into one class.
_PHONETIC_DIGRAPHS: tuple[tuple[str, str], ...] = (
    ("ch", "C"),
    ("ts", "C"),
    ("j", "C"),
    ("sh", "S"),
    ("zh", "S"),
    ("gh", "K"),
    ("kh", "K"),
    ("th", "T"),
)
_PHONETIC_LETTERS = str.maketrans(
    {
        "b": "P", "p": "P", "d": "T", "t": "T", "g": "K", "k": "K", "q": "K",
        "v": "F", "f": "F", "s": "S", "z": "S", "l": "L", "r": "R", "m": "N", "n": "N",
    }
)  # fmt: skip


@lru_cache(maxsize=65536)
def phonetic(text: str) -> str:
    """The consonant skeleton of a name: vowels (but for an initial one, kept as "a"), h and y
    dropped, consonants that are swapped in transliteration merged into classes, repeats
    collapsed. One token per name token."""
    return " ".join(
        skeleton for token in normalise_name(text).split() if (skeleton := _skeleton(token))
    )


@lru_cache(maxsize=65536)
def _skeleton(token: str) -> str:
    # An initial vowel separates short names (Anna, Nino) that would otherwise both be "n".
    initial = "A" if token[:1] in "aeiou" else ""
    for digraph, code in _PHONETIC_DIGRAPHS:
        token = token.replace(digraph, code)
    token = token.translate(_PHONETIC_LETTERS)
    token = initial + "".join(char for char in token if char.isupper())  # vowels, h, y go
    return re.sub(r"(.)\1+", r"\1", token).lower()


_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def parse_birth_date(text: str) -> PartialDate:
    """`YYYY-MM-DD`, `YYYY-MM` or `YYYY` as a partial date. The error never repeats the value
    (it is a birth date)."""
    match = _DATE.fullmatch(text.strip())
    if match is None:
        raise ValueError(_("expected a birth date as YYYY-MM-DD, YYYY-MM or YYYY"))
    year = int(match[1])
    month = int(match[2]) if match[2] else None
    day = int(match[3]) if match[3] else None
    if not MIN_BIRTH_YEAR <= year <= MAX_BIRTH_YEAR:
        raise ValueError(
            _("the birth year must lie between %(min)d and %(max)d")
            % {"min": MIN_BIRTH_YEAR, "max": MAX_BIRTH_YEAR}
        )
    if month is not None and not 1 <= month <= 12:
        raise ValueError(_("the month of the birth date must lie between 01 and 12"))
    if (
        day is not None
        and month is not None
        and not 1 <= day <= calendar.monthrange(year, month)[1]
    ):
        raise ValueError(_("the birth date does not exist (no such day in that month)"))
    return PartialDate(year, month, day)


def derive_keys(
    *, first_name: str, last_name: str, date_of_birth: str, secret: bytes | str
) -> dict[str, str]:
    """The ten linkage keys of one record (CaseRecord's key_* fields), hex HMAC-SHA256 digests,
    "" where the input lacks the value. `date_of_birth` must be "" or valid for
    `parse_birth_date` (ValueError otherwise)."""
    key = secret.encode() if isinstance(secret, str) else secret
    if not key:
        raise ValueError(_("the linkage key is empty"))
    return _name_keys(first_name, last_name, key) | _date_keys(date_of_birth, key)


def derive_gram_keys(
    *, first_name: str, last_name: str, secret: bytes | str
) -> dict[str, list[str]]:
    """The bigram keys of one record (CaseRecord's GRAM_FIELDS): for each name part the sorted
    set of its padded bigrams' HMACs, truncated to GRAM_HEX hex digits; [] where the part is
    missing."""
    key = secret.encode() if isinstance(secret, str) else secret
    if not key:
        raise ValueError(_("the linkage key is empty"))
    return {
        "key_first_grams": _gram_keys(normalise_name(first_name), key),
        "key_last_grams": _gram_keys(normalise_name(last_name), key),
    }


@lru_cache(maxsize=65536)  # (a tuple, then a fresh list: callers may keep what they get)
def _gram_tuple(part: str, key: bytes) -> tuple[str, ...]:
    grams = {padded[i : i + 2] for token in part.split() for padded in [f"_{token}_"]
             for i in range(len(padded) - 1)}  # fmt: skip
    return tuple(sorted({_hmac(key, "gram", gram)[:GRAM_HEX] for gram in grams}))


def _gram_keys(part: str, key: bytes) -> list[str]:
    return list(_gram_tuple(part, key)) if part else []


def _hmac(key: bytes, kind: str, value: str) -> str:
    if not value:
        return ""
    mac = _keyed(key).copy()
    mac.update(f"{kind}\x1f{value}".encode())
    return mac.hexdigest()


@lru_cache(maxsize=4)
def _keyed(key: bytes) -> hmac.HMAC:
    # Copying a keyed HMAC skips the key schedule: twice as fast as a new one for every key.
    return hmac.new(key, digestmod="sha256")


def _name_keys(first_name: str, last_name: str, key: bytes) -> dict[str, str]:
    first, last = normalise_name(first_name), normalise_name(last_name)
    first_ph, last_ph = phonetic(first), phonetic(last)
    return {
        "key_name": _hmac(key, "name", _sorted_tokens(f"{first} {last}")),
        "key_name_phonetic": _hmac(key, "name_phonetic", _sorted_tokens(f"{first_ph} {last_ph}")),
        "key_first": _hmac(key, "part", _sorted_tokens(first)),
        "key_last": _hmac(key, "part", _sorted_tokens(last)),
        "key_first_phonetic": _hmac(key, "part_phonetic", _sorted_tokens(first_ph)),
        "key_last_phonetic": _hmac(key, "part_phonetic", _sorted_tokens(last_ph)),
    }


def _sorted_tokens(text: str) -> str:
    return " ".join(sorted(text.split()))


def _date_keys(date_of_birth: str, key: bytes) -> dict[str, str]:
    keys = dict.fromkeys(
        ("key_birth_date", "key_birth_date_swapped", "key_birth_month", "key_birth_year"), ""
    )
    if not date_of_birth.strip():
        return keys
    year, month, day = parse_birth_date(date_of_birth)
    keys["key_birth_year"] = _hmac(key, "year", f"{year:04d}")
    if month is not None:
        keys["key_birth_month"] = _hmac(key, "month", f"{year:04d}-{month:02d}")
    if month is not None and day is not None:
        keys["key_birth_date"] = _hmac(key, "date", f"{year:04d}-{month:02d}-{day:02d}")
        if day <= 12 and day != month:
            keys["key_birth_date_swapped"] = _hmac(key, "date", f"{year:04d}-{day:02d}-{month:02d}")
    return keys
