"""Changing the plan: the coordinator's pages to create and edit the plan and each of its
elements, and to delete an element with everything below it (Django admin is for
administrators, not the coordinator's tool).

Each view goes through a permission getter with `edit=True` (403 for any role but the
coordinator, 404 for a plan the user may not see or an element of another plan), validates the
form, calls one service and goes to the element's page. A refusal by the service is shown on
the form, at the field it concerns, and nothing is stored.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts import permissions
from plans import selectors, services
from plans.forms import (
    ActivityForm,
    AreaForm,
    IndicatorForm,
    ObjectiveForm,
    PlanCreateForm,
    PlanForm,
)
from plans.models import Activity, Indicator, Objective, Plan, StrategicArea

FORM_TEMPLATE = "plans/element_form.html"

# One sentence per kind, so that each language can agree the verb with the noun.
DELETED = {
    "area": gettext_lazy("Strategic area %(code)s deleted."),
    "objective": gettext_lazy("Objective %(code)s deleted."),
    "activity": gettext_lazy("Activity %(code)s deleted."),
    "indicator": gettext_lazy("Indicator %(code)s deleted."),
}


def _data(request: HttpRequest) -> Any:
    """The submitted fields on POST; None on GET, so the form shows unbound (no errors)."""
    return request.POST if request.method == "POST" else None


def _submit(request: HttpRequest, form: Any, write: Callable[..., Model]) -> Model | None:
    """The element `write` stored from a valid POST, or None while the form is to be shown."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return write(**form.service_kwargs())
    except ValidationError as error:
        form.add_service_errors(error)
        return None


def _page(request: HttpRequest, form: Any, **context: Any) -> HttpResponse:
    template = context.pop("template", FORM_TEMPLATE)
    return render(request, template, {"form": form, **context})


def _area_url(area: StrategicArea) -> str:
    return reverse("plans:plan_tree", args=[area.plan_id]) + f"#area-{area.pk}"


# The plan --------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def plan_create(request: HttpRequest) -> HttpResponse:
    if not permissions.may_edit_plans(request.user):
        raise PermissionDenied
    form = PlanCreateForm(_data(request))
    if plan := _submit(request, form, services.plan_create):
        messages.success(request, _("Plan %(code)s created.") % {"code": plan.code})  # type: ignore[attr-defined]
        return redirect("plans:plan_tree", plan_id=plan.pk)
    return _page(
        request,
        form,
        template="plans/plan_form.html",
        heading=_("New plan"),
        cancel_url=reverse("plans:plan_list"),
    )


