"""Action reminders: before and after the due date while open, to the owner (else the owner
agency's reporters and approvers, else its address), once per action, kind and due date."""

import datetime

import pytest
from django.core import mail

from coordination.models import ActionReminder
from coordination.reminders import action_reminders_due, action_reminders_send
from tests.coordination.actions_helpers import action_of, meeting_of

DUE = datetime.date(2024, 4, 20)


@pytest.fixture(autouse=True)
def _days(settings):
    settings.TIPMONITOR_ACTION_REMINDER_DAYS_BEFORE = 5
    settings.TIPMONITOR_ACTION_REMINDER_DAYS_AFTER = 3
    settings.TIPMONITOR_SITE_URL = "https://tip.example.gov"


@pytest.fixture
def meeting(working_group, plan):
    return meeting_of(working_group, plan)


@pytest.mark.parametrize(
    ("today", "kind"),
    [
        (datetime.date(2024, 4, 14), None),
        (datetime.date(2024, 4, 15), "before"),
        (DUE, "before"),
        (datetime.date(2024, 4, 22), None),
        (datetime.date(2024, 4, 23), "after"),
        (datetime.date(2024, 6, 1), "after"),
    ],
)
def test_it_reminds_before_and_after_the_due_date(today, kind, meeting, agency_a, reporter_a):
    action_of(meeting, agency_a, owner=reporter_a, due_on=DUE)

    due = action_reminders_due(today)

    assert [reminder.kind for reminder in due] == ([kind] if kind else [])


def test_it_mails_the_owner_with_a_link_to_the_action(meeting, agency_a, reporter_a, approver_a):
    action = action_of(meeting, agency_a, owner=reporter_a, due_on=DUE)

    sent = action_reminders_send(datetime.date(2024, 4, 16))

    assert len(sent) == 1
    (message,) = mail.outbox
    assert message.to == ["reporter_a@example.org"]
    assert message.subject == "Action due on April 20, 2024: Count shelter places"
    assert f"https://tip.example.gov/coordination/actions/{action.pk}/" in message.body
    assert "Inter-agency working group, meeting on March 1, 2024" in message.body


def test_it_mails_the_agency_when_no_person_owns_it(meeting, agency_a, reporter_a, approver_a):
    action_of(meeting, agency_a, due_on=DUE)

    action_reminders_send(datetime.date(2024, 4, 25))

    (message,) = mail.outbox
    assert message.to == ["approver_a@example.org", "reporter_a@example.org"]
    assert message.subject.startswith("Overdue action, due on April 20, 2024")


def test_it_falls_back_to_the_agency_address(meeting, agency_a, reporter_a):
    reporter_a.is_active = False
    reporter_a.save()
    agency_a.email = "police@example.org"
    agency_a.save()
    action_of(meeting, agency_a, owner=reporter_a, due_on=DUE)

    action_reminders_send(DUE)

    assert mail.outbox[0].to == ["police@example.org"]


def test_it_sends_nothing_without_an_address(meeting, agency_a, reporter_a, caplog):
    reporter_a.email = ""
    reporter_a.save()
    action_of(meeting, agency_a, due_on=DUE)

    assert action_reminders_send(DUE) == []
    assert not ActionReminder.objects.exists()
    assert "No address to remind POL" in caplog.text


def test_it_sends_each_reminder_once(meeting, agency_a, reporter_a):
    action_of(meeting, agency_a, owner=reporter_a, due_on=DUE)

    first = action_reminders_send(datetime.date(2024, 4, 16))
    second = action_reminders_send(datetime.date(2024, 4, 17))
    late = action_reminders_send(datetime.date(2024, 4, 24))
    again = action_reminders_send(datetime.date(2024, 4, 30))

    assert [len(first), len(second), len(late), len(again)] == [1, 0, 1, 0]
    assert len(mail.outbox) == 2


def test_it_reminds_again_when_the_due_date_moves(meeting, agency_a, reporter_a):
    action = action_of(meeting, agency_a, owner=reporter_a, due_on=DUE)
    action_reminders_send(datetime.date(2024, 4, 16))
    action.due_on = datetime.date(2024, 5, 20)
    action.save()

    assert action_reminders_send(datetime.date(2024, 4, 17)) == []
    assert len(action_reminders_send(datetime.date(2024, 5, 16))) == 1
    assert sorted(ActionReminder.objects.values_list("due_on", flat=True)) == [
        DUE,
        datetime.date(2024, 5, 20),
    ]


def test_it_reminds_nobody_of_a_closed_action(meeting, agency_a, reporter_a):
    action_of(meeting, agency_a, owner=reporter_a, due_on=DUE, status="done")
    action_of(meeting, agency_a, owner=reporter_a, due_on=DUE, status="dropped")

    assert action_reminders_send(datetime.date(2024, 4, 25)) == []
    assert mail.outbox == []


def test_it_records_nothing_when_the_mail_server_refuses(
    meeting, agency_a, reporter_a, monkeypatch
):
    action_of(meeting, agency_a, owner=reporter_a, due_on=DUE)

    def refuse(self, fail_silently=False):
        raise ConnectionRefusedError("no mail server")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)

    assert action_reminders_send(DUE) == []
    assert not ActionReminder.objects.exists()
