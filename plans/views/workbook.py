"""The plan workbook on the web: the coordinator's upload page, the blank template and the
download of a plan as a workbook or JSON. The importer and exporter (plans.workbook.services)
do the work; these views check who may ask and what was sent.

The uploaded file is read in memory (settings.FILE_UPLOAD_HANDLERS) and never written to disk.
"""

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from accounts import permissions
from accounts.models import User
from plans import selectors
from plans.workbook import services as workbook_services
from plans.workbook.services import ImportSummary, WorkbookInvalid, plan_export, plan_import
from plans.workbook_forms import WorkbookUploadForm, request_size

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
TEMPLATE_FILENAME = "tipmonitor-plan-template.xlsx"

# The importer counts by element kind; these are the words the coordinator reads.
KIND_LABELS = {
    "plan": gettext_lazy("plan"),
    "plans": gettext_lazy("plans"),
    "agencies": gettext_lazy("agencies"),
    "dimensions": gettext_lazy("dimensions"),
    "categories": gettext_lazy("categories"),
    "areas": gettext_lazy("areas"),
    "objectives": gettext_lazy("objectives"),
    "activities": gettext_lazy("activities"),
    "indicators": gettext_lazy("indicators"),
    "milestones": gettext_lazy("milestones"),
}


def _user(request: HttpRequest) -> User:
    # Every view here is behind login_required.
    return cast(User, request.user)


@require_http_methods(["GET", "POST"])
@login_required
def upload(request: HttpRequest) -> HttpResponse:
    if not permissions.may_edit_plans(_user(request)):
        raise PermissionDenied
    posted = request.method == "POST"
    # Bound on every POST: an upload too large for memory arrives with no fields at all.
    form = WorkbookUploadForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        request_size=request_size(request),
    )
    context: dict[str, object] = {"form": form}
    if posted and form.is_valid():
        dry_run: bool = form.cleaned_data["dry_run"]
        try:
            summary = plan_import(data=form.cleaned_data["workbook"].read(), dry_run=dry_run)
        except WorkbookInvalid as invalid:
            context["errors"] = invalid.errors
        else:
            if not dry_run:
                messages.success(request, _import_message(summary))
                return redirect("plans:plan_tree", plan_id=summary.plan.pk)
            context["summary"] = summary
            context["changes"] = _changes(summary)
    return render(request, "plans/upload.html", context)


@require_safe
@login_required
def blank_template(request: HttpRequest) -> HttpResponse:
    return _download(workbook_services.blank_template(), fmt="xlsx", filename=TEMPLATE_FILENAME)


@require_safe
@login_required
def export(request: HttpRequest, plan_id: int, fmt: str) -> HttpResponse:
    if fmt not in CONTENT_TYPES:
        raise Http404
    plan = selectors.get_plan_for_user(_user(request), plan_id)
    return _download(plan_export(plan=plan, fmt=fmt), fmt=fmt, filename=f"{plan.code}.{fmt}")


def _download(data: bytes, *, fmt: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _changes(summary: ImportSummary) -> list[tuple[str, str]]:
    """(what happened, which elements how many) for each non-empty kind of change."""
    changes = [
        (_("Created"), summary.created),
        (_("Updated"), summary.updated),
        (_("Removed"), summary.deleted),
    ]
    return [(label, _counts(counts)) for label, counts in changes if any(counts.values())]


def _counts(counts: dict[str, int]) -> str:
    parts = [
        _("%(count)d %(kind)s") % {"count": count, "kind": KIND_LABELS.get(kind, kind)}
        for kind, count in counts.items()
        if count
    ]
    return ", ".join(parts)


def _import_message(summary: ImportSummary) -> str:
    changes = "; ".join(
        _("%(change)s: %(counts)s") % {"change": label, "counts": counts}
        for label, counts in _changes(summary)
    )
    return _("Plan %(code)s imported. %(changes)s") % {
        "code": summary.plan.code,
        "changes": changes or _("Nothing changed."),
    }
