"""The Agency targets sheet: an agency's own target for its share of an indicator (issue 9 #7).

Optional: a workbook without it keeps the targets the plan has; with it, it holds them all.
"""

from typing import Any

from django.utils.translation import gettext as _

from plans import rules
from plans.models import IndicatorType
from plans.workbook import WorkbookError
from plans.workbook.reader import Sheet

from ._common import Cells, Refs, _rows, _unknown_agency


def _agency_targets(
    sheet: Sheet | None, indicators: list[dict[str, Any]], refs: Refs, errors: list[WorkbookError]
) -> list[tuple[str, str, Any, Any]] | None:
    """(indicator code, case-folded agency code, target, target date) for every row, checked by
    the rules of the indicator form (plans/rules.py); None when the sheet is missing."""
    if sheet is None:
        return None
    by_code = {item["code"]: item for item in indicators}
    targets, seen = [], set[tuple[str, str]]()
    for cells in _rows(sheet, errors):
        indicator = _indicator(cells, by_code)
        agency = cells.code("Agency", required=True)
        target = cells.number("Target")
        if target is None and cells.raw("Target") is None:
            cells.error("Target", _("this cell is required."))
        target_date, _precision = cells.period("Target date", end=True)
        if indicator is None or not agency:
            continue
        if agency.casefold() not in refs.agencies:
            cells.error("Agency", _unknown_agency(agency))
            continue
        if (indicator["code"], agency.casefold()) in seen:
            cells.error("Agency", rules.agency_target_twice_error(agency))
            continue
        seen.add((indicator["code"], agency.casefold()))
        if _checked(cells, indicator, agency, target, target_date, refs) and target is not None:
            targets.append((indicator["code"], agency.casefold(), target, target_date))
    return targets


def _indicator(cells: Cells, by_code: dict[str, dict[str, Any]]) -> dict[str, Any] | None:
    code = cells.code("Indicator", required=True)
    if code and code not in by_code:
        cells.error("Indicator", _("unknown indicator “%(code)s”.") % {"code": code})
    return by_code.get(code) if code else None


def _checked(
    cells: Cells, indicator: dict[str, Any], agency: str, target: Any, target_date: Any, refs: Refs
) -> bool:
    responsible = {code.casefold() for code in indicator["responsible_agencies"]}
    found = rules.agency_target_errors(
        agency=agency,
        target=target,
        target_date=target_date,
        responsible=agency.casefold() in responsible,
        qualitative=indicator["type"] == IndicatorType.QUALITATIVE,
        plan_start=refs.plan_start,
        plan_end=refs.plan_end,
    )
    columns = {"agency": "Agency", "target": "Target", "target_date": "Target date"}
    for key, message in found.items():
        if key != "target" or target is not None:  # a missing target is reported above
            cells.error(columns[key], message)
    return not found
