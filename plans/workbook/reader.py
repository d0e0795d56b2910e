"""The workbook file as plain rows: no model, no database.

openpyxl reads in read-only mode (streamed, so a large sheet does not sit in memory as cell
objects) and with the values last calculated by the spreadsheet program (`data_only`). Sheets
and headers are matched after `normalise_header`, so case, spacing and column order are free.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from plans.workbook import WorkbookError, WorkbookInvalid
from tipmonitor.lib.spreadsheet import (
    UnreadableWorkbookError,
    check_xlsx_container,
    normalise_header,
    read_only_workbook,
    unescape_cell,
)

# Beyond these a file is hostile or not a plan: a zip bomb, or a sheet of a million rows.
MAX_UNCOMPRESSED_BYTES = 400 * 1024 * 1024
MAX_ROWS = 50_000
FORMULA_ERRORS = frozenset(
    ["#REF!", "#DIV/0!", "#N/A", "#VALUE!", "#NAME?", "#NUM!", "#NULL!", "#GETTING_DATA"]
)

Value = str | int | float | datetime.date | None


@dataclass
class Row:
    number: int
    values: dict[str, Value]  # normalised header -> cell value (text unescaped, "" -> None)


@dataclass
class Sheet:
    title: str
    headers: dict[str, str] = field(default_factory=dict)  # normalised -> as written
    rows: list[Row] = field(default_factory=list)


def read_workbook(data: bytes, *, sheets: dict[str, list[str]]) -> dict[str, Sheet]:
    """The sheets named in `sheets` (normalised name -> normalised headers to keep) that the
    file has. Raises WorkbookInvalid when the file cannot be read as an XLSX workbook."""
    try:
        check_xlsx_container(
            data, max_bytes=settings.WORKBOOK_MAX_BYTES, max_unpacked=MAX_UNCOMPRESSED_BYTES
        )
        errors: list[WorkbookError] = []
        with read_only_workbook(data) as book:
            found = {normalise_header(ws.title): ws for ws in book.worksheets}
            result = {
                name: _read_sheet(found[name], wanted, errors)
                for name, wanted in sheets.items()
                if name in found
            }
    except UnreadableWorkbookError as error:
        raise _file_invalid(str(error)) from error
    if errors:
        raise WorkbookInvalid(errors)
    return result


def _file_invalid(message: str) -> WorkbookInvalid:
    return WorkbookInvalid([WorkbookError(_("Workbook"), None, None, message)])


def _read_sheet(ws: Any, wanted: list[str], errors: list[WorkbookError]) -> Sheet:
    sheet = Sheet(title=ws.title)
    rows = ws.iter_rows(values_only=True)
    header_row = next(rows, ())
    columns: dict[int, str] = {}
    for index, header in enumerate(header_row):
        name = normalise_header(header)
        if name in wanted and name not in sheet.headers:
            sheet.headers[name] = str(header).strip()
            columns[index] = name
    for number, raw in enumerate(rows, start=2):
        if number > MAX_ROWS + 1:
            errors.append(
                WorkbookError(
                    ws.title, None, None, _("more than %(max)d rows.") % {"max": MAX_ROWS}
                )
            )
            break
        values = {name: _cell(raw[i]) if i < len(raw) else None for i, name in columns.items()}
        if any(value is not None for value in values.values()):
            _formula_errors(sheet, number, values, errors)
            sheet.rows.append(Row(number, values))
    return sheet


def _cell(value: object) -> Value:
    if isinstance(value, str):
        value = unescape_cell(value.strip()) if value.strip() else None
        return value if value != "" else None
    if isinstance(value, datetime.datetime):
        return value.date() if value.time() == datetime.time() else value
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, int | float | datetime.date) or value is None:
        return value
    return str(value)


def _formula_errors(
    sheet: Sheet, number: int, values: dict[str, Value], errors: list[WorkbookError]
) -> None:
    for name, value in values.items():
        if isinstance(value, str) and value in FORMULA_ERRORS:
            errors.append(
                WorkbookError(
                    sheet.title,
                    number,
                    sheet.headers[name],
                    _("the formula gives the error %(value)s.") % {"value": value},
                )
            )
