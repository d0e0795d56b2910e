"""Writes of actions: passing them in the minutes (`action_create`, `action_edit`,
`action_delete`, the coordinator's while the minutes are not approved) and their owners' updates
(`action_update`: a status, a comment, evidence as a link or a file).

Each checks everything it is given again, whoever calls it (the minutes page, the action pages,
the API, the demo), and refuses with a ValidationError keyed by the field it concerns; nothing is
written unless all is well, and each write is one transaction.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, SuspiciousFileOperation, ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.validators import URLValidator
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from accounts import permissions
from accounts.models import User
from agencies.models import Agency
from coordination.models import (
    Action,
    ActionStatus,
    ActionUpdate,
    AgendaItem,
    Meeting,
    MeetingStatus,
    Recommendation,
)
from coordination.rules import closed_on_for
from plans.models import Activity, Indicator, StrategicArea
from reporting.validation import check_characters

logger = logging.getLogger(__name__)

TEXT_LIMIT = 2000
COMMENT_LIMIT = 4000
LINK_LIMIT = 500
# Minutes that are approved (or published) are the record: their actions are no longer edited.
LOCKED_MEETING_STATUSES = frozenset({MeetingStatus.APPROVED, MeetingStatus.PUBLISHED})

# Evidence files: the documents, spreadsheets, scans and photos an agency keeps as proof, each
# recognised by its first bytes as well as its name (a page renamed .pdf is refused).
_ZIP = b"PK\x03\x04"
EVIDENCE_TYPES: dict[str, tuple[str, bytes | None]] = {
    ".pdf": ("application/pdf", b"%PDF-"),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", _ZIP),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _ZIP),
    ".pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", _ZIP),
    ".odt": ("application/vnd.oasis.opendocument.text", _ZIP),
    ".ods": ("application/vnd.oasis.opendocument.spreadsheet", _ZIP),
    ".png": ("image/png", b"\x89PNG\r\n\x1a\n"),
    ".jpg": ("image/jpeg", b"\xff\xd8\xff"),
    ".jpeg": ("image/jpeg", b"\xff\xd8\xff"),
    ".txt": ("text/plain; charset=utf-8", None),
    ".csv": ("text/csv; charset=utf-8", None),
}


def evidence_suffix(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot >= 0 else ""


def evidence_content_type(name: str) -> str:
    return EVIDENCE_TYPES.get(evidence_suffix(name), ("application/octet-stream", None))[0]


# --- Passing actions in the minutes -----------------------------------------------------------


@dataclass(frozen=True)
class ActionFields:
    """What the minutes say of an action, as `action_create` and `action_edit` take it."""

    item: AgendaItem | None
    text: str
    owner_agency: Agency | None
    owner: User | None
    due_on: datetime.date | None
    area: StrategicArea | None = None
    activity: Activity | None = None
    indicator: Indicator | None = None
    recommendation: Recommendation | None = None

    def values(self) -> dict[str, Any]:
        return {
            "item": self.item,
            "text": self.text.strip(),
            "owner_agency": self.owner_agency,
            "owner": self.owner,
            "due_on": self.due_on,
            "area": self.area,
            "activity": self.activity,
            "indicator": self.indicator,
            "recommendation": self.recommendation,
        }


def action_create(
    *,
    meeting: Meeting,
    item: AgendaItem | None,
    text: str,
    owner_agency: Agency | None,
    owner: User | None,
    due_on: datetime.date | None,
    area: StrategicArea | None = None,
    activity: Activity | None = None,
    indicator: Indicator | None = None,
    recommendation: Recommendation | None = None,
    by: User,
) -> Action:
    """Pass an action at `meeting` (the coordinator, while its minutes are not approved)."""
    fields = ActionFields(
        item, text, owner_agency, owner, due_on, area, activity, indicator, recommendation
    )
    _check_manager(by)
    with transaction.atomic():
        locked = _locked_meeting(meeting)
        _check_fields(locked, fields)
        return Action.objects.create(meeting=locked, **fields.values())


def action_edit(
    *,
    action: Action,
    item: AgendaItem | None,
    text: str,
    owner_agency: Agency | None,
    owner: User | None,
    due_on: datetime.date | None,
    area: StrategicArea | None = None,
    activity: Activity | None = None,
    indicator: Indicator | None = None,
    recommendation: Recommendation | None = None,
    by: User,
) -> Action:
    """Change what the minutes say of an action (the coordinator, while they are not
    approved). Its status and updates are its owner's and stay as they are."""
    fields = ActionFields(
        item, text, owner_agency, owner, due_on, area, activity, indicator, recommendation
    )
    _check_manager(by)
    with transaction.atomic():
        meeting = _locked_meeting(action.meeting)
        _check_fields(meeting, fields)
        current = Action.objects.select_for_update().get(pk=action.pk)
        for name, value in fields.values().items():
            setattr(current, name, value)
        current.save()
    return current


