"""`tipmonitor send-reminders [--today YYYY-MM-DD]`, and the job the worker's schedule runs
(`reporting.jobs.send_reminders_due`), which sends the same reminders."""

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connections
from django.utils import timezone

from jobs.models import JobStatus
from jobs.services import job_enqueue
from reporting.jobs import send_reminders_due
from reporting.models import ReminderSent
from tipmonitor.cli import main


@pytest.fixture
def keep_connection(monkeypatch):
    """The CLI closes database connections when it ends; the test's transaction needs its own."""
    monkeypatch.setattr(connections, "close_all", lambda: None)


def test_it_sends_the_days_reminders_and_says_which(
    plan, reporter_a, reporter_b, capsys, keep_connection
):
    main(["tipmonitor", "send-reminders", "--today", "2024-04-11"])

    out = capsys.readouterr().out
    assert (
        "Before the deadline reminder for POL, 2024-Q1 (NAP-TEST) to reporter_a@example.org" in out
    )
    assert "Before the deadline reminder for NGO1, 2024-Q1 (NAP-TEST)" in out
    assert "2 reminders sent for 2024-04-11." in out
    assert len(mail.outbox) == 2


def test_it_sends_nothing_on_a_second_run(plan, reporter_a, capsys):
    call_command("send_reminders", "--today", "2024-04-20")
    call_command("send_reminders", "--today", "2024-04-20")

    out = capsys.readouterr().out
    assert "1 reminder sent for 2024-04-20." in out
    assert "0 reminders sent for 2024-04-20." in out
    assert len(mail.outbox) == 1


def test_it_acts_on_today_when_no_day_is_given(plan, reporter_a, capsys):
    call_command("send_reminders")

    assert f"sent for {timezone.localdate().isoformat()}." in capsys.readouterr().out


def test_it_says_what_is_wrong_with_a_bad_day(db):
    with pytest.raises(
        CommandError, match=r"--today: “2024-13-01” is not a date like 2025-04-15\."
    ):
        call_command("send_reminders", "--today", "2024-13-01")


def test_it_runs_as_a_job_and_says_how_many_it_sent(
    plan, reporter_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = job_enqueue(
            function="reporting.jobs.send_reminders_due",
            kwargs={"today": "2024-04-20"},
            title="Reminders",
            user=None,
        )

    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert job.result == {"message": "1 reminder sent for 2024-04-20."}
    assert ReminderSent.objects.get().period == "2024-Q1"
    assert send_reminders_due(today="2024-04-20") == {"message": "0 reminders sent for 2024-04-20."}


def test_it_runs_as_a_job_for_today_by_default(plan, reporter_a):
    today = timezone.localdate().isoformat()

    message = send_reminders_due()["message"]

    assert message.endswith(f"sent for {today}.")
    assert send_reminders_due() == {"message": f"0 reminders sent for {today}."}


def test_it_fails_the_job_with_a_bad_day(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = job_enqueue(
            function="reporting.jobs.send_reminders_due",
            kwargs={"today": "2024-13-01"},
            title="Reminders",
            user=None,
        )

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error == "“2024-13-01” is not a date like 2025-04-15."
