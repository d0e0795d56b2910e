"""Writing the report workbook: `report_template`, with only the cells to fill unlocked."""

import io
from decimal import Decimal
from typing import Any

from django.db.models import TextChoices
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from plans.models import IndicatorType
from reporting.models import ActivityState, Assessment, Rating, Report, ReportStatus
from reporting.selectors import ReportContents, report_contents
from reporting.selectors.signature import Signature, report_signature
from tipmonitor.lib.spreadsheet import escape_cell, strip_illegal

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
)

# Writing ----------------------------------------------------------------------------------


def report_template(*, report: Report, contents: ReportContents | None = None) -> bytes:
    """The report as a workbook to fill in, pre-filled with what is already saved: `contents`
    as the person downloading may see them (`selectors.report_contents_for_user`), or all of
    it (the command line, run by the server's operator)."""
    if contents is None:
        contents = report_contents(report)
    book = Workbook()
    instructions = book.active
    assert instructions is not None
    _instructions(instructions, report)
    _report_sheet(book.create_sheet(REPORT), report, report_signature(report, contents.events))
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


def _report_sheet(ws: Worksheet, report: Report, signature: Signature) -> None:
    plan, agency = report.plan, report.agency
    rows: list[list[Any]] = [
        ["Plan", f"{plan.code} — {plan.title}"],
        ["Agency", f"{agency.code} — {agency.name}"],
        ["Period", report.period],
        ["Version", report.version],
        ["Due on", report.due_on],
        ["Status", str(report.get_status_display())],
        ["Contact person", report.contact_person],
        ["General observations", report.general_observations],
        # Annex 5's signature line, after the fields to fill so that they keep their cells.
        ["Prepared by", _prepared(signature)],
        ["Approved by", _approved(signature, report)],
    ]
    _header(ws, REPORT)
    for number, row in enumerate(rows, start=2):
        ws.append([_out(value) for value in row])
        if row[0] in EDITABLE_FIELDS:
            _unlock(ws[f"B{number}"])
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 80
    ws.protection.sheet = True


def _when(moment: Any) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def _prepared(signature: Signature) -> str | None:
    if signature.prepared_by is None:
        return None
    return _("%(name)s on %(when)s") % {
        "name": signature.prepared_by.display_name,
        "when": _when(signature.prepared_at),
    }


def _approved(signature: Signature, report: Report) -> str | None:
    """Annex 5's signature line: who approved the report for the agency, and when."""
    approver = signature.approved_by
    if approver is not None:
        agency = (approver.agency or report.agency).name
        return _("Approved by %(name)s (%(agency)s) on %(when)s") % {
            "name": approver.display_name,
            "agency": agency,
            "when": _when(signature.approved_at),
        }
    if signature.needs_sign_off:
        if report.status in (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED):
            return _("Not approved by the agency")
        return _("Not approved yet")
    return None


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
                    _out(indicator.display_name),
                    _out(indicator.display_unit or indicator.type),
                    cell.period,
                    _out(cell.label),
                    _("withheld: a small count") if cell.withheld else _out(cell.value),
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
                _out(indicator.display_name),
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
                _out(activity.display_name),
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
