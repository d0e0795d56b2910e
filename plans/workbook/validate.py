"""Rows into a checked plan description, every error collected with its place.

Nothing here writes: `validate_workbook` returns a `PlanDraft` (plain data, codes as references)
or raises WorkbookInvalid listing everything wrong, so the user fixes the file in one go.
Agencies and dimensions already in TIP Monitor come in as `Known`, read by the caller.
"""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from agencies.models import AgencyType
from plans.models import (
    AgencyAggregation,
    DatePrecision,
    Direction,
    Frequency,
    FundingSource,
    IndicatorLevel,
    IndicatorType,
    ObjectiveKind,
    PlanStatus,
    TimeAggregation,
)
from plans.services import (
    CALENDAR_LIMITS,
    THRESHOLD_LIMITS,
    plan_setting_defaults,
)
from plans.workbook import WorkbookError, WorkbookInvalid
from plans.workbook.reader import Row, Sheet, Value
from tipmonitor.lib.periods import format_period, parse_period, period_first_day, period_last_day
from tipmonitor.lib.spreadsheet import normalise_header

# Sheet -> columns, in the order export writes them; * marks a required column.
COLUMNS: dict[str, list[str]] = {
    "Plan": ["Field*", "Value*"],
    "Agencies": ["Code*", "Name*", "Short name", "Type", "Parent", "Email"],
    "Dimensions": ["Dimension*", "Dimension name", "Category", "Category name"],
    "Areas": ["Code*", "Name*"],
    "Objectives": ["Code*", "Area*", "Parent", "Name*", "Kind"],
    "Activities": [
        "Code*", "Objective*", "Name*", "Lead agency", "Partner agencies", "Start", "End",
        "Result indicator", "Budget", "Funding source",
    ],
    "Indicators": [
        "Code*", "Parent*", "Name*", "Level", "Type", "Direction", "Unit", "Baseline",
        "Baseline year", "Baseline source", "Mid-term target", "End target", "Milestones",
        "Frequency", "Responsible agencies", "Means of verification", "Disaggregation",
        "Aggregation over time", "Aggregation across agencies", "Headline",
    ],
}  # fmt: skip
OPTIONAL_SHEETS = {"Agencies", "Dimensions"}
PLAN_FIELDS = [
    "Code", "Title*", "Country*", "Start*", "End*", "Currency*", "Status", "Languages",
    "Report deadline days", "Reminder days before", "Reminder days after",
    "On track from", "At risk from", "Maintain tolerance",
]  # fmt: skip
# The Plan sheet's rows for the plan's settings (reporting calendar, progress thresholds
# (docs/progress.md)) -> Plan fields; the limits are the plan form's.
SETTING_ROWS = {
    "Report deadline days": "report_deadline_days",
    "Reminder days before": "reminder_days_before",
    "Reminder days after": "reminder_days_after",
    "On track from": "on_track_from",
    "At risk from": "at_risk_from",
    "Maintain tolerance": "maintain_tolerance",
}
CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
NUMBER_RE = re.compile(r"^[+-]?\d+(\.\d+)?$")
STATE_BUDGET_WORDS = "state budget"  # fixed English words, as export writes them
NONE_NEEDED_WORDS = {"none needed", "no funding required", "no funding needed"}


def titles(sheet: str) -> list[str]:
    return [title.rstrip("*") for title in COLUMNS[sheet]]


def wanted_headers() -> dict[str, list[str]]:
    """What the reader keeps: normalised sheet name -> normalised headers."""
    return {normalise_header(s): [normalise_header(t) for t in titles(s)] for s in COLUMNS}


@dataclass(frozen=True)
class Known:
    """Agencies and dimensions already in TIP Monitor (codes case-folded for agencies)."""

    agency_parents: dict[str, str | None]  # code.casefold() -> parent code.casefold()
    dimensions: set[str]


@dataclass
class AgencyDraft:
    code: str
    name: str
    short_name: str
    type: str
    parent: str | None  # case-folded code
    email: str


@dataclass
class DimensionDraft:
    code: str
    name: str
    categories: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class PlanDraft:
    fields: dict[str, Any]
    agencies: list[AgencyDraft]
    dimensions: list[DimensionDraft]
    areas: list[dict[str, Any]]
    objectives: list[dict[str, Any]]
    activities: list[dict[str, Any]]
    indicators: list[dict[str, Any]]


