"""Reads of coordination bodies and attendance, with their permission checks.

Who sees a body: the coordinator and viewers every body; an agency's reporters and approvers the
bodies their agency sits in. Attendance counts only the meetings the reader may see
(`meetings_for_user`), so a viewer's rates come from meetings whose minutes are published.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.http import Http404

from accounts import permissions
from accounts.models import User
from agencies.models import Agency
from coordination.models import Attendance, Body, Meeting, Membership
from coordination.rules import AttendanceRate, attendance_rate

from .meetings import meetings_for_user


def bodies_for_user(user: User) -> QuerySet[Body]:
    """The bodies `user` may read (403 for a role that reads no meetings)."""
    if not permissions.may_read_meetings(user):
        raise PermissionDenied
    bodies = Body.objects.select_related("chair_agency", "parent")
    if permissions.reads_published_minutes(user):
        return bodies.all()
    agency_id = permissions.member_agency_id(user)
    if agency_id is None:
        return bodies.none()
    return bodies.filter(memberships__agency_id=agency_id).distinct()


def get_body_for_user(user: User, body_id: int, *, manage: bool = False) -> Body:
    """A body `user` may read (404 otherwise); with `manage`, 403 unless the coordinator."""
    if manage and not permissions.may_manage_coordination(user):
        raise PermissionDenied
    memberships = Membership.objects.select_related("agency", "representative")
    body = (
        bodies_for_user(user)
        .prefetch_related(Prefetch("memberships", queryset=memberships))
        .filter(pk=body_id)
        .first()
    )
    if body is None:
        raise Http404
    return body


@dataclass(frozen=True)
class AgencyAttendance:
    membership: Membership
    rate: AttendanceRate

    @property
    def agency(self) -> Agency:
        return self.membership.agency


def body_attendance(user: User, body: Body) -> list[AgencyAttendance]:
    """Each member agency's attendance at the body's meetings `user` may see: n of m."""
    statuses = _statuses(
        Attendance.objects.filter(meeting__in=meetings_for_user(user).filter(body=body))
    )
    return [
        AgencyAttendance(membership, attendance_rate(statuses[membership.agency_id]))
        for membership in body.memberships.all()
    ]


def _statuses(rows: QuerySet[Attendance]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = defaultdict(list)
    for agency_id, status in rows.values_list("agency_id", "status"):
        found[agency_id].append(status)
    return found


def get_attendance_agency_for_user(user: User, agency_id: int) -> Agency:
    agency = Agency.objects.filter(pk=agency_id).first()
    if agency is None:
        raise Http404
    if not permissions.may_read_attendance(user, agency):
        raise PermissionDenied
    return agency


@dataclass(frozen=True)
class AttendanceLine:
    """One meeting on an agency's attendance page."""

    meeting: Meeting
    status: str
    status_label: str
    attendees: str


@dataclass
class AgencyAttendancePage:
    agency: Agency
    # (body, its rate) for each body the agency sits in or attended.
    by_body: list[tuple[Body, AttendanceRate]]
    # (year, its rate), newest first: the rate over time.
    by_year: list[tuple[int, AttendanceRate]]
    overall: AttendanceRate
    lines: list[AttendanceLine]


def agency_attendance(user: User, agency: Agency) -> AgencyAttendancePage:
    """The agency's attendance at every meeting `user` may see, by body and by year. Three
    queries."""
    rows = list(
        Attendance.objects.filter(meeting__in=meetings_for_user(user), agency=agency)
        .select_related("meeting__body")
        .order_by("-meeting__held_on", "-meeting__pk")
    )
    by_body: dict[int, list[str]] = defaultdict(list)
    by_year: dict[int, list[str]] = defaultdict(list)
    bodies: dict[int, Body] = {}
    for row in rows:
        bodies[row.meeting.body_id] = row.meeting.body
        by_body[row.meeting.body_id].append(row.status)
        by_year[row.meeting.held_on.year].append(row.status)
    for membership in Membership.objects.filter(agency=agency).select_related("body"):
        bodies.setdefault(membership.body_id, membership.body)
    return AgencyAttendancePage(
        agency=agency,
        by_body=[
            (body, attendance_rate(by_body[body.pk]))
            for body in sorted(bodies.values(), key=lambda body: body.code)
        ],
        by_year=[(year, attendance_rate(by_year[year])) for year in sorted(by_year, reverse=True)],
        overall=attendance_rate(row.status for row in rows),
        lines=[
            AttendanceLine(row.meeting, row.status, row.get_status_display(), row.attendees)
            for row in rows
        ],
    )
