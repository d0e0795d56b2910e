from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from tipmonitor.lib.forms import NumberField
from tipmonitor.lib.numbers import (
    NumberFormatError,
    parse_number,
    plain_decimal,
    read_number,
    to_number,
)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("12.50000"), "12.5"),
        (Decimal("3.0000"), "3"),
        (Decimal("0.123456"), "0.1235"),
        (Decimal("1E+3"), "1000"),
        (Decimal("-0.5"), "-0.5"),
        (None, None),
    ],
)
def test_it_writes_decimals_plainly(value, text):
    assert plain_decimal(value) == text


# parse_number: the one reader of numbers typed as text ---------------------------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("12", Decimal("12")),
        ("12,5", Decimal("12.5")),
        ("12.5", Decimal("12.5")),
        ("  1 200  ", Decimal("1200")),
        ("1\u00a0200,75", Decimal("1200.75")),
        ("1\u202f200\u202f000", Decimal("1200000")),
        ("1200", Decimal("1200")),
        ("-3", Decimal("-3")),
        ("\u22123,5", Decimal("-3.5")),
        ("+4", Decimal("4")),
        ("-0", Decimal("0")),
        ("0,200", Decimal("0.2")),
        ("1234,567", Decimal("1234.567")),
        ("1 234,567", Decimal("1234.567")),
        (",5", Decimal("0.5")),
        ("1,23450", Decimal("1.2345")),
        ("1234567890123456", Decimal("1234567890123456")),
        ("0,0001", Decimal("0.0001")),
    ],
)
def test_it_reads_numbers_written_unambiguously(text, number):
    parsed = parse_number(text)
    assert parsed == number
    assert str(parsed) == str(number)  # no exponent, no stray trailing zero


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("1,200", "can be read as 1 200 or as 1,2"),
        ("1.200", "can be read as 1 200 or as 1.2"),
        ("-7.500", "can be read as -7 500 or as -7.5"),
        ("1,234", "Write thousands with a space (1 234) and decimals with other than three digits"),
        ("1,234", "(1,2340)"),
        ("1,200,000", "Write thousands with spaces: 1 200 000."),
        ("1.200.000", "Write thousands with spaces: 1 200 000."),
        ("1,200.5", "Write thousands with spaces: 1 200.5."),
        ("1.200,5", "Write thousands with spaces: 1 200,5."),
    ],
)
def test_it_refuses_numbers_whose_meaning_depends_on_the_language(text, why):
    with pytest.raises(NumberFormatError) as error:
        parse_number(text)
    assert why in str(error.value)
    assert f"“{text}”" in str(error.value)


@pytest.mark.parametrize(
    "text",
    ["1e5", "NaN", "Infinity", "inf", "1,", "5.", "12 00", "1  200", "1,2,3", "$5", "--1", "١٢"],
)
def test_it_refuses_what_is_not_a_number(text):
    with pytest.raises(NumberFormatError, match=r"is not a number\. Write digits"):
        parse_number(text)


@pytest.mark.parametrize("text", ["", "   ", "-", "+"])
def test_it_asks_for_a_number_when_given_none(text):
    with pytest.raises(NumberFormatError, match="Enter a number"):
        parse_number(text)


def test_it_refuses_more_digits_than_a_value_holds():
    with pytest.raises(NumberFormatError, match="at most 16 digits before"):
        parse_number("12345678901234567")
    with pytest.raises(NumberFormatError, match="at most 4 after the comma"):
        parse_number("1,23456")


def test_it_is_a_value_error_for_callers_that_catch_those():
    assert issubclass(NumberFormatError, ValueError)


@given(st.decimals(min_value=-(10**15), max_value=10**15, places=4, allow_nan=False))
def test_it_reads_back_every_number_written_with_spaces_and_a_decimal_comma(number):
    sign = "-" if number < 0 else ""
    integer, _point, fraction = format(abs(number), "f").partition(".")
    spaced = f"{int(integer):,}".replace(",", "\u00a0")
    fraction = fraction.rstrip("0")
    text = sign + spaced + ("," + fraction if fraction else "")
    if len(fraction) == 3 and len(spaced) <= 3 and spaced != "0":
        with pytest.raises(NumberFormatError, match="can be read as"):
            parse_number(text)
    else:
        assert parse_number(text) == number


@pytest.mark.parametrize(
    ("value", "number"),
    [
        (12, Decimal(12)),
        (0.1, Decimal("0.1")),
        (Decimal("1.234"), Decimal("1.234")),
        ("1 234", Decimal(1234)),
    ],
)
def test_it_takes_numbers_as_they_are_and_reads_text(value, number):
    # A numeric cell or a JSON number has no separator to misread: 1.234 stays 1.234.
    assert to_number(value) == number
    assert read_number(value) == number


@pytest.mark.parametrize("value", [True, float("nan"), float("inf"), Decimal("NaN")])
def test_it_refuses_what_is_not_a_finite_number(value):
    with pytest.raises(NumberFormatError, match="is not a number"):
        to_number(value)


def test_it_reads_a_blank_as_no_number():
    assert read_number(None) is None
    assert read_number("  ") is None
    with pytest.raises(NumberFormatError, match="Enter a number"):
        to_number(" ")


def test_it_gives_forms_a_field_that_reads_numbers_by_the_same_rules():
    field = NumberField(max_digits=16, decimal_places=2, min_value=Decimal(0))

    assert field.clean("1 250,5") == Decimal("1250.5")
    assert field.clean("") is None
    with pytest.raises(ValidationError) as refused:
        field.clean("1,250")
    assert refused.value.messages[0].startswith("“1,250” can be read as 1 250 or as 1,25")
    with pytest.raises(ValidationError):
        field.clean("-1")
