"""`tipmonitor send-reminders [--today YYYY-MM-DD]`, and the Django Task that runs the same
service for a scheduler."""

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connections
from django.utils import timezone

from reporting.models import ReminderSent
from reporting.tasks import send_reminders
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


def test_it_runs_as_a_task_and_counts_what_it_sent(plan, reporter_a):
    result = send_reminders.enqueue(today="2024-04-20")

    assert result.return_value == 1
    assert ReminderSent.objects.get().period == "2024-Q1"
    assert send_reminders.call(today="2024-04-20") == 0


def test_it_runs_as_a_task_for_today_by_default(plan, reporter_a):
    sent = send_reminders.call()

    assert sent == ReminderSent.objects.count()
    assert send_reminders.call() == 0
