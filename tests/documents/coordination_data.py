"""Shared by the coordination documents' tests: the working group of the documents' plan
(`reported_plan`: languages en, hy, ru) with two meetings in 2025 and their actions, and GRETA
recommendations traced to the plan's activities.

- WG (agencies POL, NGO1 and SEC sit in it) met on 2025-03-14 (minutes published) and on
  2025-06-20 (held, minutes in draft). In March: POL present, NGO1 excused, SEC present; two
  actions passed under item 2 "Training of labour inspectors": the police's "Train 40 labour
  inspectors" (due 2025-05-31, done on 2025-05-20: on time) and the shelter's "Open a second
  shelter" (due 2025-04-30, still open: late), and one outside any item ("Draft the referral
  guidelines", SEC, due 2025-12-31, done on 2026-01-10: open as of 2025-12-31).
- In June: POL present, NGO1 absent, SEC not recorded; its first item reviews the actions since
  the last meeting; item 3 passed "Publish the shelter's annual figures" (NGO1, due
  2025-09-30, dropped).
- A planned meeting on 2025-11-05 (not held) counts for nothing.
"""

import datetime

import pytest
from django.utils import timezone

from accounts.models import User
from coordination.models import (
    Action,
    ActionUpdate,
    AgendaItem,
    AgendaItemKind,
    Attendance,
    Body,
    BodyKind,
    Meeting,
    MeetingStatus,
    Membership,
    Recommendation,
)
from plans.models import Plan

SUMMARY = "The police presented the inspectors' training plan."
DECISION = "The working group endorses the training plan."
TRAIN = "Train 40 labour inspectors"
SHELTER = "Open a second shelter"
GUIDELINES = "Draft the referral guidelines"
PUBLISH = "Publish the shelter's annual figures"
UPDATE_COMMENT = "Training held in Yerevan, 42 inspectors."
GRETA_TEXT = "GRETA urges the authorities to identify victims of labour exploitation."


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def _update(action: Action, status: str, day: datetime.date, by: User, comment: str = "") -> None:
    update = ActionUpdate.objects.create(action=action, status=status, comment=comment, by=by)
    ActionUpdate.objects.filter(pk=update.pk).update(at=_at(day))


