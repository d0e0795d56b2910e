"""The capture table: how many persons have each capture history (which lists hold them).

The form published studies use, and `tipmonitor estimate-population --lists FILE.csv` reads:
one column per list (1 = on the list, 0 = not), then a last column `count`, one row per history
(a history not written has count 0). The all-zero history is what is estimated and may not be
given. Separators `,`, `;` or tab (the one in the header line), UTF-8 with or without a
byte-order mark, blank lines ignored.
"""

import csv
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from tipmonitor.lib.csvfiles import ESCAPE, csv_text

MAX_LISTS = 12
COUNT_COLUMN = "count"
SEPARATORS = (",", ";", "\t")


class TableError(ValueError):
    """What is wrong with a capture table and where: `line` (1-based, in the CSV text) and
    `column` (a list's name or `count`) when known; str() says both, then what."""

    def __init__(self, message: str, *, line: int | None = None, column: str | None = None):
        self.message = message
        self.line = line
        self.column = column
        super().__init__(str(self))

    def __str__(self) -> str:
        where = []
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column is not None:
            where.append(f"column {self.column}")
        return ", ".join(where) + ": " + self.message if where else self.message


def _history_text(history: Sequence[int]) -> str:
    return "".join(str(bit) for bit in history)


@dataclass(frozen=True)
class CaptureTable:
    """Persons by capture history. `counts` maps each history (a 0/1 tuple, one per list, never
    all 0) to its number of persons; histories with no person are left out."""

    lists: tuple[str, ...]
    counts: Mapping[tuple[int, ...], int]

    def __post_init__(self) -> None:
        lists = tuple(self.lists)
        if not 1 <= len(lists) <= MAX_LISTS:
            raise TableError(f"a table has 1 to {MAX_LISTS} lists, not {len(lists)}")
        for name in lists:
            if not isinstance(name, str) or not name.strip() or name != name.strip():
                raise TableError(f"list names are non-empty text without spaces around: {name!r}")
            if ":" in name:
                raise TableError(f"the list name {name!r} contains ':', which joins terms")
        if len(set(lists)) != len(lists):
            twice = sorted(name for name, n in Counter(lists).items() if n > 1)
            raise TableError(f"the list {twice[0]!r} is named twice")
        clean: dict[tuple[int, ...], int] = {}
        for history, count in self.counts.items():
            key = tuple(history)
            if len(key) != len(lists) or any(bit not in (0, 1) for bit in key):
                raise TableError(
                    f"the history {key!r} is not one 0 or 1 for each of {len(lists)} lists"
                )
            if not any(key):
                raise TableError("the history on no list is what is estimated; leave it out")
            if isinstance(count, bool) or not isinstance(count, int) or count < 0:
                raise TableError(f"the count of {_history_text(key)} is not a whole number ≥ 0")
            if count:
                key = tuple(int(bit) for bit in key)
                clean[key] = clean.get(key, 0) + count
        ordered = dict(sorted(clean.items(), key=lambda item: _row_order(item[0])))
        object.__setattr__(self, "lists", lists)
        object.__setattr__(self, "counts", MappingProxyType(ordered))

    def __reduce__(self) -> tuple[type["CaptureTable"], tuple[tuple[str, ...], dict[Any, int]]]:
        # Pickled and copied as its arguments: the read-only mapping itself cannot be.
        return (CaptureTable, (self.lists, dict(self.counts)))

    def __hash__(self) -> int:
        return hash((self.lists, tuple(self.counts.items())))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, CaptureTable):
            return NotImplemented
        return self.lists == other.lists and dict(self.counts) == dict(other.counts)

    @property
    def observed(self) -> int:
        """Persons on at least one list."""
        return sum(self.counts.values())

    def list_sizes(self) -> dict[str, int]:
        """Persons on each list, in list order."""
        return {
            name: sum(n for history, n in self.counts.items() if history[i])
            for i, name in enumerate(self.lists)
        }

    def shared(self) -> dict[str, int]:
        """Persons of each list who are on at least one other list too."""
        return {
            name: sum(n for history, n in self.counts.items() if history[i] and sum(history) > 1)
            for i, name in enumerate(self.lists)
        }

    def to_csv(self) -> str:
        """The table as `from_csv` reads it: comma-separated, one row per history with persons,
        histories on fewer lists first. List names that look like formulas are written with a
        leading apostrophe, which `from_csv` removes."""
        rows: list[list[Any]] = [[*self.lists, COUNT_COLUMN]]
        rows.extend([*history, count] for history, count in self.counts.items())
        return csv_text(rows, line_end="\n", round_trip=True)

    @classmethod
    def from_histories(
        cls, lists: Sequence[str], histories: Iterable[Sequence[int]]
    ) -> "CaptureTable":
        """The table of persons given one history each (0/1 per list)."""
        counts: Counter[tuple[int, ...]] = Counter()
        for number, history in enumerate(histories, start=1):
            key = tuple(history)
            if len(key) != len(lists) or any(bit not in (0, 1) for bit in key) or not any(key):
                raise TableError(
                    f"person {number}: the history {key!r} is not one 0 or 1 for each of "
                    f"{len(lists)} lists with at least one 1"
                )
            counts[tuple(int(bit) for bit in key)] += 1
        return cls(tuple(lists), dict(counts))

    @classmethod
    def from_csv(cls, text: str) -> "CaptureTable":
        """The table of a CSV text (see the module's docstring). TableError says the line and
        column of the first problem."""
        text = text.removeprefix("\ufeff")
        lines = text.splitlines()
        numbered = [(n, line) for n, line in enumerate(lines, start=1) if line.strip()]
        if not numbered:
            raise TableError("the file is empty: a header of lists and `count` is needed")
        header_line, header_text = numbered[0]
        separator = next((s for s in SEPARATORS if s in header_text), ",")
        header = [_unescape(cell.strip()) for cell in _cells(header_text, separator, header_line)]
        lists = _parse_header(header, header_line)
        counts: dict[tuple[int, ...], int] = {}
        seen: dict[tuple[int, ...], int] = {}
        for number, line in numbered[1:]:
            cells = [cell.strip() for cell in _cells(line, separator, number)]
            if len(cells) != len(header):
                raise TableError(
                    f"{len(cells)} cells where the header has {len(header)}", line=number
                )
            history = tuple(
                _bit(cell, number, name) for cell, name in zip(cells, lists, strict=False)
            )
            count = _count(cells[-1], number)
            if not any(history):
                raise TableError(
                    "the history on no list (all 0) is what is estimated; leave that row out",
                    line=number,
                )
            if history in seen:
                raise TableError(
                    f"the history {_history_text(history)} is also on line {seen[history]}",
                    line=number,
                )
            seen[history] = number
            if count:
                counts[history] = count
        return cls(lists, counts)


