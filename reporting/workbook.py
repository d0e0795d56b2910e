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

import datetime
import io
from collections.abc import Callable, Hashable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import TextChoices
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from accounts.models import User
from plans.models import IndicatorType
from reporting.models import ActivityState, Assessment, Rating, Report, ValueSource
from reporting.selectors import ReportContents, report_contents
from reporting.services import ActivityInput, EntryInput, ValueInput, report_save
from tipmonitor.lib.spreadsheet import (
    UnreadableWorkbookError,
    check_xlsx_container,
    escape_cell,
    normalise_header,
    read_only_workbook,
    strip_illegal,
    unescape_cell,
)

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
FORMULA_ERRORS = frozenset(["#REF!", "#DIV/0!", "#N/A", "#VALUE!", "#NAME?", "#NUM!", "#NULL!"])
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
MAX_ROWS = 100_000
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


# Writing ----------------------------------------------------------------------------------


def report_template(*, report: Report) -> bytes:
    """The report as a workbook to fill in, pre-filled with what is already saved."""
    contents = report_contents(report)
    book = Workbook()
    instructions = book.active
    assert instructions is not None
    _instructions(instructions, report)
    _report_sheet(book.create_sheet(REPORT), report)
    _values_sheet(book.create_sheet(VALUES), contents)
    _indicators_sheet(book.create_sheet(INDICATORS), contents)
    _activities_sheet(book.create_sheet(ACTIVITIES), contents)
    _identity_sheet(book.create_sheet(IDENTITY), report)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _instructions(ws: Worksheet, report: Report) -> None:
    ws.title = "Instructions"
    lines = [
        _("TIP Monitor: progress report of %(agency)s for %(period)s (plan %(plan)s)")
        % {"agency": report.agency.code, "period": report.period, "plan": report.plan.code},
        _("Fill in the yellow cells only; the other cells are locked."),
        _(
            "Values: one row per indicator, period and disaggregation category; leave a cell "
            "empty for no value. Each category set must add up to the total."
        ),
        _("A value far outside the indicator's history needs a comment."),
        _(
            "Indicators: for a qualitative indicator the narrative and rating; for every "
            "indicator the outputs, activities, budget spent, donors, assessment and comment."
        ),
        _("Ratings: %(ratings)s. Assessment: %(assessments)s. Activity status: %(states)s.")
        % {
            "ratings": ", ".join(Rating.values),
            "assessments": ", ".join(Assessment.values),
            "states": ", ".join(ActivityState.values),
        },
        _(
            "Upload the file on the report's page. It is refused for another agency, quarter "
            "or version, and if someone saved the report after you downloaded it."
        ),
    ]
    for line in lines:
        ws.append([line])
    ws.column_dimensions["A"].width = 110
    ws.protection.sheet = True


def _report_sheet(ws: Worksheet, report: Report) -> None:
    plan, agency = report.plan, report.agency
    rows: list[list[Any]] = [
        ["Plan", f"{plan.code} — {plan.title}"],
        ["Agency", f"{agency.code} — {agency.name}"],
        ["Period", report.period],
        ["Version", report.version],
        ["Due on", report.due_on],
        ["Status", report.status],
        ["Contact person", report.contact_person],
        ["General observations", report.general_observations],
    ]
    _header(ws, REPORT)
    for row in rows:
        ws.append([_out(value) for value in row])
    for number in range(len(rows) - len(EDITABLE_FIELDS) + 2, len(rows) + 2):
        _unlock(ws[f"B{number}"])
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 80
    ws.protection.sheet = True


def _values_sheet(ws: Worksheet, contents: ReportContents) -> None:
    _header(ws, VALUES)
    checks = _value_checks()
    for block in contents.indicators:
        indicator = block.indicator
        if indicator.is_qualitative:
            continue  # a narrative and a rating, on the Indicators sheet
        for cell in block.cells:
            checks[indicator.type].add(f"F{ws.max_row + 1}")
            ws.append(
                [
                    _out(indicator.code),
                    _out(indicator.name),
                    _out(indicator.unit or indicator.type),
                    cell.period,
                    _out(cell.label),
                    _out(cell.value),
                    _out(cell.comment),
                    cell.breakdown or None,
                ]
            )
    for check in checks.values():
        if check.sqref:
            ws.add_data_validation(check)
    _finish(ws, VALUES, widths=[12, 50, 14, 10, 28, 14, 40, 20])
    ws.column_dimensions["H"].hidden = True  # the canonical breakdown the row stands for


