"""The coordinator's view of reporting: the submission matrix, the submission status list (a
page, and XLSX/CSV to circulate before the working-group meeting) and the agencies needing
attention in a quarter. Coordinators and viewers see them; everyone else is refused (403).
"""

import io
from typing import cast

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from openpyxl import Workbook
from openpyxl.styles import Font

from accounts.models import User
from plans.forms import AccessibleFormMixin
from plans.models import Plan
from reporting import worklists
from reporting.matrix import CellState
from reporting.selectors import matrix as selectors
from reporting.views.matrix_tables import matrix_tables
from tipmonitor.lib.csvfiles import CsvWriter
from tipmonitor.lib.reporting_periods import Period
from tipmonitor.lib.spreadsheet import escape_cell, strip_illegal
from tipmonitor.lib.tables import download_response, requested

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


class YearForm(AccessibleFormMixin, forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)

    def __init__(self, data: object, *, years: list[int]) -> None:
        super().__init__(data)
        field = cast(forms.TypedChoiceField, self.fields["year"])
        field.choices = [("", _("All years")), *((y, str(y)) for y in years)]


class QuarterForm(AccessibleFormMixin, forms.Form):
    period = forms.ChoiceField(label=_("Quarter"))

    def __init__(self, data: object, *, quarters: list[Period]) -> None:
        super().__init__(data)
        field = cast(forms.ChoiceField, self.fields["period"])
        field.choices = [(quarter.code, quarter.code) for quarter in quarters]
        self.quarters = {quarter.code: quarter for quarter in quarters}


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)  # every view here is behind login_required


def _year(request: HttpRequest, plan: Plan) -> tuple[YearForm, int | None]:
    years = sorted({quarter.year for quarter in selectors.plan_quarters(plan)})
    form = YearForm(request.GET if "year" in request.GET else None, years=years)
    return form, form.cleaned_data["year"] if form.is_bound and form.is_valid() else None


@require_safe
@login_required
def matrix(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = selectors.get_matrix_plan_for_user(_user(request), plan_id)
    form, year = _year(request, plan)
    table = selectors.submission_matrix(plan, year=year, today=timezone.localdate())
    if requested(request):
        stem = f"{plan.code}-submission-matrix-{year or 'all'}"
        return download_response(request, matrix_tables(table), stem=stem)
    context = {"plan": plan, "form": form, "matrix": table, "states": _legend(table)}
    return render(request, "reporting/matrix.html", context)


@require_safe
@login_required
def status_list(request: HttpRequest, plan_id: int) -> HttpResponse:
    fmt = request.GET.get("format", "html")
    if fmt not in {"html", *CONTENT_TYPES}:
        raise Http404
    plan = selectors.get_matrix_plan_for_user(_user(request), plan_id)
    form, year = _year(request, plan)
    today = timezone.localdate()
    table = selectors.submission_matrix(plan, year=year, today=today)
    header, rows = selectors.status_list_table(table)
    if fmt == "html":
        context = {"plan": plan, "form": form, "matrix": table, "header": header, "rows": rows}
        return render(request, "reporting/matrix_status_list.html", context)
    filename = f"{plan.code}-submission-status-{year or 'all'}-{today.isoformat()}.{fmt}"
    data = _xlsx(header, rows) if fmt == "xlsx" else _csv(header, rows)
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@require_safe
@login_required
def attention(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = selectors.get_matrix_plan_for_user(_user(request), plan_id)
    quarters = selectors.plan_quarters(plan)
    form = QuarterForm(request.GET if "period" in request.GET else None, quarters=quarters)
    if form.is_bound and form.is_valid():
        quarter = form.quarters[form.cleaned_data["period"]]
    else:
        quarter = selectors.default_quarter(plan, timezone.localdate())
        if not form.is_bound:
            form = QuarterForm({"period": quarter.code}, quarters=quarters)
    listing = selectors.attention_list(plan, quarter=quarter)
    # What apps above reporting add to the coordinator's attention (coordination: actions).
    extra = worklists.panels(
        worklists.ATTENTION, user=_user(request), today=timezone.localdate(), plan=plan
    )
    context = {"plan": plan, "form": form, "listing": listing, "panels": extra}
    return render(request, "reporting/attention.html", context)


def _legend(table: selectors.SubmissionMatrix) -> list[tuple[CellState, int]]:
    return [(state, table.state_counts.get(state, 0)) for state in CellState]


def _text(value: object) -> object:
    if isinstance(value, str):
        return escape_cell(strip_illegal(value))
    return "" if value is None else value


def _xlsx(header: list[str], rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = str(_("Submission status"))
    sheet.append([_text(text) for text in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_text(value) for value in row])
    sheet.freeze_panes = "C2"
    for column, width in zip("ABCD", (12, 40, 24, 28), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _csv(header: list[str], rows: list[list[object]]) -> bytes:
    buffer = io.StringIO()
    # The one CSV writer: quotes a cell holding any separator, so Excel in a ";" locale
    # never splits "NGO Legal;=cmd…" into a formula (issue 10 #7).
    writer = CsvWriter(buffer)
    writer.writerow([_text(text) for text in header])
    writer.writerows([_text(value) for value in row] for row in rows)
    # The byte-order mark makes Excel read the file as UTF-8 (Armenian and Russian names).
    return buffer.getvalue().encode("utf-8-sig")
