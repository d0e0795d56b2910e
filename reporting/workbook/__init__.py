"""The report workbook: a progress report as an XLSX file to fill offline and upload back.

`report_template` writes the report as it stands (header, one row per value cell, the annex-5
fields of each indicator, the status of each activity) with only the cells to fill unlocked.
A very hidden sheet names the plan, agency, quarter, version and revision; `report_workbook_read`
refuses a workbook of another report and one whose structure was changed, and reads what was
filled in, with every error located by sheet and cell ("Values, cell F7: …").
`report_workbook_save` hands what it read to `report_save`, the same service the web form uses,
so the same validation applies; the service's errors are mapped back to cells.

Headers, sheet names and choices are fixed English words and codes, never translated ones, so a
workbook downloaded in one language uploads in any; the instructions and labels are in the
user's language. The uploaded file is read in memory and never written to disk.
"""

from .layout import (
    ACTIVITIES,
    EDITABLE,
    EDITABLE_FIELDS,
    FORMAT,
    HEADERS,
    IDENTITY,
    INDICATORS,
    INPUT_FILL,
    REPORT,
    VALUES,
    CellError,
    ReportInput,
    ReportWorkbookInvalid,
)
from .reader import FORMULA_ERRORS, MAX_ROWS, MAX_UNCOMPRESSED_BYTES, K, Rows, report_workbook_read
from .save import FIELD_COLUMNS, report_workbook_save
from .writer import report_template

__all__ = [
    "ACTIVITIES",
    "EDITABLE",
    "EDITABLE_FIELDS",
    "FIELD_COLUMNS",
    "FORMAT",
    "FORMULA_ERRORS",
    "HEADERS",
    "IDENTITY",
    "INDICATORS",
    "INPUT_FILL",
    "MAX_ROWS",
    "MAX_UNCOMPRESSED_BYTES",
    "REPORT",
    "VALUES",
    "CellError",
    "K",
    "ReportInput",
    "ReportWorkbookInvalid",
    "Rows",
    "report_template",
    "report_workbook_read",
    "report_workbook_save",
]
