"""The two file ways in on the web: the report workbook (download it pre-filled, fill it offline,
upload it back) and bulk data values (a CSV or XLSX file, one value a row).

Both go through the same services as the web form (`report_save`, `values_import`), so the same
rules apply; these views check who may ask and show the errors where they are in the file.
Uploaded files are read in memory (settings.FILE_UPLOAD_HANDLERS) and never written to disk;
a data values file of more than settings.IMPORT_IN_WORKER_ROWS rows is kept in the database
for the worker instead (reporting.services.values_queue), and the page shows its job.
"""

from dataclasses import dataclass
from typing import cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from accounts import permissions
from accounts.models import User
from jobs.models import Job, JobStatus
from jobs.selectors import jobs_for_user
from plans.selectors import plans_visible_to
from plans.workbook_forms import request_size
from reporting.datavalues import default_import_status, error_text, values_parse
from reporting.file_forms import ReportWorkbookForm, ValuesFileForm
from reporting.models import Report, ReportStatus
from reporting.selectors import get_report_for_user, report_contents_for_user
from reporting.services import (
    VALUES_IMPORT_SUBJECT,
    ReportConflict,
    ValuesInvalid,
    needs_approval,
    values_import,
    values_import_queue,
)
from reporting.workbook import ReportWorkbookInvalid, report_template, report_workbook_save

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
IMPORT_JOBS_SHOWN = 5


def _user(request: HttpRequest) -> User:
    # Every view here is behind login_required.
    return cast(User, request.user)


@require_safe
@login_required
def report_workbook(request: HttpRequest, report_id: int) -> HttpResponse:
    """The report as a workbook, pre-filled with what is saved (anyone who may read it; counts
    of victims withheld from whoever may not see them, issue 10 #4)."""
    user = _user(request)
    report = get_report_for_user(user, report_id)
    contents = report_contents_for_user(user, report)
    filename = f"report-{report.agency.code}-{report.period}-v{report.version}.xlsx"
    response = HttpResponse(report_template(report=report, contents=contents), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@require_http_methods(["GET", "POST"])
@login_required
def report_upload(request: HttpRequest, report_id: int) -> HttpResponse:
    """Upload the filled-in workbook into the report (those who may edit it), and submit it
    if asked (the agency's members, as on the report page: for the agency's approval when it
    signs its reports off and the uploader is not its approver). A report awaiting approval
    takes no workbook: its approver approves it or sends it back on the report page."""
    user = _user(request)
    report = get_report_for_user(user, report_id, edit=True)
    can_submit = permissions.may_report_for(user, report.agency_id)
    posted = request.method == "POST"
    form = ReportWorkbookForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        request_size=request_size(request),
    )
    context: dict[str, object] = {
        "form": form,
        "report": report,
        "can_submit": can_submit,
        "submit_label": upload_submit_label(report, user),
    }
    if posted and form.is_valid():
        submit = request.POST.get("action") == "submit"
        if submit and not can_submit:
            raise PermissionDenied
        data = form.cleaned_data["file"].read()
        try:
            report = report_workbook_save(report=report, user=user, data=data, submit=submit)
        except ReportWorkbookInvalid as invalid:
            context["errors"] = invalid.errors
            context["submitting"] = submit
        except ReportConflict as conflict:
            context["conflict"] = conflict.message
        else:
            messages.success(request, _upload_message(report, submit))
            return redirect("reporting:report_detail", report_id=report.pk)
    return render(request, "reporting/report_upload.html", context)


def upload_submit_label(report: Report, user: User) -> str:
    """The upload page's second button, worded as the report page's submit button."""
    if needs_approval(report, user):
        return _("Upload and send for approval")
    if report.agency.requires_sign_off:
        return _("Upload, approve and submit to the coordinator")
    return _("Upload and submit to the coordinator")


def _upload_message(report: Report, submit: bool) -> str:
    if not submit:
        return _("The workbook was read and the report saved.")
    if report.status == ReportStatus.AWAITING_APPROVAL:
        return _(
            "The workbook was read and the report saved and sent for approval. It awaits the "
            "agency's approval, and reaches the coordinator when one of the agency's approvers "
            "approves it."
        )
    return _("The workbook was read and the report saved and submitted to the coordinator.")


@require_http_methods(["GET", "POST"])
@login_required
def values_upload(request: HttpRequest) -> HttpResponse:
    """Bulk data values from a file: the coordinator's for any agency, recorded as accepted
    unless sent for review; an agency's reporters' for their own agency, for review."""
    user = _user(request)
    if not permissions.may_import_values(user):
        raise PermissionDenied
    posted = request.method == "POST"
    form = ValuesFileForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        request_size=request_size(request),
        plans=plans_visible_to(user),
        may_accept=permissions.may_accept_values(user),
    )
    context: dict[str, object] = {"form": form}
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        status = form.cleaned_data.get("status") or default_import_status(user)
        plan = form.cleaned_data["plan"]
        data = upload.read()
        try:
            rows = values_parse(
                data=data, name=upload.name or "", limit=settings.WORKBOOK_MAX_BYTES
            )
            if len(rows) > settings.IMPORT_IN_WORKER_ROWS:
                values_import_queue(
                    plan=plan,
                    data=data,
                    filename=upload.name or "",
                    rows=len(rows),
                    user=user,
                    status=status,
                )
                messages.info(request, _in_worker_message(len(rows)))
                return redirect("reporting:values_upload")
            result = values_import(plan=plan, rows=rows, user=user, status=status)
        except ValuesInvalid as invalid:
            context["errors"] = [error_text(*error) for error in invalid.errors]
        else:
            messages.success(request, result.message())
            return redirect("reporting:values_upload")
    context["jobs"] = _import_jobs(user)
    return render(request, "reporting/values_upload.html", context)


def _in_worker_message(rows: int) -> str:
    return ngettext(
        "The file has %(count)d value: it is checked and imported in the background. Its "
        "state is shown below; errors, if any, are listed there by row.",
        "The file has %(count)d values: they are checked and imported in the background. "
        "Their state is shown below; errors, if any, are listed there by row.",
        rows,
    ) % {"count": rows}


@dataclass
class _ImportJob:
    job: Job
    errors: list[str]  # a failed import's errors, one a row (the first line is the summary)


def _import_jobs(user: User) -> list[_ImportJob]:
    """The user's recent imports done by the worker (the coordinator: everyone's), newest
    first; a failed one with its errors by row."""
    jobs = jobs_for_user(user, subject=VALUES_IMPORT_SUBJECT, limit=IMPORT_JOBS_SHOWN)
    return [
        _ImportJob(job, job.error.splitlines() if job.status == JobStatus.FAILED else [])
        for job in jobs
    ]