def _row_order(history: tuple[int, ...]) -> tuple[int, tuple[int, ...]]:
    """Histories on fewer lists first, then those with the earlier lists first (100, 010, 001,
    110, 101, 011, ...), as the published tables are written."""
    return sum(history), tuple(-bit for bit in history)


def _cells(line: str, separator: str, number: int) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=separator, strict=True))
    except csv.Error:
        raise TableError("a quote is not closed on its line", line=number) from None


def _unescape(name: str) -> str:
    return name.removeprefix(ESCAPE)


def _parse_header(header: list[str], line: int) -> tuple[str, ...]:
    if len(header) < 2 or header[-1].casefold() != COUNT_COLUMN:
        raise TableError(
            "the header is one column per list, then a last column `count`",
            line=line,
            column=header[-1] if header and header[-1] else None,
        )
    lists = tuple(header[:-1])
    if len(lists) > MAX_LISTS:
        raise TableError(f"{len(lists)} lists; a table has at most {MAX_LISTS}", line=line)
    seen: set[str] = set()
    for position, name in enumerate(lists, start=1):
        if not name:
            raise TableError(f"column {position} has no list name", line=line)
        if name.casefold() == COUNT_COLUMN:
            raise TableError("`count` is the last column only", line=line, column=name)
        if ":" in name:
            raise TableError("a list name cannot contain ':'", line=line, column=name)
        if name in seen:
            raise TableError("this list name is used twice", line=line, column=name)
        seen.add(name)
    return lists


def _bit(cell: str, line: int, column: str) -> int:
    if cell not in ("0", "1"):
        raise TableError(f"{cell!r} is not 0 or 1", line=line, column=column)
    return int(cell)


def _count(cell: str, line: int) -> int:
    text = cell.replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
    if text.startswith("-") and text[1:].isdigit():
        raise TableError(f"{cell!r} is negative", line=line, column=COUNT_COLUMN)
    if not text.isdigit() or not text.isascii():
        raise TableError(f"{cell!r} is not a whole number", line=line, column=COUNT_COLUMN)
    return int(text)


__all__ = ["CaptureTable", "TableError"]
