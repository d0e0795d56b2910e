"""The meetings pages: who sees which meetings, planning one, its page with the live agenda,
attendance, minutes (a stale save refused with the text kept), actions, approval and
publication."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coordination.models import Action, Attendance, Body, BodyKind, Meeting, MeetingStatus
from tests.coordination.meeting_fixtures import pass_action, plan_meeting

TODAY = timezone.localdate()


@pytest.fixture
def meeting(working_group, plan, coordinator) -> Meeting:
    return plan_meeting(working_group, plan, coordinator, TODAY)


@pytest.fixture
def other_body_meeting(plan, coordinator) -> Meeting:
    """A meeting of a council agency A does not sit in."""
    council = Body.objects.create(code="NCC", name="National council", kind=BodyKind.COUNCIL)
    return plan_meeting(council, plan, coordinator, TODAY)


def _list(client) -> str:
    response = client.get(reverse("coordination:meeting_list"))
    assert response.status_code == 200
    return response.content.decode()


def test_it_lists_every_meeting_for_the_coordinator_and_their_bodies_for_members(
    meeting, other_body_meeting, client_of, coordinator, reporter_a, viewer
):
    detail = reverse("coordination:meeting_detail", args=[other_body_meeting.pk])

    assert detail in _list(client_of(coordinator))
    assert detail not in _list(client_of(reporter_a))
    assert reverse("coordination:meeting_detail", args=[meeting.pk]) in _list(client_of(reporter_a))
    assert "National council" not in _list(client_of(viewer))  # not published


def test_it_shows_viewers_meetings_with_published_minutes(other_body_meeting, client_of, viewer):
    Meeting.objects.filter(pk=other_body_meeting.pk).update(status=MeetingStatus.PUBLISHED)

    assert "National council" in _list(client_of(viewer))
    url = reverse("coordination:meeting_detail", args=[other_body_meeting.pk])
    assert client_of(viewer).get(url).status_code == 200


def test_it_refuses_the_meetings_to_roles_that_read_none(client_of, user_manager_a, administrator):
    for user in (user_manager_a, administrator):
        assert client_of(user).get(reverse("coordination:meeting_list")).status_code == 403


def test_it_shows_the_meetings_link_in_the_navigation_to_readers_only(
    client_of, reporter_a, user_manager_a
):
    link = f'href="{reverse("coordination:meeting_list")}"'

    assert link in client_of(reporter_a).get(reverse("reporting:report_list")).content.decode()
    other = client_of(user_manager_a).get(reverse("accounts:password_change")).content.decode()
    assert f'href="{reverse("reporting:report_list")}"' in other  # the navigation is there
    assert link not in other


def test_it_plans_a_meeting_from_the_form(working_group, plan, client_of, coordinator):
    response = client_of(coordinator).post(
        reverse("coordination:meeting_create"),
        {
            "body": working_group.pk,
            "plan": plan.pk,
            "held_on": "2024-06-01",
            "starts_at": "10:00",
            "ends_at": "09:00",
            "place": "Room 4",
        },
    )

    assert response.status_code == 200
    assert "The meeting must end after it starts." in response.content.decode()
    assert not Meeting.objects.exists()


def test_it_shows_the_live_agenda_and_the_previous_actions(
    working_group, plan, client_of, coordinator, reporter_a
):
    first = plan_meeting(working_group, plan, coordinator, TODAY - datetime.timedelta(days=60))
    action = pass_action(
        first, reporter_a, "Train border guards", due_on=TODAY - datetime.timedelta(days=1)
    )
    meeting = plan_meeting(working_group, plan, coordinator, TODAY)
    # An update after the agenda was drafted shows live, beside the snapshot.
    action.updates.create(status="in_progress", comment="Half of them trained.", by=reporter_a)

    page = client_of(reporter_a).get(reverse("coordination:meeting_detail", args=[meeting.pk]))

    html = page.content.decode()
    assert page.status_code == 200
    assert "Actions since the last meeting" in html
    assert "Flagged by the monitoring" in html
    assert "Train border guards" in html
    assert "Half of them trained." in html
    assert "overdue" in html
    assert reverse("coordination:action_detail", args=[action.pk]) in html
    # A member sees no coordinator's buttons.
    assert reverse("coordination:meeting_minutes", args=[meeting.pk]) not in html


def test_it_records_attendance_on_the_meeting_page(
    meeting, client_of, coordinator, agency_a, agency_b, secretariat
):
    response = client_of(coordinator).post(
        reverse("coordination:meeting_attendance", args=[meeting.pk]),
        {
            f"status_{agency_a.pk}": "present",
            f"attendees_{agency_a.pk}": "Col. Hakobyan",
            f"status_{agency_b.pk}": "excused",
            f"status_{secretariat.pk}": "",
        },
    )

    assert response.status_code == 302
    assert dict(Attendance.objects.values_list("agency__code", "attendees")) == {
        "POL": "Col. Hakobyan",
        "NGO1": "",
    }
    page = client_of(coordinator).get(reverse("coordination:meeting_detail", args=[meeting.pk]))
    assert "Col. Hakobyan" in page.content.decode()


def _minutes_post(meeting, revision, text):
    data = {"revision": revision}
    for item in meeting.items.all():
        data[f"summary_{item.pk}"] = text
        data[f"decisions_{item.pk}"] = ""
    return data


def test_it_refuses_a_stale_minutes_save_and_keeps_the_typed_text(meeting, client_of, coordinator):
    url = reverse("coordination:meeting_minutes", args=[meeting.pk])
    client = client_of(coordinator)
    assert client.post(url, _minutes_post(meeting, 0, "First version.")).status_code == 302

    response = client.post(url, _minutes_post(meeting, 0, "My lost paragraph."))

    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else saved these minutes" in html
    assert "My lost paragraph." in html  # still in the form
    assert set(meeting.items.values_list("summary", flat=True)) == {"First version."}
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD


def test_it_passes_an_action_in_the_minutes(
    meeting, plan, client_of, coordinator, agency_a, reporter_a, reporter_b
):
    url = reverse("coordination:minutes_action_add", args=[meeting.pk])
    item = meeting.items.get(order=2)
    fields = {
        "action-item": item.pk,
        "action-text": "Report shelter capacity monthly",
        "action-owner_agency": agency_a.pk,
        "action-due_on": (TODAY + datetime.timedelta(days=30)).isoformat(),
        "action-indicator": plan.indicators.get(code="I2.1").pk,
    }

    refused = client_of(coordinator).post(url, {**fields, "action-owner": reporter_b.pk})
    assert refused.status_code == 400
    assert not Action.objects.exists()

    response = client_of(coordinator).post(url, {**fields, "action-owner": reporter_a.pk})
    assert response.status_code == 302
    action = Action.objects.get()
    assert (action.owner, action.item, action.indicator.code) == (reporter_a, item, "I2.1")


def test_it_approves_and_publishes_the_minutes(
    meeting, client_of, coordinator, agency_a, reporter_a, viewer
):
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.HELD)
    Attendance.objects.create(meeting=meeting, agency=agency_a, status="present")
    client = client_of(coordinator)

    client.post(reverse("coordination:minutes_approve", args=[meeting.pk]))
    client.post(reverse("coordination:minutes_publish", args=[meeting.pk]))

    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PUBLISHED
    assert "reporter_a@example.org" in [message.to[0] for message in mail.outbox]
    url = reverse("coordination:meeting_detail", args=[meeting.pk])
    assert client_of(viewer).get(url).status_code == 200
    # Approved minutes are the record: the minutes page refuses changes.
    late = client.post(
        reverse("coordination:meeting_minutes", args=[meeting.pk]),
        _minutes_post(meeting, meeting.revision, "Changed afterwards"),
    )
    assert late.status_code == 400
    assert "approved" in late.content.decode()


def test_it_edits_reorders_and_removes_agenda_items_from_the_pages(meeting, client_of, coordinator):
    client = client_of(coordinator)
    response = client.post(
        reverse("coordination:agenda_item_create", args=[meeting.pk]),
        {"title": "Budget 2025", "minutes_planned": "30"},
    )
    assert response.status_code == 302
    budget = meeting.items.get(title="Budget 2025")

    client.post(
        reverse("coordination:agenda_item_move", args=[meeting.pk, budget.pk]), {"direction": "up"}
    )
    assert meeting.items.get(order=2) == budget
    remove = reverse("coordination:agenda_item_delete", args=[meeting.pk, budget.pk])
    asked = client.get(remove)
    assert asked.status_code == 200
    assert "Remove “Budget 2025” from the agenda?" in asked.content.decode()
    assert meeting.items.filter(title="Budget 2025").exists()  # asking removes nothing
    client.post(remove)
    assert not meeting.items.filter(title="Budget 2025").exists()


def test_it_shows_an_agencys_attendance_over_time(
    meeting, working_group, plan, client_of, coordinator, agency_a, reporter_a, reporter_b
):
    earlier = plan_meeting(working_group, plan, coordinator, TODAY - datetime.timedelta(days=400))
    Attendance.objects.create(meeting=earlier, agency=agency_a, status="absent")
    Attendance.objects.create(meeting=meeting, agency=agency_a, status="present")
    url = reverse("coordination:agency_attendance", args=[agency_a.pk])

    html = client_of(reporter_a).get(url).content.decode()

    assert "Present at 1 of 2 meetings" in html
    assert str(TODAY.year) in html
    assert client_of(reporter_b).get(url).status_code == 403


@pytest.mark.parametrize("name", ["coordination:meeting_list", "coordination:body_list"])
def test_it_lists_in_a_number_of_queries_that_does_not_grow(
    name, working_group, plan, client_of, coordinator, agency_a, django_assert_num_queries
):
    client = client_of(coordinator)
    url = reverse(name)
    plan_meeting(working_group, plan, coordinator, TODAY)
    client.get(url)  # the session and the roles, read once
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for number in range(5):
        body = Body.objects.create(code=f"B{number}", name=f"Body {number}", kind="subgroup")
        body.memberships.create(agency=agency_a)
        plan_meeting(body, plan, coordinator, TODAY)

    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url)
