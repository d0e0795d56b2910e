"""The plan written out: the XLSX workbook of docs/workbook.md, or the same content as JSON.

Both come from `plan_records`, one record per row keyed by the workbook's column titles, so
the two formats cannot drift apart. Export writes codes and fixed English words (`state`,
`State budget`), never translated labels, so a workbook exported in any language imports back.
"""

import io
import json
import re
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from openpyxl import Workbook

from agencies.models import Agency
from plans.models import (
    Activity,
    Dimension,
    DimensionCategory,
    FundingSource,
    Indicator,
    IndicatorAgencyTarget,
    Objective,
    Plan,
    name_languages,
)
from plans.workbook.validate import COLUMNS, PLAN_FIELDS, titles
from plans.workbook.validate.schema import NAMED_COLUMNS, name_column, name_titles
from tipmonitor.lib.periods import format_period
from tipmonitor.lib.spreadsheet import escape_cell, normalise_header, strip_illegal

Record = dict[str, Any]
FUNDING_WORDS = {
    FundingSource.STATE_BUDGET: "State budget",
    FundingSource.NONE_NEEDED: "None needed",
}
MAX_FLOAT_DIGITS = 15  # beyond this a spreadsheet number loses digits; write text instead


def plan_xlsx(plan: Plan) -> bytes:
    records = plan_records(plan)
    book = Workbook(write_only=True)
    plan_sheet = book.create_sheet("Plan")
    plan_sheet.append(["Field", "Value"])
    for name, value in records.pop("Plan")[0].items():
        plan_sheet.append([name, _xlsx_value(value)])
    for sheet, rows in records.items():
        ws = book.create_sheet(sheet)
        columns = [
            *titles(sheet),
            *(title for title in name_titles(sheet) if rows and title in rows[0]),
        ]
        ws.append(columns)
        for row in rows:
            ws.append([_xlsx_value(row[title]) for title in columns])
    return _save(book)


def plan_json(plan: Plan) -> bytes:
    records = plan_records(plan)
    document: dict[str, Any] = {
        _snake(sheet): [{_snake(k): _json_value(v) for k, v in r.items()} for r in rows]
        for sheet, rows in records.items()
    }
    document["plan"] = document["plan"][0]
    return json.dumps(document, ensure_ascii=False, indent=2).encode()


def template_xlsx() -> bytes:
    book = Workbook(write_only=True)
    instructions = book.create_sheet(_("Instructions"))
    for line in _instructions():
        instructions.append([line])
    for sheet in COLUMNS:
        ws = book.create_sheet(sheet)
        ws.append([*titles(sheet), *name_titles(sheet)])
        if sheet == "Plan":
            for name in PLAN_FIELDS:
                ws.append([name.rstrip("*")])
    return _save(book)


def _instructions() -> list[str]:
    return [
        _("TIP Monitor: national action plan workbook"),
        _("Fill in one row per element, from row 2 of each sheet. Row 1 holds the headers."),
        _("Codes (1.1.2, POLICE) identify elements: importing again updates them by code."),
        _("Start and end: a date (2024-03-15), a quarter (2024-Q1) or a year (2024)."),
        _("Lists (partner agencies, disaggregation, languages) are separated by ;"),
        _(
            "Name (hy), Name (ru): the name in Armenian and in Russian, shown to those who use "
            "TIP Monitor in that language; optional."
        ),
        _(
            "Unit (hy), Unit (ru) on the Indicators sheet: the unit in Armenian and in Russian; "
            "optional."
        ),
        _("Elements of the plan missing from the workbook are removed when it is imported."),
        _("This sheet is ignored by the import. The full contract: docs/workbook.md."),
    ]


def _save(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, list):
        value = "; ".join(value)
    if isinstance(value, str):
        return escape_cell(strip_illegal(value)) or None
    if isinstance(value, Decimal):
        value = value.normalize()
        if len(value.as_tuple().digits) > MAX_FLOAT_DIGITS:
            return format(value, "f")
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return value


