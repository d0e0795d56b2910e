"""Reminders and the agency's sign-off: the deadline reminders keep going for a quarter whose
report awaits the agency's approval (it is not in) and say so; the agency's active approvers
get "N reports await your approval" with links, at most once a day per plan and agency, from
the same `send-reminders` run.

The `plan` fixture: agency A (POL) owes a report every quarter, 2024-Q1 is due on 15 April
2024 ("before" reminders from 10 April, "overdue" ones from 18 April)."""

import datetime
import logging

import pytest
from django.core import mail
from django.core.management import call_command

from accounts.models import Role
from reporting.jobs import send_reminders_due
from reporting.models import ReminderKind, ReminderSent, Report, ReportStatus
from reporting.reminders import reminders_send
from tests import factories
from tests.reporting.matrix_data import make_report

D = datetime.date


@pytest.fixture
def signing(agency_a, reporter_a, approver_a, reporter_b):
    agency_a.requires_sign_off = True
    agency_a.save(update_fields=["requires_sign_off"])
    return agency_a


def waiting(plan, agency, period: str, sender) -> Report:
    report = make_report(plan, agency, period, ReportStatus.AWAITING_APPROVAL)
    Report.objects.filter(pk=report.pk).update(submitted_by=sender)
    return report


def approval_mails():
    return [m for m in mail.outbox if "await" in m.subject]


def test_it_reminds_the_agency_of_a_quarter_awaiting_approval_and_says_why(
    plan, signing, reporter_a
):
    report = waiting(plan, signing, "2024-Q1", reporter_a)

    sent = reminders_send(today=D(2024, 4, 12))

    assert ("POL", "2024-Q1", ReminderKind.BEFORE) in [
        (r.agency.code, r.period, r.kind) for r in sent
    ]
    police = next(m for m in mail.outbox if "National Police for 2024-Q1" in m.body)
    assert police.to == ["approver_a@example.org", "reporter_a@example.org"]
    assert (
        "has not been submitted yet. It awaits the approval of one of the agency's approvers"
        in (police.body)
    )
    assert f"/reporting/reports/{report.pk}/" in police.body


def test_it_says_nothing_of_approval_in_a_draft_quarters_reminder(plan, signing):
    make_report(plan, signing, "2024-Q1", ReportStatus.DRAFT)

    reminders_send(today=D(2024, 4, 12))

    police = next(m for m in mail.outbox if "National Police for 2024-Q1" in m.body)
    assert "awaits the approval" not in police.body


def test_it_tells_the_approvers_how_many_reports_await_their_approval(
    plan, signing, reporter_a, settings
):
    settings.TIPMONITOR_SITE_URL = "https://tip.example.gov/"
    first = waiting(plan, signing, "2024-Q1", reporter_a)
    second = waiting(plan, signing, "2024-Q2", reporter_a)
    factories.UserFactory(username="approver_2", agency=signing, roles=[Role.APPROVER])
    factories.UserFactory(username="gone", agency=signing, roles=[Role.APPROVER], is_active=False)

    sent = reminders_send(today=D(2024, 8, 1))

    [record] = [r for r in sent if r.kind == ReminderKind.APPROVAL]
    assert (record.agency.code, record.period) == ("POL", "2024-08-01")
    [message] = approval_mails()
    assert message.subject == "2 reports await your approval"
    assert message.to == ["approver_2@example.org", "approver_a@example.org"]
    assert "These 2 reports of National Police under “Test plan 2024–2026”" in message.body
    assert (
        f"- 2024-Q1, due on April 15, 2024, sent by reporter_a: "
        f"https://tip.example.gov/reporting/reports/{first.pk}/" in message.body
    )
    assert f"https://tip.example.gov/reporting/reports/{second.pk}/" in message.body
    assert "you receive it as an approver of National Police" in message.body


def test_it_says_one_report_in_the_singular(plan, signing, reporter_a):
    waiting(plan, signing, "2024-Q3", reporter_a)

    reminders_send(today=D(2024, 8, 1))

    [message] = approval_mails()
    assert message.subject == "1 report awaits your approval"
    assert message.body.startswith("This report of National Police")


def test_it_reminds_the_approvers_at_most_once_a_day(plan, signing, reporter_a):
    waiting(plan, signing, "2024-Q1", reporter_a)

    reminders_send(today=D(2024, 8, 1))
    again = reminders_send(today=D(2024, 8, 1))
    # A report sent for approval later that day waits for the next day's reminder.
    waiting(plan, signing, "2024-Q2", reporter_a)
    still = reminders_send(today=D(2024, 8, 1))
    next_day = reminders_send(today=D(2024, 8, 2))

    assert [r for r in again + still if r.kind == ReminderKind.APPROVAL] == []
    assert [r.period for r in next_day if r.kind == ReminderKind.APPROVAL] == ["2024-08-02"]
    assert [m.subject for m in approval_mails()] == [
        "1 report awaits your approval",
        "2 reports await your approval",
    ]


def test_it_reminds_no_one_once_the_reports_are_approved_or_sent_back(plan, signing, reporter_a):
    report = waiting(plan, signing, "2024-Q1", reporter_a)
    for status in (ReportStatus.SUBMITTED, ReportStatus.DRAFT, ReportStatus.RETURNED):
        Report.objects.filter(pk=report.pk).update(status=status)
        reminders_send(today=D(2024, 8, 1))
    assert approval_mails() == []
    assert not ReminderSent.objects.filter(kind=ReminderKind.APPROVAL).exists()


def test_it_ignores_an_older_version_awaiting_approval(plan, signing, reporter_a):
    report = waiting(plan, signing, "2024-Q1", reporter_a)
    Report.objects.filter(pk=report.pk).update(is_current=False)

    reminders_send(today=D(2024, 8, 1))

    assert approval_mails() == []


def test_it_records_nothing_when_no_approver_has_an_address(
    plan, signing, reporter_a, approver_a, caplog
):
    approver_a.email = ""
    approver_a.save(update_fields=["email"])
    waiting(plan, signing, "2024-Q1", reporter_a)

    with caplog.at_level(logging.WARNING, logger="reporting.reminders"):
        reminders_send(today=D(2024, 8, 1))

    assert approval_mails() == []
    assert not ReminderSent.objects.filter(kind=ReminderKind.APPROVAL).exists()
    assert "No address to remind the approvers of POL" in caplog.text


def test_it_tries_again_when_the_mail_server_refuses(plan, signing, reporter_a, monkeypatch):
    waiting(plan, signing, "2024-Q1", reporter_a)

    def refuse(self, fail_silently=False):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    assert [r for r in reminders_send(today=D(2024, 8, 1)) if r.kind == ReminderKind.APPROVAL] == []
    assert not ReminderSent.objects.filter(kind=ReminderKind.APPROVAL).exists()
    monkeypatch.undo()

    assert [r.kind for r in reminders_send(today=D(2024, 8, 1))].count(ReminderKind.APPROVAL) == 1


def test_it_runs_from_the_command_and_the_scheduled_job(plan, signing, reporter_a, capsys):
    waiting(plan, signing, "2024-Q1", reporter_a)

    call_command("send_reminders", "--today", "2024-08-01")
    out = capsys.readouterr().out
    assert (
        "Awaiting approval reminder for POL, 2024-08-01 (NAP-TEST) to approver_a@example.org" in out
    )

    assert "sent for 2024-08-02." in send_reminders_due(today="2024-08-02")["message"]
    assert len(approval_mails()) == 2
