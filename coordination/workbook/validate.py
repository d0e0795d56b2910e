"""The Recommendations sheet's rows into checked drafts, every error collected with its place.

Nothing here writes. The plan's activities, areas, the agencies and the plan's recommendations
come in as `Known` (read once by the caller); each row becomes the recommendation it describes
(the stored one, changed in memory, or a new one), checked by the rules every way in shares
(`coordination.services.recommendations.recommendation_problems`).

A column the sheet lacks leaves that field as stored (a new recommendation gets it empty); an
empty cell empties it. Recommendations of the plan the sheet does not list are kept.
"""

from __future__ import annotations

import copy
import datetime
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from agencies.models import Agency
from coordination.models import (
    GovernmentResponse,
    ImplementationStatus,
    Recommendation,
    RecommendationSource,
    Strength,
    Theme,
)
from coordination.services.recommendations import recommendation_problems
from plans.models import Activity, Plan, StrategicArea, names_clean
from plans.workbook import WorkbookError, WorkbookInvalid
from plans.workbook.reader import Sheet
from plans.workbook.validate import Cells
from tipmonitor.lib.spreadsheet import normalise_header

from .schema import COLUMNS, FIELD_COLUMNS, SHEET

MAX_CODES_LENGTH = 4_000  # a cell of activity or agency codes


@dataclass(frozen=True)
class Known:
    """What the sheet may refer to, and what is stored: codes -> objects."""

    plan: Plan
    activities: dict[str, Activity]
    areas: dict[str, StrategicArea]
    agencies: dict[str, Agency]  # case-folded code
    recommendations: dict[str, Recommendation]


@dataclass
class Draft:
    """One row: the recommendation as it will be stored, and what it is traced to (None: the
    sheet has no such column, and what is stored stays)."""

    row: int
    recommendation: Recommendation
    activities: list[Activity] | None
    agencies: list[Agency] | None
    status_changed: bool
    changed: bool = field(default=False)

    @property
    def is_new(self) -> bool:
        return self.recommendation.pk is None


def validate_sheet(sheets: dict[str, Sheet], *, known: Known) -> list[Draft]:
    """The drafts of every row, or WorkbookInvalid with every error of the sheet."""
    sheet = sheets.get(normalise_header(SHEET))
    _check_structure(sheet)
    assert sheet is not None
    errors: list[WorkbookError] = []
    seen: set[str] = set()
    drafts = []
    for row in sheet.rows:
        cells = Cells(sheet, row, errors)
        draft = _draft(cells, known)
        code = draft.recommendation.code
        if code and code in seen:
            cells.error(
                "Code", _("the code “%(code)s” appears twice in this sheet.") % {"code": code}
            )
        seen.add(code)
        drafts.append(draft)
    if errors:
        raise WorkbookInvalid(errors)
    return drafts


def _check_structure(sheet: Sheet | None) -> None:
    """A missing sheet or required column first: every row would be wrong below it."""
    if sheet is None:
        raise WorkbookInvalid([WorkbookError(SHEET, None, None, _("this sheet is missing."))])
    missing = [
        WorkbookError(sheet.title, 1, column[:-1], _("this column is missing."))
        for column in COLUMNS
        if column.endswith("*") and normalise_header(column[:-1]) not in sheet.headers
    ]
    if missing:
        raise WorkbookInvalid(missing)


def _has(cells: Cells, column: str) -> bool:
    return normalise_header(column) in cells.sheet.headers


def _draft(cells: Cells, known: Known) -> Draft:
    code = cells.code("Code", required=True)
    stored = known.recommendations.get(code)
    recommendation = copy.copy(stored) if stored else Recommendation(plan=known.plan)
    before = _snapshot(stored) if stored else None
    for name, value in {"code": code, **_fields(cells, known)}.items():
        setattr(recommendation, name, value)
    # The text in the languages whose column the sheet has; the others stay as stored.
    given = cells.names("Text", max_length=10_000)
    recommendation.text_i18n = names_clean({**(recommendation.text_i18n or {}), **given})
    activities = _activities(cells, known) if _has(cells, "Activities") else None
    agencies = _agencies(cells, known) if _has(cells, "Agencies") else None
    status = _status(cells, recommendation)
    _rules_check(cells, recommendation)
    after = _snapshot(recommendation)
    linked = (
        activities is not None
        and stored is not None
        and {a.pk for a in activities} != {a.pk for a in stored.activities.all()}
    ) or (
        agencies is not None
        and stored is not None
        and {a.pk for a in agencies} != {a.pk for a in stored.agencies.all()}
    )
    return Draft(
        row=cells.row.number,
        recommendation=recommendation,
        activities=activities,
        agencies=agencies,
        status_changed=status,
        changed=before is None or before != after or linked,
    )


