"""Helpers for the meetings tests: a meeting of the working group planned through the service,
and an action passed at it with an update, the way the pages make them."""

import datetime

from accounts.models import User
from coordination.models import Action, ActionStatus, ActionUpdate, Body, Meeting
from coordination.services.meetings import meeting_create
from plans.models import Plan

DAY = datetime.date(2024, 3, 1)


def plan_meeting(
    body: Body,
    plan: Plan,
    coordinator: User,
    held_on: datetime.date = DAY,
    *,
    today: datetime.date | None = None,
) -> Meeting:
    return meeting_create(
        body=body,
        plan=plan,
        held_on=held_on,
        starts_at=datetime.time(10, 0),
        ends_at=datetime.time(12, 30),
        place="Ministry of Justice, room 4",
        by=coordinator,
        today=today or held_on,
    )


def pass_action(
    meeting: Meeting,
    owner: User,
    text: str,
    *,
    due_on: datetime.date,
    status: str = ActionStatus.OPEN,
    closed_on: datetime.date | None = None,
    comment: str = "",
) -> Action:
    """An action as the minutes pass it, and (with `comment`) its owner's update."""
    assert owner.agency is not None
    action = Action.objects.create(
        meeting=meeting,
        text=text,
        owner_agency=owner.agency,
        owner=owner,
        due_on=due_on,
        status=status,
        closed_on=closed_on,
    )
    if comment:
        ActionUpdate.objects.create(action=action, status=status, comment=comment, by=owner)
    return action