@require_http_methods(["GET", "POST"])
@login_required
def plan_edit(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = selectors.get_plan_for_user(request.user, plan_id, edit=True)  # type: ignore[arg-type]
    # The form writes what was typed onto the instance; the page keeps the stored title.
    stored = Plan(pk=plan.pk, title=plan.title, title_i18n=dict(plan.title_i18n))
    form = PlanForm(_data(request), instance=plan)

    def write(**fields: Any) -> Plan:
        # The plan and its population by year are saved together, or neither is.
        with transaction.atomic():
            saved = services.plan_update(plan=plan, **fields)
            if (rows := form.population_rows(saved)) is not None:
                services.plan_populations_set(plan=saved, rows=rows)
        return saved

    if _submit(request, form, write):
        messages.success(request, _("Plan %(code)s saved.") % {"code": plan.code})
        return redirect("plans:plan_tree", plan_id=plan.pk)
    return _page(
        request,
        form,
        template="plans/plan_form.html",
        plan=stored,
        heading=_("Edit plan"),
        cancel_url=reverse("plans:plan_tree", args=[plan.pk]),
    )


# Strategic areas -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def area_create(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = selectors.get_plan_for_user(request.user, plan_id, edit=True)  # type: ignore[arg-type]
    form = AreaForm(_data(request), plan=plan)
    if area := _submit(request, form, lambda **fields: services.area_create(plan=plan, **fields)):
        messages.success(request, _("Strategic area %(code)s added.") % {"code": area.code})  # type: ignore[attr-defined]
        return redirect(_area_url(area))  # type: ignore[arg-type]
    return _page(
        request,
        form,
        plan=plan,
        heading=_("New strategic area"),
        cancel_url=reverse("plans:plan_tree", args=[plan.pk]),
    )


@require_http_methods(["GET", "POST"])
@login_required
def area_edit(request: HttpRequest, plan_id: int, area_id: int) -> HttpResponse:
    area = selectors.get_area_for_user(request.user, plan_id, area_id, edit=True)  # type: ignore[arg-type]
    heading = _("Edit strategic area %(code)s") % {"code": area.code}
    form = AreaForm(_data(request), plan=area.plan, instance=area)
    if _submit(request, form, lambda **fields: services.area_update(area=area, **fields)):
        messages.success(request, _("Strategic area %(code)s saved.") % {"code": area.code})
        return redirect(_area_url(area))
    return _page(
        request,
        form,
        plan=area.plan,
        heading=heading,
        cancel_url=_area_url(area),
        delete_url=reverse("plans:element_delete", args=[plan_id, "area", area.pk]),
    )


# Objectives ------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def objective_create(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = selectors.get_plan_for_user(request.user, plan_id, edit=True)  # type: ignore[arg-type]
    initial = {"area": request.GET.get("area"), "parent": request.GET.get("parent")}
    form = ObjectiveForm(_data(request), plan=plan, initial=initial)
    write = lambda **fields: services.objective_create(plan=plan, **fields)  # noqa: E731
    if objective := _submit(request, form, write):
        code = objective.code  # type: ignore[attr-defined]
        messages.success(request, _("Objective %(code)s added.") % {"code": code})
        return redirect("plans:objective_detail", plan_id=plan.pk, objective_id=objective.pk)
    return _page(
        request,
        form,
        plan=plan,
        heading=_("New objective"),
        cancel_url=reverse("plans:plan_tree", args=[plan.pk]),
    )


@require_http_methods(["GET", "POST"])
@login_required
def objective_edit(request: HttpRequest, plan_id: int, objective_id: int) -> HttpResponse:
    objective = selectors.get_objective_for_user(
        request.user,  # type: ignore[arg-type]
        plan_id,
        objective_id,
        edit=True,
    )
    heading = _("Edit objective %(code)s") % {"code": objective.code}
    detail_url = reverse("plans:objective_detail", args=[plan_id, objective.pk])
    form = ObjectiveForm(_data(request), plan=objective.plan, instance=objective)
    write = lambda **fields: services.objective_update(objective=objective, **fields)  # noqa: E731
    if _submit(request, form, write):
        messages.success(request, _("Objective %(code)s saved.") % {"code": objective.code})
        return redirect(detail_url)
    return _page(
        request,
        form,
        plan=objective.plan,
        heading=heading,
        cancel_url=detail_url,
        delete_url=reverse("plans:element_delete", args=[plan_id, "objective", objective.pk]),
    )


# Activities ------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def activity_create(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = selectors.get_plan_for_user(request.user, plan_id, edit=True)  # type: ignore[arg-type]
    form = ActivityForm(
        _data(request), plan=plan, initial={"objective": request.GET.get("objective")}
    )
    write = lambda **fields: services.activity_create(plan=plan, **fields)  # noqa: E731
    if activity := _submit(request, form, write):
        code = activity.code  # type: ignore[attr-defined]
        messages.success(request, _("Activity %(code)s added.") % {"code": code})
        return redirect("plans:activity_detail", plan_id=plan.pk, activity_id=activity.pk)
    return _page(
        request,
        form,
        plan=plan,
        heading=_("New activity"),
        cancel_url=reverse("plans:plan_tree", args=[plan.pk]),
        scripts=["plans/activity_form.js"],
    )


@require_http_methods(["GET", "POST"])
@login_required
def activity_edit(request: HttpRequest, plan_id: int, activity_id: int) -> HttpResponse:
    activity = selectors.get_activity_for_user(
        request.user,  # type: ignore[arg-type]
        plan_id,
        activity_id,
        edit=True,
    )
    heading = _("Edit activity %(code)s") % {"code": activity.code}
    detail_url = reverse("plans:activity_detail", args=[plan_id, activity.pk])
    form = ActivityForm(_data(request), plan=activity.plan, instance=activity)
    write = lambda **fields: services.activity_update(activity=activity, **fields)  # noqa: E731
    if _submit(request, form, write):
        messages.success(request, _("Activity %(code)s saved.") % {"code": activity.code})
        return redirect(detail_url)
    return _page(
        request,
        form,
        plan=activity.plan,
        heading=heading,
        cancel_url=detail_url,
        delete_url=reverse("plans:element_delete", args=[plan_id, "activity", activity.pk]),
        scripts=["plans/activity_form.js"],
    )


# Indicators ------------------------------------------------------------------------------------


def _indicator_parent_initial(request: HttpRequest) -> str | None:
    """`?activity=7` or `?objective=12` from the tree, as the parent field's value."""
    for kind in ("activity", "objective"):
        if value := request.GET.get(kind):
            return f"{kind}:{value}"
    return None


@require_http_methods(["GET", "POST"])
@login_required
def indicator_create(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = selectors.get_plan_for_user(request.user, plan_id, edit=True)  # type: ignore[arg-type]
    initial = {"parent": _indicator_parent_initial(request)}
    form = IndicatorForm(_data(request), plan=plan, initial=initial)
    write = lambda **fields: services.indicator_create(plan=plan, **fields)  # noqa: E731
    if indicator := _submit(request, form, write):
        code = indicator.code  # type: ignore[attr-defined]
        messages.success(request, _("Indicator %(code)s added.") % {"code": code})
        return redirect("plans:indicator_detail", plan_id=plan.pk, indicator_id=indicator.pk)
    return _page(
        request,
        form,
        plan=plan,
        heading=_("New indicator"),
        cancel_url=reverse("plans:plan_tree", args=[plan.pk]),
    )


@require_http_methods(["GET", "POST"])
@login_required
def indicator_edit(request: HttpRequest, plan_id: int, indicator_id: int) -> HttpResponse:
    indicator = selectors.get_indicator_for_user(
        request.user,  # type: ignore[arg-type]
        plan_id,
        indicator_id,
        edit=True,
    )
    heading = _("Edit indicator %(code)s") % {"code": indicator.code}
    detail_url = reverse("plans:indicator_detail", args=[plan_id, indicator.pk])
    form = IndicatorForm(_data(request), plan=indicator.plan, instance=indicator)
    write = lambda **fields: services.indicator_update(indicator=indicator, **fields)  # noqa: E731
    if _submit(request, form, write):
        messages.success(request, _("Indicator %(code)s saved.") % {"code": indicator.code})
        return redirect(detail_url)
    return _page(
        request,
        form,
        plan=indicator.plan,
        heading=heading,
        cancel_url=detail_url,
        delete_url=reverse("plans:element_delete", args=[plan_id, "indicator", indicator.pk]),
    )


# Deleting --------------------------------------------------------------------------------------


def _page_above(kind: str, element: Any) -> str:
    """Where to go once `element` is gone: the page of what it hung on."""
    plan_id = element.plan_id
    if kind == "objective" and element.parent_id:
        return reverse("plans:objective_detail", args=[plan_id, element.parent_id])
    if kind == "objective":
        return reverse("plans:plan_tree", args=[plan_id]) + f"#area-{element.area_id}"
    if kind == "activity":
        return reverse("plans:objective_detail", args=[plan_id, element.objective_id])
    if kind == "indicator" and element.activity_id:
        return reverse("plans:activity_detail", args=[plan_id, element.activity_id])
    if kind == "indicator":
        return reverse("plans:objective_detail", args=[plan_id, element.objective_id])
    return reverse("plans:plan_tree", args=[plan_id])


def _element_url(kind: str, element: Any) -> str:
    if isinstance(element, Objective | Activity | Indicator):
        return reverse(f"plans:{kind}_detail", args=[element.plan_id, element.pk])
    return _area_url(element)


@require_http_methods(["GET", "POST"])
@login_required
def element_delete(request: HttpRequest, plan_id: int, kind: str, element_id: int) -> HttpResponse:
    element = selectors.get_element_for_user(
        request.user,  # type: ignore[arg-type]
        plan_id,
        kind,
        element_id,
        edit=True,
    )
    if request.method == "POST":
        after = _page_above(kind, element)
        deleted = services.element_delete(plan=element.plan, kind=kind, element_id=element.pk)
        messages.success(request, DELETED[kind] % {"code": deleted.code})  # type: ignore[attr-defined]
        return redirect(after)
    context = {
        "plan": element.plan,
        "element": element,
        "kind": kind,
        "kind_label": element._meta.verbose_name,
        "impact": selectors.deletion_impact(kind=kind, element=element),
        "cancel_url": _element_url(kind, element),
    }
    return render(request, "plans/confirm_delete.html", context)
