"""Invitations: one mail per member's representative (the user's address, else the seat's,
else the agency's), the agenda in the text and the calendar entry attached; the .ics read back
with the icalendar parser; the download from the meeting's page."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from icalendar import Calendar

from coordination import invitations
from coordination.models import Membership
from coordination.services.meetings import invitations_send, meeting_create
from tests.coordination.meeting_fixtures import DAY, plan_meeting


@pytest.fixture
def meeting(working_group, plan, coordinator):
    return plan_meeting(working_group, plan, coordinator)


def _event(content: bytes):
    calendar = Calendar.from_ical(content)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    return events[0]


@override_settings(TIME_ZONE="Asia/Yerevan", TIPMONITOR_SITE_URL="https://tip.example.am")
def test_it_writes_a_calendar_entry_with_a_stable_uid(meeting):
    event = _event(invitations.ics_content(meeting, list(meeting.items.all())))
    again = _event(invitations.ics_content(meeting, []))

    assert str(event["UID"]) == f"meeting-{meeting.pk}@tip.example.am" == str(again["UID"])
    zone = ZoneInfo("Asia/Yerevan")
    assert event.decoded("DTSTART") == datetime.datetime(2024, 3, 1, 10, 0, tzinfo=zone)
    assert event.decoded("DTEND") == datetime.datetime(2024, 3, 1, 12, 30, tzinfo=zone)
    assert str(event["LOCATION"]) == "Ministry of Justice, room 4"
    assert str(event["SUMMARY"]) == "Meeting of Inter-agency working group"
    assert "1. Actions since the last meeting" in str(event["DESCRIPTION"])


def test_it_writes_an_online_all_day_meeting(working_group, plan, coordinator):
    meeting = meeting_create(
        body=working_group,
        plan=plan,
        held_on=DAY,
        link="https://meet.example.org/wg",
        by=coordinator,
    )

    event = _event(invitations.ics_content(meeting, []))

    assert event.decoded("DTSTART") == DAY
    assert event.decoded("DTEND") == DAY + datetime.timedelta(days=1)
    assert str(event["URL"]) == "https://meet.example.org/wg"
    assert str(event["LOCATION"]) == "https://meet.example.org/wg"


def test_it_sends_each_representative_an_invitation_with_the_agenda_and_the_ics(
    meeting, coordinator, secretariat
):
    secretariat.email = "office@sec.example.org"
    secretariat.save()

    result = invitations_send(meeting=meeting, by=coordinator)

    # Agency A: its representative's own address; B: the seat's; the secretariat: the agency's.
    assert sorted(message.to[0] for message in mail.outbox) == [
        "office@sec.example.org",
        "reporter_a@example.org",
        "shelter@example.org",
    ]
    assert result.unreachable == []
    message = mail.outbox[0]
    assert "Actions since the last meeting" in message.body
    assert "Flagged by the monitoring" in message.body
    name, content, mimetype = message.attachments[0]
    assert name == "WG-2024-03-01.ics"
    assert mimetype.startswith("text/calendar")
    assert str(_event(content)["UID"]).startswith(f"meeting-{meeting.pk}@")
    meeting.refresh_from_db()
    assert meeting.invitations_sent_at is not None


def test_it_names_the_members_it_cannot_reach(meeting, coordinator, reporter_a):
    reporter_a.is_active = False  # a deactivated representative gets nothing
    reporter_a.save()
    Membership.objects.filter(body=meeting.body).exclude(email="shelter@example.org").update(
        email=""
    )

    result = invitations_send(meeting=meeting, by=coordinator)

    assert sorted(agency.code for agency in result.unreachable) == ["POL", "SEC"]
    assert [message.to for message in mail.outbox] == [["shelter@example.org"]]


def test_it_lets_members_download_the_calendar_entry(meeting, client_of, reporter_a, viewer):
    url = reverse("coordination:meeting_ics", args=[meeting.pk])

    response = client_of(reporter_a).get(url)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert 'filename="WG-2024-03-01.ics"' in response["Content-Disposition"]
    assert str(_event(response.content)["UID"]).startswith(f"meeting-{meeting.pk}@")
    assert client_of(viewer).get(url).status_code == 404  # minutes not published
