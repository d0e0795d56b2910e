"""`CaptureTable`: reading the published form (lists, then `count`), refusing what is wrong with
the line and column, and writing it back."""

import copy
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tipmonitor.lib.mse import CaptureTable, TableError

from .mse_tables import WESTERN

CSV = "A,B,C,count\n1,0,0,40\n0,1,0,30\n0,0,1,20\n1,1,0,6\n1,0,1,2\n"


def _error(text: str) -> TableError:
    with pytest.raises(TableError) as caught:
        CaptureTable.from_csv(text)
    return caught.value


def test_it_reads_the_published_form():
    table = CaptureTable.from_csv(CSV)
    assert table.lists == ("A", "B", "C")
    assert table.counts[(1, 1, 0)] == 6
    assert table.observed == 98
    assert table.list_sizes() == {"A": 48, "B": 36, "C": 22}


@pytest.mark.parametrize("separator", [",", ";", "\t"])
def test_it_reads_each_separator(separator):
    text = CSV.replace(",", separator)
    assert CaptureTable.from_csv(text) == CaptureTable.from_csv(CSV)


def test_it_reads_a_byte_order_mark_blank_lines_spaces_and_windows_line_ends():
    text = (
        "\ufeffA, B ,C,Count\r\n\r\n1, 0,0, 40\r\n  \r\n"
        "0,1,0,30\r\n0,0,1,20\r\n1,1,0,6\r\n1,0,1,2\r\n"
    )
    assert CaptureTable.from_csv(text) == CaptureTable.from_csv(CSV)


def test_it_leaves_out_histories_with_no_person():
    table = CaptureTable.from_csv("A,B,C,count\n1,0,0,4\n0,1,1,0\n0,0,1,3\n")
    assert dict(table.counts) == {(1, 0, 0): 4, (0, 0, 1): 3}


@pytest.mark.parametrize(
    ("text", "line", "column", "says"),
    [
        ("", None, None, "empty"),
        ("A,B,C\n1,0,0,4\n", 1, "C", "last column `count`"),
        ("A,B,C,total\n1,0,0,4\n", 1, "total", "last column `count`"),
        ("count\n4\n", 1, "count", "last column"),
        ("A,,C,count\n1,0,0,4\n", 1, None, "column 2 has no list name"),
        ("A,B,A,count\n1,0,0,4\n", 1, "A", "used twice"),
        ("A,B:C,D,count\n1,0,0,4\n", 1, "B:C", "':'"),
        ("A,B,C,count\n1,0,0,4\n1,2,0,3\n", 3, "B", "'2' is not 0 or 1"),
        ("A,B,C,count\n1,0,0,4\n1,yes,0,3\n", 3, "B", "'yes' is not 0 or 1"),
        ("A,B,C,count\n1,0,0,-4\n", 2, "count", "'-4' is negative"),
        ("A,B,C,count\n1,0,0,4.5\n", 2, "count", "'4.5' is not a whole number"),
        ("A,B,C,count\n1,0,0,x\n", 2, "count", "'x' is not a whole number"),
        ("A,B,C,count\n1,0,0,\n", 2, "count", "'' is not a whole number"),
        ("A,B,C,count\n1,0,0,4\n\n0,1,0,3\n1,0,0,2\n", 5, None, "also on line 2"),
        ("A,B,C,count\n1,0,0,4\n0,0,0,99\n", 3, None, "no list (all 0)"),
        ("A,B,C,count\n1,0,0\n", 2, None, "3 cells where the header has 4"),
        ('A,B,C,count\n1,0,"0,4\n', 2, None, "quote"),
    ],
)
def test_it_refuses_what_is_wrong_naming_line_and_column(text, line, column, says):
    error = _error(text)
    assert (error.line, error.column) == (line, column)
    assert says in error.message
    where = ", ".join(
        part
        for part in (f"line {line}" if line else "", f"column {column}" if column else "")
        if part
    )
    assert str(error) == (f"{where}: {error.message}" if where else error.message)


def test_it_says_where_in_the_message():
    assert (
        str(_error("A,B,C,count\n1,0,0,x\n")) == "line 2, column count: 'x' is not a whole number"
    )


def test_it_counts_persons_from_their_histories():
    table = CaptureTable.from_histories(
        ["Police", "NGO", "Labour"], [(1, 0, 0), (1, 1, 0), (1, 0, 0), (0, 0, 1)]
    )
    assert dict(table.counts) == {(1, 0, 0): 2, (0, 0, 1): 1, (1, 1, 0): 1}
    assert table.list_sizes() == {"Police": 3, "NGO": 1, "Labour": 1}
    assert table.observed == 4


@pytest.mark.parametrize("history", [(0, 0, 0), (1, 0), (1, 2, 0)])
def test_it_refuses_a_history_that_is_not_one(history):
    with pytest.raises(TableError, match="person 2"):
        CaptureTable.from_histories(["A", "B", "C"], [(1, 0, 0), history])


def test_it_refuses_bad_tables_built_directly():
    with pytest.raises(TableError, match="no list"):
        CaptureTable(("A", "B", "C"), {(0, 0, 0): 3})
    with pytest.raises(TableError, match="not a whole number"):
        CaptureTable(("A", "B", "C"), {(1, 0, 0): -3})
    with pytest.raises(TableError, match="named twice"):
        CaptureTable(("A", "B", "A"), {(1, 0, 0): 3})
    with pytest.raises(TableError, match="1 to 12 lists"):
        CaptureTable(tuple("ABCDEFGHIJKLM"), {})


def test_it_writes_the_table_back():
    text = WESTERN.to_csv()
    assert text.splitlines()[:3] == ["A,B,C,D,E,count", "1,0,0,0,0,52", "0,1,0,0,0,90"]
    assert CaptureTable.from_csv(text) == WESTERN


def test_it_writes_a_list_name_that_looks_like_a_formula_safely_and_reads_it_back():
    table = CaptureTable(("=cmd", "B", "C"), {(1, 0, 0): 2, (1, 1, 0): 1})
    text = table.to_csv()
    assert text.startswith("'=cmd,B,C,count\n")
    assert CaptureTable.from_csv(text) == table


@given(
    st.dictionaries(
        st.tuples(*[st.integers(0, 1)] * 4).filter(any), st.integers(1, 10**6), max_size=15
    )
)
def test_it_round_trips_any_table(counts):
    table = CaptureTable(("LE", "NGO", "Labour", "Health"), counts)
    assert CaptureTable.from_csv(table.to_csv()) == table
    assert table.observed == sum(counts.values())


def test_it_pickles_and_copies_a_table():
    assert pickle.loads(pickle.dumps(WESTERN)) == WESTERN  # noqa: S301 (our own bytes)
    assert copy.deepcopy(WESTERN) == WESTERN
    assert hash(copy.copy(WESTERN)) == hash(WESTERN)
