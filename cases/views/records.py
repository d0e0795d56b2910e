"""The case pages (docs/cases.md): the records a user may read, one record, the upload of an
agency's file and the coordinator's audit log.

Every page goes through the permission getters of cases.selectors (403 for a role without case
access, 404 for another agency's record) and writes the audit of what it showed. No page shows
a linkage key's value: only which keys a record has.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from accounts import permissions
from accounts import selectors as account_selectors
from accounts.models import User
from agencies.models import Agency
from cases import categories, selectors, services
from cases.forms import CaseFileForm, RecordFilterForm
from cases.importing import CasesInvalid, error_text
from cases.linkage.services import ACTION_DECIDE, ACTION_LINK
from cases.models import CaseRecord
from cases.stats.services import ACTION_EXPORT, ACTION_STATS, ACTION_SYNC
from cases.views.review import ACTION_REVIEW
from jobs.selectors import jobs_for_user
from plans.workbook_forms import request_size
from tipmonitor.lib.pseudonyms import KEY_FIELDS

AUDIT_PAGE_SIZE = 100
LINKAGE_JOBS_SHOWN = 5
# The audit stores each kind of access as a code; the page says it in the reader's language
# (a code not listed here is shown as stored).
ACTION_LABELS = {
    services.ACTION_IMPORT: gettext_lazy("Import"),
    services.ACTION_LIST: gettext_lazy("List of records"),
    services.ACTION_DETAIL: gettext_lazy("Record opened"),
    services.ACTION_REFUSED: gettext_lazy("Refused"),
    ACTION_LINK: gettext_lazy("Linkage run"),
    ACTION_DECIDE: gettext_lazy("Pair decided"),
    ACTION_REVIEW: gettext_lazy("Review"),
    ACTION_STATS: gettext_lazy("Statistics"),
    ACTION_EXPORT: gettext_lazy("Export"),
    ACTION_SYNC: gettext_lazy("Indicator values from case records"),
}
KEY_LABELS = {
    field.name: field.verbose_name for field in CaseRecord._meta.fields if field.name in KEY_FIELDS
}


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@never_cache
@require_safe
@login_required
def record_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    try:
        records = selectors.case_records_for_user(user)
    except PermissionDenied:
        services.case_access_refused(user=user, target="records", status=403)
        raise
    agencies = []
    if permissions.reads_all_cases(user):
        agencies = list(Agency.objects.order_by("code").values_list("code", "code"))
    form = RecordFilterForm(request.GET, agencies=agencies)
    filters = form.filters()
    page = Paginator(selectors.filter_case_records(records, filters), selectors.PAGE_SIZE)
    page_obj = page.get_page(request.GET.get("page"))
    rows = [
        (record, _labels(record.exploitation, categories.EXPLOITATION))
        for record in page_obj.object_list
    ]
    target = f"{filters.describe()} page={page_obj.number}".strip()
    services.case_access_record(
        user=user, action=services.ACTION_LIST, target=target, records=len(rows)
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page_obj": page_obj,
        "rows": rows,
        "query": query.urlencode(),
        "may_import": permissions.may_read_cases(user),
        "is_data_officer": selectors.user_sees_linkage(user),
    }
    return render(request, "cases/record_list.html", context)


@never_cache
@require_safe
@login_required
def record_detail(request: HttpRequest, record_pk: int) -> HttpResponse:
    user = _user(request)
    try:
        record = selectors.get_case_record_for_user(user, record_pk)
    except (PermissionDenied, Http404) as refusal:
        status = 403 if isinstance(refusal, PermissionDenied) else 404
        services.case_access_refused(user=user, target=f"record {record_pk}", status=status)
        raise
    services.case_access_record(
        user=user, action=services.ACTION_DETAIL, target=str(record), records=1
    )
    context = {
        "record": record,
        "exploitation": _labels(record.exploitation, categories.EXPLOITATION),
        "means_of_control": _labels(record.means_of_control, categories.MEANS_OF_CONTROL),
        "services": _labels(record.services, categories.SERVICES),
        "recruiter": categories.RECRUITER_RELATIONSHIP.get(record.recruiter_relationship, ""),
        "keys": [(label, bool(getattr(record, name))) for name, label in KEY_LABELS.items()],
        # Which other agency holds the same person is the coordinator's to know.
        "sees_linkage": selectors.user_sees_linkage(user),
    }
    return render(request, "cases/record_detail.html", context)


def _labels(codes: list[str], labels: dict) -> list[str]:
    return [str(labels.get(code, code)) for code in codes]


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def upload(request: HttpRequest) -> HttpResponse:
    """An agency's file of case records: its case records officer's for their own agency, the
    coordinator's for any. The file is read from memory (FILE_UPLOAD_HANDLERS) and not kept."""
    user = _user(request)
    agencies = selectors.import_agencies_for_user(user)
    posted = request.method == "POST"
    form = CaseFileForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        request_size=request_size(request),
        agencies=agencies,
    )
    context: dict[str, object] = {"form": form}
    if posted and form.is_valid():
        file = form.cleaned_data["file"]
        try:
            result = services.cases_import(
                agency=form.cleaned_data["agency"],
                file=file.read(),
                filename=file.name or "",
                user=user,
            )
        except CasesInvalid as invalid:
            context["errors"] = [error_text(*error) for error in invalid.errors]
        else:
            counts = {"created": result.created, "updated": result.updated}
            counts["unchanged"] = result.unchanged
            messages.success(
                request,
                _("%(created)d records added, %(updated)d changed, %(unchanged)d unchanged.")
                % counts,
            )
            return redirect("cases:upload")
    context["max_mb"] = settings.WORKBOOK_MAX_BYTES // 2**20
    # The linkage after each import, where it is: a case records officer's own imports', the
    # coordinator's every import's. The newest first; each unfinished one polls itself.
    context["linkage_jobs"] = list(
        jobs_for_user(user, subject=services.LINKAGE_SUBJECT, limit=LINKAGE_JOBS_SHOWN)
    )
    context["may_retry"] = permissions.is_coordinator(user)
    return render(request, "cases/upload.html", context)


@never_cache
@require_safe
@login_required
def audit(request: HttpRequest) -> HttpResponse:
    entries = selectors.case_access_log(_user(request))
    page_obj = Paginator(entries, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page_obj,
        "entries": [
            (entry, ACTION_LABELS.get(entry.action, entry.action)) for entry in page_obj.object_list
        ],
        "query": "",
        # Who was given a role that opens case data sits beside who read it (issue 10 #5).
        "security_events": account_selectors.security_events_for(_user(request)),
    }
    return render(request, "cases/audit.html", context)