def _value_checks() -> dict[str, DataValidation]:
    """The spreadsheet program's own checks on Value cells, by indicator type: a first warning
    offline. The upload applies the full rules whatever the program let through."""
    checks: dict[str, DataValidation] = {
        IndicatorType.NUMBER: DataValidation(
            type="whole", operator="greaterThanOrEqual", formula1="0"
        ),
        IndicatorType.PERCENTAGE: DataValidation(
            type="decimal", operator="between", formula1="0", formula2="100"
        ),
        IndicatorType.RATE: DataValidation(
            type="decimal", operator="greaterThanOrEqual", formula1="0"
        ),
    }
    messages: dict[str, str] = {
        IndicatorType.NUMBER: _("A count is a whole number, 0 or more."),
        IndicatorType.PERCENTAGE: _("A percentage is between 0 and 100."),
        IndicatorType.RATE: _("A rate is a number, 0 or more."),
    }
    for kind, check in checks.items():
        check.allow_blank = True
        check.showErrorMessage = True
        check.errorTitle = _("Value")
        check.error = messages[kind]
    return checks


def _indicators_sheet(ws: Worksheet, contents: ReportContents) -> None:
    _header(ws, INDICATORS)
    for block in contents.indicators:
        indicator, entry = block.indicator, block.entry
        ws.append(
            [
                _out(indicator.code),
                _out(indicator.name),
                indicator.type,
                _out(entry.narrative if entry else ""),
                _out(entry.rating if entry else ""),
                _out(entry.outputs_achieved if entry else ""),
                _out(entry.activities_implemented if entry else ""),
                _out(entry.budget_spent if entry else None),
                _out(entry.donors if entry else ""),
                _out(entry.assessment if entry else ""),
                _out(entry.comment if entry else ""),
            ]
        )
    _choices(ws, INDICATORS, "Rating", Rating)
    _choices(ws, INDICATORS, "Assessment", Assessment)
    _finish(ws, INDICATORS, widths=[12, 50, 12, 40, 18, 30, 30, 14, 20, 14, 30])


def _activities_sheet(ws: Worksheet, contents: ReportContents) -> None:
    _header(ws, ACTIVITIES)
    for activity, update in contents.activities:
        ws.append(
            [
                _out(activity.code),
                _out(activity.name),
                activity.starts_on,
                activity.ends_on,
                _out(update.state if update else ""),
                update.percent_done if update else None,
                _out(update.spent if update else None),
                _out(update.comment if update else ""),
            ]
        )
    _choices(ws, ACTIVITIES, "Status", ActivityState)
    _finish(ws, ACTIVITIES, widths=[12, 50, 12, 18, 14, 12, 14, 40])


def _identity_sheet(ws: Worksheet, report: Report) -> None:
    """Which report this workbook is: checked on upload, invisible in the spreadsheet program
    ("very hidden" cannot be unhidden from its menus)."""
    for name, value in _identity(report).items():
        ws.append([name, value])
    ws.sheet_state = "veryHidden"
    ws.protection.sheet = True


def _identity(report: Report) -> dict[str, str]:
    return {
        "format": FORMAT,
        "plan": report.plan.code,
        "agency": report.agency.code,
        "period": report.period,
        "version": str(report.version),
        "revision": str(report.revision),
    }


def _header(ws: Worksheet, sheet: str) -> None:
    ws.append(HEADERS[sheet])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"


def _finish(ws: Worksheet, sheet: str, *, widths: list[int]) -> None:
    for index, title in enumerate(HEADERS[sheet], start=1):
        letter = get_column_letter(index)
        ws.column_dimensions[letter].width = widths[index - 1]
        if title in EDITABLE[sheet]:
            for row in range(2, ws.max_row + 1):
                _unlock(ws[f"{letter}{row}"])
    ws.protection.sheet = True
    # Lets a user widen columns and filter, not insert or delete rows.
    ws.protection.formatColumns = False
    ws.protection.autoFilter = False


