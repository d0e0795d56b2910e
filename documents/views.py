"""The coordinator's preparation page for the annual monitoring report and the quarterly summary
(narrative sections with their drafts, the agencies' words beside them, the numbers as the
document will print them, generating DOCX and PDF, publishing), and the list of generated
documents coordinators and viewers download from.

Every view goes through `selectors.get_documents_plan_for_user` or `get_document_for_user`:
403 for a role that may not, 404 for a plan the user may not see or a document, period or
language that is not the plan's.
"""

from dataclasses import dataclass
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts import permissions
from accounts.models import User
from documents import selectors, services
from documents.builder import document_content
from documents.estimation_section import estimation_available
from documents.forms import ChooseForm, GenerateForm, PublishForm, SectionForm
from documents.generate import CONTENT_TYPES
from documents.models import (
    REPORT_KINDS,
    Document,
    DocumentFormat,
    DocumentKind,
    NarrativeDraft,
)
from documents.sections import Section, sections_for
from jobs.selectors import latest_job
from plans.models import Plan
from tipmonitor.lib.reporting_periods import Period


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)  # every view here is behind login_required


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


@dataclass
class _Target:
    plan: Plan
    kind: str
    period: Period
    language: str

    @property
    def args(self) -> list[Any]:
        return [self.plan.pk, self.kind, self.period.code, self.language]

    @property
    def url(self) -> str:
        return reverse("documents:prepare", args=self.args)


def _target(request: HttpRequest, plan_id: int, kind: str, period: str, language: str) -> _Target:
    """The document being prepared, from the URL: only the coordinator; 404 for a kind,
    period or language that is not the plan's."""
    plan = selectors.get_documents_plan_for_user(_user(request), plan_id, prepare=True)
    if kind not in REPORT_KINDS or language not in plan.language_list:
        raise Http404
    try:
        checked = selectors.document_period(plan, kind, period)
    except ValueError:
        raise Http404 from None
    if checked.code != period:
        raise Http404
    return _Target(plan, kind, checked, language)


def _languages(plan: Plan) -> list[tuple[str, str]]:
    return [(code, get_language_info(code)["name_translated"]) for code in plan.language_list]


@require_safe
@login_required
def plan_documents(request: HttpRequest, plan_id: int) -> HttpResponse:
    user = _user(request)
    plan = selectors.get_documents_plan_for_user(user, plan_id)
    can_prepare = permissions.may_prepare_documents(user)
    form = ChooseForm(request.GET if "kind" in request.GET else None, languages=_languages(plan))
    if can_prepare and form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            period = selectors.document_period(plan, data["kind"], data["period"])
        except ValueError as error:
            form.add_error("period", str(error))
        else:
            args = [plan.pk, data["kind"], period.code, data["language"]]
            return redirect("documents:prepare", *args)
    today = timezone.localdate()
    context = {
        "plan": plan,
        "form": form,
        "can_prepare": can_prepare,
        "documents": selectors.documents_of(
            plan, published_only=not permissions.may_read_unpublished_documents(user)
        ),
        # Generations on their way, for the coordinator: the list refreshes itself until done.
        "pending": selectors.generations_pending(plan) if can_prepare else [],
        "list_url": reverse("documents:plan_documents", args=[plan.pk]) + "?part=documents",
        "from_list": True,
        "suggested": [
            (kind, selectors.default_period(plan, kind, today), code, name)
            for kind in REPORT_KINDS
            for code, name in _languages(plan)
        ],
    }
    if _is_htmx(request) and request.GET.get("part") == "documents":
        return render(request, "documents/_documents_list.html", context)
    return render(request, "documents/plan_documents.html", context)


@dataclass
class _SectionItem:
    section: Section
    form: SectionForm
    draft: NarrativeDraft | None
    error: str = ""
    saved: bool = False


def _section_items(target: _Target, posted: _SectionItem | None = None) -> list[_SectionItem]:
    areas = list(target.plan.areas.order_by("position", "code"))
    drafts = selectors.narrative_drafts(
        target.plan, target.kind, target.period.code, target.language
    )
    items = []
    for section in sections_for(target.kind, areas):
        if posted is not None and posted.section.key == section.key:
            items.append(posted)
            continue
        draft = drafts.get(section.key)
        initial = {"section": section.key, "revision": draft.revision if draft else 0}
        initial["text"] = draft.text if draft else ""
        items.append(_SectionItem(section, SectionForm(initial=initial, prefix=None), draft))
    return items


def _prepare_context(
    request: HttpRequest, target: _Target, posted: _SectionItem | None = None
) -> dict[str, Any]:
    plan = target.plan
    return {
        "plan": plan,
        "target": target,
        "kind_label": DocumentKind(target.kind).label,
        "language_name": get_language_info(target.language)["name_translated"],
        "items": _section_items(target, posted),
        "input": selectors.agency_input(plan, target.period),
        "preview": document_content(
            plan=plan,
            kind=target.kind,
            period=target.period,
            language=target.language,
            user=_user(request),
            charts=False,
            estimate=False,  # not previewed: the generate form says whether it is printed
        ),
        "formats": DocumentFormat.choices,
        "estimate_option": estimation_available(target.kind, target.period),
        **_list_context(target),
    }


