"""Progress reports and bulk data values through the JSON API (docs/data-values.md).

Reading goes through the same permission getters as the pages (reporting.selectors): agency B
never sees agency A's reports (404). Posting data values goes through `values_import`, the
service the `import-values` command and the upload page use, so the same rules apply.

The workflow (submit, and the agency's sign-off: approve, send back) calls the services the
report page calls. Each takes the `revision` the client read. The answers: 200 with the report
as it is now; 403 for a role that may not; 404 for a report the user may not see; 409 when the
report is not in a state that allows it (someone changed it since that revision, it is not
awaiting approval, the agency has no approver); 422 with each problem where it is (`loc`
`["report", <field key>]` for what keeps the report from being submitted, `["body",
"comment"]` for a send-back without a comment).
"""

from decimal import Decimal
from typing import Any, cast

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja import Field, Query, Router, Schema, Status

from accounts import permissions
from accounts.models import User
from plans.selectors import plans_visible_to
from reporting import schemas
from reporting.datavalues import default_import_status
from reporting.models import ActivityUpdate, IndicatorEntry, IndicatorValue, Report, ReportStatus
from reporting.selectors import get_report_for_user, reports_visible_to, withheld_indicator_ids
from reporting.services import (
    ImportResult,
    ReportConflict,
    ValueRow,
    ValuesInvalid,
    report_approve,
    report_send_back,
    report_submit,
    values_import,
)
from reporting.validation import check_characters, parse_breakdown
from tipmonitor.lib.reporting_periods import parse_period_code
from tipmonitor.schemas import (
    AUTH_ERRORS,
    INVALID,
    MAX_ID,
    READ_ERRORS,
    TOO_LARGE,
    ErrorOut,
    InvalidRequestOut,
    PathId,
    row_errors,
)

router = Router(tags=["reports"])


def _user(request: HttpRequest) -> User:
    # `django_auth` (tipmonitor.api) lets no anonymous request reach an operation.
    return cast(User, request.user)


class ReportFilters(Schema):
    plan_id: int | None = Field(None, ge=1, le=MAX_ID)
    agency: str | None = None
    period: str | None = None
    status: ReportStatus | None = None
    current: bool = True


@router.get(
    "/reports",
    response={200: list[schemas.ReportOut], **AUTH_ERRORS, **INVALID},
)
def list_reports(request: HttpRequest, filters: Query[ReportFilters]) -> list[dict[str, Any]]:
    """The reports you may see, oldest quarter first: your agency's (drafts included); every
    agency's submitted and accepted ones for viewers; all of them for the coordinator. Only
    current versions unless `current=false`."""
    reports = _visible_reports(_user(request), filters.plan_id)
    if filters.agency:
        reports = reports.filter(agency__code=filters.agency)
    if filters.period:
        reports = reports.filter(period=_period_code(filters.period))
    if filters.status:
        reports = reports.filter(status=filters.status)
    if filters.current:
        reports = reports.filter(is_current=True)
    reports = reports.select_related("plan", "agency", "submitted_by", "approved_by")
    reports = reports.order_by("period_start", "agency__code")
    return [_summary(report) for report in reports]


def _period_code(text: str) -> str:
    """Our code for a DHIS2 one (`2025Q1` -> `2025-Q1`); other text is matched as given."""
    try:
        return parse_period_code(text).code
    except ValueError:
        return text


def _visible_reports(user: User, plan_id: int | None) -> QuerySet[Report]:
    reports = reports_visible_to(user)
    return reports if plan_id is None else reports.filter(plan_id=plan_id)


@router.get("/reports/{report_id}", response={200: schemas.ReportDetailOut, **READ_ERRORS})
def get_report(request: HttpRequest, report_id: PathId) -> dict[str, Any]:
    """One report with its values, the annex-5 fields of each indicator, the status of each
    activity and its history."""
    user = _user(request)
    report = get_report_for_user(user, report_id)
    # Who submitted and approved it, in one query.
    ids = {pk for pk in (report.submitted_by_id, report.approved_by_id) if pk is not None}
    named = {person.pk: person for person in User.objects.filter(pk__in=ids)} if ids else {}
    if report.submitted_by_id is not None:
        report.submitted_by = named[report.submitted_by_id]
    if report.approved_by_id is not None:
        report.approved_by = named[report.approved_by_id]
    # Counts of victims withheld from anyone but the coordinator and the agency (issue 10 #4).
    return _report_detail(report, withheld=withheld_indicator_ids(user, report))


