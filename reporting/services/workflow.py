"""The report workflow: open, submit (through the agency's approver when it signs its reports
off), approve or send back, return, accept, correct."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts import permissions
from accounts.models import User
from agencies.models import Agency
from plans.models import Plan
from reporting import validation
from reporting.matrix import due_date
from reporting.models import EventKind, Report, ReportStatus
from reporting.selectors import (
    EDITABLE,
    ReportScope,
    quarter_in_plan,
    report_scope,
    scope_of_report,
)
from tipmonitor.lib.reporting_periods import Period, parse_period_code

from ._common import _check_revision, _claim, _copy_children, _event, _refuse, _require_status
from .save import _check_grids, _SaveCheck, _stored_cells
from .state import as_text, stored_state

# --- Opening a report --------------------------------------------------------------------------


def report_open(*, plan: Plan, agency: Agency, period: str, user: User) -> Report:
    """The current version of the agency's report for the quarter, or a new draft."""
    if not permissions.may_edit_reports_for(user, agency.pk):
        if user.agency_id != agency.pk:
            raise Http404
        raise PermissionDenied
    try:
        quarter = quarter_in_plan(plan, period)
    except ValueError as error:
        raise ValidationError({"period": [str(error)]}) from None
    current = _current_report(plan, agency.pk, quarter.code)
    if current is not None:
        return current
    scope = report_scope(plan, agency, quarter)
    if not (scope.indicators or scope.activities):
        message = _("%(agency)s has nothing to report for %(quarter)s.")
        raise ValidationError({"period": [message % {"agency": agency, "quarter": quarter}]})
    return _create_first_version(plan, agency, quarter, user)


def _current_report(plan: Plan, agency_id: int, period: str) -> Report | None:
    reports = Report.objects.select_related("agency", "plan")
    return reports.filter(plan=plan, agency_id=agency_id, period=period, is_current=True).first()


def _new_report(plan: Plan, agency_id: int, quarter: Period, **fields: object) -> Report:
    return Report(
        plan=plan,
        agency_id=agency_id,
        period=quarter.code,
        period_start=quarter.start,
        period_end=quarter.end,
        due_on=due_date(quarter.end, plan.report_deadline_days),
        **fields,
    )


@transaction.atomic
def _create_first_version(plan: Plan, agency: Agency, quarter: Period, user: User) -> Report:
    # The agency's last contact person is very likely this quarter's too.
    last = Report.objects.filter(plan=plan, agency=agency).exclude(contact_person="")
    contact = last.order_by("-period_start", "-version").values_list("contact_person", flat=True)
    report = _new_report(plan, agency.pk, quarter, contact_person=contact.first() or "")
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        # Someone opened the same quarter at the same moment: theirs is the report.
        existing = _current_report(plan, agency.pk, quarter.code)
        if existing is None:
            raise
        return existing
    _event(report, EventKind.CREATED, user)
    return report


# --- The workflow ------------------------------------------------------------------------------


@transaction.atomic
def report_submit(*, report: Report, user: User, revision: int) -> Report:
    """The agency hands its report in; it must be valid and complete.

    When the agency's reports need sign-off (`Agency.requires_sign_off`) and `user` is not one
    of its approvers, the report goes to the approvers first (awaiting the agency's approval);
    an approver's own submission is their sign-off too. Timeliness counts from the moment the
    report reaches the coordinator."""
    if not permissions.may_report_for(user, report.agency_id):
        raise PermissionDenied
    _require_status(report, EDITABLE, _("A report that is %(status)s cannot be submitted."))
    _check_revision(report, revision)
    if problems := report_problems(report, complete=True):
        raise ValidationError(problems)
    if needs_approval(report, user):
        if not permissions.approvers_of(report.agency_id).exists():
            raise _refuse(NO_APPROVER_MESSAGE % {"agency": report.agency})
        _claim(
            report,
            revision,
            status=ReportStatus.AWAITING_APPROVAL,
            submitted_by=user,
            approved_at=None,
            approved_by=None,
        )
        _event(report, EventKind.FOR_APPROVAL, user)
        return report
    _submit_to_coordinator(report, user, revision, signed=report.agency.requires_sign_off)
    return report