def _unlock(cell: Any) -> None:
    cell.protection = Protection(locked=False)
    cell.fill = INPUT_FILL


def _choices(ws: Worksheet, sheet: str, title: str, choices: type[TextChoices]) -> None:
    if ws.max_row < 2:
        return
    letter = get_column_letter(HEADERS[sheet].index(title) + 1)
    validation = DataValidation(type="list", formula1='"' + ",".join(choices.values) + '"')
    validation.add(f"{letter}2:{letter}{ws.max_row}")
    ws.add_data_validation(validation)


def _out(value: Any) -> Any:
    if isinstance(value, str):
        return escape_cell(strip_illegal(value)) or None
    if isinstance(value, Decimal):
        value = value.normalize()
        return int(value) if value == value.to_integral_value() else float(value)
    return value


# Reading ----------------------------------------------------------------------------------


def report_workbook_save(*, report: Report, user: User, data: bytes) -> Report:
    """Save what a filled-in workbook says into `report` (source "workbook"). Raises
    ReportWorkbookInvalid with located errors, or the service's ReportConflict."""
    given = report_workbook_read(report=report, data=data)
    try:
        return report_save(
            report=report,
            user=user,
            revision=given.revision,
            contact_person=given.contact_person,
            general_observations=given.general_observations,
            values=given.values,
            entries=given.entries,
            activities=given.activities,
            source=ValueSource.WORKBOOK,
        )
    except ValidationError as invalid:
        raise ReportWorkbookInvalid(_located(invalid, given)) from invalid


def report_workbook_read(*, report: Report, data: bytes) -> ReportInput:
    """What the workbook says about `report`. Raises ReportWorkbookInvalid for a file that is
    not a report workbook, one of another report, one whose structure was changed, and cells
    that cannot be read (text where a number belongs, an unknown status)."""
    sheets = _open(data)
    revision = _check_identity(sheets.get(normalise_header(IDENTITY)), report)
    errors: list[CellError] = []
    for name in (REPORT, VALUES, INDICATORS, ACTIVITIES):
        if normalise_header(name) not in sheets:
            errors.append(CellError(name, "", _("the sheet is missing.")))
        else:
            _check_header(name, sheets[normalise_header(name)], errors)
    if errors:
        raise ReportWorkbookInvalid(errors)
    contents = report_contents(report)
    given = ReportInput(revision=revision, contact_person="", general_observations="")
    _read_report(sheets[normalise_header(REPORT)], given, errors)
    _read_values(sheets[normalise_header(VALUES)], contents, given, errors)
    _read_entries(sheets[normalise_header(INDICATORS)], contents, given, errors)
    _read_activities(sheets[normalise_header(ACTIVITIES)], contents, given, errors)
    if errors:
        raise ReportWorkbookInvalid(errors)
    return given


Rows = list[tuple[Any, ...]]


def _open(data: bytes) -> dict[str, Rows]:
    """Every sheet's rows (values only), by normalised title."""
    try:
        check_xlsx_container(
            data, max_bytes=settings.WORKBOOK_MAX_BYTES, max_unpacked=MAX_UNCOMPRESSED_BYTES
        )
        with read_only_workbook(data) as book:
            return {
                normalise_header(ws.title): list(ws.iter_rows(values_only=True, max_row=MAX_ROWS))
                for ws in book.worksheets
            }
    except UnreadableWorkbookError as error:
        raise _invalid(str(error)) from error


def _invalid(message: str) -> ReportWorkbookInvalid:
    return ReportWorkbookInvalid([CellError(_("Workbook"), "", message)])


def _check_identity(rows: Rows | None, report: Report) -> int:
    """The revision the workbook was downloaded at, once it is sure to be this report's."""
    found = {str(row[0]): str(row[1]) for row in rows or [] if len(row) > 1 and row[0]}
    if found.get("format") != FORMAT:
        raise _invalid(
            _(
                "this is not a TIP Monitor report workbook: download the workbook from the "
                "report's page, fill it in and upload that file."
            )
        )
    expected = _identity(report)
    for name in ("plan", "agency", "period", "version"):
        if found.get(name) != expected[name]:
            raise _invalid(_wrong_report(found, expected))
    try:
        return int(found.get("revision", ""))
    except ValueError:
        raise _invalid(_("the workbook's identity sheet was changed.")) from None


