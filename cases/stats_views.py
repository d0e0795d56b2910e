"""Pages of case statistics (docs/disclosure.md): the table of persons by one or two
dimensions, and the coordinator's binding of indicators to case queries with the sync.

The coordinator sees true counts, and with "as published" what disclosure control would let
out; a viewer sees only the disclosure-controlled table; everyone else is refused (403). Every
view of a table is audited.
"""

import datetime
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.models import User
from agencies.models import Agency
from cases.categories import country_codes
from cases.models import TraffickingStatus
from cases.stats import (
    DEFAULT_STATUSES,
    DIMENSIONS,
    EXPLOITATION_CODES,
    STANDARD_TABLES,
    StatsQuery,
    StatsTable,
    case_query_rows,
    category_label,
    dimension_label,
    get_indicator_for_case_query,
    get_plan_for_case_queries,
    notes,
    output_cells,
    person_counts,
    stats_access_for_user,
)
from cases.stats_services import (
    ACTION_STATS,
    case_query_delete,
    case_query_save,
    case_query_sync,
    stats_access_record,
)
from plans.forms import AccessibleFormMixin
from reporting.datavalues import error_text
from reporting.services import ValuesInvalid
from tipmonitor.lib.disclosure import DEFAULT_THRESHOLD, TOTAL


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)  # every view here is behind login_required


def _dimension_choices() -> list[tuple[str, Any]]:
    return [("", gettext_lazy("—")), *((name, d.label) for name, d in DIMENSIONS.items())]


