"""The actions operations of the JSON API: the actions you may see (the pages' rule,
coordination.selectors.actions), one action with its updates, and an owner's update.

Posting an update calls `action_update`, the service the action's page calls, so the same rules
apply. The answers: 201 with the update; 403 for someone who may read the action but not report
on it (a viewer); 404 for an action one may not see; 422 with each problem where it is (`loc`
`["body", <field>]`). Evidence files are uploaded on the action's page; the API gives each
update's file as a link to download.
"""

from __future__ import annotations

import datetime
from typing import Any, cast

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from accounts.models import User
from coordination.models import Action, ActionStatus, ActionUpdate
from coordination.rules import action_is_overdue
from coordination.selectors import actions as selectors
from coordination.services.actions import action_update
from tipmonitor.schemas import (
    AUTH_ERRORS,
    INVALID,
    MAX_ID,
    READ_ERRORS,
    TOO_LARGE,
    ErrorOut,
    InvalidRequestOut,
    PathId,
)

router = Router(tags=["coordination"])


def _user(request: HttpRequest) -> User:
    # `django_auth` (tipmonitor.api) lets no anonymous request reach an operation.
    return cast(User, request.user)


class ActionOut(Schema):
    id: int
    text: str
    status: ActionStatus
    overdue: bool
    due_on: datetime.date
    closed_on: datetime.date | None
    owner_agency: str = Field(description="the owner agency's code")
    owner: str | None = Field(description="the owner's username, if a person owns it")
    meeting_id: int
    body: str = Field(description="the code of the body whose meeting passed it")
    held_on: datetime.date
    plan: str
    item: str | None = Field(description="the agenda item's title")
    area: str | None
    activity: str | None
    indicator: str | None
    recommendation: str | None


class ActionUpdateOut(Schema):
    id: int
    action_id: int
    status: ActionStatus
    comment: str
    evidence_link: str
    evidence_file_url: str | None = Field(description="where to download the evidence file")
    by: str
    at: datetime.datetime


class ActionDetailOut(ActionOut):
    updates: list[ActionUpdateOut] = Field(description="newest first")


class ActionUpdateIn(Schema):
    status: ActionStatus
    comment: str = Field("", max_length=4000)
    evidence_link: str = Field("", max_length=500)


class ActionListFilters(Schema):
    status: ActionStatus | None = None
    overdue: bool = False
    agency: str | None = Field(None, description="the owner agency's code")
    body: str | None = Field(None, description="the code of the body whose meeting passed it")
    plan_id: int | None = Field(None, ge=1, le=MAX_ID)
    meeting_id: int | None = Field(None, ge=1, le=MAX_ID)
    mine: bool = Field(False, description="only yours: owned by you or by your agency")


@router.get("/coordination/actions", response={200: list[ActionOut], **AUTH_ERRORS, **INVALID})
def list_actions(request: HttpRequest, filters: Query[ActionListFilters]) -> list[dict[str, Any]]:
    """The actions you may see, the soonest due first: all of them for the coordinator; your
    agency's and those you own for an agency's reporters and approvers; those of published
    minutes for viewers."""
    user = _user(request)
    today = timezone.localdate()
    wanted = selectors.ActionFilters(
        status=filters.status or "",
        overdue=filters.overdue,
        plan_id=filters.plan_id,
        meeting_id=filters.meeting_id,
        mine=filters.mine,
    )
    actions = selectors.action_list(user, wanted, today=today).select_related(
        "item", "area", "activity", "indicator", "recommendation"
    )
    if filters.agency:
        actions = actions.filter(owner_agency__code=filters.agency)
    if filters.body:
        actions = actions.filter(meeting__body__code=filters.body)
    return [_action(action, today) for action in actions]


@router.get("/coordination/actions/{action_id}", response={200: ActionDetailOut, **READ_ERRORS})
def get_action(request: HttpRequest, action_id: PathId) -> dict[str, Any]:
    """One action with its updates (newest first)."""
    action = selectors.get_action_for_user(_user(request), action_id)
    updates = selectors.action_updates(action)
    return {
        **_action(action, timezone.localdate()),
        "updates": [_update(update) for update in updates],
    }


UPDATE_ANSWERS: dict[int, Any] = {
    201: ActionUpdateOut,
    400: ErrorOut,  # a body that is not JSON
    403: ErrorOut,
    409: ErrorOut,
    **READ_ERRORS,
    **TOO_LARGE,
}


@router.post("/coordination/actions/{action_id}/updates", response=UPDATE_ANSWERS)
def post_action_update(
    request: HttpRequest, action_id: PathId, payload: ActionUpdateIn
) -> Status[Any]:
    """Report on an action (its owner, its agency's reporters and approvers, the
    coordinator): its status now, a comment, a link to evidence. Done or dropped records the
    day it closed."""
    user = _user(request)
    action = selectors.get_action_for_user(user, action_id, update=True)
    try:
        update = action_update(
            action=action,
            status=payload.status,
            comment=payload.comment,
            evidence_link=payload.evidence_link,
            evidence_file=None,
            by=user,
            today=timezone.localdate(),
        )
    except ValidationError as invalid:
        problems = invalid.message_dict if hasattr(invalid, "error_dict") else {}
        if set(problems) <= {NON_FIELD_ERRORS}:
            return Status(409, {"detail": " ".join(invalid.messages)})
        return Status(422, InvalidRequestOut(detail=_problems(problems)))
    return Status(201, _update(update))


def _problems(problems: dict[str, list[str]]) -> list[dict[str, Any]]:
    return [
        {"loc": ["body", key], "msg": message, "type": "refused"}
        for key, messages in problems.items()
        for message in messages
    ]


def _code(element: Any) -> str | None:
    return None if element is None else element.code


def _action(action: Action, today: datetime.date) -> dict[str, Any]:
    meeting = action.meeting
    return {
        "id": action.pk,
        "text": action.text,
        "status": action.status,
        "overdue": action_is_overdue(action.status, action.due_on, today),
        "due_on": action.due_on,
        "closed_on": action.closed_on,
        "owner_agency": action.owner_agency.code,
        "owner": action.owner.username if action.owner else None,
        "meeting_id": meeting.pk,
        "body": meeting.body.code,
        "held_on": meeting.held_on,
        "plan": meeting.plan.code,
        "item": action.item.title if action.item else None,
        "area": _code(action.area),
        "activity": _code(action.activity),
        "indicator": _code(action.indicator),
        "recommendation": _code(action.recommendation),
    }


def _update(update: ActionUpdate) -> dict[str, Any]:
    url = (
        reverse("coordination:action_evidence", args=[update.pk]) if update.evidence_file else None
    )
    return {
        "id": update.pk,
        "action_id": update.action_id,
        "status": update.status,
        "comment": update.comment,
        "evidence_link": update.evidence_link,
        "evidence_file_url": url,
        "by": update.by.username,
        "at": update.at,
    }