class Cells:
    """One row's cells, parsed by type; every failure is recorded, never raised."""

    def __init__(self, sheet: Sheet, row: Row, errors: list[WorkbookError]) -> None:
        self.sheet, self.row, self.errors = sheet, row, errors

    def error(self, column: str, message: str) -> None:
        shown = self.sheet.headers.get(normalise_header(column), column)
        self.errors.append(WorkbookError(self.sheet.title, self.row.number, shown, message))

    def raw(self, column: str) -> Value:
        return self.row.values.get(normalise_header(column))

    def text(self, column: str, *, required: bool = False, max_length: int = 0) -> str:
        value = self.raw(column)
        if isinstance(value, datetime.date):
            value = value.isoformat()
        text = "" if value is None else str(value)
        if isinstance(value, float) and value.is_integer():
            text = str(int(value))
        if required and not text:
            self.error(column, _("this cell is required."))
        elif max_length and len(text) > max_length:
            self.error(column, _("at most %(max)d characters.") % {"max": max_length})
            return text[:max_length]
        return text

    def code(self, column: str, *, required: bool = False, max_length: int = 40) -> str:
        code = self.text(column, required=required)
        if code and not _valid_code(code, max_length):
            self.error(column, _code_message(code, max_length))
            return ""
        return code

    def codes(self, column: str) -> list[str]:
        codes = [part.strip() for part in self.text(column).split(";") if part.strip()]
        bad = [code for code in codes if not _valid_code(code, 40)]
        for code in bad:
            self.error(column, _code_message(code, 40))
        return [code for code in codes if code not in bad]

    def choice(self, column: str, choices: Any, default: str = "") -> str:
        text = normalise_header(self.text(column))
        if not text:
            return default
        if value := _choice_words(choices, get_language()).get(text):
            return value
        allowed = ", ".join(str(value) for value in choices.values)
        self.error(
            column,
            _("“%(text)s” is not one of %(allowed)s.")
            % {"text": self.text(column), "allowed": allowed},
        )
        return default

    def number(
        self, column: str, *, places: int, digits: int, minimum: int | None = None
    ) -> Decimal | None:
        value = self.raw(column)
        if value is None:
            return None
        number = _as_decimal(value)
        if number is None:
            self.error(column, _("“%(text)s” is not a number.") % {"text": value})
        elif minimum is not None and number < minimum:
            self.error(column, _("must be at least %(min)s.") % {"min": minimum})
        elif not _fits(number, places=places, digits=digits):
            self.error(
                column,
                _("too large or too many decimals (at most %(places)d).") % {"places": places},
            )
        else:
            return number
        return None

    def days(self, column: str, *, maximum: int, default: int) -> int:
        """A whole number of days from 0 to `maximum`; `default` when the cell is empty."""
        value = self.raw(column)
        if value is None or value == "":
            return default
        number = _as_decimal(value.strip() if isinstance(value, str) else value)
        if number is None or number != int(number) or not 0 <= number <= maximum:
            self.error(
                column,
                _("“%(text)s” is not a whole number of days from 0 to %(max)d.")
                % {"text": value, "max": maximum},
            )
            return default
        return int(number)

    def share(self, column: str, *, lowest_allowed: bool, default: Decimal) -> Decimal:
        """A share of 1 with at most two decimals, above 0 (or from 0 with `lowest_allowed`)
        and at most 1; `default` when the cell is empty."""
        value = self.raw(column)
        if value is None or value == "":
            return default
        number = _as_decimal(value.strip() if isinstance(value, str) else value)
        if (
            number is None
            or number != round(number, 2)
            or not (number >= 0 if lowest_allowed else number > 0)
            or number > 1
        ):
            message = (
                _("“%(text)s” is not a share from 0 to 1 with at most two decimals, like 0.05.")
                if lowest_allowed
                else _(
                    "“%(text)s” is not a share above 0 and at most 1 with at most two decimals, "
                    "like 0.90."
                )
            )
            self.error(column, message % {"text": value})
            return default
        return round(number, 2)

    def yes_no(self, column: str) -> bool:
        """`yes` or `no` (also true/false, 1/0, a TRUE/FALSE cell, or the words in the user's
        language); an empty cell is no."""
        text = normalise_header(self.text(column))
        if not text:
            return False
        if text in _yes_no_words(get_language()):
            return _yes_no_words(get_language())[text]
        self.error(column, _("“%(text)s” is not yes or no.") % {"text": self.text(column)})
        return False

    def year(self, column: str) -> int | None:
        value = self.raw(column)
        number = _as_decimal(value) if value is not None else None
        if value is None:
            return None
        if number is None or number != int(number) or not 1000 <= number <= 9999:
            self.error(column, _("“%(text)s” is not a year like 2024.") % {"text": value})
            return None
        return int(number)

    def period(
        self, column: str, *, end: bool, required: bool = False
    ) -> tuple[datetime.date | None, str]:
        value = self.raw(column)
        if isinstance(value, datetime.date):
            return _as_date(value), DatePrecision.DAY
        if value is None:
            if required:
                self.error(column, _("this cell is required."))
            return None, DatePrecision.DAY
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        try:
            return parse_period(str(value), end=end)
        except ValueError as error:
            self.error(column, str(error))
            return None, DatePrecision.DAY


