"""The action pages: the list (an agency's users start at their own), an action with its
history and the owner's update form, the evidence files (downloads, checked like the action),
and the coordinator's edit of what the minutes say.

Every view goes through `selectors.get_action_for_user` (404 for an action one may not see, 403
for what one's role may not do) and calls one service; a refusal is shown at the field it
concerns with what was typed kept, and nothing is half-stored.
"""

from __future__ import annotations

import logging
import os
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import permissions
from accounts.models import User
from coordination.forms.actions import ActionEditForm, ActionFilterForm, ActionUpdateForm
from coordination.models import Action, Body
from coordination.rules import action_is_overdue
from coordination.selectors import actions as selectors
from coordination.services import actions as services
from plans.workbook_forms import request_size

logger = logging.getLogger(__name__)

FILTER_KEYS = {"show", "status", "overdue", "agency", "body"}


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)  # every view here is behind login_required


@require_safe
@login_required
def action_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not permissions.may_follow_actions(user):
        raise PermissionDenied
    mine_by_default = permissions.member_agency_id(user) is not None
    form = ActionFilterForm(
        request.GET if FILTER_KEYS & set(request.GET) else None,
        agencies=selectors.agencies_with_actions(user),
        bodies=Body.objects.filter(
            pk__in=selectors.actions_visible_to(user).values("meeting__body_id")
        ),
        mine=mine_by_default,
    )
    filters = form.filters()
    today = timezone.localdate()
    actions = list(selectors.action_list(user, filters, today=today))
    context = {
        "form": form,
        "rows": [_row(action, today) for action in actions],
        "mine": filters.mine,
        "today": today,
    }
    return render(request, "coordination/action_list.html", context)


def _row(action: Action, today: Any) -> dict[str, Any]:
    updates = list(action.updates.all())  # prefetched, newest first
    return {
        "action": action,
        "overdue": action_is_overdue(action.status, action.due_on, today),
        "last_update": updates[0] if updates else None,
    }


@require_safe
@login_required
def action_detail(request: HttpRequest, action_id: int) -> HttpResponse:
    user = _user(request)
    action = selectors.get_action_for_user(user, action_id)
    form = ActionUpdateForm(initial={"status": action.status})
    return _detail(request, action, form)


def _detail(
    request: HttpRequest, action: Action, form: ActionUpdateForm, status: int = 200
) -> HttpResponse:
    user = _user(request)
    today = timezone.localdate()
    context = {
        "action": action,
        "meeting": action.meeting,
        "overdue": action_is_overdue(action.status, action.due_on, today),
        "updates": _with_file_labels(selectors.action_updates(action)),
        "form": form if selectors.may_update(user, action) else None,
        "may_edit": selectors.may_edit(user, action),
        "may_open_meeting": selectors.may_open_meeting(user, action.meeting),
        "plan": action.meeting.plan,  # the navigation's plan links
        "linked": _linked(action),
    }
    return render(request, "coordination/action_detail.html", context, status=status)


def _with_file_labels(updates: Any) -> list[Any]:
    found = list(updates)
    for update in found:
        update.file_label = os.path.basename(update.evidence_file.name or "")
    return found


def _linked(action: Action) -> list[tuple[str, str]]:
    """The plan elements (and recommendation) the action is about: (kind, label)."""
    pairs = [
        (_("Area"), action.area),
        (_("Activity"), action.activity),
        (_("Indicator"), action.indicator),
        (_("Recommendation"), action.recommendation),
    ]
    linked = []
    for kind, element in pairs:
        if element is None:
            continue
        name = getattr(element, "display_name", None) or getattr(element, "text", "")
        linked.append((kind, f"{element.code} – {name}" if name else element.code))
    return linked


@require_POST
@login_required
def action_update(request: HttpRequest, action_id: int) -> HttpResponse:
    user = _user(request)
    action = selectors.get_action_for_user(user, action_id, update=True)
    form = ActionUpdateForm(request.POST, request.FILES, request_size=request_size(request))
    if not form.is_valid():
        return _detail(request, action, form, status=400)
    try:
        services.action_update(
            action=action, by=user, today=timezone.localdate(), **form.service_kwargs()
        )
    except ValidationError as error:
        form.add_service_errors(error)
        return _detail(request, action, form, status=400)
    messages.success(
        request,
        _("Your update is recorded: the action is now “%(status)s”.")
        % {"status": action.get_status_display()},
    )
    return redirect("coordination:action_detail", action_id=action.pk)


@never_cache
@require_safe
@login_required
def action_evidence(request: HttpRequest, update_id: int) -> FileResponse:
    update = selectors.get_update_for_user(_user(request), update_id)
    name = update.evidence_file.name or ""
    try:
        handle = update.evidence_file.open("rb")
    except OSError:
        logger.error("The evidence file %s of update %s is missing.", name, update.pk)
        raise Http404 from None
    filename = os.path.basename(name)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type=services.evidence_content_type(filename),
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def action_edit(request: HttpRequest, action_id: int) -> HttpResponse:
    user = _user(request)
    action = selectors.get_action_for_user(user, action_id, manage=True)
    if not selectors.may_edit(user, action):
        messages.error(
            request,
            _("The minutes of this meeting are approved: the action can no longer be changed."),
        )
        return redirect("coordination:action_detail", action_id=action.pk)
    form = ActionEditForm(request.POST if request.method == "POST" else None, action=action)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_edit(action=action, by=user, **form.service_kwargs())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The action is saved."))
            return redirect("coordination:action_detail", action_id=action.pk)
    status = 400 if form.is_bound else 200
    context = {"action": action, "meeting": action.meeting, "form": form}
    return render(request, "coordination/action_edit.html", context, status=status)


@require_POST
@login_required
def action_delete(request: HttpRequest, action_id: int) -> HttpResponse:
    user = _user(request)
    action = selectors.get_action_for_user(user, action_id, manage=True)
    meeting_id = action.meeting_id
    try:
        services.action_delete(action=action, by=user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("coordination:action_detail", action_id=action.pk)
    messages.success(request, _("The action is struck from the minutes."))
    return redirect(_meeting_url(meeting_id))


def _meeting_url(meeting_id: int) -> str:
    try:
        return reverse("coordination:meeting_detail", args=[meeting_id])
    except NoReverseMatch:
        return reverse("coordination:action_list")
