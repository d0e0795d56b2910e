"""Reminder e-mails to agencies whose quarterly report is not in yet.

For each adopted plan and each quarter an agency owes a report for, two reminders can go out: a
"before" one in the days before the deadline (from `plan.reminder_days_before` days before it
to the deadline day) and an "overdue" one from `plan.reminder_days_after` days after it (at
least the day after). Each goes to the agency's active reporters and approvers that have an
e-mail address (the agency's contact address when it has none), and at most once: the
ReminderSent row, unique per plan, agency, quarter and kind, is written in the same transaction
as the mail is sent, so running the job twice — or two jobs at once — sends nothing twice, and a
mail server that refuses leaves nothing recorded, so the next run tries again.

Nothing is sent for a quarter whose report is submitted or accepted, or whose accepted report
is being corrected: the agency has reported. A report returned for rework is not in, so it is
reminded like a draft; so is a report awaiting the agency's approval (its reporter sent it, its
approver has not signed it off), and the reminder says that it waits for that approval.

Approvers are reminded too: while reports of an agency await its approval, its active approvers
with an e-mail address get "N reports await your approval", listing them with links. The rule:
at most one such mail a day per plan and agency, listing every report of that plan and agency
awaiting approval when it goes out; a report sent for approval after that day's mail is in the
next day's. The ReminderSent row (kind "approval", `period` holding the day, YYYY-MM-DD) makes
it idempotent the same way.
"""

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass
from typing import NamedTuple

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts import permissions
from accounts.models import Role, User
from agencies.models import Agency
from plans.models import Plan, PlanStatus
from reporting.matrix import due_date
from reporting.models import ReminderKind, ReminderSent, Report, ReportStatus
from reporting.selectors import due_quarters
from tipmonitor.lib.reporting_periods import Period

logger = logging.getLogger(__name__)

# A quarter with its current report in one of these states has been reported.
DONE = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)


def reminder_kind(
    due_on: datetime.date, today: datetime.date, *, days_before: int, days_after: int
) -> str | None:
    """Which reminder, if any, is due on `today` for a report due on `due_on`. The deadline day
    itself is always "before": a report is not overdue until the day after."""
    if due_on - datetime.timedelta(days=days_before) <= today <= due_on:
        return ReminderKind.BEFORE
    if today >= due_on + datetime.timedelta(days=days_after):
        return ReminderKind.OVERDUE
    return None


@dataclass(frozen=True)
class Reminder:
    """A reminder to send: the agency, the quarter, its deadline and the report, if started."""

    plan: Plan
    agency: Agency
    quarter: Period
    due_on: datetime.date
    kind: str
    report_id: int | None
    # The report was sent by the agency's reporter and waits for its approver's sign-off.
    awaiting: bool = False


def reminders_send(*, today: datetime.date) -> list[ReminderSent]:
    """Send every reminder due on `today` that has not been sent yet; return those sent.

    Each reminder is its own transaction (not the whole run), so one mail server error does not
    undo the reminders already sent."""
    sent: list[ReminderSent] = []
    for plan in Plan.objects.filter(status=PlanStatus.ADOPTED).order_by("code"):
        reminders = reminders_due(plan, today=today)
        recipients = _recipients({reminder.agency.pk for reminder in reminders})
        for reminder in reminders:
            record = _send(reminder, recipients.get(reminder.agency.pk, []))
            if record is not None:
                sent.append(record)
    for approval in approval_reminders_due(today=today):
        record = _approval_send(approval, today)
        if record is not None:
            sent.append(record)
    return sent


def reminders_due(plan: Plan, *, today: datetime.date) -> list[Reminder]:
    """The reminders of `plan` due on `today` and not sent yet, by agency and quarter."""
    candidates: list[tuple[int, Period, datetime.date, str]] = []
    for agency_id, quarters in due_quarters(plan).items():
        for quarter in quarters:
            due_on = due_date(quarter.end, plan.report_deadline_days)
            kind = reminder_kind(
                due_on,
                today,
                days_before=plan.reminder_days_before,
                days_after=plan.reminder_days_after,
            )
            if kind is not None:
                candidates.append((agency_id, quarter, due_on, kind))
    if not candidates:
        return []
    codes = {quarter.code for _a, quarter, _d, _k in candidates}
    reports = _current_reports(plan, codes)
    already = set(
        ReminderSent.objects.filter(plan=plan, period__in=codes).values_list(
            "agency_id", "period", "kind"
        )
    )
    agencies = Agency.objects.in_bulk({agency_id for agency_id, _q, _d, _k in candidates})
    reminders = []
    for agency_id, quarter, due_on, kind in candidates:
        report = reports.get((agency_id, quarter.code))
        if report is not None and report.done:
            continue
        if (agency_id, quarter.code, kind) in already:
            continue
        report_id = report.pk if report else None
        awaiting = report is not None and report.status == ReportStatus.AWAITING_APPROVAL
        agency = agencies[agency_id]
        reminders.append(Reminder(plan, agency, quarter, due_on, kind, report_id, awaiting))
    return sorted(reminders, key=lambda r: (r.agency.code, r.quarter, r.kind))


