"""The meetings operations of the JSON API: the bodies, the meetings and one meeting with its
agenda, attendance and (when the reader may see them) minutes and actions.

The same selectors as the pages decide what a user sees (coordination.selectors.meetings and
.bodies): the coordinator every meeting; an agency's reporters and approvers the meetings of
the bodies their agency sits in, the minutes once published; viewers the meetings whose minutes
are published. Any other role is refused (403); a meeting one may not read is not found (404).
Representatives' e-mail addresses are not shown.
"""

from __future__ import annotations

import datetime
from typing import Any, cast

from django.http import HttpRequest
from ninja import Field, Router, Schema

from accounts.models import User
from coordination.models import (
    Action,
    ActionStatus,
    AgendaItem,
    AgendaItemKind,
    AttendanceStatus,
    Body,
    BodyKind,
    Meeting,
    MeetingStatus,
)
from coordination.selectors import bodies as body_reads
from coordination.selectors import meetings as reads
from tipmonitor.schemas import AUTH_ERRORS, READ_ERRORS, ErrorOut, PathId

router = Router(tags=["coordination"])

REFUSED: dict[int, type[Schema]] = {403: ErrorOut}


def _user(request: HttpRequest) -> User:
    # `django_auth` (tipmonitor.api) lets no anonymous request reach an operation.
    return cast(User, request.user)


class MemberOut(Schema):
    agency: str = Field(description="the agency's code")
    representative: str = Field(description="the representative's name, or username")


class BodyOut(Schema):
    id: int
    code: str
    name: str
    kind: BodyKind
    chair_agency: str | None
    parent: str | None = Field(description="the code of the body it reports to")
    active: bool
    members: list[MemberOut]


class MeetingOut(Schema):
    id: int
    body: str = Field(description="the body's code")
    plan: str = Field(description="the code of the plan it steers")
    held_on: datetime.date
    starts_at: datetime.time | None
    ends_at: datetime.time | None
    place: str
    link: str
    status: MeetingStatus
    invitations_sent_at: datetime.datetime | None
    approved_at: datetime.datetime | None
    published_at: datetime.datetime | None


class AgendaItemOut(Schema):
    id: int
    order: int
    kind: AgendaItemKind
    title: str
    presenter: str | None = Field(description="the presenting agency's code")
    minutes_planned: int | None
    notes: str
    areas: list[str]
    activities: list[str]
    indicators: list[str]
    recommendations: list[str]
    summary: str | None = Field(description="null until the minutes are published to you")
    decisions: str | None = Field(description="null until the minutes are published to you")


class AttendanceOut(Schema):
    agency: str
    status: AttendanceStatus | None = Field(description="null: not recorded")
    attendees: str


class MeetingActionOut(Schema):
    id: int
    item_id: int | None
    text: str
    owner_agency: str
    owner: str | None = Field(description="the owner's username")
    due_on: datetime.date
    status: ActionStatus
    area: str | None
    activity: str | None
    indicator: str | None
    recommendation: str | None


class MeetingDetailOut(MeetingOut):
    minutes_visible: bool
    agenda: list[AgendaItemOut]
    attendance: list[AttendanceOut]
    actions: list[MeetingActionOut] = Field(description="empty until the minutes are visible")


def _representative(membership: Any) -> str:
    user = membership.representative
    if user is not None:
        return user.get_full_name() or user.get_username()
    return membership.representative_name


def _body(body: Body) -> dict[str, Any]:
    return {
        "id": body.pk,
        "code": body.code,
        "name": body.name,
        "kind": body.kind,
        "chair_agency": body.chair_agency.code if body.chair_agency else None,
        "parent": body.parent.code if body.parent else None,
        "active": body.active,
        "members": [
            {"agency": m.agency.code, "representative": _representative(m)}
            for m in body.memberships.all()
        ],
    }


def _meeting(meeting: Meeting) -> dict[str, Any]:
    names = [name for name in MeetingOut.model_fields if name not in {"body", "plan", "id"}]
    return {
        "id": meeting.pk,
        "body": meeting.body.code,
        "plan": meeting.plan.code,
        **{name: getattr(meeting, name) for name in names},
    }


def _item(item: AgendaItem, minutes: bool) -> dict[str, Any]:
    return {
        "id": item.pk,
        "order": item.order,
        "kind": item.kind,
        "title": item.title,
        "presenter": item.presenter.code if item.presenter else None,
        "minutes_planned": item.minutes_planned,
        "notes": item.notes,
        "areas": [area.code for area in item.areas.all()],
        "activities": [activity.code for activity in item.activities.all()],
        "indicators": [indicator.code for indicator in item.indicators.all()],
        "recommendations": [rec.code for rec in item.recommendations.all()],
        "summary": item.summary if minutes else None,
        "decisions": item.decisions if minutes else None,
    }


def _code(element: Any) -> str | None:
    return element.code if element is not None else None


def _action(action: Action) -> dict[str, Any]:
    return {
        "id": action.pk,
        "item_id": action.item_id,
        "text": action.text,
        "owner_agency": action.owner_agency.code,
        "owner": action.owner.get_username() if action.owner else None,
        "due_on": action.due_on,
        "status": action.status,
        "area": _code(action.area),
        "activity": _code(action.activity),
        "indicator": _code(action.indicator),
        "recommendation": _code(action.recommendation),
    }


@router.get("/coordination/bodies", response={200: list[BodyOut], **AUTH_ERRORS, **REFUSED})
def list_bodies(request: HttpRequest) -> list[dict[str, Any]]:
    """The coordination bodies you may see, with their member agencies."""
    bodies = body_reads.bodies_for_user(_user(request)).prefetch_related(
        "memberships__agency", "memberships__representative"
    )
    return [_body(body) for body in bodies]


@router.get("/coordination/meetings", response={200: list[MeetingOut], **AUTH_ERRORS, **REFUSED})
def list_meetings(request: HttpRequest) -> list[dict[str, Any]]:
    """The meetings you may see, newest first."""
    meetings = reads.meetings_for_user(_user(request)).order_by("-held_on", "-pk")
    return [_meeting(meeting) for meeting in meetings]


@router.get(
    "/coordination/meetings/{meeting_id}",
    response={200: MeetingDetailOut, **READ_ERRORS, **REFUSED},
)
def get_meeting(request: HttpRequest, meeting_id: PathId) -> dict[str, Any]:
    """One meeting: its agenda, the attendance of each member agency and, once the minutes are
    visible to you, each item's summary and decisions and the actions passed."""
    user = _user(request)
    page = reads.meeting_page(user, reads.get_meeting_for_user(user, meeting_id))
    return {
        **_meeting(page.meeting),
        "minutes_visible": page.minutes_visible,
        "agenda": [_item(item, page.minutes_visible) for item in page.items],
        "attendance": [
            {
                "agency": membership.agency.code,
                "status": row.status if row else None,
                "attendees": row.attendees if row else "",
            }
            for membership, row in page.attendance_rows
        ],
        "actions": [_action(action) for action in page.actions],
    }