@lru_cache(maxsize=64)
def _choice_words(choices: Any, language: str | None) -> dict[str, str]:
    """Values and (translated) labels of `choices`, normalised, each to its value."""
    words = {normalise_header(label): str(value) for value, label in choices.choices}
    return words | {str(value): str(value) for value in choices.values}


@lru_cache(maxsize=8)
def _yes_no_words(language: str | None) -> dict[str, bool]:
    """The words read as yes and no: the fixed English ones export writes, and the user's."""
    words = {"yes": True, "true": True, "1": True, "no": False, "false": False, "0": False}
    return words | {normalise_header(_("yes")): True, normalise_header(_("no")): False}


def _as_date(value: datetime.date) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def _as_decimal(value: Value) -> Decimal | None:
    if isinstance(value, int | float):
        try:
            return Decimal(str(value))
        except InvalidOperation:
            return None
    if isinstance(value, str) and NUMBER_RE.match(value):
        return Decimal(value)
    return None


def _fits(number: Decimal, *, places: int, digits: int) -> bool:
    if not number.is_finite():
        return False
    exponent = number.as_tuple().exponent
    assert isinstance(exponent, int)
    if -exponent > places and number != round(number, places):
        return False
    return abs(number) < Decimal(10) ** (digits - places)


def _valid_code(code: str, max_length: int) -> bool:
    return len(code) <= max_length and bool(CODE_RE.match(code))


def _code_message(code: str, max_length: int) -> str:
    return _(
        "“%(code)s” is not a valid code: use letters, digits, dots, hyphens and underscores, "
        "starting with a letter or digit, at most %(max)d characters."
    ) % {"code": code, "max": max_length}


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
    if errors:
        raise WorkbookInvalid(errors)
    return PlanDraft(plan, agencies, dimensions, areas, objectives, activities, indicators)


@dataclass
class Refs:
    agencies: set[str]  # case-folded
    dimensions: set[str]
    objectives: set[str]
    activities: set[str] = field(default_factory=set)
    # The plan period, when the Plan sheet gives a valid one: activities and milestones must
    # fall inside it, the same rule the edit forms apply.
    plan_start: datetime.date | None = None
    plan_end: datetime.date | None = None

    def misses_plan(self, first: datetime.date, last: datetime.date) -> bool:
        if self.plan_start is None or self.plan_end is None:
            return False
        return last < self.plan_start or first > self.plan_end


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


def _rows(sheet: Sheet, errors: list[WorkbookError]) -> list[Cells]:
    return [Cells(sheet, row, errors) for row in sheet.rows]


def _unique(cells: Cells, code: str, seen: set[str], column: str = "Code") -> bool:
    """False (and an error) when `code` was already used in this sheet."""
    if not code:
        return False
    if code in seen:
        cells.error(column, _("the code “%(code)s” appears twice in this sheet.") % {"code": code})
        return False
    seen.add(code)
    return True


