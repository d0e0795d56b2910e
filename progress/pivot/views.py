"""The pivot page (`/progress/plans/<id>/analysis/`): indicator values with rows and columns
chosen among period, agency, area, objective, indicator and each dimension, filters, totals, a
chart and CSV/XLSX downloads of the result (`?download=pivot&format=…`, the same choice).

Every signed-in user who may see the plan opens it (`get_plan_for_user`); what it reads is
`selectors.scope_for_user`'s: the coordinator all counted values, everyone else the published
figures only.
"""

from typing import cast

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from accounts import permissions
from accounts.models import User
from agencies.models import Agency
from plans.models import StrategicArea
from plans.selectors import get_plan_for_user
from progress.pivot import selectors
from progress.pivot.compute import pivot
from progress.pivot.forms import PivotForm, axis_choices
from progress.pivot.output import not_summed_text, pivot_chart, pivot_table
from progress.views import chart_context
from tipmonitor.lib.tables import download_response, page_query, requested


@require_safe
@login_required
def analysis(request: HttpRequest, plan_id: int) -> HttpResponse:
    user = cast(User, request.user)
    plan = get_plan_for_user(user, plan_id)
    scope = selectors.scope_for_user(user, plan, timezone.localdate())
    dimensions = selectors.plan_dimensions(plan)
    indicators = selectors.pivot_indicators(plan, scope)
    query = page_query(request)
    form = PivotForm(
        query or None,
        dimensions=dimensions,
        quarters=selectors.quarters(plan, scope),
        indicators=indicators,
        agencies=list(Agency.objects.filter(reports__plan=plan).distinct().order_by("code")),
        areas=list(StrategicArea.objects.filter(plan=plan).order_by("position", "code")),
        may_include_submitted=permissions.is_coordinator(user),
    )
    valid = not form.is_bound or form.is_valid()
    result = None
    labels = {key: str(label) for key, label in axis_choices(dimensions)}
    if valid:
        found = selectors.facts(
            plan,
            scope=scope,
            filters=form.filters(),
            dimensions=form.dimensions(),
            indicators=indicators,
        )
        result = pivot(found, form.rows_axis, form.columns_axis)
    if requested(request) and result is not None:
        table = pivot_table(result, labels)
        return download_response(request, {"pivot": table}, stem=f"{plan.code}-analysis")
    chart = pivot_chart(result, labels) if result else None
    context = {
        "plan": plan,
        "form": form,
        "scope": scope,
        "result": result,
        "table": pivot_table(result, labels) if result else None,
        "chart": chart_context("pivot", chart) if chart else None,
        "not_summed": not_summed_text(),
        "provisional": form.is_bound and valid and form.filters().provisional,
    }
    return render(request, "progress/pivot.html", context)
