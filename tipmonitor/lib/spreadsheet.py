"""Cell text we write and read back (formula-injection escaping, header matching), and the safe
opening of workbooks that users upload.

A text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is run as a formula by
some spreadsheet programs (CSV/formula injection), so we write it with a leading apostrophe.
Import removes one leading apostrophe from any text; text that itself starts with an apostrophe
is therefore escaped too, which makes `unescape_cell(escape_cell(text)) == text` for all text.
"""

import csv
import datetime
import io
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from functools import lru_cache
from typing import IO, Any
from xml.parsers import expat

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

# One rule for what a spreadsheet runs as a formula: the CSV writer's.
from tipmonitor.lib.csvfiles import ESCAPE, FORMULA_PREFIXES


def escape_cell(text: str) -> str:
    """`text` as it must be written to a cell so that no program evaluates it."""
    if text.startswith((*FORMULA_PREFIXES, ESCAPE)):
        return ESCAPE + text
    return text


def unescape_cell(text: str) -> str:
    """The inverse of `escape_cell`: one leading apostrophe removed."""
    return text.removeprefix(ESCAPE)


Cell = str | int | float | Decimal | datetime.date | None


def cell_text(cell: object) -> str:
    """A cell of a CSV or XLSX file as text, as a person typed it: a number without a trailing
    `.0`, a date as YYYY-MM-DD, one leading apostrophe (a spreadsheet's "this is text") removed."""
    if type(cell) is str:  # every CSV cell: the common case first
        return unescape_cell(cell.strip()).strip() if cell else ""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return str(cell).lower()
    if isinstance(cell, datetime.datetime | datetime.date):
        return cell.isoformat()[:10]
    if isinstance(cell, float):
        return format(Decimal(repr(cell)).normalize(), "f")
    if isinstance(cell, int | Decimal):
        return str(cell)
    return unescape_cell(str(cell).strip()).strip()


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
    return _one_record_a_line(text, delimiter)


def _one_record_a_line(text: str, delimiter: str) -> list[list[str]]:
    """Every record of `text`, refusing the whole file unless each record is exactly one line.

    A stray quote (`"Maria`) opens a quoted field that the csv module closes only at the next
    quote, lines later: the rows between vanish into one cell and the file reads as fewer
    records than it has lines. A file of records we import never needs a line break inside a
    cell, so a field spanning lines is an error, named by the row where it starts."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[list[str]] = []
    line = 0  # the line the previous record ended on
    try:
        for record in reader:
            if reader.line_num != line + 1:
                raise _spans_lines(line + 1)
            line = reader.line_num
            records.append(record)
    except csv.Error:
        raise _spans_lines(line + 1) from None
    return records


def _spans_lines(row: int) -> UnreadableWorkbookError:
    return UnreadableWorkbookError(
        _(
            "row %(row)d: a quoted cell does not end on its line (a stray quote?), so the "
            "rows from there on cannot be told apart; the whole file was refused."
        )
        % {"row": row}
    )


def check_xlsx_container(
    data: bytes,
    *,
    max_bytes: int | None,
    max_unpacked: int,
    max_cell_chars: int | None = None,
    max_shared_chars: int | None = None,
) -> None:
    """Refuse before parsing: too large, an old or encrypted Office file, not a zip, a zip
    that would unpack to more than `max_unpacked` bytes (a zip bomb), or text that would cost
    far more memory than the file's size (`check_xlsx_text`)."""
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
            if unpacked > max_unpacked:
                raise UnreadableWorkbookError(
                    _("the file unpacks to more data than the limit of %(mb)d MB.")
                    % {"mb": max_unpacked // 2**20}
                )
            check_xlsx_text(
                archive, max_cell_chars=max_cell_chars, max_shared_chars=max_shared_chars
            )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError):
        raise UnreadableWorkbookError(_("the file is not an XLSX workbook.")) from None


# Excel's own limit of a cell's text; a workbook from a spreadsheet program never exceeds it.
MAX_CELL_CHARS = 32_767
# The parts of a workbook that hold cell text: the shared strings and the sheets.
_TEXT_PARTS = re.compile(r"xl/(sharedStrings\.xml|worksheets/[^/]+\.xml)", re.IGNORECASE)
# Elements whose text is one cell: a shared string item, a sheet's cell.
_CELL_ELEMENTS = frozenset(("si", "c"))
_CHUNK = 64 * 1024


def check_xlsx_text(
    archive: zipfile.ZipFile,
    *,
    max_cell_chars: int | None = None,
    max_shared_chars: int | None = None,
) -> None:
    """Stream the shared strings and the sheets, 64 KB at a time, and refuse as soon as one
    cell's text passes `max_cell_chars` or the shared strings together pass
    `max_shared_chars`. openpyxl reads every shared string into memory on opening and builds a
    cell's whole text while reading a sheet: a small workbook holding one cell of hundreds of
    megabytes (it compresses to almost nothing) would otherwise cost that much memory before
    any check could run. Defaults: settings WORKBOOK_MAX_CELL_CHARS (Excel's limit, 32,767)
    and WORKBOOK_MAX_SHARED_CHARS (the upload size limit, WORKBOOK_MAX_BYTES)."""
    cell_limit = max_cell_chars or _setting("WORKBOOK_MAX_CELL_CHARS", MAX_CELL_CHARS)
    shared_limit = max_shared_chars or _setting(
        "WORKBOOK_MAX_SHARED_CHARS", _setting("WORKBOOK_MAX_BYTES", 20 << 20)
    )
    for info in archive.infolist():
        if _TEXT_PARTS.fullmatch(info.filename):
            shared = info.filename.lower().endswith("sharedstrings.xml")
            with archive.open(info) as stream:
                _scan_text(stream, cell_limit, shared_limit if shared else None)


def _setting(name: str, default: int) -> int:
    from django.conf import settings

    return int(getattr(settings, name, None) or default)


def _scan_text(stream: IO[bytes], cell_limit: int, total_limit: int | None) -> None:
    parser = expat.ParserCreate()
    sizes = {"cell": 0, "total": 0}

    def start(tag: str, _attributes: object) -> None:
        if tag.rsplit(":", 1)[-1] in _CELL_ELEMENTS:
            sizes["cell"] = 0

    def text(chunk: str) -> None:
        sizes["cell"] += len(chunk)
        sizes["total"] += len(chunk)
        if sizes["cell"] > cell_limit:
            raise UnreadableWorkbookError(
                _("a cell holds more than %(count)d characters; the file was refused.")
                % {"count": cell_limit}
            )
        if total_limit is not None and sizes["total"] > total_limit:
            raise UnreadableWorkbookError(
                _("the workbook's text is longer than %(count)d characters; the file was refused.")
                % {"count": total_limit}
            )

    def no_doctype(*_args: object) -> None:
        # OOXML parts have no DTD; one could only serve to expand entities.
        raise UnreadableWorkbookError(_("the file is damaged (a part declares a DTD)."))

    parser.StartElementHandler = start
    parser.CharacterDataHandler = text
    parser.StartDoctypeDeclHandler = no_doctype
    parser.buffer_text = False
    try:
        while chunk := stream.read(_CHUNK):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except expat.ExpatError:
        raise UnreadableWorkbookError(_("the file is damaged (a part is not valid XML).")) from None


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
