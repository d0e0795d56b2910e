"""`report_workbook_save`: what was read goes to `report_save`; its errors back on cells."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from reporting.models import Report, ValueSource
from reporting.services import report_save, report_submit

from .layout import (
    ACTIVITIES,
    INDICATORS,
    REPORT,
    VALUES,
    CellError,
    ReportInput,
    ReportWorkbookInvalid,
)
from .reader import report_workbook_read

# Reading ----------------------------------------------------------------------------------


def report_workbook_save(
    *, report: Report, user: User, data: bytes, submit: bool = False
) -> Report:
    """Save what a filled-in workbook says into `report` (source "workbook"), then, with
    `submit`, submit it as the report page does (`report_submit`: for the agency's approval when
    it signs its reports off and `user` is not its approver). All or nothing: a workbook that
    cannot be submitted is not saved either. Raises ReportWorkbookInvalid with located errors
    (what keeps it from being submitted too), PermissionDenied, or the service's
    ReportConflict."""
    given = report_workbook_read(report=report, data=data)
    try:
        with transaction.atomic():
            saved = report_save(
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
            if submit:
                saved = report_submit(report=saved, user=user, revision=saved.revision)
            return saved
    except ValidationError as invalid:
        report.refresh_from_db()  # the revision moved on in memory, and back in the database
        raise ReportWorkbookInvalid(_located(invalid, given)) from invalid


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
