"""Reminder e-mails: before the deadline and after it, to the agency's reporters and approvers,
never for a report that is in, and never twice.

The `plan` fixture: agency A (POL) owes a report every quarter, agency B (NGO1) every quarter of
2024. With the plan's defaults, 2024-Q1 is due on 15 April 2024; "before" reminders go out from
10 to 15 April, "overdue" ones from 18 April."""

import datetime

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.utils import timezone

from accounts.models import Role
from plans.models import PlanStatus
from reporting import reminders
from reporting.models import ReminderKind, ReminderSent, ReportStatus
from reporting.reminders import reminder_kind, reminders_send
from tests import factories
from tests.reporting.matrix_data import make_report

D = datetime.date


@pytest.fixture
def people(reporter_a, approver_a, reporter_b, coordinator, viewer):
    return {"reporter_a": reporter_a, "approver_a": approver_a, "reporter_b": reporter_b}


def sent_to(agency_code: str) -> list[EmailMessage]:
    return [message for message in mail.outbox if agency_code in message.body]


@pytest.mark.parametrize(
    ("today", "kind"),
    [
        (D(2024, 4, 9), None),
        (D(2024, 4, 10), ReminderKind.BEFORE),
        (D(2024, 4, 15), ReminderKind.BEFORE),
        (D(2024, 4, 16), None),
        (D(2024, 4, 17), None),
        (D(2024, 4, 18), ReminderKind.OVERDUE),
        (D(2024, 9, 1), ReminderKind.OVERDUE),
    ],
)
def test_it_knows_which_reminder_is_due_on_which_day(today, kind):
    assert reminder_kind(D(2024, 4, 15), today, days_before=5, days_after=3) == kind


def test_it_never_calls_a_report_overdue_on_its_deadline_day():
    assert reminder_kind(D(2024, 4, 15), D(2024, 4, 15), days_before=0, days_after=0) == "before"
    assert reminder_kind(D(2024, 4, 15), D(2024, 4, 16), days_before=0, days_after=0) == "overdue"


def test_it_reminds_each_agency_before_the_deadline(plan, people):
    sent = reminders_send(today=D(2024, 4, 10))

    assert [(r.agency.code, r.period, r.kind) for r in sent] == [
        ("NGO1", "2024-Q1", ReminderKind.BEFORE),
        ("POL", "2024-Q1", ReminderKind.BEFORE),
    ]
    assert sent[1].recipients == "approver_a@example.org, reporter_a@example.org"
    assert len(mail.outbox) == 2
    police = mail.outbox[1]
    assert police.to == ["approver_a@example.org", "reporter_a@example.org"]
    assert police.subject == "Progress report 2024-Q1 due on April 15, 2024"
    assert "The progress report of National Police for 2024-Q1" in police.body
    assert "“Test plan 2024–2026”" in police.body
    assert "http://127.0.0.1:8000/reporting/" in police.body
    assert mail.outbox[0].to == ["reporter_b@example.org"]


def test_it_sends_nothing_twice(plan, people):
    first = reminders_send(today=D(2024, 4, 10))
    again = reminders_send(today=D(2024, 4, 10))
    later = reminders_send(today=D(2024, 4, 14))

    assert len(first) == 2
    assert again == []
    assert later == []
    assert len(mail.outbox) == 2
    assert ReminderSent.objects.count() == 2


def test_it_sends_an_overdue_reminder_after_the_deadline(plan, people, settings):
    settings.TIPMONITOR_SITE_URL = "https://tip.example.gov/"
    reminders_send(today=D(2024, 4, 12))
    draft = make_report(plan, people["reporter_a"].agency, "2024-Q1", ReportStatus.DRAFT)

    sent = reminders_send(today=D(2024, 4, 20))

    assert [(r.agency.code, r.kind) for r in sent] == [
        ("NGO1", ReminderKind.OVERDUE),
        ("POL", ReminderKind.OVERDUE),
    ]
    police = mail.outbox[-1]
    assert police.subject == "Overdue: progress report 2024-Q1 was due on April 15, 2024"
    # A started report is linked directly.
    assert f"https://tip.example.gov/reporting/reports/{draft.pk}/" in police.body
    assert reminders_send(today=D(2024, 4, 21)) == []


@pytest.mark.parametrize("status", [ReportStatus.SUBMITTED, ReportStatus.ACCEPTED])
def test_it_sends_nothing_for_a_report_that_is_in(plan, people, agency_a, status):
    make_report(plan, agency_a, "2024-Q1", status, submitted=D(2024, 4, 2))

    sent = reminders_send(today=D(2024, 4, 20))

    assert [r.agency.code for r in sent] == ["NGO1"]
    assert sent_to("National Police") == []


