"""Writes of meetings: the coordinator's. A meeting is planned (its draft agenda pre-filled,
coordination.services.agenda), its members invited, its attendance recorded, its minutes
drafted (the meeting is then held), approved by the chair and published to the members.

Once the minutes are approved nothing of the meeting changes any more: every write here refuses
it. The minutes are saved with optimistic locking: each save names the revision it was made
from, and a save made from an older revision than the stored one is refused whole (another
coordinator saved in between), so neither save is silently lost.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import permissions
from accounts.models import User
from agencies.models import Agency
from coordination import invitations
from coordination.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Body,
    Meeting,
    MeetingStatus,
)
from coordination.selectors.meetings import agenda_items, body_members, is_locked
from plans.models import Plan

from .agenda import agenda_prefill

logger = logging.getLogger(__name__)


def _require_coordinator(by: User) -> None:
    if not permissions.may_manage_coordination(by):
        raise PermissionDenied


def _require_open(meeting: Meeting) -> None:
    if is_locked(meeting):
        raise ValidationError(
            _("The minutes of this meeting are approved: it can no longer be changed.")
        )


def _check_times(
    starts_at: datetime.time | None, ends_at: datetime.time | None, place: str, link: str
) -> None:
    errors: dict[str, str] = {}
    if starts_at is not None and ends_at is not None and ends_at <= starts_at:
        errors["ends_at"] = _("The meeting must end after it starts.")
    if ends_at is not None and starts_at is None:
        errors["starts_at"] = _("Give the start time too.")
    if not place.strip() and not link.strip():
        errors["place"] = _("Give a place or a link to join.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def meeting_create(
    *,
    body: Body,
    plan: Plan,
    held_on: datetime.date,
    starts_at: datetime.time | None = None,
    ends_at: datetime.time | None = None,
    place: str = "",
    link: str = "",
    by: User,
    today: datetime.date | None = None,
) -> Meeting:
    """Plan a meeting of `body` steering `plan`, its chair the coordinator who plans it, with its
    draft agenda: the actions since the body's last meeting and what the monitoring flags."""
    _require_coordinator(by)
    _check_times(starts_at, ends_at, place, link)
    if not body.active:
        raise ValidationError({"body": _("This body is no longer active.")})
    meeting = Meeting.objects.create(
        body=body,
        plan=plan,
        held_on=held_on,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place.strip(),
        link=link.strip(),
        chair=by,
    )
    agenda_prefill(meeting, today=today or timezone.localdate())
    return meeting


@transaction.atomic
def meeting_update(
    *,
    meeting: Meeting,
    held_on: datetime.date,
    starts_at: datetime.time | None = None,
    ends_at: datetime.time | None = None,
    place: str = "",
    link: str = "",
    by: User,
) -> Meeting:
    """Move the meeting or change where it is held (its body and plan stay: the agenda's
    actions and plan elements are theirs)."""
    _require_coordinator(by)
    meeting = _locked(meeting)
    _require_open(meeting)
    _check_times(starts_at, ends_at, place, link)
    meeting.held_on, meeting.starts_at, meeting.ends_at = held_on, starts_at, ends_at
    meeting.place, meeting.link = place.strip(), link.strip()
    meeting.save()
    return meeting


def _locked(meeting: Meeting) -> Meeting:
    """The meeting as stored, its row locked for the rest of the transaction."""
    return Meeting.objects.select_for_update().select_related("body", "plan").get(pk=meeting.pk)


# --- Invitations ------------------------------------------------------------------------------


@dataclass(frozen=True)
class InvitationResult:
    sent: list[invitations.Recipient]
    unreachable: list[Agency]


def invitations_send(*, meeting: Meeting, by: User) -> InvitationResult:
    """E-mail each member agency's representative the invitation with the agenda and the
    calendar entry; record when. A member with no address at all, or whose mail the server
    refused, is named in the result (and the failure logged)."""
    _require_coordinator(by)
    _require_open(meeting)
    items = agenda_items(meeting)
    ics = invitations.ics_content(meeting, items)
    sent, unreachable = [], []
    for membership in body_members(meeting):
        recipient = invitations.recipient_of(membership)
        if not recipient.email:
            unreachable.append(membership.agency)
            continue
        try:
            invitations.invitation_message(meeting, items, recipient, ics).send()
        except OSError:
            logger.exception("Could not send the invitation to %s", recipient.email)
            unreachable.append(membership.agency)
            continue
        sent.append(recipient)
    if sent:
        Meeting.objects.filter(pk=meeting.pk).update(invitations_sent_at=timezone.now())
        meeting.refresh_from_db(fields=["invitations_sent_at"])
    return InvitationResult(sent, unreachable)


# --- Attendance -------------------------------------------------------------------------------


@dataclass(frozen=True)
class AttendanceEntry:
    agency: Agency
    status: str  # "" for not recorded
    attendees: str = ""


