"""Bulk data values: `values_import` checks every row, then places them in reports."""

import datetime
from collections import defaultdict

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import permissions
from accounts.models import User
from agencies.models import Agency
from plans.models import Plan
from reporting.models import (
    EventKind,
    IndicatorValue,
    Report,
    ReportEvent,
    ReportStatus,
    ValueSource,
)
from tipmonitor.lib.reporting_periods import parse_period_code

from ._common import BATCH, ImportResult, ValueRow, ValuesInvalid, _copy_children
from ._import_checks import (
    _check_imported_grids,
    _import_targets,
    _ImportLookup,
    _Row,
    _Target,
    check_row_texts,
)
from .save import _upsert_values
from .workflow import (
    NO_APPROVER_MESSAGE,
    _new_report,
    _successor,
    sign_off_needed,
    submission_fields,
)


@transaction.atomic
def values_import(
    *,
    plan: Plan,
    rows: list[ValueRow],
    user: User,
    status: str = ReportStatus.ACCEPTED,
    source: str = ValueSource.BULK,
) -> ImportResult:
    """Record data values, one a row, in the agencies' reports: all or nothing."""
    status = _import_status(user, status)
    check_row_texts(rows)
    lookup = _ImportLookup.load(plan, rows, user)
    resolved, errors = lookup.resolve(rows)
    if errors:
        raise ValuesInvalid(errors)
    targets = _import_targets(plan, resolved, user)
    stored = _check_imported_grids(plan, lookup, resolved, targets)
    # Rows repeating what is stored change nothing and keep who entered them; a report that
    # gets nothing new and already has the status asked is left alone.
    fresh = [row for row in resolved if stored.get(_row_key(row)) != (row.value, row.comment)]
    changed_targets = {(row.agency_id, row.quarter) for row in fresh}
    active = {
        key: target
        for key, target in targets.items()
        if key in changed_targets or _status_changes(target, status)
    }
    signs_off = _signs_off(user, status)
    _place_reports(plan, user, status, active, signs_off)
    _write_imported_values(active, fresh, user, source)
    _log_import(user, status, targets, fresh, signs_off)
    updated = sum(_row_key(row) in stored for row in fresh)
    return ImportResult(
        reports=len(targets),
        values_created=len(fresh) - updated,
        values_updated=updated,
        status=status,
    )


def _write_imported_values(
    targets: dict[tuple[int, str], "_Target"], rows: list["_Row"], user: User, source: str
) -> None:
    now = timezone.now()
    report_ids = {key: target.report.pk for key, target in targets.items() if target.report}
    # Plain ids, not instances: at two million values the related-object bookkeeping shows.
    _upsert_values(
        [
            IndicatorValue(
                report_id=report_ids[(row.agency_id, row.quarter)],
                indicator_id=row.indicator_id,
                period=row.period,
                breakdown=row.breakdown,
                value=row.value,
                comment=row.comment,
                source=source,
                entered_by_id=user.pk,
                entered_at=now,
            )
            for row in rows
        ]
    )


def _status_changes(target: "_Target", status: str) -> bool:
    """Whether an import with nothing new still moves the report on (a submitted report the
    coordinator's import accepts); an accepted one is never reopened for nothing."""
    current = target.current
    return current is not None and current.status not in (status, ReportStatus.ACCEPTED)


def _row_key(row: "_Row") -> tuple[int, int, str, str]:
    return (row.agency_id, row.indicator_id, row.period, row.breakdown)


def _import_status(user: User, status: str) -> str:
    """What the imported reports become: the coordinator's as asked; an agency member's are
    submitted, or, when the agency signs its reports off and they are not its approver,
    awaiting its approval (refused while it has no active approver, as `report_submit` is)."""
    if permissions.may_review_reports(user):
        if status not in (ReportStatus.ACCEPTED, ReportStatus.SUBMITTED):
            raise ValueError(f"Values are imported as accepted or submitted, not {status!r}")
        return status
    own_agency = user.agency_id if user.is_authenticated else None
    if own_agency is None or not permissions.may_edit_reports_for(user, own_agency):
        raise PermissionDenied
    agency = Agency.objects.get(pk=own_agency)
    if not sign_off_needed(agency, user):
        return ReportStatus.SUBMITTED
    if not permissions.approvers_of(own_agency).exists():
        raise ValuesInvalid([(0, "", str(NO_APPROVER_MESSAGE % {"agency": agency}))])
    return ReportStatus.AWAITING_APPROVAL


