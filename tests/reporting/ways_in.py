"""The four ways values come into a report, driven the same way by the tests that hold them to
the same rules: the report's web form, the report workbook, a bulk CSV file and the JSON API.

Each way takes cells `{(indicator code, breakdown): text}` (and optional comments on totals)
for one quarter of agency A (POL) and answers with what came of it: `("stored", {(code,
breakdown): Decimal})`, or `("refused", (message, ...))` with the messages as the rules wrote
them (without the "row 2, column 'value'" or "Values, cell F2" that locates them)."""

import io
import json
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

import openpyxl
from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from plans.models import Plan
from reporting.datavalues import values_parse
from reporting.forms import ReportForm, comment_name
from reporting.models import IndicatorValue, Report, ReportStatus
from reporting.selectors import report_contents
from reporting.services import ValuesInvalid, report_save, values_import
from reporting.validation import parse_breakdown, value_key
from reporting.workbook import ReportWorkbookInvalid, report_template, report_workbook_save
from tests.reporting.files_data import csv_bytes

QUARTER = "2025-Q1"
Cells = Mapping[tuple[str, str], str]
Outcome = tuple[str, Any]


def stored(report: Report) -> dict[tuple[str, str], Decimal]:
    """The values of the current version of `report`'s quarter."""
    values = IndicatorValue.objects.filter(
        report__plan=report.plan,
        report__agency=report.agency,
        report__period=report.period,
        report__is_current=True,
    ).select_related("indicator")
    return {(value.indicator.code, value.breakdown): value.value for value in values}


def outcome(report: Report, messages: list[str]) -> Outcome:
    if messages:
        return ("refused", tuple(sorted(set(messages))))
    return ("stored", stored(report))


def by_form(report: Report, user: User, cells: Cells, comments: Cells | None = None) -> Outcome:
    """The report page's form, then the save service as the page calls it, held to the rules a
    submission is held to (a draft saved from the page keeps a value breaking a rule of the grid
    until submit, and submitting applies these same rules)."""
    contents = report_contents(report)
    ids = {block.indicator.code: block.indicator.pk for block in contents.indicators}
    data = {"revision": report.revision, "contact_person": "", "general_observations": ""}
    data |= {value_key(ids[code], QUARTER, key): text for (code, key), text in cells.items()}
    for (code, _key), text in (comments or {}).items():
        data[comment_name(ids[code], QUARTER)] = text
    form = ReportForm(data, contents=contents)
    if not form.is_valid():
        return outcome(report, [str(m) for errors in form.errors.values() for m in errors])
    try:
        report_save(
            report=report, user=user, **(form.service_kwargs() | {"keep_rule_breaks": False})
        )
    except ValidationError as invalid:
        return outcome(report, [m for errors in invalid.message_dict.values() for m in errors])
    return outcome(report, [])


def workbook_with(template: bytes, cells: Cells, comments: Cells | None = None) -> bytes:
    """The report's workbook with `cells` typed (as text) into the Values sheet."""
    book = openpyxl.load_workbook(io.BytesIO(template))
    for row in book["Values"].iter_rows(min_row=2):
        key = (row[0].value, row[7].value or "")
        if key in cells:
            row[5].value = cells[key]  # column F, "Value"
        if key in (comments or {}):
            row[6].value = (comments or {})[key]  # column G, "Comment"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def by_workbook(report: Report, user: User, cells: Cells, comments: Cells | None = None) -> Outcome:
    data = workbook_with(report_template(report=report), cells, comments)
    try:
        report_workbook_save(report=report, user=user, data=data)
    except ReportWorkbookInvalid as invalid:
        return outcome(report, [error.message for error in invalid.errors])
    return outcome(report, [])


def _csv_cell(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def by_csv(report: Report, user: User, cells: Cells, comments: Cells | None = None) -> Outcome:
    lines = ["indicator,period,agency,value,comment,sex"]
    for (code, key), text in cells.items():
        comment = (comments or {}).get((code, key), "")
        sex = parse_breakdown(key).get("sex", "")
        line = [code, QUARTER, "POL", _csv_cell(text), _csv_cell(comment), sex]
        lines.append(",".join(line))
    try:
        rows = values_parse(data=csv_bytes(lines), name="values.csv")
        values_import(plan=report.plan, rows=rows, user=user, status=ReportStatus.SUBMITTED)
    except ValuesInvalid as invalid:
        return outcome(report, [message for _row, _column, message in invalid.errors])
    return outcome(report, [])


def by_api(client: Any, plan: Plan, report: Report, cells: Cells, comments=None) -> Outcome:
    values = [
        {
            "indicator": code,
            "period": QUARTER,
            "agency": "POL",
            "value": text,
            "comment": (comments or {}).get((code, key), ""),
            "breakdown": parse_breakdown(key),
        }
        for (code, key), text in cells.items()
    ]
    body = json.dumps({"plan": plan.code, "values": values})
    response = client.post("/api/v1/data-values", body, content_type="application/json")
    if response.status_code == 400:
        return outcome(report, [error["message"] for error in response.json()["errors"]])
    assert response.status_code == 200, response.content
    return outcome(report, [])


def isolated(way: Callable[..., Outcome], report: Report, *args: Any, **kwargs: Any) -> Outcome:
    """One way in with its writes undone, so that each starts from the same report."""
    report.refresh_from_db()  # a service moves the revision on in memory too
    with transaction.atomic():
        found = way(report, *args, **kwargs)
        transaction.set_rollback(True)
    report.refresh_from_db()
    return found


def every_way(
    report: Report, user: User, client: Any, cells: Cells, comments: Cells | None = None
) -> dict[str, Outcome]:
    """What each way in makes of the same cells, each from the same report."""
    return {
        "form": isolated(by_form, report, user, cells, comments),
        "workbook": isolated(by_workbook, report, user, cells, comments),
        "csv": isolated(by_csv, report, user, cells, comments),
        "api": isolated(
            lambda rep, *rest: by_api(client, rep.plan, rep, *rest), report, cells, comments
        ),
    }
