import datetime
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cases.models import CaseRecord
from tipmonitor.lib.pseudonyms import (
    GRAM_FIELDS,
    GRAM_HEX,
    KEY_FIELDS,
    PartialDate,
    derive_gram_keys,
    derive_keys,
    normalise_name,
    parse_birth_date,
    phonetic,
)

SECRET = "a deployment's linkage key"
HEX64 = re.compile(r"[0-9a-f]{64}")

VARIANTS = [
    ["Ованнисян", "Hovhannisyan", "Hovannisian", "Ովհաննիսյան", "Հովհաննիսյան"],
    ["Хачатрян", "Khachatryan", "Xačatryan", "Խաչատրյան", "Khachatrian"],
    ["Цатурян", "Tsaturyan", "Caturyan", "Ծատուրյան", "Tsatourian"],
    ["Григорьян", "Grigoryan", "Grigorian", "Գրիգորյան", "GRIGORYAN"],
    ["Арутюнян", "Harutyunyan", "Հարությունյան", "Arutiunian"],
    ["Елена", "Yelena", "Elena", "Ելենա"],
    ["Мария", "Maria", "Mariya", "Մարիա"],
    ["Юрий", "Yuri", "Iurii", "Yuriy"],
    ["Шушаник", "Shushanik", "Շուշանիկ"],
    ["ნინო", "Nino", "Нино"],
]


@pytest.mark.parametrize("variants", VARIANTS, ids=lambda variants: variants[1])
def test_it_brings_transliteration_variants_to_one_form(variants):
    assert len({normalise_name(name) for name in variants}) == 1


def test_it_gives_the_expected_latin_form():
    assert normalise_name("  Ованнисян ") == "ovanisyan"
    assert normalise_name("Анна-Мария  O'Neil") == "ana marya oneil"
    assert normalise_name("Хачатрян") == "khachatryan"


def test_it_keeps_different_names_apart():
    names = ["Anna", "Nino", "Khachatryan", "Tsaturyan", "Grigoryan", "Harutyunyan", "Elena"]
    assert len({normalise_name(name) for name in names}) == len(names)
    assert len({phonetic(name) for name in names}) == len(names)


def test_it_ignores_punctuation_digits_and_empty_input():
    assert normalise_name("--- 123 ---") == ""
    assert normalise_name("") == ""
    assert phonetic("") == ""
    assert normalise_name("Anna,\tMaria") == "ana marya"


@pytest.mark.parametrize(
    ("one", "other"),
    [("Ovanesyan", "Hovhannisyan"), ("Gazaryan", "Ghazaryan"), ("Kazaryan", "Ghazaryan")],
)
def test_it_gives_the_same_phonetic_key_to_vowel_and_consonant_variants(one, other):
    assert normalise_name(one) != normalise_name(other)
    assert phonetic(one) == phonetic(other)


@pytest.mark.parametrize("variants", VARIANTS, ids=lambda variants: variants[1])
def test_it_gives_variants_one_phonetic_key(variants):
    assert len({phonetic(name) for name in variants}) == 1


@given(st.text())
def test_it_normalises_idempotently_to_lower_latin(text):
    normal = normalise_name(text)
    assert re.fullmatch(r"(?:[a-z]+(?: [a-z]+)*)?", normal)
    assert normalise_name(normal) == normal


@given(st.text())
def test_it_makes_phonetic_keys_of_lower_latin_tokens(text):
    assert re.fullmatch(r"(?:[a-z]+(?: [a-z]+)*)?", phonetic(text))
    assert phonetic(normalise_name(text)) == phonetic(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1990-03-05", PartialDate(1990, 3, 5)),
        (" 2000-02-29 ", PartialDate(2000, 2, 29)),
        ("1990-12", PartialDate(1990, 12, None)),
        ("1990", PartialDate(1990, None, None)),
    ],
)
def test_it_parses_full_and_partial_birth_dates(text, expected):
    assert parse_birth_date(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("05.03.1990", "YYYY-MM-DD"),
        ("1990-3-5", "YYYY-MM-DD"),
        ("", "YYYY-MM-DD"),
        ("1990-13", "month"),
        ("1990-00-10", "month"),
        ("1990-02-29", "does not exist"),
        ("1990-04-31", "does not exist"),
        ("1990-04-00", "does not exist"),
        ("1850-01-01", "between 1900"),
    ],
)
def test_it_refuses_malformed_and_impossible_birth_dates_without_echoing_them(text, message):
    with pytest.raises(ValueError, match=message) as error:
        parse_birth_date(text)
    assert not text.strip() or text.strip() not in str(error.value)


def _keys(first="Anna", last="Хачатрян", born="1990-03-05", secret=SECRET):
    return derive_keys(first_name=first, last_name=last, date_of_birth=born, secret=secret)