def _snake(title: str) -> str:
    """`Mid-term target` -> `mid_term_target`, `Name (hy)` -> `name_hy`."""
    return re.sub(r"[()]", "", normalise_header(title)).replace(" ", "_").replace("-", "_")


# The records ------------------------------------------------------------------------------


def plan_records(plan: Plan) -> dict[str, list[Record]]:
    """Every sheet's rows for `plan`; lists stay lists (the writer joins them for XLSX)."""
    records = {
        "Plan": [_plan_record(plan)],
        "Agencies": _agency_records(),
        "Dimensions": _dimension_records(),
        "Areas": [
            {"Code": a.code, "Name": a.name, **_names(a)} for a in plan.areas.order_by("position")
        ],
        "Objectives": _objective_records(plan),
        "Activities": _activity_records(plan),
        "Indicators": _indicator_records(plan),
        "Agency targets": _agency_target_records(plan),
    }
    _names_keep(records, plan)
    return records


def _names(obj: Any, column: str = "Name", field: str = "name_i18n") -> Record:
    """The `Name (hy)`, … cells of an element, one per language beyond the base name (the
    `Unit (hy)`, … cells of an indicator from its `unit_i18n`)."""
    names = getattr(obj, field) or {}
    return {name_column(column, code): names.get(code, "") for code in name_languages()}


def _names_keep(records: dict[str, list[Record]], plan: Plan) -> None:
    """Keep the name columns of the plan's languages and of any language a name is given in;
    drop the others (a plan in English alone exports no empty `Name (ru)` column)."""
    for code in name_languages():
        keys = {
            sheet: [name_column(column, code) for column in columns]
            for sheet, columns in NAMED_COLUMNS.items()
        }
        used = any(
            row[key]
            for sheet, rows in records.items()
            for row in rows
            for key in keys.get(sheet, [])
        )
        if used or code in plan.language_list:
            continue
        for sheet, sheet_keys in keys.items():
            for row in records[sheet]:
                for key in sheet_keys:
                    del row[key]


def _plan_record(plan: Plan) -> Record:
    return {
        "Code": plan.code,
        "Title": plan.title,
        # The title in the plan's languages beyond the base and any it is given in (issue 9 #10).
        **{
            name_column("Title", code): plan.title_i18n.get(code, "")
            for code in name_languages()
            if code in plan.language_list or plan.title_i18n.get(code)
        },
        "Country": plan.country,
        "Start": plan.starts_on.isoformat(),
        "End": plan.ends_on.isoformat(),
        "Currency": plan.currency,
        "Status": plan.status,
        "Languages": plan.language_list,
        "Report deadline days": plan.report_deadline_days,
        "Reminder days before": plan.reminder_days_before,
        "Reminder days after": plan.reminder_days_after,
        "On track from": plan.on_track_from,
        "At risk from": plan.at_risk_from,
        "Maintain tolerance": plan.maintain_tolerance,
        "Paper size": plan.paper_size,
    }


def _agency_records() -> list[Record]:
    """All agencies: the plan refers to them and their parents, and a fresh TIP Monitor
    must be able to take the workbook alone."""
    return [
        {
            "Code": agency.code,
            "Name": agency.name,
            "Short name": agency.short_name,
            "Type": agency.type,
            "Parent": agency.parent.code if agency.parent else "",
            "Email": agency.email,
        }
        for agency in Agency.objects.select_related("parent").order_by("code")
    ]


def _dimension_records() -> list[Record]:
    categories = Prefetch("categories", DimensionCategory.objects.order_by("position", "code"))
    records = []
    for dimension in Dimension.objects.prefetch_related(categories):
        found: list[DimensionCategory | None] = [*dimension.categories.all()] or [None]
        for category in found:
            records.append(
                {
                    "Dimension": dimension.code,
                    "Dimension name": dimension.name,
                    "Category": category.code if category else "",
                    "Category name": category.name if category else "",
                    **_names(dimension, "Dimension name"),
                    **(_names(category, "Category name") if category else _no_names()),
                }
            )
    return records