# Plan ------------------------------------------------------------------------------------


def _plan_fields(sheet: Sheet, errors: list[WorkbookError]) -> dict[str, Any]:
    by_field: dict[str, Cells] = {}
    for cells in _rows(sheet, errors):
        name = normalise_header(cells.text("Field"))
        if name in by_field:
            cells.error("Field", _("the field “%(field)s” appears twice.") % {"field": name})
        by_field.setdefault(name, cells)
    for wanted in PLAN_FIELDS:
        if wanted.endswith("*") and normalise_header(wanted[:-1]) not in by_field:
            errors.append(
                WorkbookError(
                    sheet.title,
                    None,
                    sheet.headers.get("field", "Field"),
                    _("the field “%(field)s” is missing.") % {"field": wanted[:-1]},
                )
            )
    blank = Cells(sheet, Row(0, {}), [])  # a missing field is reported once, above
    cell = lambda name: by_field.get(name, blank)  # noqa: E731
    fields: dict[str, Any] = {
        "title": cell("title").text("Value", required=True, max_length=400),
        "country": cell("country").text("Value", required=True, max_length=100),
        "starts_on": cell("start").period("Value", end=False, required=True)[0],
        "ends_on": cell("end").period("Value", end=True, required=True)[0],
        "currency": cell("currency").text("Value", required=True).upper(),
        "languages": _languages(cell("languages")),
    }
    if "status" in by_field:
        fields["status"] = cell("status").choice("Value", PlanStatus, PlanStatus.DRAFT)
    _settings(fields, cell)
    if fields["currency"] and not re.fullmatch(r"[A-Z]{3}", fields["currency"]):
        cell("currency").error("Value", _("use a three-letter ISO 4217 code, like EUR."))
    fields["code"] = cell("code").code("Value", max_length=60) or _plan_code(fields)
    _check_order(cell("end"), fields["starts_on"], fields["ends_on"], "Value")
    return fields


def _settings(fields: dict[str, Any], cell: Any) -> None:
    """The reporting calendar and progress thresholds. The workbook is the plan: a missing row
    means the default, on a new plan and on an existing one alike (docs/workbook.md)."""
    defaults = plan_setting_defaults()
    for title, name in SETTING_ROWS.items():
        cells, default = cell(normalise_header(title)), defaults[name]
        if name in CALENDAR_LIMITS:
            fields[name] = cells.days("Value", maximum=CALENDAR_LIMITS[name], default=default)
        else:
            lowest_allowed = THRESHOLD_LIMITS[name][1]
            fields[name] = cells.share("Value", lowest_allowed=lowest_allowed, default=default)
    if fields["at_risk_from"] >= fields["on_track_from"]:
        cell(normalise_header("At risk from")).error(
            "Value",
            _("at risk must start below on track (%(on_track)s).")
            % {"on_track": format(fields["on_track_from"], "f")},
        )


def _languages(cells: Cells) -> str:
    allowed = [code for code, _name in settings.LANGUAGES]
    codes = [part.strip().lower() for part in cells.text("Value").split(";") if part.strip()]
    for code in codes:
        if code not in allowed:
            cells.error(
                "Value",
                _("“%(code)s” is not one of the languages %(allowed)s.")
                % {"code": code, "allowed": ", ".join(allowed)},
            )
    return ",".join(dict.fromkeys(code for code in codes if code in allowed)) or "en"


def _plan_code(fields: dict[str, Any]) -> str:
    """`RURITANIA-2024-2026` for a plan whose workbook gives no code."""
    country = re.sub(r"[^A-Za-z0-9]+", "-", fields["country"]).strip("-").upper() or "PLAN"
    start, end = fields["starts_on"], fields["ends_on"]
    years = f"-{start.year}-{end.year}" if start and end else ""
    return country[: 60 - len(years)] + years


def _check_order(
    cells: Cells, start: datetime.date | None, end: datetime.date | None, column: str
) -> None:
    if start and end and end < start:
        cells.error(column, _("the end is before the start."))


# Agencies and dimensions -----------------------------------------------------------------


