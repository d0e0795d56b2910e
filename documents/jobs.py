"""The documents' work for the worker (jobs.runner runs it): generating a document's file,
which takes from seconds to a minute (charts drawn, a PDF laid out), so the preparation page
queues it (`services.document_generate_queue`) and shows its state instead of waiting.

The arguments are ids and codes only (they are stored with the job); the requester's right to
generate is checked again when the job runs, as it may have been withdrawn meanwhile."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import User
from coordination.models import Meeting
from documents.services import document_generate, follow_up_generate, minutes_generate
from plans.models import Plan


def generate(
    *,
    plan_id: int,
    kind: str,
    period: str,
    language: str,
    fmt: str,
    user_id: int,
    estimate: bool | None = None,
) -> dict[str, str]:
    """Make the document and keep it; the job's result links to its download."""
    plan = Plan.objects.filter(pk=plan_id).first()
    if plan is None:
        raise ValidationError(_("The plan of this document no longer exists."))
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise ValidationError(_("The user who asked for this document is no longer active."))
    try:
        document = document_generate(
            plan=plan,
            kind=kind,
            period=period,
            language=language,
            fmt=fmt,
            user=user,
            estimate=estimate,
        )
    except PermissionDenied:
        raise ValidationError(
            _("The user who asked for this document may no longer generate documents.")
        ) from None
    return {"url": reverse("documents:download", args=[document.pk]), "text": document.filename}


def _requester(user_id: int) -> User:
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise ValidationError(_("The user who asked for this document is no longer active."))
    return user


def _refused() -> ValidationError:
    return ValidationError(
        _("The user who asked for this document may no longer generate documents.")
    )


def generate_minutes(*, meeting_id: int, language: str, fmt: str, user_id: int) -> dict[str, str]:
    """Make a meeting's minutes and keep them; the job's result links to the download."""
    meeting = Meeting.objects.select_related("body", "plan").filter(pk=meeting_id).first()
    if meeting is None:
        raise ValidationError(_("The meeting of these minutes no longer exists."))
    try:
        document = minutes_generate(
            meeting=meeting, language=language, fmt=fmt, user=_requester(user_id)
        )
    except PermissionDenied:
        raise _refused() from None
    return {"url": reverse("documents:download", args=[document.pk]), "text": document.filename}


def generate_follow_up(
    *, plan_id: int, source: str, cycle: str, language: str, fmt: str, user_id: int
) -> dict[str, str]:
    """Make a follow-up report on recommendations and keep it."""
    plan = Plan.objects.filter(pk=plan_id).first()
    if plan is None:
        raise ValidationError(_("The plan of this document no longer exists."))
    try:
        document = follow_up_generate(
            plan=plan,
            source=source,
            cycle=cycle,
            language=language,
            fmt=fmt,
            user=_requester(user_id),
        )
    except PermissionDenied:
        raise _refused() from None
    return {"url": reverse("documents:download", args=[document.pk]), "text": document.filename}
