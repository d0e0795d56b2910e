"""Pseudonymising an agency's file on the agency's own machine (`tipmonitor pseudonymise-cases`,
docs/cases.md): the same CSV or XLSX file with `first_name`, `last_name` and `date_of_birth`
replaced by the ten linkage keys, the two bigram key lists (space-separated),
`birth_date_precision` and, where the file has an
identification date but no age, `age_at_exploitation` (computed before the birth date goes).

The keys are made with a linkage key all agencies share and the central server does not hold,
so the centre receives no name and has no way back to one. The whole file is checked the way
the import checks it first, so an agency learns of every error before sending anything.
"""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

from cases.importing import (
    CLEAR_COLUMNS,
    KEYED_COLUMNS,
    CaseRow,
    Cell,
    cell_text,
    file_invalid,
    parse_rows,
    read_header,
    read_records,
)
from tipmonitor.lib.csvfiles import csv_text
from tipmonitor.lib.spreadsheet import escape_cell, strip_illegal

AGE = "age_at_exploitation"


def pseudonymise_file(*, data: bytes, name: str, secret: bytes) -> bytes:
    """The file in `data` (named `name`, .csv or .xlsx), pseudonymised, in the same format.
    Raises CasesInvalid with every error of the file."""
    suffix, records = read_records(data=data, name=name)
    columns = read_header(records[0] if records else None)
    if set(columns.values()) & set(KEYED_COLUMNS):
        raise file_invalid(_("the file is already pseudonymised: it has key columns."))
    rows = {row.line: row for row in parse_rows(records, secret=secret)}
    kept = [index for index, column in columns.items() if column not in CLEAR_COLUMNS]
    header = [columns[index] for index in kept] + list(KEYED_COLUMNS)
    if AGE not in header:
        header.append(AGE)
    table = [header]
    for number, record in enumerate(records[1:], start=2):
        if number in rows:
            table.append(_output_row(record, kept, columns, rows[number], header))
    return _xlsx(table) if suffix == "xlsx" else _csv(table)


def _output_row(
    record: list[Cell], kept: list[int], columns: dict[int, str], row: CaseRow, header: list[str]
) -> list[str]:
    cells = {columns[i]: cell_text(record[i]) if i < len(record) else "" for i in kept}
    for column in KEYED_COLUMNS:
        value = row.fields.get(column, "")
        cells[column] = " ".join(value) if isinstance(value, list) else str(value)
    if not cells.get(AGE) and row.fields.get(AGE) is not None:
        cells[AGE] = str(row.fields[AGE])
    return [cells.get(column, "") for column in header]


def _csv(table: list[list[str]]) -> bytes:
    # round_trip: the import, which reads this file back, removes one leading apostrophe.
    text = csv_text(table, round_trip=True)
    return text.encode("utf-8-sig")  # Excel reads UTF-8 only with the mark


def _xlsx(table: list[list[str]]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("cases")
    for row in table:
        sheet.append([strip_illegal(escape_cell(cell)) for cell in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