@require_safe
@login_required
def prepare(
    request: HttpRequest, plan_id: int, kind: str, period: str, language: str
) -> HttpResponse:
    target = _target(request, plan_id, kind, period, language)
    if _is_htmx(request) and request.GET.get("part") == "documents":
        return render(request, "documents/_documents_list.html", _list_context(target))
    context = _prepare_context(request, target)
    # The latest generation of this document (in either format), where it is: after the
    # Generate button without JavaScript, the page shows it here.
    context["job"] = latest_job(subject=_subject(target))
    return render(request, "documents/prepare.html", context)


def _subject(target: _Target) -> str:
    return services.generation_subject(
        plan=target.plan, kind=target.kind, period=target.period.code, language=target.language
    )


def _list_context(target: _Target) -> dict[str, Any]:
    """The page's list of generated documents, with the generations still on their way (the
    list polls itself while there are any)."""
    return {
        "documents": selectors.documents_of(
            target.plan, kind=target.kind, period=target.period.code
        ),
        "pending": selectors.generations_pending(target.plan, subject=_subject(target)),
        "list_url": f"{target.url}?part=documents",
        "can_prepare": True,
    }


@require_POST
@login_required
def save_section(
    request: HttpRequest, plan_id: int, kind: str, period: str, language: str
) -> HttpResponse:
    target = _target(request, plan_id, kind, period, language)
    form = SectionForm(request.POST)
    areas = list(target.plan.areas.order_by("position", "code"))
    sections = {section.key: section for section in sections_for(target.kind, areas)}
    key = request.POST.get("section", "")
    if key not in sections:
        raise Http404
    item = _SectionItem(sections[key], form, None)
    if form.is_valid():
        try:
            item.draft = services.narrative_save(
                plan=target.plan,
                kind=target.kind,
                period=target.period.code,
                section=key,
                language=target.language,
                text=form.cleaned_data["text"],
                revision=form.cleaned_data["revision"],
                user=_user(request),
            )
        except services.NarrativeConflict as conflict:
            item.error = conflict.message
        except ValidationError as error:
            item.error = " ".join(error.messages)
    else:
        item.error = " ".join(str(m) for messages_ in form.errors.values() for m in messages_)
    if not item.error:
        item.saved = True
        item.form = SectionForm(
            initial={"section": key, "revision": item.draft.revision, "text": item.draft.text}  # type: ignore[union-attr]
        )
        if not _is_htmx(request):
            messages.success(request, _("Saved: %(section)s.") % {"section": item.section.title})
            return redirect(f"{target.url}#section-{key}")
    if _is_htmx(request):
        # 200 even for a refusal: htmx swaps only successful answers, and the refusal is shown
        # in place of the section, with what was typed kept.
        return render(request, "documents/_section.html", {"item": item, "target": target})
    context = _prepare_context(request, target, posted=item)
    return render(request, "documents/prepare.html", context, status=409 if item.error else 200)


@require_POST
@login_required
def generate(
    request: HttpRequest, plan_id: int, kind: str, period: str, language: str
) -> HttpResponse:
    """Queue the file for the worker: with htmx, the page shows the job where the file will
    be offered (it polls until done) and the list of documents shows it on its way; without,
    the page comes back showing the latest job of this document."""
    target = _target(request, plan_id, kind, period, language)
    form = GenerateForm(request.POST)
    job, error = None, ""
    if not form.is_valid():
        error = _("Choose DOCX or PDF.")
    else:
        try:
            job = services.document_generate_queue(
                plan=target.plan,
                kind=target.kind,
                period=target.period.code,
                language=target.language,
                fmt=form.cleaned_data["format"],
                user=_user(request),
                estimate=form.cleaned_data["estimate"],
            )
        except ValidationError as refused:
            error = " ".join(refused.messages)
    if _is_htmx(request):
        # 200 for a refusal too: htmx swaps only successful answers.
        context = {"job": job, "error": error, "may_retry": True, **_list_context(target)}
        return render(request, "documents/_generated.html", context)
    if job is None:
        messages.error(request, error)
    return redirect(f"{target.url}#generate")


@require_safe
@login_required
def download(request: HttpRequest, document_id: int) -> HttpResponse:
    document = selectors.get_document_for_user(_user(request), document_id)
    response = HttpResponse(
        bytes(document.content), content_type=CONTENT_TYPES[DocumentFormat(document.format)]
    )
    response["Content-Disposition"] = content_disposition_header(True, document.filename)
    return response


@require_POST
@login_required
def publish(request: HttpRequest, document_id: int) -> HttpResponse:
    document = selectors.get_document_for_user(_user(request), document_id, manage=True)
    form = PublishForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Say whether to publish or unpublish."), status=400)
    published = form.cleaned_data["published"]
    services.document_publish(document=document, user=_user(request), published=published)
    text = _("Published %(file)s.") if published else _("Took %(file)s off the public site.")
    messages.success(request, text % {"file": document.filename})
    return redirect(_back_to(document, from_list=request.POST.get("from") == "list"))


def _back_to(document: Document, *, from_list: bool = False) -> str:
    """Back where the button was: the plan's list of documents, or the document's page."""
    if not from_list and document.language in document.plan.language_list:
        args = [document.plan_id, document.kind, document.period, document.language]
        return reverse("documents:prepare", args=args) + "#documents"
    return reverse("documents:plan_documents", args=[document.plan_id])