def _rules_check(cells: Cells, recommendation: Recommendation) -> None:
    """The rules every way in shares; a cell already refused is not refused twice."""
    refused = {error.column for error in cells.errors if error.row == cells.row.number}
    problems = recommendation_problems(recommendation, check_code=False)
    for name, messages in problems.items():
        column = FIELD_COLUMNS.get(name, name)
        shown = cells.sheet.headers.get(normalise_header(column), column)
        if shown not in refused:
            for message in messages:
                cells.error(column, message)


def _fields(cells: Cells, known: Known) -> dict[str, Any]:
    """The fields of the columns the sheet has."""
    readers = {
        "Source": lambda: _source(cells),
        "Round or year": lambda: cells.text("Round or year", max_length=60),
        "Reference": lambda: cells.text("Reference", max_length=60),
        "Text": lambda: cells.text("Text", required=True, max_length=10_000),
        "Date": lambda: _date(cells, "Date"),
        "Wording": lambda: cells.choice("Wording", Strength),
        "Theme": lambda: cells.choice("Theme", Theme),
        "Plan area": lambda: _area(cells, known),
        "Response": lambda: cells.choice("Response", GovernmentResponse),
        "SDG targets": lambda: cells.text("SDG targets"),
        "High priority": lambda: cells.yes_no("High priority"),
    }
    fields = {_field_of(column): read() for column, read in readers.items() if _has(cells, column)}
    return fields


def _source(cells: Cells) -> str:
    if cells.raw("Source") is None:
        cells.error("Source", _("this cell is required."))
        return ""
    return cells.choice("Source", RecommendationSource)


def _field_of(column: str) -> str:
    return next(name for name, title in FIELD_COLUMNS.items() if title == column)


def _date(cells: Cells, column: str) -> datetime.date | None:
    value = cells.raw(column)
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        cells.error(column, _("“%(text)s” is not a date like 2024-03-15.") % {"text": value})
        return None


def _area(cells: Cells, known: Known) -> StrategicArea | None:
    code = cells.text("Plan area")
    if not code:
        return None
    if code not in known.areas:
        cells.error(
            "Plan area",
            _("unknown area “%(code)s” (not an area of plan %(plan)s).")
            % {"code": code, "plan": known.plan.code},
        )
    return known.areas.get(code)


def _codes(cells: Cells, column: str) -> list[str]:
    """Codes separated by commas (as export writes them) or semicolons (as the plan workbook
    writes its lists)."""
    text = cells.text(column, max_length=MAX_CODES_LENGTH).replace(";", ",")
    return list(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))


def _activities(cells: Cells, known: Known) -> list[Activity]:
    found = []
    for code in _codes(cells, "Activities"):
        if code in known.activities:
            found.append(known.activities[code])
        else:
            cells.error(
                "Activities",
                _("unknown activity “%(code)s” (not an activity of plan %(plan)s).")
                % {"code": code, "plan": known.plan.code},
            )
    return found


def _agencies(cells: Cells, known: Known) -> list[Agency]:
    found = []
    for code in _codes(cells, "Agencies"):
        if agency := known.agencies.get(code.casefold()):
            found.append(agency)
        else:
            cells.error(
                "Agencies",
                _("unknown agency “%(code)s” (not in TIP Monitor).") % {"code": code},
            )
    return found


def _status(cells: Cells, recommendation: Recommendation) -> bool:
    """Set the status and its comment from the columns the sheet has; True when they change
    (the import then records who confirmed them and when)."""
    before = (recommendation.status, recommendation.status_comment)
    if _has(cells, "Status"):
        recommendation.status = cells.choice("Status", ImplementationStatus)
    if _has(cells, "Status comment"):
        recommendation.status_comment = cells.text("Status comment", max_length=10_000)
    changed = (recommendation.status, recommendation.status_comment) != before
    if changed and recommendation.status and not recommendation.status_comment.strip():
        # The rule of recommendation_confirm: a confirmed status says why.
        cells.error("Status comment", _("a confirmed status needs a comment saying why."))
    return changed


def _snapshot(recommendation: Recommendation) -> dict[str, Any]:
    names = [*FIELD_COLUMNS, "text_i18n"]
    return {
        name: getattr(recommendation, name)
        for name in names
        if name not in {"activities", "agencies", "area"}
    } | {"area": recommendation.area_id}
