"""The minutes pages, the coordinator's: per agenda item a summary and decisions, the actions
passed, then the chair's approval and publication to the members.

The minutes form carries the revision it was read at; a save from an older revision is refused
(another coordinator saved in between) and the page shows the text just typed, so nothing is
lost.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from coordination.forms.meetings import MinutesActionForm, MinutesForm
from coordination.models import Meeting
from coordination.selectors import meetings as reads
from coordination.services import meetings as services
from coordination.services.actions import action_create

from .meetings import _data, _user, refused


def _minutes_url(meeting: Meeting, anchor: str = "") -> str:
    return reverse("coordination:meeting_minutes", args=[meeting.pk]) + anchor


def _page(
    request: HttpRequest, meeting: Meeting, form: Any, action_form: Any, status: int = 200
) -> HttpResponse:
    context = {
        "meeting": meeting,
        "form": form,
        "action_form": action_form,
        "actions": reads.meeting_actions(meeting),
        "locked": reads.is_locked(meeting),
    }
    return render(request, "coordination/meeting_minutes.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def meeting_minutes(request: HttpRequest, meeting_id: int) -> HttpResponse:
    user = _user(request)
    meeting = reads.get_meeting_for_user(user, meeting_id, manage=True)
    items = reads.agenda_items(meeting)
    form = MinutesForm(_data(request), meeting=meeting, items=items)
    action_form = MinutesActionForm(None, meeting=meeting, items=items)
    if request.method != "POST":
        return _page(request, meeting, form, action_form)
    if form.is_valid():
        try:
            services.minutes_save(
                meeting=meeting,
                revision=form.cleaned_data["revision"],
                minutes=form.minutes(),
                by=user,
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Minutes saved."))
            return redirect(_minutes_url(meeting))
    return _page(request, meeting, form, action_form, status=409 if _stale(form) else 400)


def _stale(form: Any) -> bool:
    return any(error.code == "stale" for error in form.non_field_errors().as_data())


@require_POST
@login_required
def minutes_action_add(request: HttpRequest, meeting_id: int) -> HttpResponse:
    user = _user(request)
    meeting = reads.get_meeting_for_user(user, meeting_id, manage=True)
    items = reads.agenda_items(meeting)
    action_form = MinutesActionForm(request.POST, meeting=meeting, items=items)
    if action_form.is_valid():
        try:
            action_create(meeting=meeting, by=user, **action_form.service_kwargs())
        except ValidationError as error:
            action_form.add_service_errors(error)
        else:
            messages.success(request, _("Action added to the minutes."))
            return redirect(_minutes_url(meeting, "#actions"))
    form = MinutesForm(None, meeting=meeting, items=items)
    return _page(request, meeting, form, action_form, status=400)


@require_POST
@login_required
def meeting_mark_held(request: HttpRequest, meeting_id: int) -> HttpResponse:
    user = _user(request)
    meeting = reads.get_meeting_for_user(user, meeting_id, manage=True)
    try:
        services.meeting_mark_held(meeting=meeting, by=user)
    except ValidationError as error:
        refused(request, error)
    else:
        messages.success(request, _("The meeting is marked as held: its minutes may be drafted."))
    return redirect("coordination:meeting_detail", meeting_id=meeting.pk)


@require_POST
@login_required
def minutes_approve(request: HttpRequest, meeting_id: int) -> HttpResponse:
    user = _user(request)
    meeting = reads.get_meeting_for_user(user, meeting_id, manage=True)
    try:
        services.minutes_approve(meeting=meeting, by=user)
    except ValidationError as error:
        refused(request, error)
    else:
        messages.success(request, _("Minutes approved. They can now be published to the members."))
    return redirect("coordination:meeting_detail", meeting_id=meeting.pk)


@require_POST
@login_required
def minutes_publish(request: HttpRequest, meeting_id: int) -> HttpResponse:
    user = _user(request)
    meeting = reads.get_meeting_for_user(user, meeting_id, manage=True)
    try:
        result = services.minutes_publish(meeting=meeting, by=user)
    except ValidationError as error:
        refused(request, error)
        return redirect("coordination:meeting_detail", meeting_id=meeting.pk)
    count = len(result.notified)
    messages.success(
        request,
        ngettext(
            "Minutes published; %(count)d member notified by e-mail.",
            "Minutes published; %(count)d members notified by e-mail.",
            count,
        )
        % {"count": count},
    )
    if result.unreachable:
        codes = ", ".join(agency.code for agency in result.unreachable)
        messages.warning(
            request, _("Not notified (no e-mail address): %(agencies)s.") % {"agencies": codes}
        )
    return redirect("coordination:meeting_detail", meeting_id=meeting.pk)
