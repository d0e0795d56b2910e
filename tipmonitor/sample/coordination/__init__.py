"""The demo's coordination: a year of Ardenia's coordination bodies at work on the sample plan,
and the international recommendations the plan answers.

- `bodies.py`: the National Committee, its inter-agency working group, two thematic subgroups
  and the Valmora provincial committee, with the sample's agencies as members and the demo users
  as their agencies' representatives;
- `working_group.py` and `other_bodies.py`: the meetings of the last twelve months, their
  agendas, attendance, minutes and actions, and the updates the owners gave (the shapes are in
  `schema.py`); the working group's latest meeting has its minutes in draft and its next one is
  planned;
- `recommendations.py`: GRETA's third-round and the US TIP report's recommendations, traced to
  the plan's activities, some statuses confirmed; the tracker is published.

`coordination_load` writes it all through the models (each row validated with `full_clean`)
after the plan, the demo users and the reporting history are loaded (`tipmonitor load-demo`):
the pre-filled agenda items quote the progress the history gives. Dates are counted from the
demo's today, so that on whatever day the demo is loaded its actions are done on time, done
late, late, open or dropped as the data means them. Running it again changes nothing: bodies,
recommendations, meetings and the tracker's publication are each created only when missing.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from coordination.models import Action, Body, Meeting, Membership
from plans.models import Plan

from .bodies import BODIES
from .elements import Elements
from .meetings import meetings_create
from .other_bodies import OTHER_BODIES
from .tracker import recommendations_create, tracker_publish
from .working_group import WORKING_GROUP

MEETINGS = WORKING_GROUP + OTHER_BODIES


@dataclass(frozen=True)
class Loaded:
    """What one run created."""

    bodies: int
    meetings: int
    actions: int
    recommendations: int
    tracker_published: bool


@transaction.atomic
def coordination_load(
    *, plan: Plan, today: datetime.date | None = None, now: datetime.datetime | None = None
) -> Loaded:
    now = now or timezone.now()
    elements = Elements.of(plan, today or timezone.localdate(now), now)
    bodies = _bodies_create(elements)
    recommendations = [] if plan.recommendations.exists() else recommendations_create(elements)
    meetings = (
        [] if Meeting.objects.filter(plan=plan).exists() else meetings_create(elements, MEETINGS)
    )
    return Loaded(
        bodies=bodies,
        meetings=len(meetings),
        actions=Action.objects.filter(meeting__in=meetings).count(),
        recommendations=len(recommendations),
        tracker_published=tracker_publish(elements),
    )


def _bodies_create(elements: Elements) -> int:
    """The bodies missing, with their seats; returns how many were created."""
    existing = set(Body.objects.values_list("code", flat=True))
    created: dict[str, Body] = {}
    for data in BODIES:
        if data.code in existing:
            continue
        parent = created.get(data.parent) or Body.objects.filter(code=data.parent).first()
        body = Body(
            code=data.code,
            name=data.name,
            name_i18n={"hy": data.name_hy, "ru": data.name_ru},
            kind=data.kind,
            chair_agency=elements.agency(data.chair),
            parent=parent,
        )
        body.full_clean()
        body.save()
        created[data.code] = body
        for seat in data.seats:
            membership = Membership(
                body=body,
                agency=elements.agency(seat.agency),
                representative=elements.user(seat.username) if seat.username else None,
                representative_name=seat.name,
                email=seat.email,
            )
            membership.full_clean()
            membership.save()
    return len(created)
