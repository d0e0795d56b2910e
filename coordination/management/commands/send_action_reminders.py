"""`tipmonitor send-action-reminders [--date YYYY-MM-DD] [--dry-run]`: e-mail the reminders due
today about the actions meetings passed (coordination/reminders.py). Run it daily, or let the
worker's schedule run `coordination.jobs.send_action_reminders_due` (docs/reminders.md);
running it twice sends nothing twice."""

import datetime

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coordination.models import ActionReminderKind
from coordination.reminders import ActionReminderDue, action_reminders_due, action_reminders_send


def _day(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            _("--date: “%(text)s” is not a date like 2025-04-15.") % {"text": text}
        ) from None


class Command(BaseCommand):
    help = "Send the reminder e-mails due today about open actions of coordination meetings."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date",
            help="the day to act as today, YYYY-MM-DD (default: today in TIPMONITOR_TIME_ZONE)",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="list the reminders that would go out, send and record nothing",
        )

    def handle(self, *args: object, **options: object) -> None:
        today = _day(str(options["date"])) if options["date"] else timezone.localdate()
        if options["dry_run"]:
            due = action_reminders_due(today)
            for reminder in due:
                self.stdout.write(self._line(reminder))
            self.stdout.write(
                ngettext(
                    "%(count)d reminder would be sent for %(day)s (dry run: nothing sent).",
                    "%(count)d reminders would be sent for %(day)s (dry run: nothing sent).",
                    len(due),
                )
                % {"count": len(due), "day": today.isoformat()}
            )
            return
        sent = action_reminders_send(today)
        for reminder in sent:
            self.stdout.write(self._line(reminder))
        self.stdout.write(
            ngettext(
                "%(count)d action reminder sent for %(day)s.",
                "%(count)d action reminders sent for %(day)s.",
                len(sent),
            )
            % {"count": len(sent), "day": today.isoformat()}
        )

    def _line(self, reminder: ActionReminderDue) -> str:
        action = reminder.action
        recipients = ", ".join(reminder.recipients) or _("(no address)")
        return _("%(kind)s reminder for action %(id)s of %(agency)s, due %(due)s, to %(to)s") % {
            "kind": ActionReminderKind(reminder.kind).label,
            "id": action.pk,
            "agency": action.owner_agency.code,
            "due": action.due_on.isoformat(),
            "to": recipients,
        }
