"""Reminder e-mails about the actions meetings pass (docs/reminders.md, "Action reminders").

Two reminders per open action and due date: a "before" one from
TIPMONITOR_ACTION_REMINDER_DAYS_BEFORE days before the due date to the due date itself, and an
"after" one from TIPMONITOR_ACTION_REMINDER_DAYS_AFTER days after it (at least the day after)
while the action is still open or in progress. Each goes to the action's owner (an active user
with an e-mail address), else to its owner agency's active reporters and approvers, else to the
agency's contact address; and at most once: the ActionReminder row, unique per action, kind and
due date, is written in the same transaction as the mail is sent (as reporting/reminders.py
does), so running the job twice sends nothing twice, and a mail server that refuses leaves
nothing recorded. A due date moved later is a new due date: its reminders go out again.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from accounts.models import Role, User
from agencies.models import Agency
from coordination.models import Action, ActionReminder, ActionReminderKind
from coordination.rules import OPEN_ACTION_STATUSES

logger = logging.getLogger(__name__)


def reminder_kind(due_on: datetime.date, today: datetime.date) -> str | None:
    """Which reminder, if any, is due on `today` for an open action due on `due_on`. The due
    day itself is "before": an action is not overdue until the day after."""
    before = settings.TIPMONITOR_ACTION_REMINDER_DAYS_BEFORE
    after = max(settings.TIPMONITOR_ACTION_REMINDER_DAYS_AFTER, 1)
    if due_on - datetime.timedelta(days=before) <= today <= due_on:
        return ActionReminderKind.BEFORE
    if today >= due_on + datetime.timedelta(days=after):
        return ActionReminderKind.AFTER
    return None


@dataclass(frozen=True)
class ActionReminderDue:
    action: Action
    kind: str
    recipients: list[str]


def action_reminders_due(today: datetime.date) -> list[ActionReminderDue]:
    """The reminders due on `today` and not sent yet, with their recipients (empty when there
    is no address to send to), the soonest due first."""
    before = settings.TIPMONITOR_ACTION_REMINDER_DAYS_BEFORE
    actions = (
        Action.objects.filter(
            status__in=OPEN_ACTION_STATUSES,
            due_on__lte=today + datetime.timedelta(days=before),
        )
        .select_related("meeting__body", "owner_agency", "owner")
        .order_by("due_on", "pk")
    )
    candidates = [
        (action, kind)
        for action in actions
        if (kind := reminder_kind(action.due_on, today)) is not None
    ]
    if not candidates:
        return []
    sent = set(
        ActionReminder.objects.filter(
            action_id__in=[action.pk for action, _kind in candidates]
        ).values_list("action_id", "kind", "due_on")
    )
    agency_addresses = _agency_addresses({action.owner_agency_id for action, _k in candidates})
    return [
        ActionReminderDue(action, kind, _recipients(action, agency_addresses))
        for action, kind in candidates
        if (action.pk, kind, action.due_on) not in sent
    ]


def action_reminders_send(today: datetime.date) -> list[ActionReminderDue]:
    """Send every reminder due on `today` not sent yet; return those sent. Each is its own
    transaction, so one mail server error does not undo the others."""
    sent = []
    for reminder in action_reminders_due(today):
        if _send(reminder):
            sent.append(reminder)
    return sent


def _owner_address(action: Action) -> str:
    owner = action.owner
    if owner is None or not owner.is_active or not owner.email:
        return ""
    return owner.email


def _recipients(action: Action, agency_addresses: dict[int, list[str]]) -> list[str]:
    if address := _owner_address(action):
        return [address]
    return agency_addresses.get(action.owner_agency_id, [])


def _agency_addresses(agency_ids: set[int]) -> dict[int, list[str]]:
    """Agency id -> its active reporters' and approvers' addresses, else its contact address."""
    found: dict[int, set[str]] = {agency_id: set() for agency_id in agency_ids}
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


def _send(reminder: ActionReminderDue) -> bool:
    action = reminder.action
    if not reminder.recipients:
        logger.warning(
            "No address to remind %s of action %s: no owner, reporter or approver with an "
            "e-mail, and no agency e-mail.",
            action.owner_agency.code,
            action.pk,
        )
        return False
    try:
        with transaction.atomic():
            ActionReminder.objects.create(action=action, kind=reminder.kind, due_on=action.due_on)
            _message(reminder).send()
    except IntegrityError:
        return False  # another run sent it a moment ago
    except OSError:
        logger.exception("Could not send the reminder of action %s; the next run tries.", action.pk)
        return False
    return True


def _message(reminder: ActionReminderDue) -> EmailMessage:
    action = reminder.action
    # Users have no language of their own: mails are in the instance's, as reporting's are.
    with translation.override(settings.LANGUAGE_CODE):
        values = {
            "text": Truncator(" ".join(action.text.split())).chars(120),
            "agency": action.owner_agency.name,
            "body": str(action.meeting.body),
            "held": date_format(action.meeting.held_on, "DATE_FORMAT"),
            "due": date_format(action.due_on, "DATE_FORMAT"),
            "link": settings.TIPMONITOR_SITE_URL.rstrip("/")
            + reverse("coordination:action_detail", args=[action.pk]),
        }
        if reminder.kind == ActionReminderKind.BEFORE:
            subject = _("Action due on %(due)s: %(text)s") % values
            opening = _(
                "The %(body)s, meeting on %(held)s, asked %(agency)s to: %(text)s\n\n"
                "It is due on %(due)s. Please say where it stands, with any evidence."
            )
        else:
            subject = _("Overdue action, due on %(due)s: %(text)s") % values
            opening = _(
                "The %(body)s, meeting on %(held)s, asked %(agency)s to: %(text)s\n\n"
                "It was due on %(due)s and is still open. Please say where it stands: done "
                "(with evidence), in progress, or dropped and why."
            )
        closing = _(
            "Update the action here: %(link)s\n\n"
            "This is an automatic reminder from TIP Monitor; you receive it as the action's "
            "owner or as a reporter or approver of %(agency)s."
        )
        body = f"{opening % values}\n\n{closing % values}\n"
    return EmailMessage(subject=subject, body=body, to=reminder.recipients)
