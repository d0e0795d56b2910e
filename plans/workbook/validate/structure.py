"""The workbook as a whole: `validate_workbook`, its sheets and the references between them."""

from django.utils.translation import gettext as _

from plans.workbook import WorkbookError, WorkbookInvalid
from plans.workbook.reader import Sheet
from tipmonitor.lib.spreadsheet import normalise_header

from ._common import Refs
from .agencies import _agencies, _dimensions
from .elements import _activities, _areas, _indicators, _objectives
from .plan import _plan_fields
from .schema import COLUMNS, OPTIONAL_SHEETS, Known, PlanDraft
from .targets import _agency_targets

# The workbook as a whole ---------------------------------------------------------------------


def validate_workbook(sheets: dict[str, Sheet], *, known: Known) -> PlanDraft:
    """The plan the workbook describes, or WorkbookInvalid with every error in it."""
    _check_structure(sheets)
    errors: list[WorkbookError] = []
    empty = Sheet(title="")
    get = lambda name: sheets.get(normalise_header(name), empty)  # noqa: E731
    plan = _plan_fields(get("Plan"), errors)
    agencies = _agencies(get("Agencies"), known, errors)
    agency_codes = set(known.agency_parents) | {a.code.casefold() for a in agencies}
    dimensions = _dimensions(get("Dimensions"), known, errors)
    dimension_codes = known.dimensions | {d.code for d in dimensions}
    areas = _areas(get("Areas"), errors)
    objectives = _objectives(get("Objectives"), {a["code"] for a in areas}, errors)
    refs = Refs(agency_codes, dimension_codes, {o["code"] for o in objectives})
    if plan["starts_on"] and plan["ends_on"] and plan["starts_on"] <= plan["ends_on"]:
        refs.plan_start, refs.plan_end = plan["starts_on"], plan["ends_on"]
    activities = _activities(get("Activities"), refs, errors)
    refs.activities = {a["code"] for a in activities}
    indicators = _indicators(get("Indicators"), refs, errors)
    targets = _agency_targets(
        sheets.get(normalise_header("Agency targets")), indicators, refs, errors
    )
    if errors:
        raise WorkbookInvalid(errors)
    return PlanDraft(plan, agencies, dimensions, areas, objectives, activities, indicators, targets)


def _check_structure(sheets: dict[str, Sheet]) -> None:
    """Missing sheets and columns first: row errors below them would only be noise."""
    errors = []
    for name, columns in COLUMNS.items():
        sheet = sheets.get(normalise_header(name))
        if sheet is None:
            if name not in OPTIONAL_SHEETS:
                errors.append(WorkbookError(name, None, None, _("this sheet is missing.")))
            continue
        for column in columns:
            if column.endswith("*") and normalise_header(column[:-1]) not in sheet.headers:
                errors.append(
                    WorkbookError(sheet.title, 1, column[:-1], _("this column is missing."))
                )
    if errors:
        raise WorkbookInvalid(errors)
