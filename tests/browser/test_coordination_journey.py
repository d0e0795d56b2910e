"""Issue 12 in a real browser, from one working-group meeting to the next: the coordinator
plans a meeting whose draft agenda comes pre-filled with the action left open at the last
meeting and the indicator the monitoring flags; sends the invitations (with their calendar
entry); records attendance, the minutes and two actions; approves and publishes them. The
police's reporter opens its action from the published minutes and records an update. The next
meeting's agenda shows that update.

The e-mails are read from django.core.mail.outbox: the live server runs in this process.
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import Page, expect

from coordination.models import Action, Body, BodyKind, Meeting, Membership
from reporting.models import IndicatorValue, Report, ReportStatus
from reporting.selectors.matrix import default_quarter
from tests import factories
from tests.browser.conftest import axe_violations, sign_in
from tests.coordination.meeting_fixtures import pass_action, plan_meeting
from tests.reporting.pages import open_report

pytestmark = pytest.mark.playwright

TODAY = timezone.localdate()
UPDATE = "Four of the five shelters counted; the last one reports next week."


@pytest.fixture
def running_plan(agency_a, reporter_a):
    """A plan running now whose indicator V1 (agency A's) is far behind its target in the last
    quarter's accepted report: the monitoring flags it off track."""
    plan = factories.PlanFactory(
        code="NAP-NOW",
        title="Plan running now",
        starts_on=datetime.date(TODAY.year - 1, 1, 1),
        ends_on=datetime.date(TODAY.year + 1, 12, 31),
    )
    objective = factories.ObjectiveFactory(area=factories.AreaFactory(plan=plan), code="3.1")
    indicator = factories.IndicatorFactory(
        objective=objective, code="V1", name="Victims identified", responsible=[agency_a]
    )
    quarter = default_quarter(plan, TODAY)
    report = open_report(plan, agency_a, reporter_a, quarter.code)
    IndicatorValue.objects.create(
        report=report,
        indicator=indicator,
        period=quarter.code,
        value=Decimal(1),
        entered_by=reporter_a,
        entered_at=timezone.now(),
    )
    Report.objects.filter(pk=report.pk).update(
        status=ReportStatus.ACCEPTED, submitted_at=timezone.now()
    )
    return plan


@pytest.fixture
def working_group(agency_a, agency_b, reporter_a, secretariat) -> Body:
    """The working group: the police (its reporter represents it), the shelter (an address for
    invitations) and the secretariat (no address at all)."""
    body = Body.objects.create(
        code="WG", name="Inter-agency working group", kind=BodyKind.WORKING_GROUP
    )
    Membership.objects.create(body=body, agency=agency_a, representative=reporter_a)
    Membership.objects.create(body=body, agency=agency_b, email="shelter@example.org")
    Membership.objects.create(body=body, agency=secretariat)
    return body


@pytest.fixture
def last_meeting(working_group, running_plan, coordinator, reporter_a) -> Meeting:
    """Two months ago: it left the police an action that is overdue now."""
    meeting = plan_meeting(
        working_group, running_plan, coordinator, TODAY - datetime.timedelta(days=60)
    )
    pass_action(
        meeting,
        reporter_a,
        "Train the border guards on the referral guidelines",
        due_on=TODAY - datetime.timedelta(days=5),
        comment="Trainers hired.",
    )
    return meeting


def plan_the_meeting(chief: Page, day: datetime.date) -> None:
    chief.get_by_role("link", name="Meetings", exact=True).first.click()
    chief.get_by_role("link", name="Plan a meeting").click()
    chief.get_by_label("Body").select_option(label="Inter-agency working group")
    chief.get_by_label(re.compile(r"^Plan:?$")).select_option(label="Plan running now")
    chief.get_by_label("Date").fill(day.isoformat())
    chief.get_by_label("Starts at").fill("10:00")
    chief.get_by_label("Ends at").fill("12:30")
    chief.get_by_label("Place").fill("Ministry of Justice, room 4")
    chief.get_by_role("button", name="Save").click()
    expect(chief.locator(".messages")).to_contain_text("Meeting planned, with its draft agenda.")


def agenda_item(page: Page, title: str):
    return page.locator("ol.agenda > li", has=page.get_by_role("heading", name=title, level=3))


def test_it_carries_actions_from_one_meeting_to_the_next(
    new_context, last_meeting, coordinator, reporter_a
):
    chief = new_context().new_page()
    sign_in(chief, coordinator, next_url=reverse("coordination:meeting_list"))

    # The coordinator plans today's meeting: the agenda starts with the action left open and
    # the indicator the monitoring flags.
    plan_the_meeting(chief, TODAY)
    actions = agenda_item(chief, "Actions since the last meeting")
    expect(actions).to_contain_text("Train the border guards on the referral guidelines")
    expect(actions).to_contain_text("Trainers hired.")
    expect(actions).to_contain_text("overdue")
    flagged = agenda_item(chief, "Flagged by the monitoring")
    expect(flagged.get_by_role("link", name="Indicator V1")).to_be_visible()
    expect(flagged).to_contain_text("Off track")
    assert axe_violations(chief) == []

    # The invitations, each with the calendar entry.
    mail.outbox.clear()
    chief.get_by_role("button", name="Send invitations").click()
    expect(chief.locator(".messages")).to_contain_text("Invitations sent to 2 members.")
    expect(chief.locator(".messages")).to_contain_text("No invitation could be sent to SEC")
    assert sorted(message.to[0] for message in mail.outbox) == [
        "reporter_a@example.org",
        "shelter@example.org",
    ]
    _name, ics, _type = mail.outbox[0].attachments[0]
    event = Calendar.from_ical(ics).walk("VEVENT")[0]
    assert str(event["LOCATION"]) == "Ministry of Justice, room 4"

    # Attendance.
    chief.get_by_role("link", name="Record attendance").click()
    chief.get_by_label("Attendance of POL").select_option(label="Present")
    chief.get_by_label("Who attended for POL").fill("Col. Armen Hakobyan")
    chief.get_by_label("Attendance of NGO1").select_option(label="Excused")
    chief.get_by_label("Attendance of SEC").select_option(label="Present")
    chief.get_by_role("button", name="Save attendance").click()
    expect(chief.locator("#attendance")).to_contain_text("Col. Armen Hakobyan")

    # The minutes and two actions.
    chief.get_by_role("link", name="Minutes and actions").click()
    first = chief.locator("fieldset", has_text="Actions since the last meeting")
    first.get_by_label("Summary of the discussion").fill("The training is late: trainers hired.")
    first.get_by_label("Decisions").fill("The police finish the training.")
    chief.get_by_role("button", name="Save the minutes").click()
    expect(chief.locator(".messages")).to_contain_text("Minutes saved.")
    add_action(
        chief,
        "Count the shelter places in every province",
        "POL – National Police",
        "POL: reporter_a",
    )
    add_action(chief, "Open a second shelter for men", "NGO1 – Shelter Foundation", None)
    expect(chief.locator("#actions tbody tr")).to_have_count(2)

    # The chair approves; the minutes go to the members.
    chief.get_by_role("link", name="Back to the meeting").click()
    chief.get_by_role("button", name="Approve the minutes (chair)").click()
    expect(chief.locator(".messages")).to_contain_text("Minutes approved.")
    chief.get_by_role("button", name="Publish to members").click()
    expect(chief.locator(".messages")).to_contain_text("Minutes published")

    # The police's reporter opens its action from the published minutes and updates it.
    reporter = new_context().new_page()
    sign_in(reporter, reporter_a, next_url=reverse("coordination:meeting_list"))
    # The test reads the database only while the browser asks nothing (on SQLite the live
    # server shares this thread's connection).
    reporter.wait_for_load_state("networkidle")
    meeting = Meeting.objects.get(held_on=TODAY)
    coming_up = reporter.locator("table").first  # today's meeting is the first coming up
    coming_up.get_by_role("link").first.click()
    expect(reporter).to_have_url(re.compile(f"/coordination/meetings/{meeting.pk}/"))
    reporter.get_by_role("link", name="Count the shelter places in every province").click()
    reporter.get_by_label("Status").select_option(label="In progress")
    reporter.get_by_label("Comment").fill(UPDATE)
    reporter.get_by_role("button", name="Record the update").click()
    expect(reporter.locator(".messages")).to_contain_text("Your update is recorded")
    reporter.wait_for_load_state("networkidle")
    action = Action.objects.get(text="Count the shelter places in every province")
    assert action.updates.get().comment == UPDATE

    # The next meeting's agenda shows the update.
    plan_the_meeting(chief, TODAY + datetime.timedelta(days=30))
    actions = agenda_item(chief, "Actions since the last meeting")
    expect(actions).to_contain_text("Count the shelter places in every province")
    expect(actions).to_contain_text(UPDATE)
    expect(actions).to_contain_text("Open a second shelter for men")


def add_action(chief: Page, text: str, agency: str, owner: str | None) -> None:
    form = chief.locator("form", has=chief.get_by_role("button", name="Add the action"))
    form.get_by_label("Agenda item").select_option(index=1)
    form.get_by_label(re.compile(r"^Action:?$")).fill(text)
    form.get_by_label("Owner agency").select_option(label=agency)
    if owner:
        form.get_by_label("Owner (a person of that agency)").select_option(label=owner)
    due = TODAY + datetime.timedelta(days=20)
    form.get_by_label("Due").fill(due.isoformat())
    form.get_by_role("button", name="Add the action").click()
    expect(chief.locator(".messages")).to_contain_text("Action added to the minutes.")
