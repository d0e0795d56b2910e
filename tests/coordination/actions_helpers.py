"""Builders the action tests share: a meeting of the working group and an action passed at it,
written straight to the database (the services under test are not used to set up)."""

import datetime

from coordination.models import Action, AgendaItem, Body, Meeting, MeetingStatus


def meeting_of(
    body: Body,
    plan,
    *,
    held_on: datetime.date = datetime.date(2024, 3, 1),
    status: str = MeetingStatus.HELD,
) -> Meeting:
    return Meeting.objects.create(body=body, plan=plan, held_on=held_on, status=status)


def item_of(meeting: Meeting, title: str = "Shelter capacity") -> AgendaItem:
    return AgendaItem.objects.create(meeting=meeting, order=1, title=title)


def action_of(
    meeting: Meeting,
    agency,
    *,
    owner=None,
    due_on: datetime.date = datetime.date(2024, 4, 1),
    status: str = "open",
    text: str = "Count shelter places",
    closed_on: datetime.date | None = None,
) -> Action:
    return Action.objects.create(
        meeting=meeting,
        text=text,
        owner_agency=agency,
        owner=owner,
        due_on=due_on,
        status=status,
        closed_on=closed_on,
    )
