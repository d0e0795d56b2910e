"""`tipmonitor send-action-reminders [--date YYYY-MM-DD] [--dry-run]`, and the job the
worker's schedule runs (`coordination.jobs.send_action_reminders_due`)."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connections
from django.utils import timezone

from coordination.jobs import send_action_reminders_due
from coordination.models import ActionReminder
from jobs.models import JobStatus
from jobs.schedule import schedule_entries
from jobs.services import job_enqueue
from tests.coordination.actions_helpers import action_of, meeting_of
from tipmonitor.cli import main

DUE = datetime.date(2024, 4, 20)


@pytest.fixture
def action(working_group, plan, agency_a, reporter_a):
    return action_of(meeting_of(working_group, plan), agency_a, owner=reporter_a, due_on=DUE)


@pytest.fixture
def keep_connection(monkeypatch):
    """The CLI closes database connections when it ends; the test's transaction needs its own."""
    monkeypatch.setattr(connections, "close_all", lambda: None)


def test_it_sends_the_days_reminders_and_says_which(action, capsys, keep_connection):
    main(["tipmonitor", "send-action-reminders", "--date", "2024-04-18"])

    out = capsys.readouterr().out
    assert (
        f"Before the due date reminder for action {action.pk} of POL, due 2024-04-20, to "
        "reporter_a@example.org" in out
    )
    assert "1 action reminder sent for 2024-04-18." in out
    assert len(mail.outbox) == 1


def test_it_sends_nothing_on_a_second_run(action, capsys):
    call_command("send_action_reminders", "--date", "2024-04-25")
    call_command("send_action_reminders", "--date", "2024-04-25")

    out = capsys.readouterr().out
    assert "1 action reminder sent for 2024-04-25." in out
    assert "0 action reminders sent for 2024-04-25." in out
    assert len(mail.outbox) == 1


def test_it_lists_without_sending_on_a_dry_run(action, capsys):
    call_command("send_action_reminders", "--date", "2024-04-25", "--dry-run")

    out = capsys.readouterr().out
    assert "After the due date reminder for action" in out
    assert "1 reminder would be sent for 2024-04-25 (dry run: nothing sent)." in out
    assert mail.outbox == []
    assert not ActionReminder.objects.exists()


def test_it_acts_on_today_when_no_date_is_given(action, capsys):
    call_command("send_action_reminders")

    assert f"sent for {timezone.localdate().isoformat()}." in capsys.readouterr().out


def test_it_says_what_is_wrong_with_a_bad_date(db):
    with pytest.raises(CommandError, match=r"--date: “2024-13-01” is not a date like 2025-04-15\."):
        call_command("send_action_reminders", "--date", "2024-13-01")


def test_it_runs_as_a_job_and_says_how_many_it_sent(action, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = job_enqueue(
            function="coordination.jobs.send_action_reminders_due",
            kwargs={"today": "2024-04-25"},
            title="Action reminders",
            user=None,
        )

    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert job.result == {"message": "1 action reminder sent for 2024-04-25."}
    assert send_action_reminders_due(today="2024-04-25") == {
        "message": "0 action reminders sent for 2024-04-25."
    }


def test_it_fails_the_job_with_a_bad_date(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = job_enqueue(
            function="coordination.jobs.send_action_reminders_due",
            kwargs={"today": "tomorrow"},
            title="Action reminders",
            user=None,
        )

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error == "“tomorrow” is not a date like 2025-04-15."


def test_it_is_on_the_workers_schedule():
    entries = {entry.name: entry for entry in schedule_entries()}

    assert entries["action-reminders"].function == "coordination.jobs.send_action_reminders_due"
    assert settings.TIPMONITOR_ACTION_REMINDER_DAYS_BEFORE == 5
    assert settings.TIPMONITOR_ACTION_REMINDER_DAYS_AFTER == 3
