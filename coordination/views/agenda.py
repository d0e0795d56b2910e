"""The agenda pages, the coordinator's: add, edit, remove and reorder a meeting's items."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from coordination.forms.agenda import AgendaItemForm
from coordination.models import AgendaItem, Meeting
from coordination.selectors import meetings as reads
from coordination.services import agenda as services

from .meetings import _data, _submit, _user, refused


def _agenda_url(meeting: Meeting) -> str:
    return reverse("coordination:meeting_detail", args=[meeting.pk]) + "#agenda"


def _form_page(
    request: HttpRequest, meeting: Meeting, form: AgendaItemForm, heading: str
) -> HttpResponse:
    context = {
        "meeting": meeting,
        "form": form,
        "heading": heading,
        "cancel_url": _agenda_url(meeting),
        "locked": reads.is_locked(meeting),
    }
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "coordination/meeting_agenda_item.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def agenda_item_create(request: HttpRequest, meeting_id: int) -> HttpResponse:
    user = _user(request)
    meeting = reads.get_meeting_for_user(user, meeting_id, manage=True)
    form = AgendaItemForm(_data(request), meeting=meeting)
    write = lambda **fields: services.agenda_item_create(meeting=meeting, by=user, **fields)  # noqa: E731
    if _submit(request, form, write) is not None:
        messages.success(request, _("Item added to the agenda."))
        return redirect(_agenda_url(meeting))
    return _form_page(request, meeting, form, _("New agenda item"))


@require_http_methods(["GET", "POST"])
@login_required
def agenda_item_edit(request: HttpRequest, meeting_id: int, item_id: int) -> HttpResponse:
    user = _user(request)
    item = reads.get_item_for_user(user, meeting_id, item_id)
    stored_title = item.title
    form = AgendaItemForm(_data(request), meeting=item.meeting, instance=item)
    write = lambda **fields: services.agenda_item_update(item=item, by=user, **fields)  # noqa: E731
    if _submit(request, form, write) is not None:
        messages.success(request, _("Agenda item saved."))
        return redirect(_agenda_url(item.meeting))
    heading = _("Edit agenda item: %(title)s") % {"title": stored_title}
    return _form_page(request, item.meeting, form, heading)


def _change(request: HttpRequest, item: AgendaItem, done: str, write: object) -> HttpResponse:
    try:
        write()  # type: ignore[operator]
    except ValidationError as error:
        refused(request, error)
    else:
        messages.success(request, done)
    return redirect(_agenda_url(item.meeting))


@require_http_methods(["GET", "POST"])
@login_required
def agenda_item_delete(request: HttpRequest, meeting_id: int, item_id: int) -> HttpResponse:
    """GET asks (what goes with the item: its notes and minutes; its actions stay, without an
    item); POST removes it."""
    user = _user(request)
    item = reads.get_item_for_user(user, meeting_id, item_id)
    if request.method == "GET":
        context = {
            "meeting": item.meeting,
            "item": item,
            "actions": item.actions.count(),
            "cancel_url": _agenda_url(item.meeting),
            "locked": reads.is_locked(item.meeting),
        }
        return render(request, "coordination/meeting_agenda_item_delete.html", context)
    done = _("“%(title)s” taken off the agenda.") % {"title": item.display_title}
    return _change(request, item, done, lambda: services.agenda_item_delete(item=item, by=user))


@require_POST
@login_required
def agenda_item_move(request: HttpRequest, meeting_id: int, item_id: int) -> HttpResponse:
    user = _user(request)
    item = reads.get_item_for_user(user, meeting_id, item_id)
    up = request.POST.get("direction") != "down"
    return _change(
        request,
        item,
        _("Agenda reordered."),
        lambda: services.agenda_item_move(item=item, up=up, by=user),
    )
