"""The report workbook's layout: sheet names, headers, the editable columns, limits and errors."""

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from openpyxl.styles import PatternFill

from reporting.services import ActivityInput, EntryInput, ValueInput

FORMAT = "tipmonitor-report-1"


IDENTITY = "Identity"


REPORT = "Report"


VALUES = "Values"


INDICATORS = "Indicators"


ACTIVITIES = "Activities"


EDITABLE_FIELDS = ["Contact person", "General observations"]


HEADERS = {
    REPORT: ["Field", "Value"],
    VALUES: ["Indicator", "Name", "Unit", "Period", "Disaggregation", "Value", "Comment", "Key"],
    INDICATORS: [
        "Indicator",
        "Name",
        "Type",
        "Narrative",
        "Rating",
        "Outputs achieved",
        "Activities implemented",
        "Budget spent",
        "Donors",
        "Assessment",
        "Comment",
    ],
    ACTIVITIES: [
        "Activity",
        "Name",
        "Start",
        "Planned completion",
        "Status",
        "Percent done",
        "Money spent",
        "Comment",
    ],
}


# The columns a user fills in; every other cell is locked.
EDITABLE = {
    VALUES: {"Value", "Comment"},
    INDICATORS: set(HEADERS[INDICATORS][3:]),
    ACTIVITIES: {"Status", "Percent done", "Money spent", "Comment"},
}


INPUT_FILL = PatternFill("solid", fgColor="FFF8DC")


@dataclass(frozen=True)
class CellError:
    """One problem, where the user finds it in the workbook."""

    sheet: str
    cell: str  # "F7", or "" for the workbook as a whole
    message: str

    def __str__(self) -> str:
        if not self.cell:
            return _("%(sheet)s: %(message)s") % {"sheet": self.sheet, "message": self.message}
        return _("%(sheet)s, cell %(cell)s: %(message)s") % {
            "sheet": self.sheet,
            "cell": self.cell,
            "message": self.message,
        }


class ReportWorkbookInvalid(Exception):  # noqa: N818 (named like plans' WorkbookInvalid)
    """The workbook was refused whole; `errors` says every reason. Nothing was saved."""

    def __init__(self, errors: list[CellError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(error) for error in errors))


@dataclass
class ReportInput:
    """What a filled-in workbook says, in the shapes `report_save` takes."""

    revision: int
    contact_person: str
    general_observations: str
    values: list[ValueInput] = field(default_factory=list)
    entries: list[EntryInput] = field(default_factory=list)
    activities: list[ActivityInput] = field(default_factory=list)
    # Where each input was read from, to put the service's errors back on their cells:
    # ("value", indicator_id, period, breakdown) | ("entry", indicator_id) | ("activity", id)
    # | ("report", field name) -> (sheet, row, {column header: cell}).
    cells: dict[tuple[Any, ...], tuple[str, int, dict[str, str]]] = field(default_factory=dict)