def test_it_derives_exactly_the_model_key_fields_as_hex_digests():
    keys = _keys()
    model_keys = {field.name for field in CaseRecord._meta.fields if field.name.startswith("key_")}
    assert set(keys) == set(KEY_FIELDS)
    assert model_keys == {*KEY_FIELDS, *GRAM_FIELDS} == {*keys, *_grams()}
    assert all(HEX64.fullmatch(value) for value in keys.values())


def _grams(first="Narine", last="Хачатрян", secret=SECRET):
    return derive_gram_keys(first_name=first, last_name=last, secret=secret)


def _dice(one: list[str], other: list[str]) -> float:
    return 2 * len(set(one) & set(other)) / (len(one) + len(other))


def test_it_derives_a_sorted_set_of_short_bigram_keys_per_name_part():
    grams = _grams()
    # "narine": _n na ar ri in ne e_ (7 distinct bigrams); "khachatryan" normalised: 12 (the
    # bigram "ha" twice, kept once).
    assert (len(grams["key_first_grams"]), len(grams["key_last_grams"])) == (7, 11)
    for keys in grams.values():
        assert keys == sorted(set(keys))
        assert all(re.fullmatch(rf"[0-9a-f]{{{GRAM_HEX}}}", key) for key in keys)


def test_it_keeps_most_bigram_keys_through_a_typo_and_across_scripts():
    variant = _grams(first="Tatavik", last="Khachatrian")  # a typo; a transliteration variant
    armenian = _grams(first="Տաթևիկ", last="Խաչատրյան")
    assert _grams()["key_last_grams"] == variant["key_last_grams"] == armenian["key_last_grams"]
    tatevik = _grams(first="Tatevik")["key_first_grams"]
    assert _dice(tatevik, variant["key_first_grams"]) >= 0.75
    assert _dice(_grams()["key_first_grams"], _grams(first="Karine")["key_first_grams"]) < 0.75
    # One kind for both parts, so that swapped names compare crosswise.
    swapped = _grams(first="Хачатрян", last="Narine")
    assert swapped["key_first_grams"] == _grams()["key_last_grams"]


def test_it_leaves_bigram_keys_empty_for_a_missing_part_and_depends_on_the_secret():
    assert _grams(first="")["key_first_grams"] == []
    assert _grams(secret="one") != _grams(secret="two")
    with pytest.raises(ValueError, match="empty"):
        _grams(secret="")


def test_it_agrees_across_scripts_and_name_order():
    armenian = _keys(first="Աննա", last="Խաչատրյան")
    swapped = _keys(first="Khachatryan", last="Anna")
    assert armenian == _keys()
    assert swapped["key_name"] == armenian["key_name"]
    assert swapped["key_name_phonetic"] == armenian["key_name_phonetic"]
    # First and last name are one kind of key, so swapped parts still meet.
    assert swapped["key_first"] == armenian["key_last"]
    assert swapped["key_last"] != armenian["key_last"]


def test_it_leaves_keys_empty_where_the_value_is_missing():
    keys = _keys(first="", last="  ", born="1990")
    assert {field for field, value in keys.items() if value} == {"key_birth_year"}
    month = _keys(born="1990-03")
    assert month["key_birth_month"]
    assert not month["key_birth_date"]


def test_it_swaps_day_and_month_only_where_that_can_be_a_date():
    assert (
        _keys(born="1990-03-05")["key_birth_date_swapped"]
        == _keys(born="1990-05-03")["key_birth_date"]
    )
    assert _keys(born="1990-03-13")["key_birth_date_swapped"] == ""
    assert _keys(born="1990-04-04")["key_birth_date_swapped"] == ""


def test_it_separates_the_kinds_of_key():
    keys = _keys(first="Anna", last="", born="")
    # The full name "ana" and the first name "ana" are the same string of different kinds.
    assert keys["key_name"] != keys["key_first"]
    assert len({value for value in keys.values() if value}) == 4


def test_it_depends_on_the_secret():
    assert _keys(secret=b"one") != _keys(secret=b"two")
    assert _keys(secret="one") == _keys(secret=b"one")
    with pytest.raises(ValueError, match="empty"):
        _keys(secret="")


def test_it_refuses_an_invalid_birth_date_without_echoing_it():
    with pytest.raises(ValueError, match="does not exist") as error:
        _keys(born="1990-02-30")
    assert "1990" not in str(error.value)


@given(st.lists(st.text(min_size=1, max_size=12), min_size=1, max_size=4))
def test_it_ignores_the_order_of_name_parts(parts):
    forward = _keys(first=" ".join(parts), last="", born="")
    backward = _keys(first="", last=" ".join(reversed(parts)), born="")
    assert forward["key_name"] == backward["key_name"]
    assert forward["key_name_phonetic"] == backward["key_name_phonetic"]


@given(st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2100, 12, 31)))
def test_it_keys_every_real_date(date):
    keys = _keys(born=date.isoformat())
    assert HEX64.fullmatch(keys["key_birth_date"])
    assert bool(keys["key_birth_date_swapped"]) == (date.day <= 12 and date.day != date.month)