def _wrong_report(found: dict[str, str], expected: dict[str, str]) -> str:
    return _(
        "this workbook is the report of %(agency)s for %(period)s (plan %(plan)s, version "
        "%(version)s), not of %(own_agency)s for %(own_period)s (plan %(own_plan)s, version "
        "%(own_version)s): download this report's workbook."
    ) % {
        "agency": found.get("agency", "?"),
        "period": found.get("period", "?"),
        "plan": found.get("plan", "?"),
        "version": found.get("version", "?"),
        "own_agency": expected["agency"],
        "own_period": expected["period"],
        "own_plan": expected["plan"],
        "own_version": expected["version"],
    }


def _check_header(sheet: str, rows: Rows, errors: list[CellError]) -> None:
    header = [normalise_header(cell) for cell in (rows[0] if rows else ())]
    expected = [normalise_header(title) for title in HEADERS[sheet]]
    if header[: len(expected)] != expected or any(header[len(expected) :]):
        errors.append(
            CellError(
                sheet,
                "",
                _(
                    "the columns were changed: row 1 must read %(headers)s. Download the "
                    "workbook again and fill in the yellow cells only."
                )
                % {"headers": ", ".join(HEADERS[sheet])},
            )
        )


def _cell_ref(sheet: str, title: str, row: int) -> str:
    return f"{get_column_letter(HEADERS[sheet].index(title) + 1)}{row}"


def _record(sheet: str, row: tuple[Any, ...]) -> dict[str, Any]:
    return {title: row[i] if i < len(row) else None for i, title in enumerate(HEADERS[sheet])}


def _data_rows(rows: Rows) -> list[tuple[int, tuple[Any, ...]]]:
    return [(n, row) for n, row in enumerate(rows[1:], start=2) if any(c is not None for c in row)]


def _read_report(rows: Rows, given: ReportInput, errors: list[CellError]) -> None:
    found = {str(row[0]).strip(): (n, row) for n, row in _data_rows(rows) if row and row[0]}
    for name in EDITABLE_FIELDS:
        if name not in found:
            errors.append(
                CellError(REPORT, "", _("the row “%(field)s” is missing.") % {"field": name})
            )
            continue
        number, row = found[name]
        text = _text(row[1] if len(row) > 1 else None, REPORT, f"B{number}", errors)
        attribute = name.lower().replace(" ", "_")
        setattr(given, attribute, text)
        given.cells[("report", attribute)] = (REPORT, number, {"Value": f"B{number}"})


def _unknown_row(sheet: str, number: int, errors: list[CellError]) -> None:
    errors.append(
        CellError(
            sheet,
            f"A{number}",
            _(
                "this row is not part of the report (a row was added, copied or its key "
                "changed): download the workbook again."
            ),
        )
    )


def _duplicate_row(sheet: str, number: int, errors: list[CellError]) -> None:
    errors.append(CellError(sheet, f"A{number}", _("this row appears twice.")))


K = TypeVar("K", bound=Hashable)


def _known_rows(
    rows: Rows,
    sheet: str,
    key_of: Callable[[dict[str, Any]], K],
    expected: Mapping[K, int],
    errors: list[CellError],
) -> Iterator[tuple[int, dict[str, Any], K]]:
    """The rows of `sheet` the workbook was made with, each once, with their key; a row added,
    copied or re-keyed is reported instead."""
    seen: set[K] = set()
    for number, row in _data_rows(rows):
        record = _record(sheet, row)
        key = key_of(record)
        if key not in expected:
            _unknown_row(sheet, number, errors)
        elif key in seen:
            _duplicate_row(sheet, number, errors)
        else:
            seen.add(key)
            yield number, record, key


def _value_key(record: dict[str, Any]) -> tuple[str, str, str]:
    return (_key(record["Indicator"]), _key(record["Period"]), _key(record["Key"]))


def _code_of(title: str) -> Callable[[dict[str, Any]], str]:
    return lambda record: _key(record[title])