def _signs_off(user: User, status: str) -> bool:
    """An approver's import submits their agency's reports with their sign-off (as their own
    submission on the report page does); only their own agency's values are theirs to import."""
    if status != ReportStatus.SUBMITTED or permissions.may_review_reports(user):
        return False
    own_agency = user.agency_id
    if own_agency is None or not permissions.may_approve_for(user, own_agency):
        return False
    return Agency.objects.filter(pk=own_agency, requires_sign_off=True).exists()


def _set_status(
    report: Report, user: User, status: str, now: datetime.datetime, signs_off: bool
) -> None:
    report.status = status
    if status == ReportStatus.AWAITING_APPROVAL:
        # Not submitted yet: timeliness counts from the approval.
        report.submitted_by = user
        report.approved_at, report.approved_by = None, None
        return
    report.first_submitted_at = report.first_submitted_at or now
    if status == ReportStatus.ACCEPTED:
        report.submitted_at = report.submitted_at or now
        report.submitted_by = report.submitted_by or user
        report.accepted_at, report.accepted_by = now, user
    else:
        # As the report page submits it: a signature left from an earlier round goes.
        for name, value in submission_fields(report, user, now, signs_off).items():
            setattr(report, name, value)


def _place_reports(
    plan: Plan,
    user: User,
    status: str,
    targets: dict[tuple[int, str], _Target],
    signs_off: bool = False,
) -> None:
    """Create the reports that are missing, a new version of each accepted one, and move the
    others on: a fixed number of queries whatever the number of reports."""
    now = timezone.now()
    retired = [t.current for t in targets.values() if t.current and t.needs_new_version]
    Report.objects.filter(pk__in=[report.pk for report in retired]).update(is_current=False)
    created, reused = [], []
    for target in targets.values():
        if target.needs_new_version:
            target.report = _next_version(plan, target)
            created.append(target.report)
        else:
            assert target.current is not None
            target.report = target.current
            target.report.revision += 1
            target.report.updated_at = now
            reused.append(target.report)
        _set_status(target.report, user, status, now, signs_off)
    Report.objects.bulk_create(created, batch_size=BATCH)
    fields = ["status", "first_submitted_at", "submitted_at", "submitted_by", "accepted_at"]
    fields += ["accepted_by", "approved_at", "approved_by", "revision", "updated_at"]
    Report.objects.bulk_update(reused, fields, batch_size=BATCH)
    _copy_children(
        {t.current.pk: t.report for t in targets.values() if t.current in retired and t.report}
    )


def _next_version(plan: Plan, target: _Target) -> Report:
    previous = target.current
    if previous is None:
        return _new_report(plan, target.agency_id, parse_period_code(target.quarter))
    return _successor(
        plan,
        previous,
        submitted_at=previous.submitted_at,
        submitted_by_id=previous.submitted_by_id,
    )


def _log_import(
    user: User,
    status: str,
    targets: dict[tuple[int, str], _Target],
    fresh: list[_Row],
    signs_off: bool = False,
) -> None:
    """One event on every report the file addressed, even one it left unchanged: the record
    says who sent what, and when."""
    now = timezone.now()
    changed: dict[tuple[int, str], int] = defaultdict(int)
    for row in fresh:
        changed[(row.agency_id, row.quarter)] += 1
    events = []
    for key, target in targets.items():
        report = target.report or target.current
        assert report is not None
        comment = _(
            "%(count)d values imported (%(changed)d new or changed), recorded as %(status)s."
        ) % {
            "count": len(target.rows),
            "changed": changed[key],
            "status": ReportStatus(report.status).label,
        }
        events.append(
            ReportEvent(report=report, kind=EventKind.IMPORTED, by=user, at=now, comment=comment)
        )
        # The agency's sign-off, in the history as the report page records it.
        if target.report is not None and status == ReportStatus.AWAITING_APPROVAL:
            events.append(ReportEvent(report=report, kind=EventKind.FOR_APPROVAL, by=user, at=now))
        elif target.report is not None and signs_off:
            events.append(ReportEvent(report=report, kind=EventKind.APPROVED, by=user, at=now))
    ReportEvent.objects.bulk_create(events, batch_size=BATCH)
