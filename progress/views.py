"""The dashboards: the national overview of a plan, a strategic area, an objective, an indicator
and an agency, each judged as of a quarter (`?as_of=2025-Q4`), optionally counting submitted
reports too (`&provisional=1`).

Every signed-in user who may see the plan sees the national pages (`get_plan_for_user`); an
agency's page is open to coordinators and viewers, and to the agency's own users
(`get_agency_progress_for_user`). The agencies' comments and assessments come only from reports
the user may read (`reports_for_user`). Charts are Vega-Lite specs from `progress.charts`, put
into the page with `json_script` and drawn by `progress/charts.js`.
"""

from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.html import json_script
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from accounts import permissions
from accounts.models import User
from plans.forms import AccessibleFormMixin
from plans.models import Plan
from plans.selectors import (
    get_area_for_user,
    get_indicator_for_user,
    get_objective_for_user,
    get_plan_for_user,
)
from plans.templatetags.plan_format import figure_places
from progress import charts, tables
from progress import selectors as progress
from reporting.selectors import plan_quarters
from reporting.selectors.matrix import default_quarter
from tipmonitor.lib.reporting_periods import Period
from tipmonitor.lib.tables import Table, download_response, requested


class SnapshotForm(AccessibleFormMixin, forms.Form):
    as_of = forms.ChoiceField(label=gettext_lazy("As of the end of"))
    provisional = forms.BooleanField(
        label=gettext_lazy("Provisional: count submitted reports not yet accepted"),
        required=False,
    )

    def __init__(self, data: object, *, quarters: list[Period]) -> None:
        super().__init__(data)
        field = cast(forms.ChoiceField, self.fields["as_of"])
        field.choices = [(quarter.code, quarter.code) for quarter in quarters]
        self.quarters = {quarter.code: quarter for quarter in quarters}


@dataclass
class Snapshot:
    form: SnapshotForm
    as_of: Period
    provisional: bool

    @property
    def query(self) -> str:
        """The query string that keeps the same view on the drill-down links."""
        return f"?as_of={self.as_of.code}" + ("&provisional=1" if self.provisional else "")


def _snapshot(request: HttpRequest, plan: Plan) -> Snapshot:
    """The quarter and view asked for; an unknown quarter is shown as a form error and the
    newest ended quarter is used instead."""
    quarters = plan_quarters(plan)
    bound = "as_of" in request.GET
    form = SnapshotForm(request.GET if bound else None, quarters=quarters)
    if bound and form.is_valid():
        return Snapshot(
            form, form.quarters[form.cleaned_data["as_of"]], form.cleaned_data["provisional"]
        )
    quarter = default_quarter(plan, timezone.localdate())
    if not bound:
        form = SnapshotForm({"as_of": quarter.code}, quarters=quarters)
    return Snapshot(form, quarter, request.GET.get("provisional") == "1")


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)  # every view here is behind login_required


def chart_context(key: str, spec: dict[str, Any]) -> dict[str, Any]:
    """What `progress/_chart.html` needs to show one chart: the element id, the spec as a
    `<script type="application/json" class="chart-spec">` (json_script's escaping, plus the
    class `progress/charts.js` looks for, which json_script cannot add) and the table view."""
    element_id = f"chart-{key}"
    script = json_script(charts.for_page(spec), element_id).replace(
        "<script ", '<script class="chart-spec" ', 1
    )
    return {
        "id": element_id,
        "script": mark_safe(script),  # noqa: S308 - json_script escaped the JSON; the rest is ours
        "table": charts.chart_table(spec),
    }


def _download(
    request: HttpRequest, found: dict[str, Table], stem: str, snapshot: Snapshot
) -> HttpResponse:
    """A table of the page as a file (`?download=<key>&format=csv|xlsx`), named after the
    page and the quarter it is judged at."""
    suffix = "-provisional" if snapshot.provisional else ""
    return download_response(request, found, stem=f"{stem}-{snapshot.as_of.code}{suffix}")