def _agencies(sheet: Sheet, known: Known, errors: list[WorkbookError]) -> list[AgencyDraft]:
    drafts, seen, where = [], set[str](), {}
    for cells in _rows(sheet, errors):
        code = cells.code("Code", required=True)
        if not _unique(cells, code.casefold(), seen):
            continue
        draft = AgencyDraft(
            code=code,
            name=cells.text("Name", required=True, max_length=300),
            short_name=cells.text("Short name", max_length=60),
            type=cells.choice("Type", AgencyType, AgencyType.STATE),
            parent=cells.code("Parent").casefold() or None,
            email=_email(cells),
        )
        drafts.append(draft)
        where[code.casefold()] = cells
    parents = dict(known.agency_parents) | {d.code.casefold(): d.parent for d in drafts}
    for draft in drafts:
        cells = where[draft.code.casefold()]
        if draft.parent and draft.parent not in parents:
            cells.error("Parent", _unknown_agency(cells.text("Parent")))
        elif _in_cycle(draft.code.casefold(), parents):
            cells.error("Parent", _("the agency would be placed under itself."))
    return drafts


def _email(cells: Cells) -> str:
    email = cells.text("Email", max_length=254)
    try:
        if email:
            validate_email(email)
    except ValidationError:
        cells.error("Email", _("“%(email)s” is not an e-mail address.") % {"email": email})
    return email


def _unknown_agency(code: str) -> str:
    return _("unknown agency “%(code)s” (not in the Agencies sheet nor in TIP Monitor).") % {
        "code": code
    }


def _in_cycle(start: str, parents: dict[str, str | None]) -> bool:
    seen, current = {start}, parents.get(start)
    while current is not None:
        if current in seen:
            return current == start
        seen.add(current)
        current = parents.get(current)
    return False


def _dimensions(sheet: Sheet, known: Known, errors: list[WorkbookError]) -> list[DimensionDraft]:
    drafts: dict[str, DimensionDraft] = {}
    seen: set[tuple[str, str]] = set()
    for cells in _rows(sheet, errors):
        code = cells.code("Dimension", required=True)
        if not code:
            continue
        draft = drafts.setdefault(code, DimensionDraft(code, ""))
        draft.name = draft.name or cells.text("Dimension name", max_length=200)
        if not draft.name and code not in known.dimensions:
            cells.error("Dimension name", _("required for a dimension new to TIP Monitor."))
        category = cells.code("Category")
        if category and _unique(cells, (code, category), seen, "Category"):  # type: ignore[arg-type]
            name = cells.text("Category name", max_length=200) or category
            draft.categories.append((category, name))
    return list(drafts.values())


# Areas, objectives, activities, indicators -----------------------------------------------


def _areas(sheet: Sheet, errors: list[WorkbookError]) -> list[dict[str, Any]]:
    areas, seen = [], set[str]()
    for cells in _rows(sheet, errors):
        code = cells.code("Code", required=True)
        name = cells.text("Name", required=True, max_length=300)
        if _unique(cells, code, seen):
            areas.append({"code": code, "name": name})
    return areas


def _objectives(sheet: Sheet, areas: set[str], errors: list[WorkbookError]) -> list[dict[str, Any]]:
    objectives: list[dict[str, Any]] = []
    seen: set[str] = set()
    where: dict[str, Cells] = {}
    for cells in _rows(sheet, errors):
        code = cells.code("Code", required=True)
        item: dict[str, Any] = {
            "code": code,
            "area": cells.code("Area", required=True),
            "parent": cells.code("Parent") or None,
            "name": cells.text("Name", required=True),
            "kind": cells.choice("Kind", ObjectiveKind),
        }
        if item["area"] and item["area"] not in areas:
            cells.error("Area", _("unknown area “%(code)s”.") % {"code": item["area"]})
        if _unique(cells, code, seen):
            objectives.append(item)
            where[code] = cells
    by_code = {item["code"]: item for item in objectives}
    parents = {item["code"]: item["parent"] for item in objectives}
    for item in objectives:
        _check_objective_parent(where[item["code"]], item, by_code, parents)
    return objectives


