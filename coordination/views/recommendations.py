"""The recommendation pages: the tracker of a plan (filterable, with its summary), a
recommendation with its activities, the evidence the agencies reported and the proposed status
beside the confirmed one; the coordinator's create, edit, delete, confirmation of a status,
the workbook upload and download, and the publication of the summary on the public site.

Every view goes through `selectors.tracker_plan_for_user` or `get_recommendation_for_user`
(404 for a plan one may not see, 403 for what one's role may not do) and calls one service or
selector; a refusal is shown at the field it concerns, and nothing is half-stored.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import permissions
from accounts.models import User
from coordination.forms.recommendations import (
    ConfirmStatusForm,
    RecommendationForm,
    RecommendationUploadForm,
    TrackerFilterForm,
)
from coordination.models import Recommendation
from coordination.selectors import recommendations as selectors
from coordination.services import recommendations as services
from coordination.workbook.services import (
    WorkbookInvalid,
    recommendations_export,
    recommendations_import,
)
from plans.selectors import plans_visible_to
from plans.workbook_forms import request_size

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FILTER_KEYS = {"source", "theme", "status", "high_priority"}


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)  # every view here is behind login_required


def _data(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


@require_safe
@login_required
def recommendation_index(request: HttpRequest) -> HttpResponse:
    """The trackers of the plans one may see: straight to it when there is one plan."""
    user = _user(request)
    if not permissions.may_read_recommendations(user):
        raise PermissionDenied
    plans = list(plans_visible_to(user).order_by("-starts_on", "code"))
    if len(plans) == 1:
        return redirect("coordination:recommendation_list", plan_id=plans[0].pk)
    return render(request, "coordination/recommendation_plans.html", {"plans": plans})


@require_safe
@login_required
def recommendation_list(request: HttpRequest, plan_id: int) -> HttpResponse:
    user = _user(request)
    plan = selectors.tracker_plan_for_user(user, plan_id)
    form = TrackerFilterForm(request.GET if FILTER_KEYS & set(request.GET) else None)
    context = {
        "plan": plan,
        "form": form,
        "rows": selectors.tracker(plan, filters=form.filters()),
        "summary": selectors.tracker_summary(plan),
        "may_edit": permissions.may_manage_coordination(user),
    }
    return render(request, "coordination/recommendation_list.html", context)


def _detail_page(
    request: HttpRequest, recommendation: Recommendation, form: ConfirmStatusForm, status: int
) -> HttpResponse:
    (row,) = selectors.tracker(recommendation.plan, ids=[recommendation.pk])
    if not form.is_bound and not form.initial.get("status"):
        form.initial["status"] = row.proposed.status  # to confirm what the activities propose
    context = {
        "plan": recommendation.plan,
        "row": row,
        "form": form,
        "may_edit": permissions.may_manage_coordination(_user(request)),
    }
    return render(request, "coordination/recommendation_detail.html", context, status=status)


@require_safe
@login_required
def recommendation_detail(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    recommendation = selectors.get_recommendation_for_user(_user(request), recommendation_id)
    initial = {"status": recommendation.status, "comment": recommendation.status_comment}
    return _detail_page(request, recommendation, ConfirmStatusForm(initial=initial), 200)


@require_POST
@login_required
def recommendation_confirm(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    user = _user(request)
    recommendation = selectors.get_recommendation_for_user(user, recommendation_id, edit=True)
    form = ConfirmStatusForm(request.POST)
    if form.is_valid():
        try:
            services.recommendation_confirm(
                recommendation=recommendation,
                user=user,
                status=form.cleaned_data["status"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request,
                _("The status of %(code)s is confirmed.") % {"code": recommendation.code},
            )
            return redirect("coordination:recommendation_detail", recommendation.pk)
    return _detail_page(request, recommendation, form, 400)


def _form_page(request: HttpRequest, form: RecommendationForm, **context: Any) -> HttpResponse:
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request, "coordination/recommendation_form.html", {"form": form, **context}, status=status
    )


def _saved(form: RecommendationForm, write: Any) -> Recommendation | None:
    if not form.is_bound or not form.is_valid():
        return None
    try:
        return cast(Recommendation, write(**form.service_kwargs()))
    except ValidationError as error:
        form.add_service_errors(error)
        return None


@require_http_methods(["GET", "POST"])
@login_required
def recommendation_create(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = selectors.tracker_plan_for_user(_user(request), plan_id, edit=True)
    form = RecommendationForm(_data(request), plan=plan, instance=Recommendation(plan=plan))
    created = _saved(form, lambda **fields: services.recommendation_create(plan=plan, **fields))
    if created is not None:
        messages.success(request, _("Recommendation %(code)s added.") % {"code": created.code})
        return redirect("coordination:recommendation_detail", created.pk)
    return _form_page(
        request,
        form,
        plan=plan,
        heading=_("New recommendation"),
        cancel_url=reverse("coordination:recommendation_list", args=[plan.pk]),
    )


@require_http_methods(["GET", "POST"])
@login_required
def recommendation_edit(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    stored = selectors.get_recommendation_for_user(_user(request), recommendation_id, edit=True)
    # The form writes what was typed onto its instance; the service reads the stored one.
    editing = Recommendation.objects.get(pk=stored.pk)
    form = RecommendationForm(_data(request), plan=stored.plan, instance=editing)
    saved = _saved(
        form, lambda **fields: services.recommendation_update(recommendation=stored, **fields)
    )
    if saved is not None:
        messages.success(request, _("Recommendation %(code)s saved.") % {"code": saved.code})
        return redirect("coordination:recommendation_detail", saved.pk)
    return _form_page(
        request,
        form,
        plan=stored.plan,
        recommendation=stored,
        heading=_("Edit recommendation %(code)s") % {"code": stored.code},
        cancel_url=reverse("coordination:recommendation_detail", args=[stored.pk]),
        delete_url=reverse("coordination:recommendation_delete", args=[stored.pk]),
    )


@require_http_methods(["GET", "POST"])
@login_required
def recommendation_delete(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    recommendation = selectors.get_recommendation_for_user(
        _user(request), recommendation_id, edit=True
    )
    if request.method == "POST":
        services.recommendation_delete(recommendation=recommendation)
        messages.success(
            request, _("Recommendation %(code)s deleted.") % {"code": recommendation.code}
        )
        return redirect("coordination:recommendation_list", recommendation.plan_id)
    context = {"plan": recommendation.plan, "recommendation": recommendation}
    return render(request, "coordination/recommendation_delete.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def recommendation_upload(request: HttpRequest, plan_id: int) -> HttpResponse:
    user = _user(request)
    plan = selectors.tracker_plan_for_user(user, plan_id, edit=True)
    posted = request.method == "POST"
    form = RecommendationUploadForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        request_size=request_size(request),
    )
    context: dict[str, Any] = {"plan": plan, "form": form}
    if posted and form.is_valid():
        dry_run: bool = form.cleaned_data["dry_run"]
        data = form.cleaned_data["workbook"].read()
        try:
            summary = recommendations_import(plan=plan, data=data, user=user, dry_run=dry_run)
        except WorkbookInvalid as invalid:
            context["errors"] = invalid.errors
        else:
            if not dry_run:
                messages.success(request, _import_message(summary))
                return redirect("coordination:recommendation_list", plan_id=plan.pk)
            context["summary"] = summary
    status = 400 if context.get("errors") or (posted and form.errors) else 200
    return render(request, "coordination/recommendation_upload.html", context, status=status)


def _import_message(summary: Any) -> str:
    return _(
        "Recommendations imported: %(created)d added, %(updated)d updated, %(unchanged)d "
        "unchanged; %(kept)d not in the workbook kept as they were."
    ) % {
        "created": len(summary.created),
        "updated": len(summary.updated),
        "unchanged": len(summary.unchanged),
        "kept": len(summary.kept),
    }


@require_safe
@login_required
def recommendation_export(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = selectors.tracker_plan_for_user(_user(request), plan_id)
    response = HttpResponse(recommendations_export(plan=plan), content_type=XLSX)
    filename = f"{plan.code}-recommendations.xlsx"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@require_POST
@login_required
def tracker_publish(request: HttpRequest, plan_id: int) -> HttpResponse:
    user = _user(request)
    plan = selectors.tracker_plan_for_user(user, plan_id, edit=True)
    published = request.POST.get("published") == "1"
    services.tracker_publish(plan=plan, user=user, published=published)
    if published:
        messages.success(request, _("The tracker's summary is now shown on the public site."))
    else:
        messages.success(request, _("The tracker's summary is no longer shown on the public site."))
    return redirect("coordination:recommendation_list", plan_id=plan.pk)