def test_it_sends_nothing_while_an_accepted_report_is_corrected(plan, people, agency_a):
    make_report(plan, agency_a, "2024-Q1", ReportStatus.ACCEPTED, is_current=False)
    make_report(plan, agency_a, "2024-Q1", ReportStatus.DRAFT, version=2)

    assert [r.agency.code for r in reminders_send(today=D(2024, 4, 20))] == ["NGO1"]


def test_it_reminds_an_agency_whose_report_was_returned(plan, people, agency_a):
    make_report(plan, agency_a, "2024-Q1", ReportStatus.RETURNED, submitted=D(2024, 4, 2))

    assert "POL" in [r.agency.code for r in reminders_send(today=D(2024, 4, 20))]


def test_it_writes_only_to_active_reporters_and_approvers_with_an_address(
    plan, agency_a, agency_b, viewer
):
    factories.UserFactory(username="clerk", agency=agency_a, roles=[Role.REPORTER])
    factories.UserFactory(username="boss", agency=agency_a, roles=[Role.APPROVER, Role.REPORTER])
    factories.UserFactory(username="gone", agency=agency_a, roles=[Role.REPORTER], is_active=False)
    factories.UserFactory(username="nomail", agency=agency_a, roles=[Role.REPORTER], email="")
    factories.UserFactory(username="onlooker", agency=agency_a, roles=[Role.VIEWER])
    factories.UserFactory(username="chief", agency=agency_a, roles=[Role.COORDINATOR])
    agency_b.email = "office@shelter.example"
    agency_b.save()

    sent = {r.agency.code: r.recipients for r in reminders_send(today=D(2024, 4, 10))}

    assert sent == {
        "POL": "boss@example.org, clerk@example.org",
        # Nobody at the shelter has an account: its contact address is reminded.
        "NGO1": "office@shelter.example",
    }


def test_it_records_nothing_when_an_agency_has_no_address(plan, reporter_a, caplog):
    sent = reminders_send(today=D(2024, 4, 10))

    assert [r.agency.code for r in sent] == ["POL"]
    assert not ReminderSent.objects.filter(agency__code="NGO1").exists()
    assert "No address to remind NGO1 of its 2024-Q1 report" in caplog.text


def test_it_tries_again_when_the_mail_server_refuses(plan, people, monkeypatch, caplog):
    def refuse(self, fail_silently=False):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(EmailMessage, "send", refuse)
    assert reminders_send(today=D(2024, 4, 10)) == []
    assert ReminderSent.objects.count() == 0
    assert "Could not send the reminder" in caplog.text

    monkeypatch.undo()
    assert len(reminders_send(today=D(2024, 4, 11))) == 2


def test_it_follows_each_plans_own_calendar(plan, people):
    plan.report_deadline_days = 30  # Q1 due 30 April
    plan.reminder_days_before = 2
    plan.reminder_days_after = 7
    plan.save()

    assert reminders_send(today=D(2024, 4, 27)) == []
    assert len(reminders_send(today=D(2024, 4, 28))) == 2
    assert reminders_send(today=D(2024, 5, 6)) == []
    assert {r.kind for r in reminders_send(today=D(2024, 5, 7))} == {ReminderKind.OVERDUE}


def test_it_reminds_once_for_each_overdue_quarter(plan, people):
    sent = reminders_send(today=D(2024, 10, 1))

    assert sorted((r.agency.code, r.period) for r in sent) == [
        ("NGO1", "2024-Q1"),
        ("NGO1", "2024-Q2"),
        ("POL", "2024-Q1"),
        ("POL", "2024-Q2"),
    ]
    assert {r.kind for r in sent} == {ReminderKind.OVERDUE}


def test_it_leaves_plans_that_are_not_adopted_alone(plan, people):
    plan.status = PlanStatus.DRAFT
    plan.save()

    assert reminders_send(today=D(2024, 4, 10)) == []
    assert mail.outbox == []


def test_it_skips_a_reminder_another_run_sent_meanwhile(plan, people, monkeypatch):
    original = reminders.reminders_due

    def racing(plan, *, today):
        due = original(plan, today=today)
        # Another run records the first reminder between our read and our write.
        first = due[0]
        ReminderSent.objects.create(
            plan=plan,
            agency=first.agency,
            period=first.quarter.code,
            kind=first.kind,
            sent_at=timezone.now(),
        )
        return due

    monkeypatch.setattr(reminders, "reminders_due", racing)

    sent = reminders_send(today=D(2024, 4, 10))

    assert [r.agency.code for r in sent] == ["POL"]
    assert len(mail.outbox) == 1
    assert ReminderSent.objects.count() == 2