def _read_values(
    rows: Rows, contents: ReportContents, given: ReportInput, errors: list[CellError]
) -> None:
    expected = {
        (block.indicator.code, cell.period, cell.breakdown): block.indicator.pk
        for block in contents.indicators
        if not block.indicator.is_qualitative
        for cell in block.cells
    }
    for number, record, key in _known_rows(rows, VALUES, _value_key, expected, errors):
        ref = {title: _cell_ref(VALUES, title, number) for title in ("Value", "Comment")}
        value = _number(record["Value"], VALUES, ref["Value"], errors)
        comment = _text(record["Comment"], VALUES, ref["Comment"], errors)
        indicator_id = expected[key]
        given.values.append(ValueInput(indicator_id, key[1], key[2], value, comment))
        given.cells[("value", indicator_id, key[1], key[2])] = (VALUES, number, ref)


def _read_entries(
    rows: Rows, contents: ReportContents, given: ReportInput, errors: list[CellError]
) -> None:
    expected = {block.indicator.code: block.indicator.pk for block in contents.indicators}
    stored = {block.indicator.pk for block in contents.indicators if block.entry.pk is not None}
    known = _known_rows(rows, INDICATORS, _code_of("Indicator"), expected, errors)
    for number, record, code in known:
        ref = {title: _cell_ref(INDICATORS, title, number) for title in EDITABLE[INDICATORS]}

        def text(title: str, ref: dict[str, str] = ref, record: dict[str, Any] = record) -> str:
            return _text(record[title], INDICATORS, ref[title], errors)

        entry = EntryInput(
            indicator_id=expected[code],
            narrative=text("Narrative"),
            rating=_choice(record["Rating"], Rating, INDICATORS, ref["Rating"], errors),
            outputs_achieved=text("Outputs achieved"),
            activities_implemented=text("Activities implemented"),
            budget_spent=_number(record["Budget spent"], INDICATORS, ref["Budget spent"], errors),
            donors=text("Donors"),
            assessment=_choice(
                record["Assessment"], Assessment, INDICATORS, ref["Assessment"], errors
            ),
            comment=text("Comment"),
        )
        # An empty row of an indicator never written says nothing: no entry is made for it.
        if entry != EntryInput(entry.indicator_id) or entry.indicator_id in stored:
            given.entries.append(entry)
        given.cells[("entry", expected[code])] = (INDICATORS, number, ref)


def _read_activities(
    rows: Rows, contents: ReportContents, given: ReportInput, errors: list[CellError]
) -> None:
    expected = {activity.code: activity.pk for activity, _update in contents.activities}
    known = _known_rows(rows, ACTIVITIES, _code_of("Activity"), expected, errors)
    for number, record, code in known:
        ref = {title: _cell_ref(ACTIVITIES, title, number) for title in EDITABLE[ACTIVITIES]}
        state = _choice(record["Status"], ActivityState, ACTIVITIES, ref["Status"], errors)
        percent = _number(record["Percent done"], ACTIVITIES, ref["Percent done"], errors)
        spent = _number(record["Money spent"], ACTIVITIES, ref["Money spent"], errors)
        comment = _text(record["Comment"], ACTIVITIES, ref["Comment"], errors)
        if percent is not None and percent != percent.to_integral_value():
            errors.append(CellError(ACTIVITIES, ref["Percent done"], _("use a whole number.")))
            percent = None
        if not (state or percent is not None or spent is not None or comment):
            continue  # nothing said about this activity yet
        given.activities.append(
            ActivityInput(
                activity_id=expected[code],
                state=state,
                percent_done=None if percent is None else int(percent),
                spent=spent,
                comment=comment,
            )
        )
        given.cells[("activity", expected[code])] = (ACTIVITIES, number, ref)