class _Current(NamedTuple):
    pk: int
    status: str
    done: bool  # the agency has reported the quarter


def _current_reports(plan: Plan, codes: set[str]) -> dict[tuple[int, str], _Current]:
    """(agency, quarter) → its current report: id, status, whether the agency has reported."""
    rows = Report.objects.filter(plan=plan, period__in=codes, is_current=True).values_list(
        "pk", "agency_id", "period", "status", "version"
    )
    # A version above 1 is a correction of an accepted report: the quarter was reported.
    return {
        (agency_id, code): _Current(pk, status, status in DONE or version > 1)
        for pk, agency_id, code, status, version in rows
    }


def _recipients(agency_ids: set[int]) -> dict[int, list[str]]:
    """Agency id → the addresses of its active reporters and approvers, or else the agency's
    own contact address."""
    found: dict[int, set[str]] = defaultdict(set)
    users = (
        User.objects.filter(
            agency_id__in=agency_ids,
            is_active=True,
            role_grants__role__in=[Role.REPORTER, Role.APPROVER],
        )
        .exclude(email="")
        .values_list("agency_id", "email")
    )
    for agency_id, email in users:
        found[agency_id].add(email)
    for agency_id, email in Agency.objects.filter(pk__in=agency_ids).values_list("pk", "email"):
        if not found[agency_id] and email:
            found[agency_id].add(email)
    return {agency_id: sorted(emails) for agency_id, emails in found.items()}


def _send(reminder: Reminder, recipients: list[str]) -> ReminderSent | None:
    if not recipients:
        logger.warning(
            "No address to remind %s of its %s report: no active reporter or approver with an "
            "e-mail, and no agency e-mail.",
            reminder.agency.code,
            reminder.quarter.code,
        )
        return None
    try:
        with transaction.atomic():
            record = ReminderSent.objects.create(
                plan=reminder.plan,
                agency=reminder.agency,
                period=reminder.quarter.code,
                kind=reminder.kind,
                sent_at=timezone.now(),
                recipients=", ".join(recipients),
            )
            _message(reminder, recipients).send()
    except IntegrityError:
        return None  # another run sent this one a moment ago
    except OSError:
        logger.exception("Could not send the reminder %s; the next run tries again.", reminder)
        return None
    return record


def _message(reminder: Reminder, recipients: list[str]) -> EmailMessage:
    with translation.override(settings.LANGUAGE_CODE):
        values = {
            "plan": reminder.plan.title,
            "agency": reminder.agency.name,
            "quarter": reminder.quarter.code,
            "due": date_format(reminder.due_on, "DATE_FORMAT"),
            "link": _link(reminder),
        }
        if reminder.kind == ReminderKind.BEFORE:
            subject = _("Progress report %(quarter)s due on %(due)s") % values
            opening = _(
                "The progress report of %(agency)s for %(quarter)s under “%(plan)s” is due on "
                "%(due)s and has not been submitted yet."
            )
        else:
            subject = _("Overdue: progress report %(quarter)s was due on %(due)s") % values
            opening = _(
                "The progress report of %(agency)s for %(quarter)s under “%(plan)s” was due on "
                "%(due)s and has not been submitted yet. Please submit it as soon as you can."
            )
        if reminder.awaiting:
            awaiting = _(
                "It awaits the approval of one of the agency's approvers: it reaches the "
                "coordinator only once approved."
            )
            opening = f"{opening} {awaiting}"
        closing = _(
            "Open the report here: %(link)s\n\n"
            "This is an automatic reminder from TIP Monitor; you receive it as a reporter or "
            "approver of %(agency)s."
        )
        body = f"{opening % values}\n\n{closing % values}\n"
    return EmailMessage(subject=subject, body=body, to=recipients)


