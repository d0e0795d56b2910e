"""Reads of meetings with their permission checks: the one getter every meeting page and API
operation goes through.

- The coordinator reads every meeting, draft minutes included.
- An agency's reporters and approvers read the meetings of the bodies their agency sits in: the
  agenda, the invitation and the attendance always; the minutes and the actions passed once
  published.
- Viewers read the meetings whose minutes are published.
Anyone else is refused the meetings pages (403); a meeting one may not read is not found (404).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from accounts import permissions
from accounts.models import User
from coordination.models import (
    Action,
    AgendaItem,
    Attendance,
    Meeting,
    MeetingStatus,
    Membership,
)

# Once approved, the minutes are the record: nothing of the meeting changes any more.
LOCKED_STATUSES = frozenset({MeetingStatus.APPROVED, MeetingStatus.PUBLISHED})


def meetings_for_user(user: User) -> QuerySet[Meeting]:
    """The meetings `user` may read (403 for a role that reads none)."""
    if not permissions.may_read_meetings(user):
        raise PermissionDenied
    meetings = Meeting.objects.select_related("body", "plan")
    if permissions.reads_every_meeting(user):
        return meetings.all()
    visible = Q(pk__in=[])
    agency_id = permissions.member_agency_id(user)
    if agency_id is not None:
        visible |= Q(body__memberships__agency_id=agency_id)
    if permissions.reads_published_minutes(user):
        visible |= Q(status=MeetingStatus.PUBLISHED)
    return meetings.filter(visible).distinct()


def get_meeting_for_user(user: User, meeting_id: int, *, manage: bool = False) -> Meeting:
    """A meeting `user` may read (404 otherwise); with `manage`, 403 unless the coordinator."""
    if manage and not permissions.may_manage_coordination(user):
        raise PermissionDenied
    meeting = meetings_for_user(user).filter(pk=meeting_id).first()
    if meeting is None:
        raise Http404
    return meeting


def get_item_for_user(user: User, meeting_id: int, item_id: int) -> AgendaItem:
    """An agenda item of a meeting the coordinator manages (404 for another meeting's)."""
    meeting = get_meeting_for_user(user, meeting_id, manage=True)
    item = AgendaItem.objects.filter(meeting=meeting, pk=item_id).first()
    if item is None:
        raise Http404
    item.meeting = meeting
    return item


def may_read_minutes(user: User, meeting: Meeting) -> bool:
    """Draft and approved minutes are the coordinator's; published ones every reader's."""
    return permissions.reads_every_meeting(user) or meeting.status == MeetingStatus.PUBLISHED


def is_locked(meeting: Meeting) -> bool:
    return meeting.status in LOCKED_STATUSES


@dataclass
class MeetingPage:
    """What the meeting page shows: its agenda (with the minutes when the reader may see them),
    the attendance of each member agency, and the actions passed."""

    meeting: Meeting
    items: list[AgendaItem]
    memberships: list[Membership]
    attendance: dict[int, Attendance]
    actions: list[Action]
    minutes_visible: bool

    @property
    def attendance_rows(self) -> list[tuple[Membership, Attendance | None]]:
        return [(m, self.attendance.get(m.agency_id)) for m in self.memberships]

    @property
    def minutes_planned(self) -> int:
        return sum(item.minutes_planned or 0 for item in self.items)


def agenda_items(meeting: Meeting) -> list[AgendaItem]:
    """The agenda in order, with each item's linked plan elements. Six queries."""
    return list(
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("presenter")
        .prefetch_related("areas", "activities", "indicators", "recommendations")
        .order_by("order", "pk")
    )


def meeting_actions(meeting: Meeting) -> list[Action]:
    return list(
        Action.objects.filter(meeting=meeting)
        .select_related("owner_agency", "owner", "item", "area", "activity", "indicator")
        .select_related("recommendation")
        .order_by("item__order", "pk")
    )


def meeting_page(user: User, meeting: Meeting) -> MeetingPage:
    minutes_visible = may_read_minutes(user, meeting)
    attendance = Attendance.objects.filter(meeting=meeting).select_related("agency")
    return MeetingPage(
        meeting=meeting,
        items=agenda_items(meeting),
        memberships=body_members(meeting),
        attendance={row.agency_id: row for row in attendance},
        actions=meeting_actions(meeting) if minutes_visible else [],
        minutes_visible=minutes_visible,
    )


def body_members(meeting: Meeting) -> list[Membership]:
    return list(
        Membership.objects.filter(body_id=meeting.body_id)
        .select_related("agency", "representative")
        .order_by("agency__code")
    )