class StatsForm(AccessibleFormMixin, forms.Form):
    table = forms.ChoiceField(label=gettext_lazy("Standard table"), required=False)
    rows = forms.ChoiceField(label=gettext_lazy("Rows"), required=False)
    columns = forms.ChoiceField(label=gettext_lazy("Columns"), required=False)
    year = forms.IntegerField(
        label=gettext_lazy("Year of first identification"),
        required=False,
        min_value=1900,
        max_value=9999,
    )
    statuses = forms.MultipleChoiceField(
        label=gettext_lazy("Trafficking status"),
        choices=TraffickingStatus.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    public = forms.BooleanField(label=gettext_lazy("As published"), required=False)

    def __init__(self, data: Any, *, full: bool) -> None:
        super().__init__(data)
        for name in ("rows", "columns"):
            cast(forms.ChoiceField, self.fields[name]).choices = _dimension_choices()
        tables = [("", "—"), ("unodc", "UNODC"), ("eurostat", "Eurostat")]
        cast(forms.ChoiceField, self.fields["table"]).choices = tables
        if not full:
            del self.fields["public"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("rows") and data.get("rows") == data.get("columns"):
            self.add_error("columns", _("Choose another dimension than the rows'."))
        return data

    def query(self) -> StatsQuery:
        data = self.cleaned_data
        by = STANDARD_TABLES[data["table"]] if data.get("table") else ()
        by = by or tuple(name for name in (data.get("rows"), data.get("columns")) if name)
        year = data.get("year")
        return StatsQuery(
            by=tuple(by),
            start=_first_day(year),
            end=_last_day(year),
            statuses=tuple(data.get("statuses") or DEFAULT_STATUSES),
        )


def _first_day(year: int | None) -> datetime.date | None:
    return datetime.date(year, 1, 1) if year else None


def _last_day(year: int | None) -> datetime.date | None:
    return datetime.date(year, 12, 31) if year else None


@require_safe
@login_required
def stats(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    full = stats_access_for_user(user)
    form = StatsForm(request.GET or None, full=full)
    query = form.query() if form.is_bound and form.is_valid() else StatsQuery(by=("sex",))
    public = not full or bool(form.is_bound and form.is_valid() and form.cleaned_data["public"])
    table = person_counts(query)
    stats_access_record(
        user=user,
        action=ACTION_STATS,
        target=f"{'public ' if public else ''}{query.describe()}",
        persons=table.persons,
    )
    context = {
        "form": form if form.is_bound else StatsForm(None, full=full),
        "full": full,
        "public": public,
        "threshold": DEFAULT_THRESHOLD,
        "layout": _layout(table, public=public),
        "notes": notes(table),
    }
    return render(request, "cases/stats.html", context)


def _layout(table: StatsTable, *, public: bool) -> dict[str, Any]:
    """The table as the template draws it: a grid for up to two dimensions, else a list."""
    cells = {
        cell.key: cell.persons
        for cell in output_cells(table, public=public, threshold=DEFAULT_THRESHOLD)
    }
    labels = [
        [(code, category_label(name, code)) for code in (*axis, TOTAL)]
        for name, axis in zip(table.by, table.categories, strict=True)
    ]
    headings = [dimension_label(name) for name in table.by]
    if len(table.by) <= 2:
        row_axis = labels[0] if labels else [(TOTAL, _("Total"))]
        column_axis = labels[1] if len(labels) > 1 else [(TOTAL, _("Persons"))]
        grid = [
            (label, [cells[_grid_key(table, code, column)] for column, _l in column_axis])
            for code, label in row_axis
        ]
        return {"kind": "grid", "headings": headings, "columns": column_axis, "rows": grid}
    listed = [
        ([category_label(n, c) for n, c in zip(table.by, key, strict=True)], persons)
        for key, persons in cells.items()
    ]
    return {"kind": "list", "headings": headings, "rows": listed}


def _grid_key(table: StatsTable, row: str, column: str) -> tuple[str, ...]:
    return ((row, column) if len(table.by) == 2 else (row,))[: len(table.by)]


# --- Case queries -------------------------------------------------------------------------------


class CaseQueryForm(AccessibleFormMixin, forms.Form):
    agency = forms.ModelChoiceField(
        label=gettext_lazy("Reported as agency"), queryset=Agency.objects.none()
    )
    statuses = forms.MultipleChoiceField(
        label=gettext_lazy("Trafficking status"),
        choices=TraffickingStatus.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    sex = forms.MultipleChoiceField(
        label=gettext_lazy("Only sex"), required=False, widget=forms.CheckboxSelectMultiple
    )
    age_group = forms.MultipleChoiceField(
        label=gettext_lazy("Only age group"), required=False, widget=forms.CheckboxSelectMultiple
    )
    exploitation = forms.MultipleChoiceField(
        label=gettext_lazy("Only forms of exploitation"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    nationality = forms.CharField(
        label=gettext_lazy("Only citizenships"),
        required=False,
        help_text=gettext_lazy("ISO 3166 alpha-3 codes separated by commas, e.g. ARM, RUS."),
    )

    FILTERS = ("sex", "age_group", "exploitation", "nationality")

    def __init__(self, data: Any, *, agencies: Any, initial: dict[str, Any]) -> None:
        super().__init__(data, initial=initial)
        cast(forms.ModelChoiceField, self.fields["agency"]).queryset = agencies
        for name in ("sex", "age_group", "exploitation"):
            codes = DIMENSIONS[name].fixed or EXPLOITATION_CODES
            field = cast(forms.MultipleChoiceField, self.fields[name])
            field.choices = [(c, category_label(name, c)) for c in codes]

    def clean_nationality(self) -> list[str]:
        codes = [c.strip().upper() for c in self.cleaned_data["nationality"].split(",")]
        unknown = [code for code in codes if code and code not in country_codes()]
        if unknown:
            raise forms.ValidationError(
                _("Not ISO 3166 alpha-3 codes: %(codes)s.") % {"codes": ", ".join(unknown)}
            )
        return [code for code in codes if code]

    def filters(self) -> dict[str, list[str]]:
        data = self.cleaned_data
        found = {name: list(data[name]) for name in (*self.FILTERS,)}
        return {name: codes for name, codes in found.items() if codes}


@require_safe
@login_required
def case_query_list(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_case_queries(_user(request), plan_id)
    context = {"plan": plan, "indicators": case_query_rows(plan)}
    return render(request, "cases/stats_case_queries.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def case_query_edit(request: HttpRequest, indicator_id: int) -> HttpResponse:
    user = _user(request)
    indicator = get_indicator_for_case_query(user, indicator_id)
    bound = getattr(indicator, "case_query", None)
    initial: dict[str, Any] = {"statuses": list(DEFAULT_STATUSES)}
    if bound is not None:
        initial = {"agency": bound.agency, "statuses": bound.statuses, **bound.filters}
        initial["nationality"] = ", ".join(bound.filters.get("nationality", []))
    form = CaseQueryForm(
        request.POST if request.method == "POST" else None,
        agencies=indicator.responsible_agencies.order_by("code"),
        initial=initial,
    )
    if form.is_bound and form.is_valid():
        try:
            case_query_save(
                indicator=indicator,
                agency=form.cleaned_data["agency"],
                statuses=form.cleaned_data["statuses"],
                filters=form.filters(),
                user=user,
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The indicator now counts persons from case records."))
            return redirect("cases:case_query_list", plan_id=indicator.plan_id)
    context = {"indicator": indicator, "form": form, "bound": bound}
    return render(request, "cases/stats_case_query_form.html", context)


@require_POST
@login_required
def case_query_remove(request: HttpRequest, indicator_id: int) -> HttpResponse:
    user = _user(request)
    indicator = get_indicator_for_case_query(user, indicator_id)
    if (bound := getattr(indicator, "case_query", None)) is not None:
        case_query_delete(query=bound, user=user)
        messages.success(request, _("The indicator no longer counts from case records."))
    return redirect("cases:case_query_list", plan_id=indicator.plan_id)


@require_POST
@login_required
def case_query_run(request: HttpRequest, plan_id: int) -> HttpResponse:
    user = _user(request)
    plan = get_plan_for_case_queries(user, plan_id)
    try:
        result = case_query_sync(plan=plan, user=user)
    except ValuesInvalid as invalid:
        for line, column, message in invalid.errors[:20]:
            messages.error(request, error_text(line, column, message))
    else:
        messages.success(
            request,
            _("%(rows)d values counted for %(indicators)d indicators and recorded as accepted.")
            % {"rows": result.rows, "indicators": result.indicators},
        )
    return redirect("cases:case_query_list", plan_id=plan.pk)