def _link(reminder: Reminder) -> str:
    if reminder.report_id is not None:
        path = reverse("reporting:report_detail", args=[reminder.report_id])
    else:
        path = reverse("reporting:report_list")
    return settings.TIPMONITOR_SITE_URL.rstrip("/") + path


# --- Reports awaiting the agency's approval ------------------------------------------------------


@dataclass(frozen=True)
class ApprovalReminder:
    """The reports of one plan and agency awaiting the agency's approval, oldest quarter first."""

    plan: Plan
    agency: Agency
    reports: list[Report]


def approval_reminders_due(*, today: datetime.date) -> list[ApprovalReminder]:
    """For each adopted plan and agency with reports awaiting the agency's approval and no
    approval reminder sent on `today` yet, those reports."""
    day = today.isoformat()
    already = set(
        ReminderSent.objects.filter(kind=ReminderKind.APPROVAL, period=day).values_list(
            "plan_id", "agency_id"
        )
    )
    waiting = (
        Report.objects.filter(
            status=ReportStatus.AWAITING_APPROVAL,
            is_current=True,
            plan__status=PlanStatus.ADOPTED,  # as the deadline reminders: plans being carried out
        )
        .select_related("plan", "agency", "submitted_by")
        .order_by("plan__code", "agency__code", "period_start")
    )
    grouped: dict[tuple[int, int], list[Report]] = defaultdict(list)
    for report in waiting:
        if (report.plan_id, report.agency_id) not in already:
            grouped[report.plan_id, report.agency_id].append(report)
    return [
        ApprovalReminder(reports[0].plan, reports[0].agency, reports)
        for reports in grouped.values()
    ]


def _approval_send(reminder: ApprovalReminder, today: datetime.date) -> ReminderSent | None:
    recipients = sorted(
        set(
            permissions.approvers_of(reminder.agency)
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )
    if not recipients:
        logger.warning(
            "No address to remind the approvers of %s of %d reports awaiting their approval: "
            "no active approver with an e-mail.",
            reminder.agency.code,
            len(reminder.reports),
        )
        return None
    try:
        with transaction.atomic():
            record = ReminderSent.objects.create(
                plan=reminder.plan,
                agency=reminder.agency,
                period=today.isoformat(),
                kind=ReminderKind.APPROVAL,
                sent_at=timezone.now(),
                recipients=", ".join(recipients),
            )
            _approval_message(reminder, recipients).send()
    except IntegrityError:
        return None  # another run sent it a moment ago
    except OSError:
        logger.exception(
            "Could not send the approval reminder %s; the next run tries again.", reminder
        )
        return None
    return record


def _approval_message(reminder: ApprovalReminder, recipients: list[str]) -> EmailMessage:
    count = len(reminder.reports)
    site = settings.TIPMONITOR_SITE_URL.rstrip("/")
    with translation.override(settings.LANGUAGE_CODE):
        values = {"count": count, "agency": reminder.agency.name, "plan": reminder.plan.title}
        subject = (
            ngettext(
                "%(count)d report awaits your approval",
                "%(count)d reports await your approval",
                count,
            )
            % values
        )
        opening = (
            ngettext(
                "This report of %(agency)s under “%(plan)s” awaits the approval of one of the "
                "agency's approvers. It reaches the coordinator only once approved, and its "
                "timeliness counts from then.",
                "These %(count)d reports of %(agency)s under “%(plan)s” await the approval of "
                "one of the agency's approvers. Each reaches the coordinator only once approved, "
                "and its timeliness counts from then.",
                count,
            )
            % values
        )
        lines = []
        for report in reminder.reports:
            line = _("%(quarter)s, due on %(due)s, sent by %(sender)s: %(link)s") % {
                "quarter": report.period,
                "due": date_format(report.due_on, "DATE_FORMAT"),
                "sender": _sender(report),
                "link": site + reverse("reporting:report_detail", args=[report.pk]),
            }
            lines.append(f"- {line}")
        closing = (
            _(
                "This is an automatic reminder from TIP Monitor, sent at most once a day while "
                "reports wait; you receive it as an approver of %(agency)s."
            )
            % values
        )
        body = "{}\n\n{}\n\n{}\n".format(opening, "\n".join(lines), closing)
    return EmailMessage(subject=subject, body=body, to=recipients)


def _sender(report: Report) -> str:
    user = report.submitted_by
    if user is None:
        return "—"
    return user.display_name
