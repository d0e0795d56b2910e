import pytest
from hypothesis import given
from hypothesis import strategies as st

from tipmonitor.lib.spreadsheet import (
    escape_cell,
    normalise_header,
    strip_illegal,
    unescape_cell,
)


@pytest.mark.parametrize("text", ["=1+1", "+31 20", "-5", "@SUM(A1)", "\tx", "\rx", "'quoted"])
def test_it_escapes_text_a_spreadsheet_could_run(text):
    assert escape_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["", "plain", "1.1.2", "a=b", " =x"])
def test_it_leaves_harmless_text_alone(text):
    assert escape_cell(text) == text


def test_it_removes_one_apostrophe_on_read():
    assert unescape_cell("''x") == "'x"
    assert unescape_cell("x'") == "x'"


@given(st.text())
def test_it_round_trips_every_text(text):
    escaped = escape_cell(text)
    assert not escaped.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert unescape_cell(escaped) == text


def test_it_drops_characters_xlsx_cannot_hold():
    assert strip_illegal("a\x00b\x07c\nd") == "abc\nd"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("  Lead   Agency ", "lead agency"), ("CODE", "code"), (None, ""), (2024, "2024")],
)
def test_it_normalises_headers(raw, expected):
    assert normalise_header(raw) == expected


@given(st.text())
def test_it_normalises_headers_idempotently(text):
    once = normalise_header(text)
    assert normalise_header(once) == once
