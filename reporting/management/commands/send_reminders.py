"""`tipmonitor send-reminders [--today YYYY-MM-DD]`: e-mail the reminders due today to agencies
whose quarterly report is not in (reporting/reminders.py). Run it daily from cron or a systemd
timer (docs/reminders.md); running it twice sends nothing twice."""

import datetime

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reporting.reminders import reminders_send


def _day(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            _("--today: “%(text)s” is not a date like 2025-04-15.") % {"text": text}
        ) from None


class Command(BaseCommand):
    help = "Send the reminder e-mails due today for quarterly progress reports not yet submitted."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today",
            help="the day to act as today, YYYY-MM-DD (default: today in TIPMONITOR_TIME_ZONE)",
        )

    def handle(self, *args: object, **options: object) -> None:
        today = _day(str(options["today"])) if options["today"] else timezone.localdate()
        sent = reminders_send(today=today)
        for reminder in sent:
            self.stdout.write(
                _("%(kind)s reminder for %(agency)s, %(period)s (%(plan)s) to %(recipients)s")
                % {
                    "kind": reminder.get_kind_display(),
                    "agency": reminder.agency.code,
                    "period": reminder.period,
                    "plan": reminder.plan.code,
                    "recipients": reminder.recipients,
                }
            )
        self.stdout.write(
            ngettext(
                "%(count)d reminder sent for %(day)s.",
                "%(count)d reminders sent for %(day)s.",
                len(sent),
            )
            % {"count": len(sent), "day": today.isoformat()}
        )
