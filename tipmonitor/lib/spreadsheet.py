"""Cell text we write and read back (formula-injection escaping, header matching), and the safe
opening of workbooks that users upload.

A text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is run as a formula by
some spreadsheet programs (CSV/formula injection), so we write it with a leading apostrophe.
Import removes one leading apostrophe from any text; text that itself starts with an apostrophe
is therefore escaped too, which makes `unescape_cell(escape_cell(text)) == text` for all text.
"""

import csv
import io
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"


def escape_cell(text: str) -> str:
    """`text` as it must be written to a cell so that no program evaluates it."""
    if text.startswith((*FORMULA_PREFIXES, ESCAPE)):
        return ESCAPE + text
    return text


def unescape_cell(text: str) -> str:
    """The inverse of `escape_cell`: one leading apostrophe removed."""
    return text.removeprefix(ESCAPE)


def strip_illegal(text: str) -> str:
    """XLSX cannot hold most control characters (openpyxl refuses them); drop them on export."""
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def normalise_header(text: object) -> str:
    """A sheet name or column header as we compare it: trimmed, inner spaces collapsed,
    case-folded. `None` (an empty header cell) becomes ""."""
    if text is None:
        return ""
    return _normalise(str(text))


@lru_cache(maxsize=4096)  # the same few headers and codes are compared for every row
def _normalise(text: str) -> str:
    return " ".join(text.split()).casefold()


# Reading untrusted workbooks -------------------------------------------------------------------

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls and password-protected .xlsx


class UnreadableWorkbookError(Exception):
    """Why uploaded bytes cannot be read as a workbook, in words for the person who sent them."""


# Separators a CSV may use: spreadsheets in countries with a decimal comma save ";".
CSV_DELIMITERS = (",", ";", "\t")


def csv_records(data: bytes) -> list[list[str]]:
    """The rows of an uploaded CSV file (UTF-8, with or without Excel's byte-order mark; the
    separator guessed from the header line). UnreadableWorkbookError says why not, without
    quoting the file: its cells may be personal data."""
    try:
        text = data.decode("utf-8-sig")  # Excel's "CSV UTF-8" starts with a byte-order mark
    except UnicodeDecodeError as error:
        raise UnreadableWorkbookError(
            _(
                "the file is not UTF-8 text (byte %(position)d); save it as “CSV UTF-8” from "
                "the spreadsheet program."
            )
            % {"position": error.start + 1}
        ) from None
    if "\x00" in text:
        raise UnreadableWorkbookError(_("the file is not a CSV text file."))
    header = text.split("\n", 1)[0]
    delimiter = next((d for d in CSV_DELIMITERS if d in header), ",")
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error:
        raise UnreadableWorkbookError(
            _("the CSV file is malformed (unbalanced quotes?).")
        ) from None


def check_xlsx_container(data: bytes, *, max_bytes: int | None, max_unpacked: int) -> None:
    """Refuse before parsing: too large, an old or encrypted Office file, not a zip, or a zip
    that would unpack to more than `max_unpacked` bytes (a zip bomb)."""
    if max_bytes is not None and len(data) > max_bytes:
        raise UnreadableWorkbookError(
            _("the file is larger than the limit of %(mb)d MB.") % {"mb": max_bytes // 2**20}
        )
    if data.startswith(OLE_MAGIC):
        raise UnreadableWorkbookError(
            _(
                "the file is password-protected or an old .xls file; save it as an "
                "unprotected Excel workbook (.xlsx)."
            )
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise UnreadableWorkbookError(_("the file is not an XLSX workbook.")) from None
    if unpacked > max_unpacked:
        raise UnreadableWorkbookError(
            _("the file unpacks to more data than the limit of %(mb)d MB.")
            % {"mb": max_unpacked // 2**20}
        )


@contextmanager
def read_only_workbook(
    data: bytes, *, passthrough: tuple[type[Exception], ...] = ()
) -> Iterator[Any]:
    """The workbook in `data`, streamed read-only with formulas as their last computed values.

    openpyxl and lxml fail in many ways on a malformed or damaged file, while opening it or
    while reading a sheet; every such failure becomes UnreadableWorkbookError. Exceptions of the
    caller's own (`passthrough`) raised while reading go through unchanged."""
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:
        raise UnreadableWorkbookError(
            _("the file is not a readable XLSX workbook (%(reason)s).")
            % {"reason": type(error).__name__}
        ) from error
    ours: tuple[type[Exception], ...] = (UnreadableWorkbookError, *passthrough)
    try:
        yield book
    except ours:
        raise
    except Exception as error:
        raise UnreadableWorkbookError(
            _("the file is damaged (%(reason)s).") % {"reason": type(error).__name__}
        ) from error
    finally:
        book.close()
