"""The actions operations of the JSON API: the reader's actions with filters, one action with
its updates, and an owner's update, with the pages' permissions and the API's error shapes."""

import datetime

import pytest
from django.utils import timezone

from coordination.models import ActionUpdate, MeetingStatus
from tests.coordination.actions_helpers import action_of, meeting_of
from tests.openapi import assert_matches_openapi


@pytest.fixture
def meeting(working_group, plan):
    return meeting_of(working_group, plan)


@pytest.fixture
def action(meeting, agency_a, reporter_a):
    return action_of(meeting, agency_a, owner=reporter_a, due_on=datetime.date(2024, 4, 1))


def test_it_lists_the_readers_actions(client_of, reporter_a, reporter_b, action, meeting, agency_b):
    action_of(meeting, agency_b, text="Shelter rota", due_on=datetime.date(2099, 1, 1))

    mine = client_of(reporter_a).get("/api/v1/coordination/actions")
    theirs = client_of(reporter_b).get("/api/v1/coordination/actions")

    assert_matches_openapi(mine, "/api/v1/coordination/actions", "get")
    assert [row["text"] for row in mine.json()] == ["Count shelter places"]
    first = mine.json()[0]
    assert (first["owner_agency"], first["owner"], first["body"], first["overdue"]) == (
        "POL",
        "reporter_a",
        "WG",
        True,
    )
    assert [row["text"] for row in theirs.json()] == ["Shelter rota"]


def test_it_filters_the_list(client_of, coordinator, action, meeting, agency_b):
    action_of(meeting, agency_b, text="Shelter rota", due_on=datetime.date(2099, 1, 1))
    client = client_of(coordinator)

    overdue = client.get("/api/v1/coordination/actions", {"overdue": "true"}).json()
    by_agency = client.get("/api/v1/coordination/actions", {"agency": "NGO1"}).json()
    bad = client.get("/api/v1/coordination/actions", {"status": "finished"})

    assert [row["text"] for row in overdue] == ["Count shelter places"]
    assert [row["text"] for row in by_agency] == ["Shelter rota"]
    assert bad.status_code == 422
    assert_matches_openapi(bad, "/api/v1/coordination/actions", "get")


def test_it_gives_one_action_with_its_updates(client_of, approver_a, action, reporter_a):
    ActionUpdate.objects.create(action=action, status="in_progress", comment="Half", by=reporter_a)

    response = client_of(approver_a).get(f"/api/v1/coordination/actions/{action.pk}")

    assert_matches_openapi(response, "/api/v1/coordination/actions/{action_id}", "get")
    assert response.json()["updates"][0]["comment"] == "Half"
    assert response.json()["updates"][0]["by"] == "reporter_a"


def test_it_answers_404_for_an_action_one_may_not_see(client_of, reporter_b, viewer, action):
    for person in (reporter_b, viewer):
        response = client_of(person).get(f"/api/v1/coordination/actions/{action.pk}")
        assert response.status_code == 404
    assert_matches_openapi(response, "/api/v1/coordination/actions/{action_id}", "get")


def test_it_records_an_owners_update(client_of, reporter_a, action):
    response = client_of(reporter_a).post(
        f"/api/v1/coordination/actions/{action.pk}/updates",
        {"status": "done", "comment": "Counted: 48.", "evidence_link": "https://example.org/c"},
        content_type="application/json",
    )

    assert response.status_code == 201
    assert_matches_openapi(response, "/api/v1/coordination/actions/{action_id}/updates", "post")
    action.refresh_from_db()
    assert (action.status, action.closed_on) == ("done", timezone.localdate())
    assert response.json()["evidence_link"] == "https://example.org/c"


def test_it_says_where_an_update_is_wrong(client_of, reporter_a, action):
    response = client_of(reporter_a).post(
        f"/api/v1/coordination/actions/{action.pk}/updates",
        {"status": "dropped", "evidence_link": "ftp://example.org"},
        content_type="application/json",
    )

    assert response.status_code == 422
    assert_matches_openapi(response, "/api/v1/coordination/actions/{action_id}/updates", "post")
    problems = {tuple(item["loc"]): item["msg"] for item in response.json()["detail"]}
    assert problems[("body", "comment")] == "Say why the action is dropped."
    assert "is not a web address" in problems[("body", "evidence_link")]
    assert not ActionUpdate.objects.exists()


def test_it_refuses_an_update_from_a_reader(client_of, viewer, action, meeting):
    meeting.status = MeetingStatus.PUBLISHED
    meeting.save()

    response = client_of(viewer).post(
        f"/api/v1/coordination/actions/{action.pk}/updates",
        {"status": "done"},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert_matches_openapi(response, "/api/v1/coordination/actions/{action_id}/updates", "post")


def test_it_refuses_the_anonymous_visitor(anonymous, action):
    response = anonymous.get("/api/v1/coordination/actions")

    assert response.status_code == 401
    assert_matches_openapi(response, "/api/v1/coordination/actions", "get")
