"""The shapes of the demo's meetings as data (`meetings.py` holds them). Every date is counted in
days: a meeting's from the demo's today (negative: past), an action's due date and its updates'
from the meeting that passed it; so the outcomes stay what they are meant to be whatever day the
demo is loaded (an action due 30 days after a meeting held 189 days ago is late)."""

import datetime
from dataclasses import dataclass

from coordination.models import ActionStatus, MeetingStatus

OPEN, IN_PROGRESS = ActionStatus.OPEN, ActionStatus.IN_PROGRESS
DONE, DROPPED = ActionStatus.DONE, ActionStatus.DROPPED
PLANNED, HELD = MeetingStatus.PLANNED, MeetingStatus.HELD
APPROVED, PUBLISHED = MeetingStatus.APPROVED, MeetingStatus.PUBLISHED


@dataclass(frozen=True)
class Update:
    """What the owner said of an action, `day` days after the meeting that passed it. `by` is
    the demo user who wrote it; blank: the coordinator, keying in what the agency sent."""

    day: int
    status: str
    comment: str
    by: str = ""
    link: str = ""


@dataclass(frozen=True)
class ActionData:
    text: str
    owner: str  # agency code
    due: int  # days after the meeting
    updates: tuple[Update, ...] = ()
    user: str = ""  # the owner in person, a demo user
    activity: str = ""
    indicator: str = ""
    recommendation: str = ""


@dataclass(frozen=True)
class ItemData:
    """An agenda item of the meeting's own (after the two pre-filled ones), with its minutes."""

    title: str
    presenter: str  # agency code
    minutes: int
    summary: str = ""
    decisions: str = ""
    activities: tuple[str, ...] = ()
    indicators: tuple[str, ...] = ()
    recommendations: tuple[str, ...] = ()
    actions: tuple[ActionData, ...] = ()


@dataclass(frozen=True)
class MeetingData:
    body: str  # body code
    day: int  # days from the demo's today
    status: str
    items: tuple[ItemData, ...]
    place: str = "Government House, Ardenia City, room 214"
    link: str = ""
    starts: datetime.time = datetime.time(10, 0)
    ends: datetime.time = datetime.time(12, 30)
    absent: tuple[str, ...] = ()
    excused: tuple[str, ...] = ()
    # What the minutes decided on the actions of the last meeting, if anything.
    review: str = ""