def _objective_records(plan: Plan) -> list[Record]:
    objectives = Objective.objects.filter(plan=plan).select_related("area", "parent")
    return [
        {
            "Code": o.code,
            "Area": o.area.code,
            "Parent": o.parent.code if o.parent else "",
            "Name": o.name,
            "Kind": o.kind,
            **_names(o),
        }
        for o in objectives.order_by("position")
    ]


def _activity_records(plan: Plan) -> list[Record]:
    activities = (
        Activity.objects.filter(plan=plan)
        .select_related("objective", "lead_agency")
        .prefetch_related(Prefetch("partner_agencies", Agency.objects.order_by("code")))
        .order_by("position")
    )
    return [_activity_record(activity) for activity in activities]


def _activity_record(a: Activity) -> Record:
    funding = a.funder if a.funding_source == FundingSource.DONOR else ""
    return {
        "Code": a.code,
        "Objective": a.objective.code,
        "Name": a.name,
        "Lead agency": a.lead_agency.code if a.lead_agency else "",
        "Partner agencies": [agency.code for agency in a.partner_agencies.all()],
        "Start": format_period(a.starts_on, a.starts_precision),
        "End": format_period(a.ends_on, a.ends_precision),
        "Result indicator": a.result_indicator,
        "Budget": a.budget,
        "Funding source": FUNDING_WORDS.get(a.funding_source, funding),  # type: ignore[call-overload]
        **_names(a),
    }


def _indicator_records(plan: Plan) -> list[Record]:
    indicators = (
        Indicator.objects.filter(plan=plan)
        .select_related("objective", "activity")
        .prefetch_related(
            Prefetch("responsible_agencies", Agency.objects.order_by("code")),
            Prefetch("dimensions", Dimension.objects.order_by("position", "code")),
            "milestones",
        )
        .order_by("position")
    )
    return [_indicator_record(indicator) for indicator in indicators]


def _indicator_record(i: Indicator) -> Record:
    parent = i.objective or i.activity
    qualitative = i.is_qualitative
    return {
        "Code": i.code,
        "Parent": parent.code if parent else "",
        "Name": i.name,
        "Level": i.level,
        "Type": i.type,
        "Direction": i.direction,
        "Unit": i.unit,
        "Baseline": i.baseline_text if qualitative else i.baseline,
        "Baseline year": i.baseline_year,
        "Baseline source": i.baseline_source,
        "Mid-term target": i.midterm_target_text if qualitative else i.midterm_target,
        "End target": i.end_target_text if qualitative else i.end_target,
        "Milestones": [
            f"{m.year}: {format(m.target.normalize(), 'f')}" for m in i.milestones.all()
        ],
        "Frequency": i.frequency,
        "Responsible agencies": [agency.code for agency in i.responsible_agencies.all()],
        "Means of verification": i.means_of_verification,
        "Disaggregation": [dimension.code for dimension in i.dimensions.all()],
        "Aggregation over time": i.time_aggregation,
        "Aggregation across agencies": i.agency_aggregation,
        "Headline": "yes" if i.headline else "no",
        "Counts victims": "yes" if i.counts_victims else "no",
        **_names(i),
        **_names(i, "Unit", "unit_i18n"),
    }


def _agency_target_records(plan: Plan) -> list[Record]:
    targets = (
        IndicatorAgencyTarget.objects.filter(indicator__plan=plan)
        .select_related("indicator", "agency")
        .order_by("indicator__position", "agency__code")
    )
    return [
        {
            "Indicator": t.indicator.code,
            "Agency": t.agency.code,
            "Target": t.target,
            "Target date": t.target_date.isoformat() if t.target_date else "",
        }
        for t in targets
    ]


def _no_names() -> Record:
    """The category name cells of a dimension without categories."""
    return {name_column("Category name", code): "" for code in name_languages()}
