"""The meetings pages' routes (coordination/urls.py joins them): bodies, meetings with their
agenda, invitations, attendance and minutes, and an agency's attendance."""

from django.urls import path

from coordination.views import agenda, bodies, meetings, minutes

urlpatterns: list = [
    path("bodies/", bodies.body_list, name="body_list"),
    path("bodies/new/", bodies.body_create, name="body_create"),
    path("bodies/<int:body_id>/", bodies.body_detail, name="body_detail"),
    path("bodies/<int:body_id>/edit/", bodies.body_edit, name="body_edit"),
    path("meetings/", meetings.meeting_list, name="meeting_list"),
    path("meetings/new/", meetings.meeting_create, name="meeting_create"),
    path("meetings/<int:meeting_id>/", meetings.meeting_detail, name="meeting_detail"),
    path("meetings/<int:meeting_id>/edit/", meetings.meeting_edit, name="meeting_edit"),
    path("meetings/<int:meeting_id>/meeting.ics", meetings.meeting_ics, name="meeting_ics"),
    path("meetings/<int:meeting_id>/invite/", meetings.meeting_invite, name="meeting_invite"),
    path(
        "meetings/<int:meeting_id>/attendance/",
        meetings.meeting_attendance,
        name="meeting_attendance",
    ),
    path(
        "meetings/<int:meeting_id>/agenda/new/",
        agenda.agenda_item_create,
        name="agenda_item_create",
    ),
    path(
        "meetings/<int:meeting_id>/agenda/<int:item_id>/edit/",
        agenda.agenda_item_edit,
        name="agenda_item_edit",
    ),
    path(
        "meetings/<int:meeting_id>/agenda/<int:item_id>/delete/",
        agenda.agenda_item_delete,
        name="agenda_item_delete",
    ),
    path(
        "meetings/<int:meeting_id>/agenda/<int:item_id>/move/",
        agenda.agenda_item_move,
        name="agenda_item_move",
    ),
    path("meetings/<int:meeting_id>/minutes/", minutes.meeting_minutes, name="meeting_minutes"),
    path(
        "meetings/<int:meeting_id>/minutes/actions/",
        minutes.minutes_action_add,
        name="minutes_action_add",
    ),
    path("meetings/<int:meeting_id>/held/", minutes.meeting_mark_held, name="meeting_mark_held"),
    path("meetings/<int:meeting_id>/approve/", minutes.minutes_approve, name="minutes_approve"),
    path("meetings/<int:meeting_id>/publish/", minutes.minutes_publish, name="minutes_publish"),
    path(
        "agencies/<int:agency_id>/attendance/",
        meetings.agency_attendance,
        name="agency_attendance",
    ),
]
