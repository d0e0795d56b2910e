"""The Areas, Objectives, Activities and Indicators sheets."""

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from plans import rules
from plans.models import (
    AgencyAggregation,
    Direction,
    Frequency,
    FundingSource,
    IndicatorLevel,
    IndicatorType,
    ObjectiveKind,
    TimeAggregation,
)
from plans.workbook import WorkbookError
from plans.workbook.reader import Sheet
from tipmonitor.lib.spreadsheet import normalise_header

from ._common import Cells, Refs, _rows, _unique, _unknown_agency
from .schema import NONE_NEEDED_WORDS, STATE_BUDGET_WORDS

# Areas, objectives, activities, indicators -----------------------------------------------

PERIOD_COLUMNS = {"starts_on": "Start", "ends_on": "End"}


def _areas(sheet: Sheet, errors: list[WorkbookError]) -> list[dict[str, Any]]:
    areas, seen = [], set[str]()
    for cells in _rows(sheet, errors):
        code = cells.code("Code", required=True)
        name = cells.text("Name", required=True, max_length=300)
        names = cells.names(max_length=300)
        if _unique(cells, code, seen):
            areas.append({"code": code, "name": name, "name_i18n": names})
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
            "name_i18n": cells.names(),
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
        return
    error = rules.objective_parent_error(
        item["code"],
        item["parent"],
        area=item["area"],
        parent_area=parent and parent["area"],
        parent_of=parents,
    )
    if error:
        cells.error("Parent", error)


def _activities(sheet: Sheet, refs: Refs, errors: list[WorkbookError]) -> list[dict[str, Any]]:
    activities, seen = [], set[str]()
    for cells in _rows(sheet, errors):
        code = cells.code("Code", required=True)
        starts_on, starts_precision = cells.period("Start", end=False)
        ends_on, ends_precision = cells.period("End", end=True)
        period = rules.activity_period_errors(
            starts_on=starts_on,
            starts_precision=starts_precision,
            ends_on=ends_on,
            ends_precision=ends_precision,
            plan_start=refs.plan_start,
            plan_end=refs.plan_end,
        )
        for field, message in period.items():
            cells.error(PERIOD_COLUMNS[field], message)
        item = {
            "code": code,
            "objective": _reference(cells, "Objective", refs.objectives, required=True),
            "name": cells.text("Name", required=True),
            "name_i18n": cells.names(),
            "lead_agency": _agency(cells, "Lead agency", refs),
            "partner_agencies": _agency_list(cells, "Partner agencies", refs),
            "starts_on": starts_on,
            "starts_precision": starts_precision,
            "ends_on": ends_on,
            "ends_precision": ends_precision,
            "result_indicator": cells.text("Result indicator"),
            "budget": cells.number("Budget", money=True),
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
    has_counts_victims = normalise_header("Counts victims") in sheet.headers
    for cells in _rows(sheet, errors):
        code = cells.code("Code", required=True)
        kind = cells.choice("Type", IndicatorType, IndicatorType.NUMBER)
        item = {
            "code": code,
            **_indicator_parent(cells, refs),
            "name": cells.text("Name", required=True),
            "name_i18n": cells.names(),
            "level": cells.choice("Level", IndicatorLevel, IndicatorLevel.OUTPUT),
            "type": kind,
            "direction": cells.choice("Direction", Direction, Direction.INCREASE),
            "unit": cells.text("Unit", max_length=100),
            "unit_i18n": cells.names("Unit", max_length=100),
            **_target(cells, "Baseline", "baseline", kind),
            "baseline_year": cells.year("Baseline year"),
            "baseline_source": cells.text("Baseline source"),
            **_target(cells, "Mid-term target", "midterm_target", kind),
            **_target(cells, "End target", "end_target", kind),
            "milestones": _milestones(cells, refs, qualitative=kind == IndicatorType.QUALITATIVE),
            "frequency": cells.choice("Frequency", Frequency, Frequency.QUARTERLY),
            "responsible_agencies": _agency_list(cells, "Responsible agencies", refs),
            "means_of_verification": cells.text("Means of verification"),
            "dimensions": _dimension_list(cells, refs),
            **_aggregations(cells, kind),
        }
        # A workbook from before the columns keeps the flags the plan has (docs/workbook.md).
        if has_headline:
            item["headline"] = cells.yes_no("Headline")
        if has_counts_victims:
            item["counts_victims"] = cells.yes_no("Counts victims")
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
    return {name: cells.number(column), f"{name}_text": ""}


def _milestones(cells: Cells, refs: Refs, *, qualitative: bool) -> list[tuple[int, Decimal]]:
    try:
        milestones = rules.parse_milestones(cells.text("Milestones"))
    except rules.RuleError as error:
        cells.error("Milestones", error.message)
        return []
    errors = rules.milestone_errors(
        milestones, plan_start=refs.plan_start, plan_end=refs.plan_end, qualitative=qualitative
    )
    for message in errors:
        cells.error("Milestones", message)
    return [] if errors else milestones


def _dimension_list(cells: Cells, refs: Refs) -> list[str]:
    codes = list(dict.fromkeys(cells.codes("Disaggregation")))
    for code in codes:
        if code not in refs.dimensions:
            cells.error("Disaggregation", _("unknown dimension “%(code)s”.") % {"code": code})
    return codes
