"""The action pages: the list ("My actions" for an agency's users), an action with its history,
the owner's update form with evidence, the evidence download (permissions and headers), the
coordinator's edit, and the overdue actions on the work pages."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from coordination.models import ActionUpdate, MeetingStatus
from tests.coordination.actions_helpers import action_of, item_of, meeting_of


@pytest.fixture
def meeting(working_group, plan):
    return meeting_of(working_group, plan)


@pytest.fixture
def action(meeting, agency_a, reporter_a):
    action = action_of(meeting, agency_a, owner=reporter_a, due_on=timezone.localdate())
    action.item = item_of(meeting)
    action.save()
    return action


def _detail(action) -> str:
    return reverse("coordination:action_detail", args=[action.pk])


def test_it_opens_an_agency_user_on_their_own_actions(
    client_of, reporter_a, action, meeting, agency_b
):
    action_of(meeting, agency_b, text="Shelter rota")

    response = client_of(reporter_a).get(reverse("coordination:action_list"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1>My actions</h1>" in page
    assert "Count shelter places" in page
    assert "Shelter rota" not in page


def test_it_shows_the_coordinator_every_action_and_filters_them(
    client_of, coordinator, action, meeting, agency_b
):
    action_of(meeting, agency_b, text="Shelter rota", status="done")
    client = client_of(coordinator)

    every = client.get(reverse("coordination:action_list")).content.decode()
    done = client.get(reverse("coordination:action_list"), {"status": "done"}).content.decode()

    assert "Count shelter places" in every
    assert "Shelter rota" in every
    assert "Shelter rota" in done
    assert "Count shelter places" not in done


def test_it_shows_the_action_its_meeting_and_history(client_of, approver_a, action, reporter_a):
    ActionUpdate.objects.create(
        action=action, status="in_progress", comment="Two regions counted.", by=reporter_a
    )

    page = client_of(approver_a).get(_detail(action)).content.decode()

    assert "Count shelter places" in page
    assert "Shelter capacity" in page  # the agenda item
    assert "Two regions counted." in page
    assert "Report on the action" in page  # the update form
    assert "Edit the action" not in page


def test_it_records_an_update_with_an_evidence_file(client_of, reporter_a, action):
    upload = SimpleUploadedFile("count.pdf", b"%PDF-1.7 places", content_type="application/pdf")

    response = client_of(reporter_a).post(
        reverse("coordination:action_update", args=[action.pk]),
        {"status": "done", "comment": "Counted: 48 places.", "evidence_file": upload},
    )

    assert response.status_code == 302
    assert response["Location"] == _detail(action)
    action.refresh_from_db()
    assert action.status == "done"
    assert ActionUpdate.objects.get().evidence_file.name.endswith(".pdf")


def test_it_shows_a_refused_update_at_its_field_and_keeps_the_text(client_of, reporter_a, action):
    upload = SimpleUploadedFile("notes.exe", b"MZ")

    response = client_of(reporter_a).post(
        reverse("coordination:action_update", args=[action.pk]),
        {"status": "done", "comment": "Counted.", "evidence_file": upload},
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "notes.exe is not a" in page
    assert "Counted.</textarea>" in page
    assert not ActionUpdate.objects.exists()


def test_it_shows_a_service_refusal_at_its_field(client_of, reporter_a, action):
    response = client_of(reporter_a).post(
        reverse("coordination:action_update", args=[action.pk]), {"status": "dropped"}
    )

    assert response.status_code == 400
    assert "Say why the action is dropped." in response.content.decode()


def test_it_refuses_an_update_from_another_agency(client_of, reporter_b, viewer, action):
    url = reverse("coordination:action_update", args=[action.pk])

    assert client_of(reporter_b).post(url, {"status": "done"}).status_code == 404
    assert client_of(viewer).post(url, {"status": "done"}).status_code == 404
    assert not ActionUpdate.objects.exists()


def test_it_lets_a_viewer_read_but_not_update_an_action_of_published_minutes(
    client_of, viewer, action, meeting
):
    meeting.status = MeetingStatus.PUBLISHED
    meeting.save()

    page = client_of(viewer).get(_detail(action))
    update = client_of(viewer).post(
        reverse("coordination:action_update", args=[action.pk]), {"status": "done"}
    )

    assert page.status_code == 200
    assert "Report on the action" not in page.content.decode()
    assert update.status_code == 403


# --- Evidence ---------------------------------------------------------------------------------


@pytest.fixture
def evidence(action, reporter_a):
    update = ActionUpdate(action=action, status="done", by=reporter_a)
    update.evidence_file.save(
        "count.pdf", SimpleUploadedFile("count.pdf", b"%PDF-1.7 places"), save=True
    )
    return update


def test_it_serves_the_evidence_as_a_private_attachment(client_of, approver_a, evidence):
    response = client_of(approver_a).get(
        reverse("coordination:action_evidence", args=[evidence.pk])
    )

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.7 places"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "count" in response["Content-Disposition"]
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_it_refuses_the_evidence_to_whoever_may_not_see_the_action(
    client_of, reporter_b, viewer, administrator, evidence, anonymous
):
    url = reverse("coordination:action_evidence", args=[evidence.pk])

    for person in (reporter_b, viewer, administrator):
        assert client_of(person).get(url).status_code == 404
    assert anonymous.get(url).status_code == 302


def test_it_answers_404_for_an_update_without_a_file(client_of, coordinator, action, reporter_a):
    update = ActionUpdate.objects.create(action=action, status="open", comment="x", by=reporter_a)

    response = client_of(coordinator).get(reverse("coordination:action_evidence", args=[update.pk]))

    assert response.status_code == 404


# --- The coordinator's edit -------------------------------------------------------------------


def test_it_lets_the_coordinator_edit_the_action(client_of, coordinator, action):
    url = reverse("coordination:action_edit", args=[action.pk])
    client = client_of(coordinator)

    form = client.get(url)
    saved = client.post(
        url,
        {
            "text": "Count shelter places per region",
            "owner_agency": action.owner_agency_id,
            "owner": action.owner_id,
            "due_on": "2024-05-15",
        },
    )

    assert form.status_code == 200
    assert saved.status_code == 302
    action.refresh_from_db()
    assert (action.text, action.due_on) == (
        "Count shelter places per region",
        datetime.date(2024, 5, 15),
    )


def test_it_shows_an_edit_refusal_at_its_field(client_of, coordinator, action, reporter_b):
    response = client_of(coordinator).post(
        reverse("coordination:action_edit", args=[action.pk]),
        {
            "text": "x",
            "owner_agency": action.owner_agency_id,
            "owner": reporter_b.pk,
            "due_on": "2024-01-01",
        },
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "does not work for National Police" in page
    assert "is before the meeting" in page


def test_it_sends_the_coordinator_back_once_the_minutes_are_approved(
    client_of, coordinator, action, meeting
):
    meeting.status = MeetingStatus.APPROVED
    meeting.save()

    response = client_of(coordinator).get(reverse("coordination:action_edit", args=[action.pk]))

    assert response.status_code == 302
    assert response["Location"] == _detail(action)


def test_it_strikes_an_action_from_draft_minutes(client_of, coordinator, action):
    response = client_of(coordinator).post(reverse("coordination:action_delete", args=[action.pk]))

    assert response.status_code == 302
    assert not type(action).objects.filter(pk=action.pk).exists()


# --- Work lists -------------------------------------------------------------------------------


def test_it_lists_overdue_actions_on_the_reporters_start_page(
    client_of, reporter_a, reporter_b, meeting, agency_a
):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    action_of(meeting, agency_a, text="Late shelter count", due_on=yesterday)

    mine = client_of(reporter_a).get(reverse("reporting:report_list")).content.decode()
    other = client_of(reporter_b).get(reverse("reporting:report_list")).content.decode()

    assert "1 action overdue" in mine
    assert "Late shelter count" in mine
    assert "Late shelter count" not in other


def test_it_lists_every_agencys_overdue_actions_on_the_attention_page(
    client_of, coordinator, viewer, plan, meeting, agency_b
):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    action_of(meeting, agency_b, text="Late shelter rota", due_on=yesterday)
    url = reverse("reporting:attention", args=[plan.pk])

    page = client_of(coordinator).get(url).content.decode()
    seen_by_viewer = client_of(viewer).get(url).content.decode()

    assert "Actions of the meetings needing attention" in page
    assert "NGO1 · was due on" in page
    assert "Late shelter rota" not in seen_by_viewer