@require_safe
@login_required
def overview(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(_user(request), plan_id)
    snapshot = _snapshot(request, plan)
    page = progress.plan_overview(
        plan,
        user=_user(request),
        as_of=snapshot.as_of,
        provisional=snapshot.provisional,
        today=timezone.localdate(),
    )
    figures = [
        chart_context(
            "status-by-area", charts.status_by_area({a.area: a.counts for a in page.areas})
        ),
        chart_context("status-trend", charts.status_trend(page.trend)),
        chart_context("delivery-area", charts.activity_delivery(page.delivery, by="area")),
        chart_context("delivery-agency", charts.activity_delivery(page.delivery, by="agency")),
        chart_context("completeness", charts.reporting_completeness(page.matrix.rows)),
    ]
    if requested(request):
        found = tables.overview_tables(page, figures)
        return _download(request, found, f"{plan.code}-progress", snapshot)
    context = {
        "plan": plan,
        "page": page,
        "snapshot": snapshot,
        "charts": figures,
        "can_see_matrix": permissions.may_see_matrix(_user(request)),
    }
    return render(request, "progress/overview.html", context)


def _branch(
    request: HttpRequest, plan_id: int, area_id: int | None, objective_id: int | None
) -> HttpResponse:
    user = _user(request)
    objective = None
    if objective_id is not None:
        objective = get_objective_for_user(user, plan_id, objective_id)
        area = objective.area
    else:
        area = get_area_for_user(user, plan_id, cast(int, area_id))
    plan = area.plan
    snapshot = _snapshot(request, plan)
    page = progress.branch_progress(
        plan,
        user=user,
        area=area,
        objective=objective,
        as_of=snapshot.as_of,
        provisional=snapshot.provisional,
    )
    if requested(request):
        code = objective.code if objective else area.code
        return _download(request, tables.branch_tables(page), f"{plan.code}-{code}", snapshot)
    context = {"plan": plan, "page": page, "snapshot": snapshot}
    return render(request, "progress/branch.html", context)


@require_safe
@login_required
def area(request: HttpRequest, plan_id: int, area_id: int) -> HttpResponse:
    return _branch(request, plan_id, area_id, None)


@require_safe
@login_required
def objective(request: HttpRequest, plan_id: int, objective_id: int) -> HttpResponse:
    return _branch(request, plan_id, None, objective_id)


@require_safe
@login_required
def indicator(request: HttpRequest, plan_id: int, indicator_id: int) -> HttpResponse:
    user = _user(request)
    found = get_indicator_for_user(user, plan_id, indicator_id)
    snapshot = _snapshot(request, found.plan)
    page = progress.indicator_page(
        found, user=user, as_of=snapshot.as_of, provisional=snapshot.provisional
    )
    title = f"{found.code} {found.display_name}"
    figures = []
    places = figure_places(found)
    if page.series:
        spec = charts.indicator_trend(
            page.series,
            title=title,
            end_target=found.end_target,
            unit=found.display_unit,
            places=places,
        )
        figures.append(chart_context("trend", spec))
    if page.breakdowns:
        label = _("%(code)s by disaggregation, %(period)s") % {
            "code": found.code,
            "period": page.judged.progress.latest_period,
        }
        figures.append(
            chart_context(
                "breakdown", charts.indicator_breakdown(page.breakdowns, title=label, places=places)
            )
        )
    if page.agency_values:
        label = _("%(code)s by reporting agency") % {"code": found.code}
        figures.append(
            chart_context(
                "agencies", charts.values_by_agency(page.agency_values, title=label, places=places)
            )
        )
    if requested(request):
        found_tables = tables.indicator_tables(page, figures)
        return _download(request, found_tables, f"{found.plan.code}-{found.code}", snapshot)
    parent = found.objective or (found.activity.objective if found.activity else None)
    context = {
        "plan": found.plan,
        "indicator": found,
        "area": parent.area if parent else None,
        "page": page,
        "snapshot": snapshot,
        "charts": figures,
    }
    return render(request, "progress/indicator.html", context)


@require_safe
@login_required
def agency(request: HttpRequest, plan_id: int, agency_id: int) -> HttpResponse:
    user = _user(request)
    plan, found = progress.get_agency_progress_for_user(user, plan_id, agency_id)
    snapshot = _snapshot(request, plan)
    page = progress.agency_page(
        plan,
        found,
        user=user,
        as_of=snapshot.as_of,
        provisional=snapshot.provisional,
        today=timezone.localdate(),
    )
    figures = []
    if page.activities:
        spec = charts.activity_delivery({("agency", found): page.delivery}, by="agency")
        figures.append(chart_context("delivery", spec))
    if requested(request):
        found_tables = tables.agency_tables(page, figures)
        return _download(request, found_tables, f"{plan.code}-{found.code}", snapshot)
    context = {
        "plan": plan,
        "agency": found,
        "page": page,
        "snapshot": snapshot,
        "charts": figures,
    }
    return render(request, "progress/agency.html", context)
