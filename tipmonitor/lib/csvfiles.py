"""The one CSV writer of every export (docs/security.md, "CSV injection"). Domain-free.

A spreadsheet program opening a CSV file runs a cell that starts with `=`, `+`, `-`, `@`, a tab
or a carriage return as a formula (CSV or formula injection: `=cmd|' /C calc'!A0`). Every text
cell that does is written with a leading apostrophe, which makes it text; a genuine number
(`-3`, `-1.5`, `+2`) is left as it is, so it stays a number.

Quoting: a cell holding any of the separators a spreadsheet may split on — comma, semicolon,
tab — or a quote or a line break is quoted, whichever separator this file uses. Quotes are not
enough on their own: Excel in a locale with a decimal comma (Russian, Armenian) splits a file
written with `,` on `;`, ignoring quotes that do not open its own field, so `NGO Legal;=cmd…`
would still give it a cell starting with `=`. So every part of a cell that follows a separator
is neutralised too (`NGO Legal;'=cmd…`).
"""

import datetime
import io
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Protocol

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"
SEPARATORS = (",", ";", "\t")
# What forces quotes: any separator a reader may use, the quote itself, a line break.
_NEEDS_QUOTES = re.compile(r'[,;\t"\r\n]|^\s|\s$')
# A number a spreadsheet reads as one: sign, digits, one decimal point or comma, an exponent.
_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?")
# A part after a separator inside a cell that starts like a formula, up to the next separator.
_INNER = re.compile(r"([,;\t])([=+\-@\r][^,;\t]*)")


class _Writable(Protocol):
    def write(self, text: str, /) -> object: ...


def neutralise(text: str, *, round_trip: bool = False) -> str:
    """`text` as a cell no spreadsheet program evaluates: a leading apostrophe before a
    formula's first character, unless the text is a plain number, and the same after every
    separator inside it (see the module's docstring). With `round_trip` (a file our own import
    reads back, which removes one leading apostrophe), text that starts with an apostrophe is
    escaped too, and only the start is touched: the import splits on the file's separator."""
    if not round_trip and _INNER.search(text):
        text = _INNER.sub(_inner_part, text)
    if text.startswith(FORMULA_PREFIXES) and not _NUMBER.fullmatch(text):
        return ESCAPE + text
    if round_trip and text.startswith(ESCAPE):
        return ESCAPE + text
    return text


def _inner_part(match: re.Match[str]) -> str:
    separator, part = match.group(1), match.group(2)
    return separator + (part if _NUMBER.fullmatch(part) else ESCAPE + part)


def cell_text(value: object, *, round_trip: bool = False) -> str:
    """A value as CSV cell text: numbers as they are, dates ISO, None empty, text neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | Decimal):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return neutralise(str(value), round_trip=round_trip)


def _quoted(text: str) -> str:
    if _NEEDS_QUOTES.search(text):
        return '"' + text.replace('"', '""') + '"'
    return text


class CsvWriter:
    """Writes rows of cells to `stream` (anything with `write(str)`), each cell neutralised and
    quoted as the module says. `delimiter` is `,`, `;` or a tab."""

    def __init__(
        self,
        stream: _Writable,
        *,
        delimiter: str = ",",
        line_end: str = "\r\n",
        round_trip: bool = False,
    ) -> None:
        if delimiter not in SEPARATORS:
            raise ValueError(f"delimiter must be one of {SEPARATORS!r}")
        self.stream = stream
        self.delimiter = delimiter
        self.line_end = line_end
        self.round_trip = round_trip

    def writerow(self, cells: Iterable[object]) -> None:
        texts = [_quoted(cell_text(cell, round_trip=self.round_trip)) for cell in cells]
        # One empty cell is written quoted, as the csv module does, or it reads as no cell.
        line = '""' if texts == [""] else self.delimiter.join(texts)
        self.stream.write(line + self.line_end)

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_text(rows: Iterable[Iterable[object]], **options: object) -> str:
    """The rows as CSV text (the options of CsvWriter)."""
    out = io.StringIO()
    CsvWriter(out, **options).writerows(rows)  # type: ignore[arg-type]
    return out.getvalue()