def submission_fields(
    report: Report, user: User, now: datetime.datetime, signed: bool
) -> dict[str, object]:
    """What a report holds once it reaches the coordinator: submitted by `user` now (its first
    submission kept), with `user`'s sign-off when `signed`. The import sets the same fields."""
    return {
        "status": ReportStatus.SUBMITTED,
        "submitted_at": now,
        "submitted_by": user,
        "first_submitted_at": report.first_submitted_at or now,
        "approved_at": now if signed else None,
        "approved_by": user if signed else None,
    }


def _submit_to_coordinator(report: Report, user: User, revision: int, signed: bool) -> None:
    """The report reaches the coordinator now (timeliness counts from here), signed off by
    `user` when `signed`; the history records the approval, then the submission."""
    _claim(report, revision, **submission_fields(report, user, timezone.now(), signed))
    if signed:
        _event(report, EventKind.APPROVED, user)
    _event(report, EventKind.SUBMITTED, user)


OVERDUE_STATUS_MESSAGE = _lazy(
    "Activity %(code)s is past its planned end: say whether it is completed, delayed or cancelled."
)

NO_APPROVER_MESSAGE = _lazy(
    "The reports of %(agency)s need the approval of one of its approvers, and it has no active "
    "approver. Ask your agency's user manager or the coordinator to give someone that role."
)


def needs_approval(report: Report, user: User) -> bool:
    """Whether `user`'s submission of `report` goes to the agency's approvers first: the agency
    signs its reports off, and `user` is not one of its approvers."""
    return sign_off_needed(report.agency, user)


def sign_off_needed(agency: Agency, user: User) -> bool:
    """Whether what `user` sends in for `agency` waits for one of its approvers first."""
    return bool(agency.requires_sign_off) and not permissions.may_approve_for(user, agency.pk)


@transaction.atomic
def report_approve(*, report: Report, user: User, revision: int) -> Report:
    """The agency's approver signs a report off: it is submitted to the coordinator now, and
    timeliness counts from now. It must still be valid and complete."""
    if not permissions.may_approve_for(user, report.agency_id):
        raise PermissionDenied
    _require_status(
        report,
        [ReportStatus.AWAITING_APPROVAL],
        _("A report that is %(status)s cannot be approved."),
    )
    _check_revision(report, revision)
    if problems := report_problems(report, complete=True):
        raise ValidationError(problems)
    _submit_to_coordinator(report, user, revision, signed=True)
    return report


@transaction.atomic
def report_send_back(*, report: Report, user: User, comment: str, revision: int) -> Report:
    """The agency's approver sends a report back to its reporter with a comment. It is again
    what it was before it was sent for approval: a draft, or returned if the coordinator's
    return is what the reporter was answering."""
    if not permissions.may_approve_for(user, report.agency_id):
        raise PermissionDenied
    _require_status(
        report,
        [ReportStatus.AWAITING_APPROVAL],
        _("A report that is %(status)s cannot be sent back."),
    )
    if not comment.strip():
        raise ValidationError({"comment": [_("Say what the reporter should change.")]})
    if problem := validation.check_characters(comment):  # a NUL would fail in the database
        raise ValidationError({"comment": [problem]})
    last = (
        report.events.filter(kind__in=[EventKind.SUBMITTED, EventKind.RETURNED])
        .order_by("-at", "-pk")
        .values_list("kind", flat=True)
        .first()
    )
    status = ReportStatus.RETURNED if last == EventKind.RETURNED else ReportStatus.DRAFT
    _claim(report, revision, status=status)
    snapshot = as_text(stored_state(report))
    _event(report, EventKind.SENT_BACK, user, comment.strip(), snapshot=snapshot)
    return report


def report_problems(report: Report, *, complete: bool) -> dict[str, list[str]]:
    """What keeps the report from being submitted, field key -> messages, all at once: every
    stored value that breaks a rule and, when `complete`, everything required that is missing.
    Nothing is written; `report_submit` refuses exactly these."""
    scope = scope_of_report(report)
    stored = _stored_cells(report, [item.indicator.pk for item in scope.indicators])
    check = _SaveCheck()
    _check_grids(
        report, {item.indicator.pk: item.rules for item in scope.indicators}, stored, check
    )
    if complete:
        _check_complete(report, scope, stored, check)
    return dict(check.errors)


