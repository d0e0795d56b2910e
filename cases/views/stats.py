"""Victims in figures (docs/disclosure.md, "Pages"): one URL, two pages.

- A viewer sees the published tables of a year that has ended — a fixed family, protected
  jointly (cases/stats/published.py) — and can choose nothing but the year: any filter would
  let them difference two tables (issue 10 #3).
- The coordinator has the free-form statistics (any one or two dimensions, a year, statuses;
  true counts, or each table "as published" on its own), and the published tables at
  `?published=<year>`, exactly as viewers see them.

Everyone else is refused (403). Every view of a table is audited, and so is every download
(`?download=…&format=csv|xlsx` on the same URL, checked and filtered as the page is): a
download holds exactly the figures the page shows, a withheld cell left empty.
"""

import datetime
from typing import Any, cast

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from accounts.models import User
from cases.models import TraffickingStatus
from cases.stats import (
    DEFAULT_STATUSES,
    DIMENSIONS,
    STANDARD_TABLES,
    StatsQuery,
    StatsTable,
    category_label,
    dimension_label,
    notes,
    output_cells,
    person_counts,
)
from cases.stats.persons import persons
from cases.stats.published import (
    PublishedTable,
    published_tables,
    published_years,
)
from cases.stats.selectors import stats_access_for_user
from cases.stats.services import ACTION_STATS, stats_access_record
from plans.forms import AccessibleFormMixin
from tipmonitor.lib.disclosure import DEFAULT_THRESHOLD, TOTAL
from tipmonitor.lib.tables import Table, download_response, page_query, requested


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

    def __init__(self, data: Any) -> None:
        super().__init__(data)
        for name in ("rows", "columns"):
            cast(forms.ChoiceField, self.fields[name]).choices = _dimension_choices()
        tables = [("", "—"), ("unodc", "UNODC"), ("eurostat", "Eurostat")]
        cast(forms.ChoiceField, self.fields["table"]).choices = tables

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


class PublishedForm(AccessibleFormMixin, forms.Form):
    published = forms.TypedChoiceField(label=gettext_lazy("Year"), coerce=int, required=False)

    def __init__(self, data: Any, *, years: list[int]) -> None:
        super().__init__(data)
        field = cast(forms.TypedChoiceField, self.fields["published"])
        field.choices = [(year, str(year)) for year in years]

    def year(self, years: list[int]) -> int | None:
        chosen = self.cleaned_data.get("published") if self.is_valid() else None
        return chosen or (years[0] if years else None)


@never_cache
@require_safe
@login_required
def stats(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    full = stats_access_for_user(user)
    if not full or "published" in request.GET:
        return _published(request, user, full=full)
    form = StatsForm(page_query(request) or None)
    query = form.query() if form.is_bound and form.is_valid() else StatsQuery(by=("sex",))
    public = bool(form.is_bound and form.is_valid() and form.cleaned_data["public"])
    table = person_counts(query)
    stats_access_record(
        user=user,
        action=ACTION_STATS,
        target=f"{_downloaded(request)}{'public ' if public else ''}{query.describe()}",
        persons=table.persons,
    )
    layout = _layout(table, public=public)
    if requested(request):
        title = _("Persons, as published") if public else _("Persons, true counts")
        said = [*notes(table), *([_withheld_note()] if public else [])]
        found = {"persons": _layout_table(layout, title, said)}
        return download_response(request, found, stem="persons" if public else "persons-true")
    context = {
        "form": form if form.is_bound else StatsForm(None),
        "full": full,
        "public": public,
        "threshold": DEFAULT_THRESHOLD,
        "layout": layout,
        "notes": notes(table),
    }
    return render(request, "cases/stats.html", context)


def _published(request: HttpRequest, user: User, *, full: bool) -> HttpResponse:
    """The published tables of one ended year; only the year may be chosen."""
    population = list(persons())
    years = published_years(population=population, today=timezone.localdate())
    form = PublishedForm(request.GET if "published" in request.GET else None, years=years)
    year = form.year(years)
    family = published_tables(year, population=population) if year else None
    stats_access_record(
        user=user,
        action=ACTION_STATS,
        target=f"{_downloaded(request)}published year={year or '-'}",
        persons=family.persons if family else 0,
    )
    layouts = [_published_layout(table) for table in family.tables] if family else []
    if requested(request):
        found = {
            f"published-{layout['dimension']}": _published_table(layout, year) for layout in layouts
        }
        return download_response(request, found, stem=f"persons-{year}")
    context = {
        "form": form,
        "full": full,
        "year": year,
        "threshold": DEFAULT_THRESHOLD,
        "tables": layouts,
    }
    return render(request, "cases/published_stats.html", context)


def _published_layout(published: PublishedTable) -> dict[str, Any]:
    """A table of the family as the template draws it: statuses down, categories across."""
    table, dimension = published.table, published.dimension
    statuses, categories = table.categories
    columns = [(code, category_label(dimension, code)) for code in (*categories, TOTAL)]
    rows = [
        (
            category_label("status", status),
            [table.published((status, code)) for code, _label in columns],
        )
        for status in (*statuses, TOTAL)
    ]
    return {
        "caption": dimension_label(dimension),
        "dimension": dimension,
        "columns": columns,
        "rows": rows,
    }


def _downloaded(request: HttpRequest) -> str:
    """How the audit record names a download: the format before the table's description."""
    if not requested(request):
        return ""
    return f"download {request.GET.get('format', 'csv')} "


def _published_table(layout: dict[str, Any], year: int | None) -> Table:
    """A published table as the page draws it (withheld cells None, so empty in a file)."""
    title = _("Persons first identified in %(year)s, by status and %(dimension)s") % {
        "year": year,
        "dimension": str(layout["caption"]).lower(),
    }
    headers = [_("Trafficking status"), *(str(label) for _code, label in layout["columns"])]
    rows = [[str(label), *values] for label, values in layout["rows"]]
    return Table(title, headers, rows, notes=[_withheld_note()])


def _layout_table(layout: dict[str, Any], title: str, notes: list[str]) -> Table:
    """The free-form table as the page draws it: the grid or the list."""
    headings = [str(heading) for heading in layout["headings"]]
    if layout["kind"] == "grid":
        corner = " \\ ".join(headings[:2])
        headers = [corner, *(str(label) for _code, label in layout["columns"])]
        rows = [[str(label), *values] for label, values in layout["rows"]]
    else:
        headers = [*headings, _("Persons")]
        rows = [[*(str(label) for label in labels), value] for labels, value in layout["rows"]]
    return Table(title, headers, rows, notes=[str(note) for note in notes])


def _withheld_note() -> str:
    text = _("An empty cell is withheld: a count from 1 to %(threshold)s, or one that reveals it.")
    return text % {"threshold": DEFAULT_THRESHOLD}


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