def _check_objective_parent(
    cells: Cells, item: dict[str, Any], by_code: dict[str, Any], parents: dict[str, str | None]
) -> None:
    parent = by_code.get(item["parent"]) if item["parent"] else None
    if item["parent"] and parent is None:
        cells.error("Parent", _("unknown objective “%(code)s”.") % {"code": item["parent"]})
    elif parent is not None and parent["area"] != item["area"]:
        cells.error("Parent", _("the objective above it is in another area."))
    elif _in_cycle(item["code"], parents):
        cells.error("Parent", _("the objective would be placed under itself."))


def _activities(sheet: Sheet, refs: Refs, errors: list[WorkbookError]) -> list[dict[str, Any]]:
    activities, seen = [], set[str]()
    for cells in _rows(sheet, errors):
        code = cells.code("Code", required=True)
        starts_on, starts_precision = cells.period("Start", end=False)
        ends_on, ends_precision = cells.period("End", end=True)
        _check_order(cells, starts_on, ends_on, "End")
        if not (starts_on and ends_on and ends_on < starts_on):  # one error at a time
            _check_in_plan(cells, refs, "Start", starts_on, starts_precision)
            _check_in_plan(cells, refs, "End", ends_on, ends_precision)
        item = {
            "code": code,
            "objective": _reference(cells, "Objective", refs.objectives, required=True),
            "name": cells.text("Name", required=True),
            "lead_agency": _agency(cells, "Lead agency", refs),
            "partner_agencies": _agency_list(cells, "Partner agencies", refs),
            "starts_on": starts_on,
            "starts_precision": starts_precision,
            "ends_on": ends_on,
            "ends_precision": ends_precision,
            "result_indicator": cells.text("Result indicator"),
            "budget": cells.number("Budget", places=2, digits=16, minimum=0),
            **_funding(cells),
        }
        if _unique(cells, code, seen):
            activities.append(item)
    return activities


def _reference(cells: Cells, column: str, codes: set[str], *, required: bool = False) -> str:
    code = cells.code(column, required=required)
    if code and code not in codes:
        cells.error(column, _("unknown objective “%(code)s”.") % {"code": code})
        return ""
    return code


def _agency(cells: Cells, column: str, refs: Refs) -> str | None:
    """The case-folded code of a known agency (the error shows it as written)."""
    code = cells.code(column)
    if code and code.casefold() not in refs.agencies:
        cells.error(column, _unknown_agency(code))
    return code.casefold() or None


def _agency_list(cells: Cells, column: str, refs: Refs) -> list[str]:
    codes: dict[str, str] = {}  # case-folded -> as written, first spelling wins
    for code in cells.codes(column):
        codes.setdefault(code.casefold(), code)
    for key, code in codes.items():
        if key not in refs.agencies:
            cells.error(column, _unknown_agency(code))
    return list(codes)


def _funding(cells: Cells) -> dict[str, str]:
    text = cells.text("Funding source", max_length=200)
    words = normalise_header(text)
    if not words:
        return {"funding_source": "", "funder": ""}
    if words == STATE_BUDGET_WORDS:
        return {"funding_source": FundingSource.STATE_BUDGET, "funder": ""}
    if words in NONE_NEEDED_WORDS:
        return {"funding_source": FundingSource.NONE_NEEDED, "funder": ""}
    return {"funding_source": FundingSource.DONOR, "funder": text}


def _indicators(sheet: Sheet, refs: Refs, errors: list[WorkbookError]) -> list[dict[str, Any]]:
    indicators, seen = [], set[str]()
    has_headline = normalise_header("Headline") in sheet.headers
    for cells in _rows(sheet, errors):
        code = cells.code("Code", required=True)
        kind = cells.choice("Type", IndicatorType, IndicatorType.NUMBER)
        item = {
            "code": code,
            **_indicator_parent(cells, refs),
            "name": cells.text("Name", required=True),
            "level": cells.choice("Level", IndicatorLevel, IndicatorLevel.OUTPUT),
            "type": kind,
            "direction": cells.choice("Direction", Direction, Direction.INCREASE),
            "unit": cells.text("Unit", max_length=100),
            **_target(cells, "Baseline", "baseline", kind),
            "baseline_year": cells.year("Baseline year"),
            "baseline_source": cells.text("Baseline source"),
            **_target(cells, "Mid-term target", "midterm_target", kind),
            **_target(cells, "End target", "end_target", kind),
            "milestones": _milestones(cells, refs),
            "frequency": cells.choice("Frequency", Frequency, Frequency.QUARTERLY),
            "responsible_agencies": _agency_list(cells, "Responsible agencies", refs),
            "means_of_verification": cells.text("Means of verification"),
            "dimensions": _dimension_list(cells, refs),
            **_aggregations(cells, kind),
        }
        # A workbook from before the column keeps the flags the plan has (docs/workbook.md).
        if has_headline:
            item["headline"] = cells.yes_no("Headline")
        if _unique(cells, code, seen):
            indicators.append(item)
    return indicators


