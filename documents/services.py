"""Writes for the documents: narrative drafts (optimistic locking: a save names the revision it
started from, and a stale one is refused with who changed it and when), generated documents kept
in the database (reports, and the minutes and follow-up reports of coordination), and publishing
reports on the public site."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import permissions
from accounts.models import User
from coordination.models import Meeting, RecommendationSource
from documents.follow_up import check_source
from documents.generate import (
    check_format_and_language,
    checked_request,
    render_document,
    render_follow_up,
    render_minutes,
)
from documents.models import Document, DocumentFormat, DocumentKind, NarrativeDraft
from documents.sections import sections_for
from jobs.models import Job
from jobs.services import job_enqueue
from plans.models import Plan

MAX_NARRATIVE = 50_000


class NarrativeConflict(Exception):  # noqa: N818 (a refusal, named like reporting's)
    """Someone saved the section after the user loaded it."""

    def __init__(
        self, message: str, *, by: User | None = None, at: datetime.datetime | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.by = by
        self.at = at


def _conflict(draft: NarrativeDraft | None) -> NarrativeConflict:
    if draft is None:
        return NarrativeConflict(
            _("This section was deleted or never saved in the version you started from; reload.")
        )
    message = _(
        "Someone else saved this section while you were editing it (by %(who)s at %(when)s). "
        "Your text was not saved: reload the page, then apply your changes again."
    ) % {
        "who": draft.updated_by.get_username() if draft.updated_by else "?",
        "when": timezone.localtime(draft.updated_at).strftime("%Y-%m-%d %H:%M"),
    }
    return NarrativeConflict(message, by=draft.updated_by, at=draft.updated_at)


def _require_coordinator(user: User) -> None:
    if not permissions.may_prepare_documents(user):
        raise PermissionDenied


@transaction.atomic
def narrative_save(
    *,
    plan: Plan,
    kind: str,
    period: str,
    section: str,
    language: str,
    text: str,
    revision: int,
    user: User,
) -> NarrativeDraft:
    """Save one section's text; `revision` is the draft's revision the user loaded (0 for a
    section never saved). NarrativeConflict if it moved on since; ValidationError on bad input."""
    _require_coordinator(user)
    checked_request(plan=plan, kind=kind, period=period, language=language, fmt="docx")
    if section not in {s.key for s in sections_for(kind, list(plan.areas.all()))}:
        raise ValidationError(
            {
                "section": _("“%(section)s” is not a section of this document.")
                % {"section": section}
            }
        )
    if len(text) > MAX_NARRATIVE:
        raise ValidationError(
            {"text": _("Keep a section under %(max)s characters.") % {"max": f"{MAX_NARRATIVE:,}"}}
        )
    key = {"plan": plan, "kind": kind, "period": period, "section": section, "language": language}
    draft = NarrativeDraft.objects.select_for_update().filter(**key).first()
    if draft is None:
        return _create(key, text, revision, user)
    now = timezone.now()
    updated = NarrativeDraft.objects.filter(pk=draft.pk, revision=revision).update(
        text=text, revision=F("revision") + 1, updated_by=user, updated_at=now
    )
    if not updated:
        raise _conflict(draft)
    draft.refresh_from_db()
    return draft


def _create(key: dict[str, object], text: str, revision: int, user: User) -> NarrativeDraft:
    if revision != 0:
        raise _conflict(None)
    try:
        with transaction.atomic():  # a concurrent first save wins; this one is told so
            return NarrativeDraft.objects.create(**key, text=text, revision=1, updated_by=user)
    except IntegrityError:
        raise _conflict(NarrativeDraft.objects.filter(**key).first()) from None


def document_generate(
    *,
    plan: Plan,
    kind: str,
    period: str,
    language: str,
    fmt: str,
    user: User,
    estimate: bool | None = None,
) -> Document:
    """Make the document from the data and the drafts as they are now, and keep it. No
    transaction around the rendering (seconds to a minute): on SQLite it would hold the one
    write lock all that time; the single insert at the end is atomic by itself."""
    _require_coordinator(user)
    rendered = render_document(
        plan=plan,
        kind=kind,
        period=period,
        language=language,
        fmt=fmt,
        user=user,
        estimate=estimate,
    )
    return Document.objects.create(
        plan=plan,
        kind=kind,
        period=period,
        language=language,
        format=fmt,
        filename=rendered.filename,
        content=rendered.content,
        created_by=user,
        created_at=timezone.now(),
    )


def generation_subject(*, plan: Plan, kind: str, period: str, language: str) -> str:
    """What the generation jobs of one document are filed under (both formats): the page
    finds its latest job by it."""
    return f"documents:{plan.pk}:{kind}:{period}:{language}"


@transaction.atomic
def document_generate_queue(
    *,
    plan: Plan,
    kind: str,
    period: str,
    language: str,
    fmt: str,
    user: User,
    estimate: bool | None = None,
) -> Job:
    """Queue the document's generation for the worker (`documents.jobs.generate`): checked
    now, so that a wrong request is refused at once rather than failing in the worker."""
    _require_coordinator(user)
    checked = checked_request(plan=plan, kind=kind, period=period, language=language, fmt=fmt)
    title = _("%(document)s %(period)s (%(format)s, %(language)s)") % {
        "document": DocumentKind(kind).label,
        "period": checked.code,
        "format": DocumentFormat(fmt).name,
        "language": language,
    }
    return job_enqueue(
        function="documents.jobs.generate",
        kwargs={
            "plan_id": plan.pk,
            "kind": kind,
            "period": checked.code,
            "language": language,
            "fmt": fmt,
            "user_id": user.pk,
            # Whether to print the estimate of hidden victims (None: whenever published).
            "estimate": estimate,
        },
        title=title,
        user=user,
        subject=generation_subject(plan=plan, kind=kind, period=checked.code, language=language),
    )


@transaction.atomic
def document_publish(*, document: Document, user: User, published: bool) -> Document:
    """Show the document on the public site (or take it off). Publishing again keeps the first
    publication time."""
    _require_coordinator(user)
    if published and document.published_at is None:
        document.published_at = timezone.now()
    elif not published:
        document.published_at = None
    document.save(update_fields=["published_at"])
    return document


# --- Coordination (issue 12): minutes and follow-up reports -----------------------------------


def _require_coordination(user: User) -> None:
    if not permissions.may_manage_coordination(user):
        raise PermissionDenied


def minutes_generate(*, meeting: Meeting, language: str, fmt: str, user: User) -> Document:
    """Make the meeting's minutes from the minutes as they are now, and keep them (no
    transaction around the rendering, as `document_generate`)."""
    _require_coordination(user)
    rendered = render_minutes(meeting=meeting, language=language, fmt=fmt)
    return Document.objects.create(
        plan=meeting.plan,
        kind=DocumentKind.MINUTES,
        period=meeting.held_on.isoformat(),
        meeting=meeting,
        language=language,
        format=fmt,
        filename=rendered.filename,
        content=rendered.content,
        created_by=user,
        created_at=timezone.now(),
    )


def minutes_subject(meeting: Meeting) -> str:
    """What the generation jobs of a meeting's minutes are filed under."""
    return f"minutes:{meeting.pk}"