def _report_detail(report: Report, *, withheld: frozenset[int] = frozenset()) -> dict[str, Any]:
    values = report.values.select_related("indicator", "entered_by").order_by(
        "indicator__position", "indicator__code", "period", "breakdown"
    )
    entries = report.entries.select_related("indicator")
    updates = report.activity_updates.select_related("activity")
    events = report.events.select_related("by")
    return {
        **_summary(report),
        "contact_person": report.contact_person,
        "general_observations": report.general_observations,
        "values": [_value(value, value.indicator_id in withheld) for value in values],
        "entries": [_entry(entry) for entry in entries],
        "activities": [_update(update) for update in updates],
        "events": [
            {"kind": e.kind, "by": e.by.username, "at": e.at, "comment": e.comment} for e in events
        ],
    }


def _summary(report: Report) -> dict[str, Any]:
    return {
        "id": report.pk,
        "plan": report.plan.code,
        "agency": report.agency.code,
        "period": report.period,
        "period_start": report.period_start,
        "period_end": report.period_end,
        "due_on": report.due_on,
        "version": report.version,
        "is_current": report.is_current,
        "status": report.status,
        "revision": report.revision,
        "first_submitted_at": report.first_submitted_at,
        "submitted_at": report.submitted_at,
        "submitted_by": report.submitted_by.username if report.submitted_by else None,
        "approved_by": report.approved_by.username if report.approved_by else None,
        "approved_at": report.approved_at,
        "accepted_at": report.accepted_at,
    }