def _indicator_parent(cells: Cells, refs: Refs) -> dict[str, str | None]:
    code = cells.code("Parent", required=True)
    is_objective, is_activity = code in refs.objectives, code in refs.activities
    if code and is_objective and is_activity:
        cells.error(
            "Parent", _("“%(code)s” is both an objective and an activity.") % {"code": code}
        )
    elif code and not (is_objective or is_activity):
        cells.error("Parent", _("unknown objective or activity “%(code)s”.") % {"code": code})
    return {
        "objective": code if is_objective and not is_activity else None,
        "activity": code if is_activity and not is_objective else None,
    }


def _aggregations(cells: Cells, kind: str) -> dict[str, str]:
    """The chosen aggregations ("" = the default for the type); none for a qualitative one."""
    chosen = {
        "time_aggregation": cells.choice("Aggregation over time", TimeAggregation),
        "agency_aggregation": cells.choice("Aggregation across agencies", AgencyAggregation),
    }
    if kind == IndicatorType.QUALITATIVE:
        for column, name in (
            ("Aggregation over time", "time_aggregation"),
            ("Aggregation across agencies", "agency_aggregation"),
        ):
            if chosen[name]:
                cells.error(
                    column,
                    _("a qualitative indicator is rated, not added up: leave this cell empty."),
                )
        return dict.fromkeys(chosen, "")
    return chosen


def _target(cells: Cells, column: str, name: str, kind: str) -> dict[str, Any]:
    """Numbers for a measured indicator, words for a qualitative one."""
    if kind == IndicatorType.QUALITATIVE:
        return {name: None, f"{name}_text": cells.text(column)}
    return {name: cells.number(column, places=4, digits=20), f"{name}_text": ""}


def _check_in_plan(
    cells: Cells, refs: Refs, column: str, day: datetime.date | None, precision: str
) -> None:
    if day is None:
        return
    first, last = period_first_day(day, precision), period_last_day(day, precision)
    if refs.misses_plan(first, last):
        params = {
            "period": format_period(day, precision),
            "start": str(refs.plan_start),
            "end": str(refs.plan_end),
        }
        cells.error(
            column, _("%(period)s is outside the plan period (%(start)s to %(end)s).") % params
        )


def _milestones(cells: Cells, refs: Refs) -> list[tuple[int, Decimal]]:
    milestones: dict[int, Decimal] = {}
    for part in (p.strip() for p in cells.text("Milestones").split(";")):
        if not part:
            continue
        year, _sep, target = (piece.strip() for piece in part.partition(":"))
        number = _as_decimal(target)
        if not (
            re.fullmatch(r"\d{4}", year)
            and number is not None
            and _fits(number, places=4, digits=20)
        ):
            cells.error(
                "Milestones",
                _("“%(text)s” is not a year and a target like 2024: 120.") % {"text": part},
            )
        elif int(year) in milestones:
            cells.error("Milestones", _("the year %(year)s appears twice.") % {"year": year})
        elif refs.misses_plan(datetime.date(int(year), 1, 1), datetime.date(int(year), 12, 31)):
            cells.error(
                "Milestones", _("the year %(year)s is outside the plan period.") % {"year": year}
            )
        else:
            milestones[int(year)] = number
    return sorted(milestones.items())


def _dimension_list(cells: Cells, refs: Refs) -> list[str]:
    codes = list(dict.fromkeys(cells.codes("Disaggregation")))
    for code in codes:
        if code not in refs.dimensions:
            cells.error("Disaggregation", _("unknown dimension “%(code)s”.") % {"code": code})
    return codes