@pytest.fixture
def coordination_world(reported_plan, coordinator, reporter_a, agency_a, agency_b, secretariat):
    """The plan's working group and its meetings (see the module's docstring)."""
    plan: Plan = reported_plan
    body = Body.objects.create(
        code="WG",
        name="Inter-agency working group",
        name_i18n={"hy": "Միջգերատեսչական աշխատանքային խումբ"},
        kind=BodyKind.WORKING_GROUP,
        chair_agency=secretariat,
    )
    for agency in (agency_a, agency_b, secretariat):
        Membership.objects.create(body=body, agency=agency)
    march = Meeting.objects.create(
        body=body,
        plan=plan,
        held_on=datetime.date(2025, 3, 14),
        starts_at=datetime.time(10),
        ends_at=datetime.time(12, 30),
        place="Ministry of Labour, room 4",
        status=MeetingStatus.PUBLISHED,
        chair=coordinator,
        approved_by=coordinator,
        approved_at=_at(datetime.date(2025, 3, 20)),
        published_at=_at(datetime.date(2025, 3, 21)),
    )
    AgendaItem.objects.create(
        meeting=march, order=1, kind=AgendaItemKind.ACTIONS, title="Actions since the last meeting"
    )
    training = AgendaItem.objects.create(
        meeting=march,
        order=2,
        title="Training of labour inspectors",
        presenter=agency_a,
        minutes_planned=20,
        summary=SUMMARY,
        decisions=DECISION,
    )
    training.activities.add(plan.activities.get(code="2.1.1"))
    for agency, status in ((agency_a, "present"), (agency_b, "excused"), (secretariat, "present")):
        Attendance.objects.create(meeting=march, agency=agency, status=status)
    train = Action.objects.create(
        meeting=march,
        item=training,
        text=TRAIN,
        owner_agency=agency_a,
        owner=reporter_a,
        due_on=datetime.date(2025, 5, 31),
        status="done",
        closed_on=datetime.date(2025, 5, 20),
        activity=plan.activities.get(code="2.1.1"),
    )
    _update(train, "in_progress", datetime.date(2025, 4, 10), reporter_a)
    _update(train, "done", datetime.date(2025, 5, 20), reporter_a, UPDATE_COMMENT)
    Action.objects.create(
        meeting=march,
        item=training,
        text=SHELTER,
        owner_agency=agency_b,
        due_on=datetime.date(2025, 4, 30),
    )
    guidelines = Action.objects.create(
        meeting=march,
        text=GUIDELINES,
        owner_agency=secretariat,
        due_on=datetime.date(2025, 12, 31),
        status="done",
        closed_on=datetime.date(2026, 1, 10),
    )
    _update(guidelines, "done", datetime.date(2026, 1, 10), coordinator)
    june = Meeting.objects.create(
        body=body,
        plan=plan,
        held_on=datetime.date(2025, 6, 20),
        place="Online",
        status=MeetingStatus.HELD,
        chair=coordinator,
    )
    AgendaItem.objects.create(
        meeting=june, order=1, kind=AgendaItemKind.ACTIONS, title="Actions since the last meeting"
    )
    AgendaItem.objects.create(
        meeting=june,
        order=2,
        kind=AgendaItemKind.FLAGGED,
        title="Flagged by the monitoring",
        notes="I2.1 off track",
    )
    figures = AgendaItem.objects.create(
        meeting=june, order=3, title="Shelter statistics", presenter=agency_b
    )
    Attendance.objects.create(meeting=june, agency=agency_a, status="present")
    Attendance.objects.create(meeting=june, agency=agency_b, status="absent")
    Action.objects.create(
        meeting=june,
        item=figures,
        text=PUBLISH,
        owner_agency=agency_b,
        due_on=datetime.date(2025, 9, 30),
        status="dropped",
        closed_on=datetime.date(2025, 8, 1),
    )
    Meeting.objects.create(body=body, plan=plan, held_on=datetime.date(2025, 11, 5))
    return {"plan": plan, "body": body, "march": march, "june": june}


@pytest.fixture
def greta(reported_plan, agency_a, agency_b):
    """Three GRETA recommendations of the third round: R-1 (protection, confirmed partly
    implemented, answered by activity 2.1.1 which the police reported delayed), R-2
    (prevention, not confirmed, no activity), and R-3 (no theme, plan area 3, round two)."""
    plan: Plan = reported_plan
    activity = plan.activities.get(code="2.1.1")
    first = Recommendation.objects.create(
        plan=plan,
        code="R-1",
        source="greta",
        cycle="Third round",
        reference="112",
        text=GRETA_TEXT,
        text_i18n={"hy": "ԳՐԵՏԱ-ն հորդորում է իշխանություններին։"},
        theme="protection",
        strength="urges",
        response="accepted",
        sdg_targets="8.7,16.2",
        status="partly",
        status_comment="Training started; identification not yet measured.",
        high_priority=True,
    )
    first.activities.add(activity)
    first.agencies.add(agency_a)
    Recommendation.objects.create(
        plan=plan,
        code="R-2",
        source="greta",
        cycle="Third round",
        reference="45",
        text="GRETA considers that awareness campaigns should reach rural schools.",
        theme="prevention",
        strength="considers",
    )
    Recommendation.objects.create(
        plan=plan,
        code="R-3",
        source="greta",
        cycle="Second round",
        reference="8",
        text="GRETA invites the authorities to fund NGO shelters.",
        area=plan.areas.get(code="3"),
    )
    Recommendation.objects.create(
        plan=plan, code="TIP-1", source="us_tip", cycle="2025", text="Increase prosecutions."
    )
    return plan
