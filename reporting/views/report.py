"""The agency's progress reports on the web: the list of quarters to report on, opening a
quarter's report, the report itself (a form while it may be changed, a page to read otherwise),
the agency's sign-off (its approver approves, or sends the report back to its reporter with a
comment), the coordinator's review (return with a comment, accept, open a correction) and the
versions with who did what and when.

Every view goes through `selectors.get_report_for_user` (404 for a report of another agency or
a draft the user may not read, 403 for a change the role or the report's state refuses) and
calls one service. A refusal is shown at the cell it concerns and in a summary at the top, with
what was typed kept; nothing is half-stored.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import permissions
from accounts.models import User
from agencies.models import Agency
from plans.selectors import get_plan_for_user
from reporting import selectors, services, worklists
from reporting.forms import (
    ApproveForm,
    ReportForm,
    ReturnForm,
    SendBackForm,
    Summary,
    changes_since,
    report_layout,
)
from reporting.models import EventKind, Report, ReportEvent, ReportStatus
from reporting.selectors.signature import report_signature

# My reports -----------------------------------------------------------------------------------


def _status_filter(request: HttpRequest) -> str:
    wanted = request.GET.get("status", "")
    return wanted if wanted in {selectors.NOT_STARTED, *ReportStatus.values} else ""


@require_safe
@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    everyone = permissions.follows_every_agency(user)
    if not everyone and user.agency_id is None:
        raise PermissionDenied
    status = _status_filter(request)
    sections = selectors.quarter_rows_for_user(user, today=timezone.localdate(), status=status)
    context = {
        "sections": sections,
        "all_agencies": everyone,
        "can_start": permissions.may_start_reports(user),
        "can_see_matrix": permissions.may_see_matrix(user),
        "status": status,
        "statuses": [(selectors.NOT_STARTED, _("Not started")), *ReportStatus.choices],
        # An approver's reports to sign off, above the list (their landing page).
        "awaiting_approval": selectors.reports_awaiting_approval_by(user),
        # What apps above reporting add to one's work (coordination: overdue actions).
        "panels": worklists.panels(worklists.REPORT_LIST, user=user, today=timezone.localdate()),
    }
    return render(request, "reporting/report_list.html", context)


@require_POST
@login_required
def report_open(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The current version of a quarter's report, started as a draft if there is none yet."""
    user: User = request.user  # type: ignore[assignment]
    plan = get_plan_for_user(user, plan_id)
    agency = _agency_for(user, request.POST.get("agency", ""))
    try:
        report = services.report_open(
            plan=plan, agency=agency, period=request.POST.get("period", ""), user=user
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("reporting:report_list")
    return redirect("reporting:report_detail", report_id=report.pk)


def _agency_for(user: User, agency_id: str) -> Agency:
    """The agency named in the request: any for the coordinator, else the user's own (404)."""
    if not agency_id.isdigit():
        raise Http404
    if not permissions.is_coordinator(user) and int(agency_id) != user.agency_id:
        raise Http404
    try:
        return Agency.objects.get(pk=int(agency_id))
    except Agency.DoesNotExist:
        raise Http404 from None


# The report -----------------------------------------------------------------------------------


def _can_submit(user: User, report: Report) -> bool:
    """Whether to offer Submit; the service decides again."""
    editable = report.is_current and report.status in selectors.EDITABLE
    return editable and permissions.may_report_for(user, report.agency_id)


def submit_label(report: Report, user: User) -> str:
    """What the submit button says: a reporter of an agency that signs its reports off sends
    the report for approval; its approver's own submission is their sign-off too."""
    if services.needs_approval(report, user):
        return _("Send for approval")
    if report.agency.requires_sign_off:
        return _("Approve and submit to the coordinator")
    return _("Submit to the coordinator")


def _can_approve(user: User, report: Report) -> bool:
    """Whether to offer Approve and Send back; the services decide again."""
    awaiting = report.is_current and report.status == ReportStatus.AWAITING_APPROVAL
    return awaiting and permissions.may_approve_for(user, report.agency_id)


def _page(
    request: HttpRequest,
    contents: selectors.ReportContents,
    *,
    form: ReportForm | None = None,
    return_form: ReturnForm | None = None,
    send_back_form: SendBackForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    report = contents.report
    reviewer = permissions.may_review_reports(user)
    can_review = reviewer and report.is_current and report.status == ReportStatus.SUBMITTED
    can_approve = _can_approve(user, report)
    returned = _last_return(contents)
    sent_back = _last_event(contents, EventKind.SENT_BACK)
    context: dict[str, Any] = {
        "report": report,
        "contents": contents,
        "plan": report.plan,
        "form": form,
        "layout": form.layout if form else report_layout(contents),
        "can_submit": form is not None and _can_submit(user, report),
        "can_review": can_review,
        "can_correct": report.is_current
        and report.status == ReportStatus.ACCEPTED
        and permissions.may_edit_reports_for(user, report.agency_id),
        "return_form": return_form or ReturnForm(),
        # The coordinator's comment stays on the page until the agency submits again.
        "returned": returned if report.status == ReportStatus.RETURNED else None,
        "changes_since_return": _changes_since(returned, contents) if can_review else None,
        "last_return": returned,
        "submit_label": submit_label(report, user),
        "can_approve": can_approve,
        "approve_form": ApproveForm(initial={"revision": report.revision}),
        "send_back_form": send_back_form or SendBackForm(initial={"revision": report.revision}),
        # The approver's comment stays on the page until the reporter sends the report again.
        "sent_back": sent_back if _still_sent_back(contents, sent_back) else None,
        "last_sent_back": sent_back if can_approve else None,
        "changes_since_sent_back": _changes_since(sent_back, contents) if can_approve else None,
        "signature": report_signature(report, contents.events),
    }
    return render(request, "reporting/report_detail.html", context, status=status)


def _last_return(contents: selectors.ReportContents) -> ReportEvent | None:
    return _last_event(contents, EventKind.RETURNED)


def _last_event(contents: selectors.ReportContents, kind: str) -> ReportEvent | None:
    found = [event for event in contents.events if event.kind == kind]
    return found[-1] if found else None


def _still_sent_back(contents: selectors.ReportContents, sent_back: ReportEvent | None) -> bool:
    """The report is with its reporter again, and was not sent on since the send-back."""
    if sent_back is None or contents.report.status not in selectors.EDITABLE:
        return False
    later = contents.events[contents.events.index(sent_back) + 1 :]
    onward = {EventKind.FOR_APPROVAL, EventKind.SUBMITTED, EventKind.IMPORTED}
    return not any(event.kind in onward for event in later)


def _changes_since(returned: ReportEvent | None, contents: selectors.ReportContents) -> Any:
    """What the agency changed since the coordinator returned this version, or its approver
    sent it back (None when it never was, or was before what it held was recorded)."""
    if returned is None or not returned.snapshot:
        return None
    now = services.as_text(services.stored_state(contents.report))
    return changes_since(returned.snapshot, now, contents)


def _report_to_edit(user: User, report_id: int) -> tuple[Report, bool]:
    """The report and whether `user` may change it now, or only read it (404 otherwise)."""
    try:
        return selectors.get_report_for_user(user, report_id, edit=True), True
    except PermissionDenied:
        return selectors.get_report_for_user(user, report_id), False


@require_http_methods(["GET", "POST"])
@login_required
def report_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if request.method == "POST":
        return _report_post(request, selectors.get_report_for_user(user, report_id, edit=True))
    report, editable = _report_to_edit(user, report_id)
    if not editable:
        # Read only: counts of victims withheld from whoever may not see them (issue 10 #4).
        return _page(request, selectors.report_contents_for_user(user, report))
    contents = selectors.report_contents(report)
    # A draft keeps values that break a rule; they are listed from the start, linked to their
    # cells, so nothing waits for the click on Submit to be found.
    form = ReportForm.of_stored(contents)
    if problems := services.report_problems(report, complete=False):
        form.summary = Summary.TO_FIX
        form.add_service_errors(ValidationError(problems))
    return _page(request, contents, form=form)


def _report_post(request: HttpRequest, report: Report) -> HttpResponse:
    """Save what was typed (a cell that cannot be read keeps what is stored, everything else is
    saved), then submit if asked; every problem is shown at once, at its field."""
    user: User = request.user  # type: ignore[assignment]
    contents = selectors.report_contents(report)
    form = ReportForm(request.POST, contents=contents)
    if not form.is_valid() and not form.can_save():
        return _page(request, contents, form=form)
    submit = request.POST.get("action") == "submit"
    try:
        report = services.report_save(report=report, user=user, **form.service_kwargs())
    except services.ReportConflict as conflict:
        return _conflict(request, report, form, conflict)
    except ValidationError as error:
        form.add_service_errors(error)  # nothing was saved; everything typed is shown again
        return _page(request, contents, form=form)
    problems = services.report_problems(report, complete=submit)
    if submit and form.is_valid() and not problems:
        return _submit(request, report, form)
    if not submit and form.is_valid():
        messages.success(request, _("Draft saved."))
        return redirect("reporting:report_detail", report_id=report.pk)
    contents = selectors.report_contents(report)
    again = form.resumed(contents)
    again.summary = Summary.NOT_SUBMITTED if submit else Summary.SAVED_EXCEPT
    if problems:
        again.add_service_errors(ValidationError(problems))
    return _page(request, contents, form=again)


def _conflict(
    request: HttpRequest, report: Report, form: ReportForm, conflict: services.ReportConflict
) -> HttpResponse:
    """Nothing was saved: show what this person typed, what the others stored meanwhile beside
    each field both changed, and let the next save start from what is stored now."""
    report.refresh_from_db()
    contents = selectors.report_contents(report)
    again = form.resumed(contents)
    theirs = conflict.clashes or form.differences(again.stored_state())
    again.show_conflict(conflict.message, theirs)
    return _page(request, contents, form=again, status=409)


def _submit(request: HttpRequest, report: Report, form: ReportForm) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    try:
        report = services.report_submit(report=report, user=user, revision=report.revision)
    except services.ReportConflict as conflict:
        # Saved, but someone changed it before the submission: they see why and decide again.
        return _refused(request, report, [conflict.message])
    except ValidationError as error:
        # Saved; what keeps it from being submitted (found meanwhile) is shown at its fields.
        contents = selectors.report_contents(report)
        again = form.resumed(contents)
        again.summary = Summary.NOT_SUBMITTED
        again.add_service_errors(error)
        return _page(request, contents, form=again)
    if report.status == ReportStatus.AWAITING_APPROVAL:
        messages.success(request, AWAITING_MESSAGE)
    else:
        messages.success(request, _("Report submitted to the coordinator."))
    return redirect("reporting:report_detail", report_id=report.pk)


AWAITING_MESSAGE = _lazy(
    "Report sent for approval. It awaits the agency's approval, and reaches the coordinator "
    "when one of the agency's approvers approves it."
)


@require_POST
@login_required
def report_check(request: HttpRequest, report_id: int) -> HttpResponse:
    """What saving would refuse in one indicator's grid, checked as the person types (htmx);
    nothing is written. Without JavaScript the same messages come back on saving."""
    user: User = request.user  # type: ignore[assignment]
    report = selectors.get_report_for_user(user, report_id, edit=True)
    form = ReportForm(request.POST, contents=selectors.report_contents(report))
    layout = form.block(request.POST.get("indicator", ""))
    if layout is None:
        raise Http404
    history = selectors.accepted_history(
        plan=report.plan,
        agency_ids={report.agency_id},
        indicator_ids={layout.indicator.pk},
        exclude_reports=[report.pk],
    )
    own = history.get((report.agency_id, layout.indicator.pk), [])
    context = {"problems": form.check_block(layout, own), "item": layout}
    return render(request, "reporting/_check.html", context)


# Review -----------------------------------------------------------------------------------------


def _report_to_review(request: HttpRequest, report_id: int) -> Report:
    user: User = request.user  # type: ignore[assignment]
    report = selectors.get_report_for_user(user, report_id)
    if not permissions.may_review_reports(user):
        raise PermissionDenied
    return report


def _refused(request: HttpRequest, report: Report, refusal: list[str]) -> HttpResponse:
    for message in refusal:
        messages.error(request, message)
    return redirect("reporting:report_detail", report_id=report.pk)


@require_POST
@login_required
def report_return(request: HttpRequest, report_id: int) -> HttpResponse:
    report = _report_to_review(request, report_id)
    user: User = request.user  # type: ignore[assignment]
    form = ReturnForm(request.POST)
    if not form.is_valid():
        return _page(request, selectors.report_contents_for_user(user, report), return_form=form)
    try:
        services.report_return(report=report, user=user, comment=form.cleaned_data["comment"])
    except ValidationError as error:
        return _refused(request, report, error.messages)
    except services.ReportConflict as conflict:
        return _refused(request, report, [conflict.message])
    messages.success(request, _("Report returned to the agency with your comment."))
    return redirect("reporting:report_detail", report_id=report.pk)


@require_POST
@login_required
def report_accept(request: HttpRequest, report_id: int) -> HttpResponse:
    report = _report_to_review(request, report_id)
    try:
        services.report_accept(report=report, user=request.user)  # type: ignore[arg-type]
    except ValidationError as error:
        return _refused(request, report, error.messages)
    except services.ReportConflict as conflict:
        return _refused(request, report, [conflict.message])
    messages.success(request, _("Report accepted."))
    return redirect("reporting:report_detail", report_id=report.pk)


@require_POST
@login_required
def report_correct(request: HttpRequest, report_id: int) -> HttpResponse:
    # The coordinator, or the agency's clerk who finds a mistake; the service decides (403).
    report = selectors.get_report_for_user(request.user, report_id)  # type: ignore[arg-type]
    try:
        correction = services.report_correct(report=report, user=request.user)  # type: ignore[arg-type]
    except ValidationError as error:
        return _refused(request, report, error.messages)
    except services.ReportConflict as conflict:
        return _refused(request, report, [conflict.message])
    messages.success(
        request, _("Version %(version)s opened as a draft.") % {"version": correction.version}
    )
    return redirect("reporting:report_detail", report_id=correction.pk)


# The agency's sign-off ------------------------------------------------------------------------


def _report_to_approve(request: HttpRequest, report_id: int) -> Report:
    user: User = request.user  # type: ignore[assignment]
    report = selectors.get_report_for_user(user, report_id)
    if not permissions.may_approve_for(user, report.agency_id):
        raise PermissionDenied
    return report


def _posted_revision(request: HttpRequest) -> int | None:
    form = ApproveForm(request.POST)
    return form.cleaned_data["revision"] if form.is_valid() else None


STALE_PAGE = _lazy(
    "The page did not say which state of the report you read; reload it and try again."
)


@require_POST
@login_required
def report_approve(request: HttpRequest, report_id: int) -> HttpResponse:
    """The agency's approver signs the report off: it goes to the coordinator."""
    report = _report_to_approve(request, report_id)
    revision = _posted_revision(request)
    if revision is None:
        return _refused(request, report, [str(STALE_PAGE)])
    try:
        services.report_approve(report=report, user=request.user, revision=revision)  # type: ignore[arg-type]
    except services.ReportConflict as conflict:
        return _refused(request, report, [conflict.message])
    except ValidationError as error:
        return _refused(request, report, error.messages)
    messages.success(request, _("Report approved and submitted to the coordinator."))
    return redirect("reporting:report_detail", report_id=report.pk)


@require_POST
@login_required
def report_send_back(request: HttpRequest, report_id: int) -> HttpResponse:
    """The agency's approver sends the report back to its reporter with a comment."""
    report = _report_to_approve(request, report_id)
    user: User = request.user  # type: ignore[assignment]
    form = SendBackForm(request.POST)
    if not form.is_valid():
        if "revision" in form.errors:
            return _refused(request, report, [str(STALE_PAGE)])
        contents = selectors.report_contents_for_user(user, report)
        return _page(request, contents, send_back_form=form)
    try:
        services.report_send_back(
            report=report,
            user=user,
            comment=form.cleaned_data["comment"],
            revision=form.cleaned_data["revision"],
        )
    except services.ReportConflict as conflict:
        return _refused(request, report, [conflict.message])
    except ValidationError as error:
        return _refused(request, report, error.messages)
    messages.success(request, _("Report sent back to the reporter with your comment."))
    return redirect("reporting:report_detail", report_id=report.pk)


# Versions ---------------------------------------------------------------------------------------


@require_safe
@login_required
def report_history(request: HttpRequest, report_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    report = selectors.get_report_for_user(user, report_id)
    events = ReportEvent.objects.select_related("by").order_by("at", "pk")
    versions = (
        selectors.reports_for_user(user, report.plan)
        .filter(agency_id=report.agency_id, period=report.period)
        .select_related("submitted_by", "approved_by", "accepted_by")
        .prefetch_related(Prefetch("events", queryset=events))
        .order_by("-version")
    )
    context = {"report": report, "plan": report.plan, "versions": versions}
    return render(request, "reporting/report_history.html", context)