def _key(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return unescape_cell(str(cell).strip())


def _formula_error(cell: Any, sheet: str, ref: str, errors: list[CellError]) -> bool:
    if isinstance(cell, str) and cell.strip() in FORMULA_ERRORS:
        errors.append(
            CellError(
                sheet, ref, _("the formula gives the error %(value)s.") % {"value": cell.strip()}
            )
        )
        return True
    return False


def _text(cell: Any, sheet: str, ref: str, errors: list[CellError]) -> str:
    if cell is None or _formula_error(cell, sheet, ref, errors):
        return ""
    if isinstance(cell, datetime.datetime | datetime.date):
        return cell.isoformat()[:10]
    if isinstance(cell, float | Decimal):
        return format(Decimal(str(cell)).normalize(), "f")
    return unescape_cell(str(cell).strip())


def _number(cell: Any, sheet: str, ref: str, errors: list[CellError]) -> Decimal | None:
    """A number cell; text that reads as a number (`1 234,5` typed as text) is accepted."""
    if cell is None or _formula_error(cell, sheet, ref, errors):
        return None
    if isinstance(cell, bool | datetime.date):
        pass
    elif isinstance(cell, int | float | Decimal):
        return Decimal(repr(cell) if isinstance(cell, float) else cell)
    else:
        text = unescape_cell(str(cell).strip()).replace("\u00a0", "").replace(" ", "")
        if not text:
            return None
        try:
            number = Decimal(text.replace(",", ".") if text.count(",") == 1 else text)
        except InvalidOperation:
            pass
        else:
            if number.is_finite():
                return number
    errors.append(CellError(sheet, ref, _("“%(text)s” is not a number.") % {"text": cell}))
    return None


def _choice(
    cell: Any, choices: type[TextChoices], sheet: str, ref: str, errors: list[CellError]
) -> str:
    """A code from `choices`, written as the code or its label (in English or the user's
    language)."""
    text = _text(cell, sheet, ref, errors)
    if not text:
        return ""
    wanted = normalise_header(text)
    for value, label in choices.choices:
        names = {normalise_header(value), normalise_header(label)}
        with translation.override("en"):
            names.add(normalise_header(str(label)))
        if wanted in names:
            return str(value)
    errors.append(
        CellError(
            sheet,
            ref,
            _("“%(text)s” is not one of: %(choices)s.")
            % {"text": text, "choices": ", ".join(choices.values)},
        )
    )
    return ""


# The service's errors, back on their cells ------------------------------------------------


def _located(invalid: ValidationError, given: ReportInput) -> list[CellError]:
    errors: list[CellError] = []
    messages = invalid.message_dict if hasattr(invalid, "error_dict") else {"": invalid.messages}
    for path, texts in messages.items():
        sheet, cell = _where(path, given)
        errors.extend(CellError(sheet, cell, text) for text in texts)
    return errors


# The service names what is wrong with keys of reporting.validation: `value:<indicator id>:
# <period>:<breakdown>`, `entry:<indicator id>:<field>`, `activity:<activity id>:<field>`, or
# a report field's name.
FIELD_COLUMNS = {
    "entry": {
        "narrative": "Narrative",
        "rating": "Rating",
        "outputs_achieved": "Outputs achieved",
        "activities_implemented": "Activities implemented",
        "budget_spent": "Budget spent",
        "donors": "Donors",
        "assessment": "Assessment",
        "comment": "Comment",
    },
    "activity": {
        "state": "Status",
        "percent_done": "Percent done",
        "spent": "Money spent",
        "comment": "Comment",
    },
}


def _where(path: str, given: ReportInput) -> tuple[str, str]:
    """The sheet and cell a service error path points at; the workbook as a whole if none."""
    kind, _sep, rest = path.partition(":")
    if kind == "value":
        indicator, _sep, rest = rest.partition(":")
        period, _sep, breakdown = rest.partition(":")
        found = given.cells.get(("value", _int(indicator), period, breakdown))
        return (found[0], found[2]["Value"]) if found else (VALUES, "")
    if kind in FIELD_COLUMNS:
        owner, _sep, name = rest.partition(":")
        found = given.cells.get((kind, _int(owner)))
        sheet = INDICATORS if kind == "entry" else ACTIVITIES
        column = FIELD_COLUMNS[kind].get(name)
        if found and column:
            return sheet, found[2][column]
        return (sheet, f"A{found[1]}") if found else (sheet, "")
    found = given.cells.get(("report", path))
    return (REPORT, found[2]["Value"]) if found else (_("Workbook"), "")


def _int(text: str) -> int:
    return int(text) if text.isdigit() else -1
