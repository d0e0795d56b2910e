"""The Plan sheet: the plan's fields, settings and languages."""

import re
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from plans import rules
from plans.models import PaperSize, PlanStatus, name_languages
from plans.services import CALENDAR_LIMITS, THRESHOLD_LIMITS, plan_setting_defaults
from plans.workbook import WorkbookError
from plans.workbook.reader import Row, Sheet
from tipmonitor.lib.spreadsheet import normalise_header

from ._common import Cells, _rows
from .schema import PLAN_FIELDS, SETTING_ROWS, name_column

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
    # Like the settings: a missing row means the default (A4).
    fields["paper_size"] = cell("paper size").choice("Value", PaperSize, PaperSize.A4)
    # Unlike the settings, a missing `Title (hy)` row keeps the stored title in that language
    # (an empty one removes it), as a missing `Name (hy)` column does for names (issue 9 #10).
    fields["title_i18n"] = {
        code: cell(key).text("Value", max_length=400)
        for code in name_languages()
        if (key := normalise_header(name_column("Title", code))) in by_field
    }
    if fields["currency"] and (error := rules.currency_error(fields["currency"])):
        cell("currency").error("Value", error)
    fields["code"] = cell("code").code("Value", max_length=60) or _plan_code(fields)
    if error := rules.plan_period_error(fields["starts_on"], fields["ends_on"]):
        cell("end").error("Value", error)
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
