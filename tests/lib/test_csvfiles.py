"""`tipmonitor.lib.csvfiles`: the one CSV writer. No cell it writes starts with what a
spreadsheet runs as a formula, genuine numbers stay numbers, and a cell holding any separator a
spreadsheet may split on is quoted, whatever the file's separator."""

import csv
import io

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from tipmonitor.lib.csvfiles import CsvWriter, cell_text, csv_text, neutralise

PAYLOADS = ["=1+1", "+31 20 x", "-2+3", "@SUM(A1)", "\tx", "\rx", "=cmd|' /C calc'!A0", "-"]


@pytest.mark.parametrize("text", PAYLOADS)
def test_it_neutralises_text_a_spreadsheet_would_run(text):
    assert neutralise(text) == "'" + text


def test_it_neutralises_every_part_a_spreadsheet_may_split_a_cell_into():
    assert neutralise("NGO Legal;=cmd") == "NGO Legal;'=cmd"
    assert neutralise("a,@SUM(A1);b\t+1+1") == "a,'@SUM(A1);b\t'+1+1"
    assert neutralise("x;-5,-2.5") == "x;-5,-2.5"  # numbers stay numbers
    assert neutralise("a;=b", round_trip=True) == "a;=b"  # read back by our import: its split


@pytest.mark.parametrize("text", ["-3", "-1.5", "+2", "-0,5", "1e5", "-2E-3", "12"])
def test_it_leaves_genuine_numbers_as_numbers(text):
    assert neutralise(text) == text
    assert cell_text(-3) == "-3"
    assert cell_text(-1.5) == "-1.5"


@pytest.mark.parametrize("text", ["", "plain", "a=b", " =x", "'quoted", "1.1.2"])
def test_it_leaves_harmless_text_alone(text):
    assert neutralise(text) == text


def test_it_escapes_an_apostrophe_only_for_a_file_read_back():
    assert neutralise("'x", round_trip=True) == "''x"
    assert neutralise("'x") == "'x"


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_it_quotes_a_cell_holding_any_separator_whatever_the_files(delimiter):
    payload = "NGO Legal;=cmd|' /C calc'!A0"
    text = csv_text([[payload, "a,b", "c\td", 'q"', "x\ny"]], delimiter=delimiter)
    assert next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)) == [
        "NGO Legal;'=cmd|' /C calc'!A0",
        "a,b",
        "c\td",
        'q"',
        "x\ny",
    ]
    # Excel in a ";" locale splits on ";" even in a file written with ",": the quoted cell
    # still starts the line whole, never "=cmd…".
    for reader_delimiter in (",", ";", "\t"):
        first = next(csv.reader(io.StringIO(text, newline=""), delimiter=reader_delimiter))
        assert first[0].startswith("NGO Legal;")


@given(st.lists(st.lists(st.text(), min_size=1, max_size=4), min_size=1, max_size=4))
def test_it_writes_cells_that_read_back_unless_neutralised(rows):
    for delimiter in (",", ";", "\t"):
        out = io.StringIO(newline="")
        CsvWriter(out, delimiter=delimiter).writerows(rows)
        read = list(csv.reader(io.StringIO(out.getvalue(), newline=""), delimiter=delimiter))
        expected = [[neutralise(cell) for cell in row] for row in rows]
        assert read == expected
        assert not any(cell.startswith(("=", "+", "@", "\t", "\r")) for row in read for cell in row)


def test_it_refuses_an_unknown_separator():
    with pytest.raises(ValueError, match="delimiter"):
        CsvWriter(io.StringIO(), delimiter="|")


@pytest.mark.django_db
def test_it_keeps_the_status_list_safe_in_a_semicolon_locale(
    client_of, coordinator, plan, agency_b
):
    """Issue 10 #7: the web status list wrote `NGO Legal;=cmd|' /C calc'!A0` unquoted, which
    Excel in a `;` locale (Russian, Armenian) opens as a formula in the next cell."""
    agency_b.name = "NGO Legal;=cmd|' /C calc'!A0"
    agency_b.save()
    url = reverse("reporting:status_list", args=[plan.pk]) + "?format=csv"

    text = client_of(coordinator).get(url).content.decode("utf-8-sig")

    for delimiter in (",", ";"):
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            assert not any(cell.startswith(("=", "+", "@")) for cell in row), row
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert any("NGO Legal;'=cmd|' /C calc'!A0" in row for row in rows)
