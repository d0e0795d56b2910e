"""The bodies pages: the list (every reader of meetings), a body's page with its members,
their attendance and its meetings, and the coordinator's create and edit pages."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts import permissions
from coordination.forms.bodies import BodyForm, seat_formset, seats_of
from coordination.models import Body
from coordination.selectors import bodies as reads
from coordination.selectors.meetings import meetings_for_user
from coordination.services import bodies as services

from .meetings import _data, _user


@require_safe
@login_required
def body_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    bodies = reads.bodies_for_user(user).prefetch_related("memberships__agency")
    context = {"bodies": bodies, "may_manage": permissions.may_manage_coordination(user)}
    return render(request, "coordination/body_list.html", context)


@require_safe
@login_required
def body_detail(request: HttpRequest, body_id: int) -> HttpResponse:
    user = _user(request)
    body = reads.get_body_for_user(user, body_id)
    context = {
        "body": body,
        "attendance": reads.body_attendance(user, body),
        "meetings": meetings_for_user(user).filter(body=body).order_by("-held_on", "-pk"),
        "may_manage": permissions.may_manage_coordination(user),
    }
    return render(request, "coordination/body_detail.html", context)


def _save(request: HttpRequest, body: Body | None) -> tuple[Any, Any, Body | None]:
    form = BodyForm(_data(request), instance=body)
    seats = seat_formset(_data(request), body)
    if request.method != "POST" or not (form.is_valid() & seats.is_valid()):
        return form, seats, None
    fields = {**form.service_kwargs(), "seats": seats_of(seats), "by": _user(request)}
    try:
        if body is None:
            return form, seats, services.body_create(**fields)
        return form, seats, services.body_update(body=body, **fields)
    except ValidationError as error:
        form.add_service_errors(error)
        return form, seats, None


def _page(request: HttpRequest, form: Any, seats: Any, **context: Any) -> HttpResponse:
    status = 400 if form.is_bound and (form.errors or seats.total_error_count()) else 200
    context = {"form": form, "seats": seats, **context}
    return render(request, "coordination/body_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def body_create(request: HttpRequest) -> HttpResponse:
    if not permissions.may_manage_coordination(request.user):
        raise PermissionDenied
    form, seats, body = _save(request, None)
    if body is not None:
        messages.success(request, _("Body %(code)s created.") % {"code": body.code})
        return redirect("coordination:body_detail", body_id=body.pk)
    return _page(
        request,
        form,
        seats,
        heading=_("New coordination body"),
        cancel_url=reverse("coordination:body_list"),
    )


@require_http_methods(["GET", "POST"])
@login_required
def body_edit(request: HttpRequest, body_id: int) -> HttpResponse:
    stored = reads.get_body_for_user(_user(request), body_id, manage=True)
    form, seats, body = _save(request, stored)
    if body is not None:
        messages.success(request, _("Body %(code)s saved.") % {"code": body.code})
        return redirect("coordination:body_detail", body_id=body.pk)
    return _page(
        request,
        form,
        seats,
        heading=_("Edit %(body)s") % {"body": Body.objects.get(pk=body_id).display_name},
        cancel_url=reverse("coordination:body_detail", args=[body_id]),
    )
