"""The draft agenda a new meeting starts with: the actions since the body's last meeting (open
ones, overdue marked, those closed since, each with its latest update) and what the monitoring
flags (indicators off track or at risk, agencies late or disagreeing with the computed status).
"""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from coordination.models import ActionStatus, AgendaItemKind, Body, BodyKind
from coordination.selectors.agenda import actions_since_last_meeting, flagged_by_monitoring
from reporting.models import Assessment, IndicatorEntry, IndicatorValue, Report, ReportStatus
from tests.coordination.meeting_fixtures import pass_action, plan_meeting
from tests.reporting.pages import open_report

FIRST = datetime.date(2024, 3, 1)
SECOND = datetime.date(2024, 6, 1)
THIRD = datetime.date(2024, 9, 2)


@pytest.fixture
def history(working_group, plan, coordinator, reporter_a, reporter_b):
    """Two meetings of the working group, with actions in every state."""
    first = plan_meeting(working_group, plan, coordinator, FIRST)
    second = plan_meeting(working_group, plan, coordinator, SECOND)
    actions = {
        "open": pass_action(
            first, reporter_a, "Train border guards", due_on=datetime.date(2024, 12, 1)
        ),
        "overdue": pass_action(
            first,
            reporter_b,
            "Count shelter places",
            due_on=datetime.date(2024, 5, 1),
            status=ActionStatus.IN_PROGRESS,
            comment="Two shelters of five counted.",
        ),
        "done_since": pass_action(
            second,
            reporter_a,
            "Publish the hotline number",
            due_on=datetime.date(2024, 8, 1),
            status=ActionStatus.DONE,
            closed_on=datetime.date(2024, 7, 1),
            comment="On every police station's door.",
        ),
        "done_before": pass_action(
            first,
            reporter_a,
            "Name a focal point",
            due_on=datetime.date(2024, 4, 1),
            status=ActionStatus.DONE,
            closed_on=datetime.date(2024, 4, 1),
        ),
    }
    return first, second, actions


def test_it_pre_fills_the_agenda_with_the_actions_and_the_flags(
    history, working_group, plan, coordinator
):
    third = plan_meeting(working_group, plan, coordinator, THIRD)

    items = list(third.items.order_by("order"))

    assert [(item.order, item.kind) for item in items] == [
        (1, AgendaItemKind.ACTIONS),
        (2, AgendaItemKind.FLAGGED),
    ]
    notes = items[0].notes
    assert "Train border guards" in notes
    assert "Count shelter places" in notes
    assert "(overdue)" in notes
    assert "Two shelters of five counted." in notes
    assert "Publish the hotline number" in notes
    assert "On every police station" in notes
    assert "Name a focal point" not in notes  # closed before the previous meeting


def test_it_lists_open_overdue_and_recently_closed_actions_with_their_latest_update(
    history, working_group, plan, coordinator
):
    _first, _second, actions = history
    third = plan_meeting(working_group, plan, coordinator, THIRD)

    lines = actions_since_last_meeting(third, today=THIRD)

    assert [line.action.pk for line in lines] == [
        actions["overdue"].pk,
        actions["done_since"].pk,
        actions["open"].pk,
    ]
    assert [line.overdue for line in lines] == [True, False, False]
    assert lines[0].comment == "Two shelters of five counted."


def test_it_shows_no_action_at_a_bodys_first_meeting(working_group, plan, coordinator):
    meeting = plan_meeting(working_group, plan, coordinator, FIRST)

    assert actions_since_last_meeting(meeting, today=FIRST) == []
    assert "No action of earlier meetings" in meeting.items.get(kind="actions").notes


def test_it_keeps_another_bodys_actions_off_the_agenda(history, plan, coordinator, agency_a):
    other = Body.objects.create(code="NCC", name="Council", kind=BodyKind.COUNCIL)
    plan_meeting(other, plan, coordinator, FIRST)
    meeting = plan_meeting(other, plan, coordinator, THIRD)

    assert actions_since_last_meeting(meeting, today=THIRD) == []


def _accept(report: Report) -> None:
    Report.objects.filter(pk=report.pk).update(
        status=ReportStatus.ACCEPTED,
        submitted_at=datetime.datetime(2024, 4, 10, tzinfo=datetime.UTC),
    )


def test_it_flags_indicators_off_track_and_agencies_that_disagree(
    working_group, plan, coordinator, agency_a, reporter_a
):
    indicator = plan.indicators.get(code="I2.1")  # baseline 10, midterm 15, end target 20
    report = open_report(plan, agency_a, reporter_a)
    IndicatorValue.objects.create(
        report=report,
        indicator=indicator,
        period="2024-Q1",
        value=Decimal("4"),
        entered_by=reporter_a,
        entered_at=timezone.now(),
    )
    IndicatorEntry.objects.create(
        report=report, indicator=indicator, assessment=Assessment.ON_TRACK, comment="Fine."
    )
    _accept(report)

    meeting = plan_meeting(working_group, plan, coordinator, datetime.date(2024, 5, 20))
    flags = flagged_by_monitoring(meeting, today=datetime.date(2024, 5, 20))

    assert [(f.indicator.code, f.status) for f in flags.indicators] == [("I2.1", "off_track")]
    assert flags.indicators[0].disagreeing == ["POL: On track"]
    reasons = {agency.code: agency.reasons for agency in flags.agencies}
    assert any("disagrees" in reason for reason in reasons["POL"])
    item = meeting.items.get(kind=AgendaItemKind.FLAGGED)
    assert list(item.indicators.values_list("code", flat=True)) == ["I2.1"]
    assert "I2.1" in item.notes
    assert "POL" in item.notes


def test_it_flags_an_agency_whose_report_is_late(working_group, plan, coordinator):
    # Nothing reported for 2024-Q1; by 20 May its deadline has passed.
    meeting = plan_meeting(working_group, plan, coordinator, datetime.date(2024, 5, 20))

    flags = flagged_by_monitoring(meeting, today=datetime.date(2024, 5, 20))

    late = {agency.code: agency.reasons for agency in flags.agencies}
    assert "POL" in late
    assert any("not received" in reason for reason in late["POL"])


def test_it_flags_for_a_thematic_body_only_what_its_members_answer_for(
    working_group, plan, coordinator, agency_a, agency_b, reporter_a
):
    indicator = plan.indicators.get(code="I2.1")
    answering = set(indicator.responsible_agencies.values_list("pk", flat=True))
    if indicator.activity_id and indicator.activity.lead_agency_id:
        answering.add(indicator.activity.lead_agency_id)
    assert agency_a.pk in answering
    assert agency_b.pk not in answering
    report = open_report(plan, agency_a, reporter_a)
    IndicatorValue.objects.create(
        report=report,
        indicator=indicator,
        period="2024-Q1",
        value=Decimal("4"),
        entered_by=reporter_a,
        entered_at=timezone.now(),
    )
    _accept(report)
    subgroup = Body.objects.create(code="SG", name="Shelters", kind=BodyKind.SUBGROUP)
    subgroup.memberships.create(agency=agency_b)
    day = datetime.date(2024, 5, 20)

    whole = flagged_by_monitoring(plan_meeting(working_group, plan, coordinator, day), today=day)
    theirs = flagged_by_monitoring(plan_meeting(subgroup, plan, coordinator, day), today=day)

    assert "I2.1" in [f.indicator.code for f in whole.indicators]
    assert "I2.1" not in [f.indicator.code for f in theirs.indicators]
    assert {agency.code for agency in theirs.agencies} == {"NGO1"}  # late, and a member
