"""A table a page shows, as a file to download: CSV or XLSX (docs/progress.md, "Analysis and
downloads"). Domain-free.

A page builds a `Table` (a title, a header row, rows of plain values: text, numbers, dates or
None) from the same figures it draws, and `download_response` answers `?download=<key>&
format=csv|xlsx` on the page's own URL, so a download is checked and filtered exactly as the
page is. CSV goes through the one CSV writer (`csvfiles`, formulas neutralised, a byte-order
mark so that Excel reads UTF-8); XLSX through openpyxl, every text cell that starts like a
formula written with a leading apostrophe (`spreadsheet.escape_cell`), numbers as numbers.
"""

import datetime
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.styles import Font

from tipmonitor.lib.csvfiles import CsvWriter
from tipmonitor.lib.spreadsheet import escape_cell, strip_illegal

FORMATS = ("csv", "xlsx")
DOWNLOAD_PARAMETERS = ("download", "format")
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
# What XLSX keeps of a sheet title: 31 characters, none of []:*?/\ .
_SHEET_TITLE = re.compile(r"[\[\]:*?/\\]")


@dataclass
class Table:
    """One table as plain values: what a download holds, cell for cell what the page shows
    (a withheld figure is None, shown as "—" on the page and left empty in the file)."""

    title: str
    headers: list[str]
    rows: list[list[object]] = field(default_factory=list)
    # Lines under the table (units, "withheld" notes); written below the rows.
    notes: list[str] = field(default_factory=list)


def _plain(value: object) -> object:
    """A value as a file holds it: numbers and dates as they are (a decimal without trailing
    zeros: 18, not 18.0000), anything else as text."""
    if isinstance(value, Decimal):
        return Decimal(format(value.normalize(), "f"))
    if value is None or isinstance(value, bool | int | float | Decimal | datetime.date):
        return value
    return str(value)


def to_csv(table: Table) -> bytes:
    """The table as CSV (UTF-8 with a byte-order mark): the header, the rows, then the notes."""
    buffer = io.StringIO()
    writer = CsvWriter(buffer)
    writer.writerow([_plain(text) for text in table.headers])
    writer.writerows([_plain(value) for value in row] for row in table.rows)
    for note in table.notes:
        writer.writerow([note])
    return buffer.getvalue().encode("utf-8-sig")


def _xlsx_cell(value: object) -> object:
    value = _plain(value)
    if isinstance(value, str):
        return escape_cell(strip_illegal(value))
    return value


def sheet_title(title: str) -> str:
    """`title` as an XLSX sheet may be named."""
    return (_SHEET_TITLE.sub(" ", strip_illegal(title)).strip() or "Table")[:31]


def to_xlsx(table: Table) -> bytes:
    """The table as one XLSX sheet: the header in bold and frozen, the rows, the notes."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = sheet_title(table.title)
    sheet.append([_xlsx_cell(text) for text in table.headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append([_xlsx_cell(value) for value in row])
    for note in table.notes:
        sheet.append([_xlsx_cell(note)])
    sheet.freeze_panes = "B2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def file_name(stem: str, fmt: str) -> str:
    """A safe file name: letters, digits, dots, dashes and underscores."""
    safe = re.sub(r"[^\w.-]+", "-", stem, flags=re.ASCII).strip("-.") or "table"
    return f"{safe[:100]}.{fmt}"


def page_query(request: HttpRequest) -> QueryDict:
    """The page's own query string: the request's, less the download's two parameters."""
    query = request.GET.copy()
    for name in DOWNLOAD_PARAMETERS:
        query.pop(name, None)
    return query


def requested(request: HttpRequest) -> bool:
    """Whether the request asks for a download rather than the page."""
    return "download" in request.GET


def download_response(
    request: HttpRequest, tables: Mapping[str, Table], *, stem: str
) -> HttpResponse:
    """The table `?download=<key>` of `tables` in `?format=` (csv or xlsx) as an attachment
    named `<stem>-<key>.<format>`; an unknown key or format is a 404."""
    key, fmt = request.GET.get("download", ""), request.GET.get("format", "csv")
    if key not in tables or fmt not in FORMATS:
        raise Http404
    table = tables[key]
    data = to_xlsx(table) if fmt == "xlsx" else to_csv(table)
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(
        True, file_name(f"{stem}-{key}", fmt)
    )
    return response


def keyed(tables: Sequence[Table], prefix: str) -> dict[str, Table]:
    """Tables numbered as a page lists them: `prefix-1`, `prefix-2`, …"""
    return {f"{prefix}-{number}": table for number, table in enumerate(tables, start=1)}
