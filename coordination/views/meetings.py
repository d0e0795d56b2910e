"""The meetings pages: the list, planning and editing a meeting, its page (agenda, attendance,
minutes, actions), the invitations with their calendar entry, attendance, and an agency's
attendance over time.

Every view goes through `get_meeting_for_user` (404 for a meeting the user may not read; with
`manage=True`, 403 for anyone but the coordinator), validates its form, calls one service and
goes back to the meeting's page; a service's refusal is shown on the form or as a message, and
nothing is stored.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import permissions
from accounts.models import User
from coordination import invitations
from coordination.forms.meetings import AttendanceForm, MeetingEditForm, MeetingForm
from coordination.models import AgendaItemKind, Body
from coordination.selectors import agenda as agenda_reads
from coordination.selectors import bodies as body_reads
from coordination.selectors import meetings as reads
from coordination.services import meetings as services


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)  # every view here is behind login_required


def _data(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _submit(request: HttpRequest, form: Any, write: Callable[..., Any]) -> Any:
    """What `write` returned from a valid POST, or None while the form is to be shown."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return write(**form.service_kwargs())
    except ValidationError as error:
        form.add_service_errors(error)
        return None


def refused(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@require_safe
@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    meetings = list(reads.meetings_for_user(user).order_by("-held_on", "-pk"))
    today = timezone.localdate()
    context = {
        "upcoming": [m for m in meetings if m.held_on >= today][::-1],
        "past": [m for m in meetings if m.held_on < today],
        "may_manage": permissions.may_manage_coordination(user),
    }
    return render(request, "coordination/meeting_list.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def meeting_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not permissions.may_manage_coordination(user):
        raise PermissionDenied
    initial = {}
    if (body_id := request.GET.get("body", "")).isdigit():
        initial["body"] = Body.objects.filter(pk=int(body_id), active=True).first()
    form = MeetingForm(_data(request), initial=initial)
    meeting = _submit(request, form, lambda **fields: services.meeting_create(by=user, **fields))
    if meeting is not None:
        messages.success(request, _("Meeting planned, with its draft agenda."))
        return redirect("coordination:meeting_detail", meeting_id=meeting.pk)
    context = {
        "form": form,
        "heading": _("Plan a meeting"),
        "cancel_url": reverse("coordination:meeting_list"),
    }
    return render(request, "coordination/meeting_form.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def meeting_edit(request: HttpRequest, meeting_id: int) -> HttpResponse:
    user = _user(request)
    meeting = reads.get_meeting_for_user(user, meeting_id, manage=True)
    form = MeetingEditForm(_data(request), instance=meeting)
    write = lambda **fields: services.meeting_update(meeting=meeting, by=user, **fields)  # noqa: E731
    if _submit(request, form, write) is not None:
        messages.success(request, _("Meeting saved."))
        return redirect("coordination:meeting_detail", meeting_id=meeting.pk)
    meeting.refresh_from_db()  # the page's heading shows the stored date, not the typed one
    context = {
        "form": form,
        "meeting": meeting,
        "heading": _("Edit the meeting"),
        "cancel_url": reverse("coordination:meeting_detail", args=[meeting.pk]),
    }
    return render(request, "coordination/meeting_form.html", context)


@require_safe
@login_required
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    user = _user(request)
    meeting = reads.get_meeting_for_user(user, meeting_id)
    page = reads.meeting_page(user, meeting)
    today = timezone.localdate()
    kinds = {item.kind for item in page.items}
    context = {
        "meeting": meeting,
        "page": page,
        "may_manage": permissions.may_manage_coordination(user),
        "locked": reads.is_locked(meeting),
        "live_actions": agenda_reads.actions_since_last_meeting(meeting, today=today)
        if AgendaItemKind.ACTIONS in kinds
        else None,
        "live_flags": agenda_reads.flagged_by_monitoring(meeting, today=today)
        if AgendaItemKind.FLAGGED in kinds
        else None,
        "attendance_open": meeting.held_on <= today,
    }
    return render(request, "coordination/meeting_detail.html", context)


@require_safe
@never_cache
@login_required
def meeting_ics(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = reads.get_meeting_for_user(_user(request), meeting_id)
    content = invitations.ics_content(meeting, reads.agenda_items(meeting))
    response = HttpResponse(content, content_type=invitations.ICS_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(
        True, invitations.ics_filename(meeting)
    )
    return response


@require_POST
@login_required
def meeting_invite(request: HttpRequest, meeting_id: int) -> HttpResponse:
    user = _user(request)
    meeting = reads.get_meeting_for_user(user, meeting_id, manage=True)
    try:
        result = services.invitations_send(meeting=meeting, by=user)
    except ValidationError as error:
        refused(request, error)
    else:
        if result.sent:
            count = len(result.sent)
            messages.success(
                request,
                ngettext(
                    "Invitation sent to %(count)d member.",
                    "Invitations sent to %(count)d members.",
                    count,
                )
                % {"count": count},
            )
        if result.unreachable:
            codes = ", ".join(agency.code for agency in result.unreachable)
            messages.warning(
                request,
                _("No invitation could be sent to %(agencies)s: give an e-mail address for them.")
                % {"agencies": codes},
            )
    return redirect("coordination:meeting_detail", meeting_id=meeting.pk)


@require_http_methods(["GET", "POST"])
@login_required
def meeting_attendance(request: HttpRequest, meeting_id: int) -> HttpResponse:
    user = _user(request)
    meeting = reads.get_meeting_for_user(user, meeting_id, manage=True)
    page = reads.meeting_page(user, meeting)
    form = AttendanceForm(_data(request), memberships=page.memberships, recorded=page.attendance)
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_record(meeting=meeting, entries=form.entries(), by=user)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Attendance recorded."))
            return redirect(
                reverse("coordination:meeting_detail", args=[meeting.pk]) + "#attendance"
            )
    context = {"form": form, "meeting": meeting, "locked": reads.is_locked(meeting)}
    return render(request, "coordination/meeting_attendance.html", context, status=_status(form))


def _status(form: Any) -> int:
    return 400 if form.is_bound and form.errors else 200


@require_safe
@login_required
def agency_attendance(request: HttpRequest, agency_id: int) -> HttpResponse:
    user = _user(request)
    agency = body_reads.get_attendance_agency_for_user(user, agency_id)
    page = body_reads.agency_attendance(user, agency)
    return render(request, "coordination/meeting_agency_attendance.html", {"page": page})
