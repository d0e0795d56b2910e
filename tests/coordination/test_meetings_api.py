"""The meetings through the JSON API: the pages' permissions (members their bodies', viewers
published minutes, other roles refused), the minutes and actions only once visible, and every
answer as the OpenAPI schema promises."""

import datetime

import pytest
from django.test import Client

from coordination.models import Attendance, Body, BodyKind, Meeting, MeetingStatus
from tests.coordination.meeting_fixtures import pass_action, plan_meeting
from tests.openapi import assert_matches_openapi


def get_bodies(client: Client):
    response = client.get("/api/v1/coordination/bodies")
    assert_matches_openapi(response, "/api/v1/coordination/bodies", "get")
    return response


def get_meetings(client: Client):
    response = client.get("/api/v1/coordination/meetings")
    assert_matches_openapi(response, "/api/v1/coordination/meetings", "get")
    return response


def get_meeting(client: Client, meeting_id: int):
    response = client.get(f"/api/v1/coordination/meetings/{meeting_id}")
    assert_matches_openapi(response, "/api/v1/coordination/meetings/{meeting_id}", "get")
    return response


@pytest.fixture
def meeting(working_group, plan, coordinator, agency_a, reporter_a) -> Meeting:
    meeting = plan_meeting(working_group, plan, coordinator)
    item = meeting.items.get(order=1)
    item.summary, item.decisions = "Discussed shelters.", "Fund two more."
    item.save()
    Attendance.objects.create(
        meeting=meeting, agency=agency_a, status="present", attendees="Col. H"
    )
    pass_action(meeting, reporter_a, "Count shelter places", due_on=datetime.date(2024, 4, 1))
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.HELD)
    return meeting


@pytest.fixture
def council_meeting(plan, coordinator) -> Meeting:
    council = Body.objects.create(code="NCC", name="National council", kind=BodyKind.COUNCIL)
    return plan_meeting(council, plan, coordinator)


def test_it_gives_the_coordinator_the_whole_meeting(meeting, client_of, coordinator):
    body = get_meeting(client_of(coordinator), meeting.pk).json()

    assert body["minutes_visible"] is True
    assert [item["kind"] for item in body["agenda"]] == ["actions", "flagged"]
    assert body["agenda"][0]["summary"] == "Discussed shelters."
    assert {row["agency"]: row["status"] for row in body["attendance"]} == {
        "POL": "present",
        "NGO1": None,
        "SEC": None,
    }
    assert [action["text"] for action in body["actions"]] == ["Count shelter places"]


def test_it_hides_draft_minutes_and_actions_from_members(meeting, client_of, reporter_a):
    body = get_meeting(client_of(reporter_a), meeting.pk).json()

    assert body["minutes_visible"] is False
    assert body["agenda"][0]["summary"] is None
    assert body["actions"] == []
    assert {row["agency"]: row["attendees"] for row in body["attendance"]}["POL"] == "Col. H"


def test_it_lists_members_only_their_bodies_meetings(
    meeting, council_meeting, client_of, reporter_a, coordinator
):
    assert [m["id"] for m in get_meetings(client_of(reporter_a)).json()] == [meeting.pk]
    assert {m["id"] for m in get_meetings(client_of(coordinator)).json()} == {
        meeting.pk,
        council_meeting.pk,
    }
    assert get_meeting(client_of(reporter_a), council_meeting.pk).status_code == 404
    assert [b["code"] for b in get_bodies(client_of(reporter_a)).json()] == ["WG"]


def test_it_shows_viewers_published_minutes_only(meeting, council_meeting, client_of, viewer):
    assert get_meetings(client_of(viewer)).json() == []
    assert get_meeting(client_of(viewer), meeting.pk).status_code == 404
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.PUBLISHED)

    body = get_meeting(client_of(viewer), meeting.pk).json()

    assert body["agenda"][0]["decisions"] == "Fund two more."
    assert len(body["actions"]) == 1


def test_it_refuses_roles_that_read_no_meetings(meeting, client_of, user_manager_a, anonymous):
    assert get_meetings(client_of(user_manager_a)).status_code == 403
    assert get_bodies(client_of(user_manager_a)).status_code == 403
    assert get_meeting(client_of(user_manager_a), meeting.pk).status_code == 403
    assert get_meetings(anonymous).status_code == 401


def test_it_shows_no_representatives_address(working_group, client_of, reporter_a):
    text = get_bodies(client_of(reporter_a)).content.decode()

    assert "shelter@example.org" not in text
    assert "reporter_a" in text