@transaction.atomic
def attendance_record(
    *,
    meeting: Meeting,
    entries: list[AttendanceEntry],
    by: User,
    today: datetime.date | None = None,
) -> None:
    """Record each member agency's attendance (present, excused, absent, or not recorded),
    from the meeting's day on."""
    _require_coordinator(by)
    meeting = _locked(meeting)
    _require_open(meeting)
    if meeting.held_on > (today or timezone.localdate()):
        raise ValidationError(_("Attendance is recorded from the day of the meeting on."))
    members = {membership.agency_id for membership in body_members(meeting)}
    errors = []
    for entry in entries:
        if entry.agency.pk not in members:
            errors.append(
                _("%(agency)s is not a member of this body.") % {"agency": entry.agency.code}
            )
        elif entry.status and entry.status not in AttendanceStatus.values:
            errors.append(
                _("%(agency)s: choose present, excused or absent.") % {"agency": entry.agency.code}
            )
        elif entry.attendees.strip() and entry.status != AttendanceStatus.PRESENT:
            errors.append(
                _("%(agency)s: only an agency that was present has attendees.")
                % {"agency": entry.agency.code}
            )
    if errors:
        raise ValidationError(errors)
    for entry in entries:
        if not entry.status:
            Attendance.objects.filter(meeting=meeting, agency=entry.agency).delete()
            continue
        Attendance.objects.update_or_create(
            meeting=meeting,
            agency=entry.agency,
            defaults={"status": entry.status, "attendees": entry.attendees.strip()},
        )


# --- Minutes ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemMinutes:
    item: AgendaItem
    summary: str
    decisions: str


def _stale() -> ValidationError:
    return ValidationError(
        _(
            "Someone else saved these minutes after you opened them, so yours were not saved. "
            "Your text is still in the form: copy what you need, reload the page to see theirs, "
            "and save again."
        ),
        code="stale",
    )


@transaction.atomic
def minutes_save(
    *, meeting: Meeting, revision: int, minutes: list[ItemMinutes], by: User
) -> Meeting:
    """Save each item's summary and decisions. The first save marks the meeting held."""
    _require_coordinator(by)
    meeting = _locked(meeting)
    _require_open(meeting)
    if revision != meeting.revision:
        raise _stale()
    for entry in minutes:
        if entry.item.meeting_id != meeting.pk:
            raise ValidationError(_("An agenda item of another meeting cannot be minuted here."))
    for entry in minutes:
        AgendaItem.objects.filter(pk=entry.item.pk).update(
            summary=entry.summary.strip(), decisions=entry.decisions.strip()
        )
    meeting.revision += 1
    if meeting.status == MeetingStatus.PLANNED:
        meeting.status = MeetingStatus.HELD
    meeting.save(update_fields=["revision", "status", "updated_at"])
    return meeting


@transaction.atomic
def meeting_mark_held(*, meeting: Meeting, by: User, today: datetime.date | None = None) -> Meeting:
    _require_coordinator(by)
    meeting = _locked(meeting)
    if meeting.status != MeetingStatus.PLANNED:
        raise ValidationError(_("Only a planned meeting can be marked as held."))
    if meeting.held_on > (today or timezone.localdate()):
        raise ValidationError(_("A meeting can be marked as held from its day on."))
    meeting.status = MeetingStatus.HELD
    meeting.save(update_fields=["status", "updated_at"])
    return meeting


@transaction.atomic
def minutes_approve(*, meeting: Meeting, by: User) -> Meeting:
    """The chair approves the minutes: from then on they are the record."""
    _require_coordinator(by)
    meeting = _locked(meeting)
    if meeting.status != MeetingStatus.HELD:
        raise ValidationError(
            _("Only the minutes of a held meeting, not yet approved, can be approved.")
        )
    if not Attendance.objects.filter(meeting=meeting).exists():
        raise ValidationError(_("Record the attendance before approving the minutes."))
    meeting.status = MeetingStatus.APPROVED
    meeting.approved_by, meeting.approved_at = by, timezone.now()
    meeting.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    return meeting


@dataclass(frozen=True)
class PublishResult:
    meeting: Meeting
    notified: list[invitations.Recipient]
    unreachable: list[Agency]


def minutes_publish(*, meeting: Meeting, by: User) -> PublishResult:
    """Publish approved minutes to the members (and viewers), and e-mail each member a notice
    with the link. The status changes first, in its own transaction: a mail server that fails
    leaves the minutes published and the failure logged."""
    _require_coordinator(by)
    with transaction.atomic():
        meeting = _locked(meeting)
        if meeting.status != MeetingStatus.APPROVED:
            raise ValidationError(_("Only approved minutes can be published."))
        meeting.status, meeting.published_at = MeetingStatus.PUBLISHED, timezone.now()
        meeting.save(update_fields=["status", "published_at", "updated_at"])
    notified, unreachable = [], []
    for membership in body_members(meeting):
        recipient = invitations.recipient_of(membership)
        if not recipient.email:
            unreachable.append(membership.agency)
            continue
        try:
            invitations.published_message(meeting, recipient).send()
        except OSError:
            logger.exception("Could not send the minutes notice to %s", recipient.email)
            unreachable.append(membership.agency)
            continue
        notified.append(recipient)
    return PublishResult(meeting, notified, unreachable)