def action_delete(*, action: Action, by: User) -> None:
    """Strike an action from minutes that are not approved (with its updates)."""
    _check_manager(by)
    with transaction.atomic():
        _locked_meeting(action.meeting)
        files = [
            update.evidence_file.name or ""
            for update in action.updates.exclude(evidence_file="")
            if update.evidence_file
        ]
        action.delete()
        transaction.on_commit(lambda: _delete_files(files))


def _check_manager(by: User) -> None:
    if not permissions.may_manage_coordination(by):
        raise PermissionDenied


def _locked_meeting(meeting: Meeting) -> Meeting:
    """The meeting, locked against a concurrent approval of its minutes; refused once they are
    approved."""
    current = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if current.status in LOCKED_MEETING_STATUSES:
        raise ValidationError(
            _(
                "The minutes of this meeting are approved: its actions can no longer be changed. "
                "Their owners still report on them."
            ),
            code="minutes_approved",
        )
    return current


def _check_fields(meeting: Meeting, fields: ActionFields) -> None:
    errors: dict[str, str] = {}
    text = fields.text.strip()
    if not text:
        errors["text"] = _("Say what is to be done.")
    elif problem := check_characters(text):
        errors["text"] = problem
    elif len(text) > TEXT_LIMIT:
        errors["text"] = _("At most %(limit)d characters; this text has %(length)d.") % {
            "limit": TEXT_LIMIT,
            "length": len(text),
        }
    if fields.item is not None and fields.item.meeting_id != meeting.pk:
        errors["item"] = _("This agenda item is not one of this meeting's.")
    errors.update(_owner_errors(fields.owner_agency, fields.owner))
    if fields.due_on is None:
        errors["due_on"] = _("Give the date by which it is due.")
    elif fields.due_on < meeting.held_on:
        errors["due_on"] = _(
            "The due date (%(due)s) is before the meeting (%(held)s) that passes the action."
        ) % {"due": fields.due_on.isoformat(), "held": meeting.held_on.isoformat()}
    errors.update(_plan_errors(meeting, fields))
    if errors:
        raise ValidationError({name: ValidationError(text) for name, text in errors.items()})


def _owner_errors(agency: Agency | None, owner: User | None) -> dict[str, str]:
    if agency is None:
        return {"owner_agency": _("Say which agency owns the action.")}
    if owner is None:
        return {}
    if owner.agency_id != agency.pk:
        return {
            "owner": _("%(person)s does not work for %(agency)s, the agency that owns it.")
            % {"person": owner.display_name, "agency": agency.name}
        }
    if not owner.is_active:
        return {"owner": _("%(person)s's account is deactivated.") % {"person": owner.display_name}}
    return {}


def _plan_errors(meeting: Meeting, fields: ActionFields) -> dict[str, str]:
    """Linked elements must belong to the plan the meeting steers."""
    errors = {}
    linked = {
        "area": fields.area,
        "activity": fields.activity,
        "indicator": fields.indicator,
        "recommendation": fields.recommendation,
    }
    for name, element in linked.items():
        if element is not None and element.plan_id != meeting.plan_id:
            errors[name] = _("%(element)s is not part of the plan this meeting steers.") % {
                "element": str(element)
            }
    return errors


# --- Owners' updates --------------------------------------------------------------------------