@transaction.atomic
def minutes_generate_queue(*, meeting: Meeting, language: str, fmt: str, user: User) -> Job:
    """Queue the minutes' generation for the worker (`documents.jobs.generate_minutes`),
    checked now so that a wrong request is refused at once."""
    _require_coordination(user)
    check_format_and_language(meeting.plan, fmt, language)
    title = _("Minutes of %(body)s, %(date)s (%(format)s, %(language)s)") % {
        "body": meeting.body.code,
        "date": meeting.held_on.isoformat(),
        "format": DocumentFormat(fmt).name,
        "language": language,
    }
    return job_enqueue(
        function="documents.jobs.generate_minutes",
        kwargs={"meeting_id": meeting.pk, "language": language, "fmt": fmt, "user_id": user.pk},
        title=title,
        user=user,
        subject=minutes_subject(meeting),
    )


def follow_up_generate(
    *, plan: Plan, source: str, cycle: str, language: str, fmt: str, user: User
) -> Document:
    """Make the follow-up report on the recommendations of `source` (round `cycle`, or every
    round), statuses as of today, and keep it."""
    _require_coordination(user)
    rendered = render_follow_up(
        plan=plan, source=source, cycle=cycle, language=language, fmt=fmt, user=user
    )
    return Document.objects.create(
        plan=plan,
        kind=DocumentKind.FOLLOW_UP,
        period=timezone.localdate().isoformat(),
        source=source,
        cycle=cycle,
        language=language,
        format=fmt,
        filename=rendered.filename,
        content=rendered.content,
        created_by=user,
        created_at=timezone.now(),
    )


def follow_up_subject(plan: Plan) -> str:
    """What the generation jobs of a plan's follow-up reports are filed under."""
    return f"follow-up:{plan.pk}"


@transaction.atomic
def follow_up_generate_queue(
    *, plan: Plan, source: str, cycle: str, language: str, fmt: str, user: User
) -> Job:
    """Queue a follow-up report for the worker (`documents.jobs.generate_follow_up`), checked
    now."""
    _require_coordination(user)
    check_format_and_language(plan, fmt, language)
    check_source(plan, source, cycle)
    title = _("Follow-up report, %(source)s (%(format)s, %(language)s)") % {
        "source": f"{RecommendationSource(source).label} {cycle}".strip(),
        "format": DocumentFormat(fmt).name,
        "language": language,
    }
    return job_enqueue(
        function="documents.jobs.generate_follow_up",
        kwargs={
            "plan_id": plan.pk,
            "source": source,
            "cycle": cycle,
            "language": language,
            "fmt": fmt,
            "user_id": user.pk,
        },
        title=title,
        user=user,
        subject=follow_up_subject(plan),
    )
