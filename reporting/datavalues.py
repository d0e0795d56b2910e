"""Bulk data values (docs/data-values.md): a CSV or XLSX file of one value a row, read into the
`ValueRow`s that `values_import` takes.

Only the file's shape is checked here: that it can be read, which columns it has, that no
column names an unknown disaggregation dimension. What the values mean (indicator, period,
agency, number, sums, outliers) is checked by the services, the same way whatever way the values
came in. Every error names the row (as a spreadsheet shows it: the header is row 1) and the
column. The file is read from memory and never written to disk.
"""

import datetime
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.utils.translation import gettext as _

from accounts import permissions
from accounts.models import User
from plans.models import Dimension
from reporting.models import ReportStatus
from reporting.services import ValueRow, ValuesInvalid
from tipmonitor.lib.spreadsheet import (
    UnreadableWorkbookError,
    check_xlsx_container,
    csv_records,
    normalise_header,
    read_only_workbook,
    unescape_cell,
)

REQUIRED_COLUMNS = ("indicator", "period", "agency", "value")
OPTIONAL_COLUMNS = ("comment",)
# The separators a CSV header may use: a comma, or what spreadsheet programs in countries with a
# decimal comma write (a semicolon), or a tab. The header alone decides, as codes hold none.
MAX_ROWS = 1_000_000
MAX_UNCOMPRESSED_BYTES = 400 * 1024 * 1024
FILE = 0  # the "row" of an error about the whole file

Error = tuple[int, str, str]
Cell = str | int | float | Decimal | datetime.date | None


def values_parse(*, data: bytes, name: str, limit: int | None = None) -> list[ValueRow]:
    """The rows of a `.csv` or `.xlsx` file of data values. Raises ValuesInvalid with every
    error found (row, column, message); `limit` is the largest size accepted, in bytes."""
    if limit is not None and len(data) > limit:
        raise _file_invalid(
            _("the file is larger than the limit of %(mb)d MB.") % {"mb": limit // (1024 * 1024)}
        )
    suffix = name.lower().rsplit(".", 1)[-1] if "." in name else ""
    if suffix == "csv":
        records: Iterable[list[Cell]] = _csv_records(data)
    elif suffix == "xlsx":
        records = _xlsx_records(data)
    else:
        raise _file_invalid(
            _("%(name)s is neither a .csv nor an .xlsx file.") % {"name": name or "?"}
        )
    return _rows(iter(records))


def default_import_status(user: User) -> str:
    """What bulk values become when nobody says: the coordinator vouches for the values they
    import; an agency's own values go to review."""
    if permissions.may_accept_values(user):
        return ReportStatus.ACCEPTED
    return ReportStatus.SUBMITTED


def error_text(line: int, column: str, message: str) -> str:
    """One error as a user reads it: "row 4, column 'value': …"."""
    if line == FILE:
        return message
    if column:
        return _("row %(row)d, column '%(column)s': %(message)s") % {
            "row": line,
            "column": column,
            "message": message,
        }
    return _("row %(row)d: %(message)s") % {"row": line, "message": message}


def _file_invalid(message: str) -> ValuesInvalid:
    return ValuesInvalid([(FILE, "", message)])


# Reading the file ------------------------------------------------------------------------


def _csv_records(data: bytes) -> list[list[Cell]]:
    try:
        return [list[Cell](record) for record in csv_records(data)]
    except UnreadableWorkbookError as error:
        raise _file_invalid(str(error)) from None


def _xlsx_records(data: bytes) -> Iterator[list[Cell]]:
    try:
        check_xlsx_container(data, max_bytes=None, max_unpacked=MAX_UNCOMPRESSED_BYTES)
        with read_only_workbook(data, passthrough=(ValuesInvalid,)) as book:
            # The first sheet holds the values; a workbook may carry notes on others.
            yield from ([*row] for row in book.worksheets[0].iter_rows(values_only=True))
    except UnreadableWorkbookError as error:
        raise _file_invalid(str(error)) from error


# Rows -------------------------------------------------------------------------------------


def _rows(records: Iterator[list[Cell]]) -> list[ValueRow]:
    header = next(records, None)
    if header is None or not any(_text(cell) for cell in header):
        raise _file_invalid(_("the file is empty: row 1 must hold the column headers."))
    columns = _columns(header)
    rows: list[ValueRow] = []
    for number, record in enumerate(records, start=2):
        if number > MAX_ROWS + 1:
            raise _file_invalid(_("the file has more than %(max)d rows.") % {"max": MAX_ROWS})
        cells = {name: _text(record[i]) if i < len(record) else "" for i, name in columns.items()}
        if any(cells.values()):
            value_column = next(i for i, name in columns.items() if name == "value")
            raw = record[value_column] if value_column < len(record) else None
            rows.append(_value_row(number, cells, raw))
    if not rows:
        raise _file_invalid(_("the file holds no values: every row below the header is empty."))
    return rows


def _columns(header: list[Cell]) -> dict[int, str]:
    """Column index -> "indicator", "period", …, or "dim:<dimension code>"."""
    dimensions = {
        normalise_header(code): code for code in Dimension.objects.values_list("code", flat=True)
    }
    columns: dict[int, str] = {}
    errors: list[Error] = []
    for index, cell in enumerate(header):
        title = _text(cell)
        name = normalise_header(title)
        if not name:
            continue
        if name in REQUIRED_COLUMNS or name in OPTIONAL_COLUMNS:
            key = name
        elif name in dimensions:
            key = "dim:" + dimensions[name]
        else:
            errors.append((1, title, _unknown_column(dimensions)))
            continue
        if key in columns.values():
            errors.append((1, title, _("the column appears twice.")))
        columns[index] = key
    errors.extend(
        (1, name, _("the column is missing."))
        for name in REQUIRED_COLUMNS
        if name not in columns.values()
    )
    if errors:
        raise ValuesInvalid(errors)
    return columns


def _unknown_column(dimensions: dict[str, str]) -> str:
    known = ", ".join(sorted(dimensions.values())) or "-"
    return _(
        "no such column: the columns are indicator, period, agency, value, comment and the "
        "codes of disaggregation dimensions (%(dimensions)s)."
    ) % {"dimensions": known}


def _value_row(number: int, cells: dict[str, str], raw_value: Cell) -> ValueRow:
    """A numeric cell's number is passed on as it is; text (a CSV's, or an XLSX text cell) is
    read by the services' one number parser."""
    value: str | int | float | Decimal = cells["value"]
    if isinstance(raw_value, int | float | Decimal) and not isinstance(raw_value, bool):
        value = raw_value
    return ValueRow(
        line=number,
        indicator_code=cells["indicator"],
        period=cells["period"],
        agency_code=cells["agency"],
        value=value,
        comment=cells.get("comment", ""),
        breakdown={
            name.removeprefix("dim:"): category
            for name, category in cells.items()
            if name.startswith("dim:") and category
        },
    )


def _text(cell: Cell) -> str:
    """A cell as the text the services parse. A spreadsheet turns `2025-03` into a date and
    `12.5` into a float; both come back as what the user typed."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return str(cell).upper()
    if isinstance(cell, datetime.datetime | datetime.date):
        return f"{cell.year:04d}-{cell.month:02d}" if cell.day == 1 else cell.isoformat()[:10]
    if isinstance(cell, float):
        return format(Decimal(repr(cell)).normalize(), "f")
    if isinstance(cell, int | Decimal):
        return str(cell)
    return unescape_cell(str(cell).strip()).strip()