def action_update(
    *,
    action: Action,
    status: str,
    comment: str,
    evidence_link: str,
    evidence_file: File | None,
    by: User,
    today: datetime.date,
) -> ActionUpdate:
    """Report on an action: its owner, its owner agency's reporters and approvers, or the
    coordinator. Sets the action's status (and the day it closed: coordination.rules) and keeps
    the update, with its evidence, in its history."""
    if not permissions.may_update_action(by, action.owner_agency_id, action.owner_id):
        raise PermissionDenied
    comment = (comment or "").strip()
    evidence_link = (evidence_link or "").strip()
    with transaction.atomic():
        current = Action.objects.select_for_update().get(pk=action.pk)
        _check_update(current, status, comment, evidence_link, evidence_file)
        update = ActionUpdate(
            action=current, status=status, comment=comment, evidence_link=evidence_link, by=by
        )
        stored = _store_evidence(update, evidence_file)
        try:
            update.save()
            current.closed_on = closed_on_for(status, current.status, current.closed_on, today)
            current.status = status
            current.save(update_fields=["status", "closed_on", "updated_at"])
        except Exception:
            _delete_files([stored] if stored else [])
            raise
    action.status, action.closed_on = current.status, current.closed_on
    return update


def _check_update(
    action: Action, status: str, comment: str, link: str, upload: File | None
) -> None:
    errors: dict[str, str] = {}
    if status not in ActionStatus.values:
        errors["status"] = _("“%(status)s” is not a status; choose one of %(choices)s.") % {
            "status": status,
            "choices": ", ".join(ActionStatus.values),
        }
    if problem := check_characters(comment):
        errors["comment"] = problem
    elif len(comment) > COMMENT_LIMIT:
        errors["comment"] = _("At most %(limit)d characters; this text has %(length)d.") % {
            "limit": COMMENT_LIMIT,
            "length": len(comment),
        }
    elif status == ActionStatus.DROPPED and not comment and action.status != status:
        errors["comment"] = _("Say why the action is dropped.")
    elif status == action.status and not (comment or link or upload):
        errors["comment"] = _("Nothing to record: change the status, or add a comment or evidence.")
    if link and (problem := _link_problem(link)):
        errors["evidence_link"] = problem
    if upload is not None and (problem := evidence_problem(upload)):
        errors["evidence_file"] = problem
    if errors:
        raise ValidationError({name: ValidationError(text) for name, text in errors.items()})


def _link_problem(link: str) -> str | None:
    if len(link) > LINK_LIMIT:
        return _("A link may be at most %(limit)d characters.") % {"limit": LINK_LIMIT}
    try:
        URLValidator(schemes=["http", "https"])(link)
    except ValidationError:
        return _("“%(link)s” is not a web address (https://…).") % {"link": link}
    return None


def evidence_problem(upload: File) -> str | None:
    """Why a file cannot be kept as evidence (size, type, or content not of its type), or
    None. The rules of every upload: tipmonitor.lib.uploads' size limit."""
    name = upload.name or ""
    if (upload.size or 0) > settings.WORKBOOK_MAX_BYTES:
        limit = filesizeformat(settings.WORKBOOK_MAX_BYTES)
        return _("The file is too large: it may be at most %(limit)s.") % {"limit": limit}
    if not upload.size:
        return _("%(name)s is empty.") % {"name": name}
    suffix = evidence_suffix(name)
    if suffix not in EVIDENCE_TYPES:
        return _("%(name)s is not a file kept as evidence: choose one of %(suffixes)s.") % {
            "name": name,
            "suffixes": " ".join(sorted(EVIDENCE_TYPES)),
        }
    if not _content_matches(upload, suffix):
        return _("%(name)s is not a %(suffix)s file: its content says otherwise.") % {
            "name": name,
            "suffix": suffix,
        }
    return None


def _content_matches(upload: File, suffix: str) -> bool:
    magic = EVIDENCE_TYPES[suffix][1]
    upload.seek(0)
    try:
        if magic is not None:
            return upload.read(len(magic)) == magic
        data = upload.read()
        if b"\x00" in data:
            return False
        data.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False
    finally:
        upload.seek(0)


def _store_evidence(update: ActionUpdate, upload: File | None) -> str:
    """Write the file to storage (settings.MEDIA_ROOT, under var/), named safely; its name."""
    if upload is None:
        return ""
    given = (upload.name or "").replace("\\", "/").rsplit("/", 1)[-1]
    try:
        name = get_valid_filename(given)[-60:]
    except SuspiciousFileOperation:
        name = "evidence" + evidence_suffix(given)
    update.evidence_file.save(name, upload, save=False)
    return update.evidence_file.name or ""


def _delete_files(names: list[str]) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:
            logger.warning("Could not delete the evidence file %s.", name)