def _number(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def _value(value: IndicatorValue, withheld: bool = False) -> dict[str, Any]:
    return {
        "indicator": value.indicator.code,
        "period": value.period,
        "breakdown": parse_breakdown(value.breakdown),
        "value": None if withheld else _number(value.value),
        "withheld": withheld,
        "comment": value.comment,
        "source": value.source,
        "entered_by": value.entered_by.username,
        "entered_at": value.entered_at,
    }


def _entry(entry: IndicatorEntry) -> dict[str, Any]:
    return {
        "indicator": entry.indicator.code,
        "narrative": entry.narrative,
        "rating": entry.rating or None,
        "outputs_achieved": entry.outputs_achieved,
        "activities_implemented": entry.activities_implemented,
        "budget_spent": _number(entry.budget_spent),
        "donors": entry.donors,
        "assessment": entry.assessment or None,
        "comment": entry.comment,
    }


def _update(update: ActivityUpdate) -> dict[str, Any]:
    return {
        "activity": update.activity.code,
        "state": update.state,
        "percent_done": update.percent_done,
        "spent": _number(update.spent),
        "comment": update.comment,
    }


@router.post(
    "/data-values",
    response={
        200: schemas.ImportOut,
        400: schemas.ValuesErrorOut,
        403: ErrorOut,
        **READ_ERRORS,
        **TOO_LARGE,
    },
)
def post_data_values(request: HttpRequest, payload: schemas.DataValuesIn) -> Status[dict[str, Any]]:
    """Record aggregate values, one per row, as `tipmonitor import-values` does. A coordinator's
    values are accepted unless `status` is `submitted`; an agency's reporter or approver posts
    only the agency's own values, for review (`submitted`), or for the agency's approval
    (`awaiting_approval`) when it signs its reports off and they are not its approver. Any error
    rejects the whole request: nothing is stored."""
    user = _user(request)
    # A plan code that is not text (a NUL, a lone surrogate) could not even be looked up.
    if problem := check_characters(payload.plan):
        return _rejected(ValuesInvalid([(0, "plan", problem)]))
    plan = plans_visible_to(user).filter(code=payload.plan).first()
    if plan is None:
        raise Http404
    if payload.status == ReportStatus.ACCEPTED and not permissions.may_accept_values(user):
        raise PermissionDenied(_("Only the coordinator records values as accepted."))
    status = payload.status or default_import_status(user)
    rows = [_row(number, value) for number, value in enumerate(payload.values, start=1)]
    try:
        result: ImportResult = values_import(plan=plan, rows=rows, user=user, status=status)
    except ValuesInvalid as invalid:
        return _rejected(invalid)
    return Status(
        200,
        {
            # A reporter of an agency that signs its reports off asks `submitted` and gets
            # `awaiting_approval`.
            "status": result.status or status,
            "reports": result.reports,
            "values_created": result.values_created,
            "values_updated": result.values_updated,
        },
    )


def _rejected(invalid: ValuesInvalid) -> Status[dict[str, Any]]:
    errors = row_errors(invalid.errors)
    detail = ngettext(
        "The values were rejected (%(count)d error); nothing was stored.",
        "The values were rejected (%(count)d errors); nothing was stored.",
        len(errors),
    ) % {"count": len(errors)}
    return Status(400, {"detail": detail, "errors": errors})


def _row(number: int, value: schemas.DataValueIn) -> ValueRow:
    # A JSON number is a number already; a string is read by the services' one number parser.
    return ValueRow(
        line=number,
        indicator_code=value.indicator.strip(),
        period=value.period.strip(),
        agency_code=value.agency.strip(),
        value=value.value,
        comment=value.comment,
        breakdown={dim.strip(): cat.strip() for dim, cat in value.breakdown.items() if cat},
    )


# The workflow -------------------------------------------------------------------------------

WORKFLOW_ANSWERS: dict[int, Any] = {
    200: schemas.ReportOut,
    400: ErrorOut,  # a body that is not JSON
    403: ErrorOut,
    409: ErrorOut,
    **READ_ERRORS,
    **TOO_LARGE,
}


@router.post("/reports/{report_id}/submit", response=WORKFLOW_ANSWERS)
def submit_report(
    request: HttpRequest, report_id: PathId, payload: schemas.RevisionIn
) -> Status[Any]:
    """Submit the report, as its Submit button does (the agency's reporters and approvers):
    it must be complete. When the agency signs its reports off and you are not its approver,
    it is sent for the agency's approval (`awaiting_approval`); an approver's own submission
    is their sign-off too."""
    user = _user(request)
    report = get_report_for_user(user, report_id)
    return _workflow(lambda: report_submit(report=report, user=user, revision=payload.revision))


@router.post("/reports/{report_id}/approve", response=WORKFLOW_ANSWERS)
def approve_report(
    request: HttpRequest, report_id: PathId, payload: schemas.RevisionIn
) -> Status[Any]:
    """Approve a report awaiting the agency's approval (the agency's approvers): it is
    submitted to the coordinator now, with your name as the approver."""
    user = _user(request)
    report = get_report_for_user(user, report_id)
    return _workflow(lambda: report_approve(report=report, user=user, revision=payload.revision))


@router.post("/reports/{report_id}/send-back", response=WORKFLOW_ANSWERS)
def send_back_report(
    request: HttpRequest, report_id: PathId, payload: schemas.SendBackIn
) -> Status[Any]:
    """Send a report awaiting the agency's approval back to its reporter with a comment (the
    agency's approvers): it is a draft again, or returned if it answered the coordinator's
    return."""
    user = _user(request)
    report = get_report_for_user(user, report_id)
    return _workflow(
        lambda: report_send_back(
            report=report, user=user, comment=payload.comment, revision=payload.revision
        )
    )


def _workflow(act: Any) -> Status[Any]:
    """Run one workflow service; its refusals as the API answers them (module docstring)."""
    try:
        report = act()
    except ReportConflict as conflict:
        return Status(409, {"detail": conflict.message})
    except ValidationError as invalid:
        problems = invalid.message_dict if hasattr(invalid, "error_dict") else {}
        if set(problems) <= {NON_FIELD_ERRORS}:
            return Status(409, {"detail": " ".join(invalid.messages)})
        return Status(422, InvalidRequestOut(detail=_problems(problems)))
    return Status(200, _summary(report))


def _problems(problems: dict[str, list[str]]) -> list[dict[str, Any]]:
    found = []
    for key, messages in problems.items():
        if key == NON_FIELD_ERRORS:
            loc = ["report"]
        elif key == "comment":
            loc = ["body", "comment"]
        else:
            loc = ["report", key]
        found += [{"loc": loc, "msg": message, "type": "refused"} for message in messages]
    return found
