"""Background tasks of reporting. `send_reminders` runs the reminder service (a scheduler such as
cron can enqueue it, or run the `send-reminders` command that does the same): see
docs/reminders.md."""

import datetime

from django.utils import timezone

from reporting.reminders import reminders_send
from tipmonitor.lib.compat import task


@task()
def send_reminders(today: str | None = None) -> int:
    """Send the reminders due on `today` (ISO date; default: today); return how many went out.
    The day is a string because task arguments must survive a JSON round trip."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    return len(reminders_send(today=day))
