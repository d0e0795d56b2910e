"""Coordination's work for the worker (jobs.runner runs it): the scheduled action reminders
(`send_action_reminders_due`, the "action-reminders" entry of TIPMONITOR_SCHEDULE).
See docs/reminders.md and docs/worker.md."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coordination.reminders import action_reminders_send


def send_action_reminders_due(*, today: str = "") -> dict[str, str]:
    """Send the action reminders due on `today` (an ISO date, as job arguments are JSON;
    default: today in TIPMONITOR_TIME_ZONE) not sent yet; running it twice sends nothing twice."""
    try:
        day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    except ValueError:
        raise ValidationError(
            _("“%(text)s” is not a date like 2025-04-15.") % {"text": today}
        ) from None
    sent = len(action_reminders_send(day))
    message = ngettext(
        "%(count)d action reminder sent for %(day)s.",
        "%(count)d action reminders sent for %(day)s.",
        sent,
    ) % {"count": sent, "day": day.isoformat()}
    return {"message": message}
