"""A meeting's calendar entry (.ics, RFC 5545, written by the `icalendar` library) and the
e-mails to the members of its body: the invitation with the agenda and the calendar entry, and
the notice that the minutes are published.

Each member agency's invitation goes to its representative: the representative's own address
when the representative is an active user with one, else the address given with the seat, else
the agency's contact address. Each recipient gets a mail of their own, so no member sees the
others' addresses.

The calendar entry's UID is the same for every copy of the same meeting (the meeting's id at the
site's host), so a calendar that receives it again, after the date moved, updates the entry
instead of adding a second one.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from agencies.models import Agency
from coordination.models import AgendaItem, Meeting, Membership

ICS_CONTENT_TYPE = "text/calendar; charset=utf-8; method=PUBLISH"


@dataclass(frozen=True)
class Recipient:
    agency: Agency
    email: str  # "" when the agency can be reached at no address


def recipient_of(membership: Membership) -> Recipient:
    user = membership.representative
    if user is not None and user.is_active and user.email:
        return Recipient(membership.agency, user.email)
    return Recipient(membership.agency, membership.email or membership.agency.email or "")


def meeting_url(meeting: Meeting) -> str:
    path = reverse("coordination:meeting_detail", args=[meeting.pk])
    return settings.TIPMONITOR_SITE_URL.rstrip("/") + path


def meeting_uid(meeting: Meeting) -> str:
    host = urlsplit(settings.TIPMONITOR_SITE_URL).hostname or "tipmonitor"
    return f"meeting-{meeting.pk}@{host}"


def ics_filename(meeting: Meeting) -> str:
    return f"{meeting.body.code}-{meeting.held_on.isoformat()}.ics"


def _when(meeting: Meeting, time: datetime.time) -> datetime.datetime:
    zone = ZoneInfo(settings.TIME_ZONE)
    return datetime.datetime.combine(meeting.held_on, time, tzinfo=zone)


def _end(meeting: Meeting, items: list[AgendaItem]) -> datetime.datetime | None:
    """The end as planned; without one, the start plus the agenda's planned minutes."""
    if meeting.starts_at is None:
        return None
    if meeting.ends_at is not None:
        return _when(meeting, meeting.ends_at)
    planned = sum(item.minutes_planned or 0 for item in items)
    if not planned:
        return None
    return _when(meeting, meeting.starts_at) + datetime.timedelta(minutes=planned)


def ics_content(meeting: Meeting, items: list[AgendaItem]) -> bytes:
    """The meeting as an iCalendar file with one VEVENT: a timed event when the start is known,
    else an all-day one."""
    with translation.override(settings.LANGUAGE_CODE):
        calendar = Calendar()
        calendar.add("prodid", "-//TIP Monitor//Coordination meetings//EN")
        calendar.add("version", "2.0")
        calendar.add("method", "PUBLISH")
        event = Event()
        event.add("uid", meeting_uid(meeting))
        event.add("dtstamp", timezone.now())
        event.add("summary", _summary(meeting))
        if meeting.starts_at is None:
            event.add("dtstart", meeting.held_on)
            event.add("dtend", meeting.held_on + datetime.timedelta(days=1))
        else:
            event.add("dtstart", _when(meeting, meeting.starts_at))
            if (end := _end(meeting, items)) is not None:
                event.add("dtend", end)
        if meeting.place:
            event.add("location", meeting.place)
        elif meeting.link:
            event.add("location", meeting.link)
        event.add("url", meeting.link or meeting_url(meeting))
        event.add("description", agenda_text(items) + "\n\n" + meeting_url(meeting))
        event.add("last-modified", meeting.updated_at or timezone.now())
        calendar.add_component(event)
        return calendar.to_ical()


def _summary(meeting: Meeting) -> str:
    return _("Meeting of %(body)s") % {"body": meeting.body.display_name}


def agenda_text(items: list[AgendaItem]) -> str:
    lines = []
    for number, item in enumerate(items, start=1):
        line = f"{number}. {item.title}"
        details = []
        if item.presenter is not None:
            details.append(item.presenter.code)
        if item.minutes_planned:
            details.append(_("%(minutes)d min") % {"minutes": item.minutes_planned})
        if details:
            line += " (" + ", ".join(details) + ")"
        lines.append(line)
    return "\n".join(lines) or _("The agenda is still being prepared.")


def _when_text(meeting: Meeting) -> str:
    day = date_format(meeting.held_on, "DATE_FORMAT")
    if meeting.starts_at is None:
        return day
    start = time_format(meeting.starts_at, "TIME_FORMAT")
    if meeting.ends_at is None:
        return _("%(day)s at %(start)s") % {"day": day, "start": start}
    end = time_format(meeting.ends_at, "TIME_FORMAT")
    return _("%(day)s, %(start)s–%(end)s") % {"day": day, "start": start, "end": end}


def _where_text(meeting: Meeting) -> str:
    if meeting.place and meeting.link:
        return _("at %(place)s, or online: %(link)s") % {
            "place": meeting.place,
            "link": meeting.link,
        }
    if meeting.link:
        return _("online: %(link)s") % {"link": meeting.link}
    if meeting.place:
        return _("at %(place)s") % {"place": meeting.place}
    return _("the place will be announced")


def invitation_message(
    meeting: Meeting, items: list[AgendaItem], recipient: Recipient, ics: bytes
) -> EmailMessage:
    with translation.override(settings.LANGUAGE_CODE):
        values = {
            "body": meeting.body.display_name,
            "agency": recipient.agency.name,
            "when": _when_text(meeting),
            "where": _where_text(meeting),
            "agenda": agenda_text(items),
            "url": meeting_url(meeting),
        }
        subject = _("Invitation: meeting of %(body)s, %(when)s") % values
        body = (
            _(
                "%(agency)s is invited to the meeting of %(body)s on %(when)s, %(where)s.\n\n"
                "Agenda:\n%(agenda)s\n\n"
                "The meeting's page, with the actions and what the monitoring flags: %(url)s\n\n"
                "The calendar entry is attached. This is an invitation from TIP Monitor; you "
                "receive it as the representative of %(agency)s."
            )
            % values
        )
    message = EmailMessage(subject=subject, body=body + "\n", to=[recipient.email])
    message.attach(ics_filename(meeting), ics, ICS_CONTENT_TYPE)
    return message


def published_message(meeting: Meeting, recipient: Recipient) -> EmailMessage:
    with translation.override(settings.LANGUAGE_CODE):
        values = {
            "body": meeting.body.display_name,
            "day": date_format(meeting.held_on, "DATE_FORMAT"),
            "agency": recipient.agency.name,
            "url": meeting_url(meeting),
        }
        subject = _("Minutes published: meeting of %(body)s on %(day)s") % values
        body = (
            _(
                "The minutes of the meeting of %(body)s on %(day)s are approved and published, "
                "with the actions passed and their owners: %(url)s\n\n"
                "You receive this notice as the representative of %(agency)s."
            )
            % values
        )
    return EmailMessage(subject=subject, body=body + "\n", to=[recipient.email])