def _check_complete(
    report: Report, scope: ReportScope, stored: dict[int, dict], check: _SaveCheck
) -> None:
    """Nothing required is missing."""
    entries = {
        entry.indicator_id: validation.EntryFacts(rating=entry.rating, comment=entry.comment)
        for entry in report.entries.all()
    }
    totals = {(pk, period) for pk, cells in stored.items() for period, b in cells if b == ""}
    expected = [
        validation.Expected(item.indicator.pk, item.rules, item.periods)
        for item in scope.indicators
    ]
    for indicator_id, message in validation.missing_for_submission(
        expected, totals, entries
    ).items():
        check.add(validation.entry_key(indicator_id, "comment"), message)
    updated = set(report.activity_updates.values_list("activity_id", flat=True))
    # Every activity the agency leads in the quarter needs a status, an overdue one too (past
    # its planned end and not yet reported completed or cancelled): annex 5 asks for it.
    for activity in scope.activities:
        if activity.pk not in updated:
            if activity.pk in scope.overdue:
                message = OVERDUE_STATUS_MESSAGE % {"code": activity.code}
            else:
                message = _("Activity %(code)s: choose a status.") % {"code": activity.code}
            check.add(validation.activity_key(activity.pk, "state"), message)


@transaction.atomic
def report_return(*, report: Report, user: User, comment: str) -> Report:
    """The coordinator sends a submitted report back to the agency with comments."""
    if not permissions.may_review_reports(user):
        raise PermissionDenied
    _require_status(
        report, [ReportStatus.SUBMITTED], _("A report that is %(status)s cannot be returned.")
    )
    if not comment.strip():
        raise ValidationError({"comment": [_("Say what the agency should change.")]})
    _claim(report, report.revision, status=ReportStatus.RETURNED)
    # What the report holds as returned: the coordinator sees what changed since (values and
    # texts) when it comes back.
    snapshot = as_text(stored_state(report))
    _event(report, EventKind.RETURNED, user, comment.strip(), snapshot=snapshot)
    return report


@transaction.atomic
def report_accept(*, report: Report, user: User) -> Report:
    """The coordinator accepts a submitted report; it is locked from now on."""
    if not permissions.may_review_reports(user):
        raise PermissionDenied
    _require_status(
        report, [ReportStatus.SUBMITTED], _("A report that is %(status)s cannot be accepted.")
    )
    now = timezone.now()
    _claim(report, report.revision, status=ReportStatus.ACCEPTED, accepted_at=now, accepted_by=user)
    _event(report, EventKind.ACCEPTED, user)
    return report


@transaction.atomic
def report_correct(*, report: Report, user: User) -> Report:
    """A new draft version copied from an accepted report; the accepted one stays readable."""
    if not permissions.may_edit_reports_for(user, report.agency_id):
        raise PermissionDenied
    _require_status(
        report,
        [ReportStatus.ACCEPTED],
        _("Only the current accepted version can be corrected; this one is %(status)s."),
    )
    retired = Report.objects.filter(
        pk=report.pk, is_current=True, status=ReportStatus.ACCEPTED
    ).update(is_current=False)
    if not retired:
        raise _refuse(_("A correction of this report is already open."))
    report.is_current = False
    correction = _copy_as_new_version(report)
    message = _("Correction of version %(version)s.") % {"version": report.version}
    _event(correction, EventKind.CORRECTION, user, message)
    return correction


def _copy_as_new_version(report: Report) -> Report:
    """Save version+1 as a draft holding everything `report` holds (the caller has retired
    `report` already: only one version is current)."""
    correction = _successor(report.plan, report)
    correction.save()
    _copy_children({report.pk: correction})
    return correction


def _successor(plan: Plan, previous: Report, **fields: object) -> Report:
    """Version+1 of `previous`, unsaved: its header and deadline, and its first submission
    date, so that timeliness is not rewritten."""
    report = _new_report(
        plan,
        previous.agency_id,
        parse_period_code(previous.period),
        version=previous.version + 1,
        contact_person=previous.contact_person,
        general_observations=previous.general_observations,
        first_submitted_at=previous.first_submitted_at,
        **fields,
    )
    report.due_on = previous.due_on
    return report
