"""Writes to progress reports: open, save, submit, return, accept, correct, and bulk data values.

Every way in (web form, report workbook, bulk data values, API) ends here, so the same rules
(`reporting.validation`) and the same records (who, when, from where) apply to all of them. Each
service runs in one transaction: a refused save or file changes nothing.

Decisions where the issue is silent:
- `report_save` is a partial update: cells, entries and activity updates not listed are kept; a
  value of None deletes its cell. Only cells whose value or comment changed are re-stamped with
  who entered them and when, so a save of the whole grid does not claim every number.
- Optimistic locking: every change of a report (save, submit, return, accept, import) moves its
  revision on, so whoever acts on an older revision gets `ReportConflict` and nothing is written.
- A correction of an accepted report may be opened by the coordinator or by a reporter or
  approver of the agency (the clerk who finds a mistake); it copies everything, keeps who entered
  each value, and keeps the first submission date so timeliness is not rewritten.
- Bulk data values: the coordinator's import is recorded as accepted (or submitted when asked);
  anyone else's is recorded as submitted, and only for their own agency. A report already
  accepted gets a new version holding the imported values; a report awaiting review cannot take
  a reporter's import. A report the coordinator's import creates counts as received at import.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from agencies.models import Agency
from plans.models import Activity, Indicator, Plan
from reporting import validation
from reporting.matrix import due_date
from reporting.models import (
    ActivityUpdate,
    EventKind,
    IndicatorEntry,
    IndicatorValue,
    Report,
    ReportEvent,
    ReportStatus,
    ValueSource,
)
from reporting.selectors import (
    EDITABLE,
    ReportScope,
    accepted_history,
    dimensions_of,
    indicator_rules,
    plan_quarters,
    quarter_in_plan,
    report_is_editable_by,
    report_scope,
    scope_of_report,
    user_can_review,
    user_edits_for_agency,
    user_submits_for_agency,
)
from tipmonitor.lib.reporting_periods import Period, parse_period_code, quarter_of

BATCH = 2000


class ReportConflict(Exception):  # noqa: N818 (the name the other modules use)
    """Someone changed the report after the user loaded it."""

    def __init__(
        self, message: str, *, by: User | None = None, at: datetime.datetime | None = None
    ):
        super().__init__(message)
        self.message = message
        self.by = by
        self.at = at


@dataclass
class ValueInput:
    indicator_id: int
    period: str
    breakdown: str
    value: Decimal | None
    comment: str = ""


@dataclass
class EntryInput:
    indicator_id: int
    narrative: str = ""
    rating: str = ""
    outputs_achieved: str = ""
    activities_implemented: str = ""
    budget_spent: Decimal | None = None
    donors: str = ""
    assessment: str = ""
    comment: str = ""


@dataclass
class ActivityInput:
    activity_id: int
    state: str
    percent_done: int | None = None
    spent: Decimal | None = None
    comment: str = ""


ENTRY_FIELDS = [
    "narrative",
    "rating",
    "outputs_achieved",
    "activities_implemented",
    "budget_spent",
    "donors",
    "assessment",
    "comment",
]
ACTIVITY_FIELDS = ["state", "percent_done", "spent", "comment"]


# --- Shared steps ------------------------------------------------------------------------------


def _event(report: Report, kind: str, user: User, comment: str = "") -> ReportEvent:
    return ReportEvent.objects.create(
        report=report, kind=kind, by=user, at=timezone.now(), comment=comment
    )


def _conflict(report: Report) -> ReportConflict:
    last = report.events.select_related("by").order_by("-at", "-pk").first()
    if last is None:
        return ReportConflict(
            _(
                "Someone else changed this report after you opened it. Reload to see their "
                "changes; yours are kept below."
            )
        )
    name = last.by.get_full_name() or last.by.username
    when = timezone.localtime(last.at).strftime("%Y-%m-%d %H:%M")
    message = _(
        "%(name)s changed this report at %(when)s, after you opened it. Reload to see their "
        "changes; yours are kept below."
    ) % {"name": name, "when": when}
    return ReportConflict(message, by=last.by, at=last.at)


def _claim(report: Report, revision: int, **changes: object) -> None:
    """Move the revision on if it is still the one the user loaded, else ReportConflict.

    One conditional UPDATE: on PostgreSQL the second of two concurrent writers waits for the
    first to commit, then finds the revision moved and updates nothing."""
    now = timezone.now()
    updated = Report.objects.filter(pk=report.pk, revision=revision).update(
        revision=F("revision") + 1, updated_at=now, **changes
    )
    if not updated:
        raise _conflict(report)
    report.revision = revision + 1
    report.updated_at = now
    for name, value in changes.items():
        setattr(report, name, value)


def _check_revision(report: Report, revision: int) -> None:
    """Say early that the user works on an old revision, before judging their input; `_claim`
    makes the final, race-free decision."""
    if not Report.objects.filter(pk=report.pk, revision=revision).exists():
        raise _conflict(report)


def _refuse(message: str) -> ValidationError:
    return ValidationError({NON_FIELD_ERRORS: [message]})


def _require_status(report: Report, allowed: Sequence[str], message: str) -> None:
    if report.status not in allowed or not report.is_current:
        raise _refuse(message % {"status": report.get_status_display()})


# --- Opening a report --------------------------------------------------------------------------


def report_open(*, plan: Plan, agency: Agency, period: str, user: User) -> Report:
    """The current version of the agency's report for the quarter, or a new draft."""
    if not user_edits_for_agency(user, agency.pk):
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


# --- Saving ------------------------------------------------------------------------------------


@dataclass
class _SaveCheck:
    """The errors of one save, keyed the way `validation` names fields."""

    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def add(self, key: str, message: str) -> None:
        if message not in self.errors[key]:
            self.errors[key].append(message)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(dict(self.errors))


@transaction.atomic
def report_save(
    *,
    report: Report,
    user: User,
    revision: int,
    contact_person: str,
    general_observations: str,
    values: list[ValueInput],
    entries: list[EntryInput],
    activities: list[ActivityInput],
    source: str = ValueSource.FORM,
) -> Report:
    """Save a draft (or a returned report): ValidationError (field key -> messages) or
    ReportConflict, and then nothing is written."""
    if not report_is_editable_by(report, user):
        raise PermissionDenied
    _check_revision(report, revision)
    scope = scope_of_report(report)
    check = _SaveCheck()
    if len(contact_person) > 200:
        check.add("contact_person", _("At most 200 characters."))
    changed_cells, deleted = _check_values(report, scope, values, check)
    _check_entries(scope, entries, check)
    _check_activities(report, scope, activities, check)
    check.raise_if_any()
    _claim(
        report,
        revision,
        contact_person=contact_person.strip(),
        general_observations=general_observations.strip(),
    )
    _write_values(report, user, source, changed_cells, deleted)
    _write_entries(report, entries)
    _write_activities(report, activities)
    _event(report, EventKind.SAVED, user)
    return report


def _stored_cells(report: Report, indicator_ids: Iterable[int]) -> dict[int, dict]:
    """Indicator id -> {(period, breakdown): (value, comment)} of the report."""
    stored: dict[int, dict] = defaultdict(dict)
    rows = report.values.filter(indicator_id__in=set(indicator_ids)).values_list(
        "indicator_id", "period", "breakdown", "value", "comment"
    )
    for indicator_id, period, breakdown, value, comment in rows:
        stored[indicator_id][(period, breakdown)] = (value, comment)
    return stored


def _check_values(
    report: Report, scope: ReportScope, values: list[ValueInput], check: _SaveCheck
) -> tuple[list[ValueInput], list[ValueInput]]:
    """Validate the merged grid of every indicator touched; return the cells to write (changed
    ones only) and the cells to delete."""
    by_id = scope.indicator_by_id
    stored = _stored_cells(report, {v.indicator_id for v in values})
    merged: dict[int, dict] = {pk: dict(cells) for pk, cells in stored.items()}
    changed, deleted = [], []
    for item in values:
        key = validation.value_key(item.indicator_id, item.period, item.breakdown)
        scoped = by_id.get(item.indicator_id)
        if scoped is None or item.period not in scoped.periods:
            check.add(key, _("This value is not part of this report."))
            continue
        cells = merged.setdefault(item.indicator_id, {})
        old = cells.get((item.period, item.breakdown))
        if item.value is None:
            if old is not None:
                deleted.append(item)
                del cells[(item.period, item.breakdown)]
            continue
        if old != (item.value, item.comment.strip()):
            changed.append(item)
        cells[(item.period, item.breakdown)] = (item.value, item.comment.strip())
    rules = {pk: item.rules for pk, item in by_id.items() if pk in merged}
    _check_grids(report, rules, merged, check)
    return changed, deleted


def _check_grids(
    report: Report,
    rules: dict[int, validation.IndicatorRules],
    grids: dict[int, dict],
    check: _SaveCheck,
) -> None:
    """Every rule over the whole grid of each indicator in `rules`, the outlier rule against
    the agency's accepted history (one query)."""
    history = accepted_history(
        plan=report.plan,
        agency_ids={report.agency_id},
        indicator_ids=set(grids),
        exclude_reports=[report.pk],
    )
    for indicator_id, own_rules in rules.items():
        cells = [
            validation.Cell(period=p, breakdown=b, value=value, comment=comment)
            for (p, b), (value, comment) in grids.get(indicator_id, {}).items()
        ]
        own = history.get((report.agency_id, indicator_id), [])
        for problem in validation.check_cells(own_rules, cells, own):
            key = validation.value_key(indicator_id, problem.period, problem.breakdown)
            check.add(key, problem.message)


def _check_entries(scope: ReportScope, entries: list[EntryInput], check: _SaveCheck) -> None:
    by_id = scope.indicator_by_id
    for entry in entries:
        scoped = by_id.get(entry.indicator_id)
        if scoped is None:
            check.add(
                validation.entry_key(entry.indicator_id, "comment"),
                _("This indicator is not part of this report."),
            )
            continue
        facts = validation.EntryFacts(
            rating=entry.rating,
            assessment=entry.assessment,
            budget_spent=entry.budget_spent,
            comment=entry.comment,
        )
        for name, message in validation.check_entry(scoped.rules, facts).items():
            check.add(validation.entry_key(entry.indicator_id, name), message)


def _check_activities(
    report: Report, scope: ReportScope, activities: list[ActivityInput], check: _SaveCheck
) -> None:
    by_id = scope.activity_by_id
    if unknown := {update.activity_id for update in activities} - set(by_id):
        # An update the report already holds stays editable though its activity has left the
        # scope (an earlier report has since closed an overdue one): the form still shows it.
        held = Activity.objects.filter(pk__in=unknown, updates__report=report)
        by_id |= {activity.pk: activity for activity in held}
    for update in activities:
        activity = by_id.get(update.activity_id)
        if activity is None:
            check.add(
                validation.activity_key(update.activity_id, "state"),
                _("This activity is not part of this report."),
            )
            continue
        facts = validation.ActivityFacts(
            code=activity.code,
            state=update.state,
            percent_done=update.percent_done,
            spent=update.spent,
        )
        for name, message in validation.check_activity(facts).items():
            check.add(validation.activity_key(update.activity_id, name), message)


def _write_values(
    report: Report,
    user: User,
    source: str,
    changed: list[ValueInput],
    deleted: list[ValueInput],
) -> None:
    now = timezone.now()
    if deleted:
        gone = Q(pk__in=[])
        for item in deleted:
            gone |= Q(indicator_id=item.indicator_id, period=item.period, breakdown=item.breakdown)
        report.values.filter(gone).delete()
    rows = [
        IndicatorValue(
            report=report,
            indicator_id=item.indicator_id,
            period=item.period,
            breakdown=item.breakdown,
            value=item.value,
            comment=item.comment.strip(),
            source=source,
            entered_by=user,
            entered_at=now,
        )
        for item in changed
        if item.value is not None
    ]
    _upsert_values(rows)


def _upsert_values(rows: list[IndicatorValue]) -> None:
    IndicatorValue.objects.bulk_create(
        rows,
        batch_size=BATCH,
        update_conflicts=True,
        unique_fields=["report", "indicator", "period", "breakdown"],
        update_fields=["value", "comment", "source", "entered_by", "entered_at"],
    )


def _write_entries(report: Report, entries: list[EntryInput]) -> None:
    _upsert_children(report, IndicatorEntry, "indicator", ENTRY_FIELDS, entries)


def _write_activities(report: Report, activities: list[ActivityInput]) -> None:
    _upsert_children(report, ActivityUpdate, "activity", ACTIVITY_FIELDS, activities)


def _upsert_children(
    report: Report,
    model: type[IndicatorEntry] | type[ActivityUpdate],
    key: str,
    fields: list[str],
    items: Sequence[EntryInput] | Sequence[ActivityInput],
) -> None:
    """One row per item, keyed by (report, `key`): insert it, or overwrite `fields`."""
    rows = [
        model(
            report=report,
            **{f"{key}_id": getattr(item, f"{key}_id")},
            **{name: _clean(getattr(item, name)) for name in fields},
        )
        for item in items
    ]
    model.objects.bulk_create(
        rows,  # type: ignore[arg-type]
        update_conflicts=True,
        unique_fields=["report", key],
        update_fields=fields,
    )


def _clean(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


# --- The workflow ------------------------------------------------------------------------------


@transaction.atomic
def report_submit(*, report: Report, user: User, revision: int) -> Report:
    """The agency hands its report in; it must be valid and complete."""
    if not user_submits_for_agency(user, report.agency_id):
        raise PermissionDenied
    _require_status(report, EDITABLE, _("A report that is %(status)s cannot be submitted."))
    _check_revision(report, revision)
    check = _SaveCheck()
    _check_complete(report, check)
    check.raise_if_any()
    _claim(report, revision)
    now = timezone.now()
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = now
    report.submitted_by = user
    report.first_submitted_at = report.first_submitted_at or now
    report.save(update_fields=["status", "submitted_at", "submitted_by", "first_submitted_at"])
    _event(report, EventKind.SUBMITTED, user)
    return report


def _check_complete(report: Report, check: _SaveCheck) -> None:
    """Every stored value still obeys the rules, and nothing required is missing."""
    scope = scope_of_report(report)
    stored = _stored_cells(report, [item.indicator.pk for item in scope.indicators])
    _check_grids(
        report, {item.indicator.pk: item.rules for item in scope.indicators}, stored, check
    )
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
    # An activity past its planned end is offered for a late status, not required: the page
    # already shows the coordinator that it is overdue.
    for activity in scope.activities:
        if activity.pk not in updated and activity.pk not in scope.overdue:
            message = _("Activity %(code)s: choose a status.") % {"code": activity.code}
            check.add(validation.activity_key(activity.pk, "state"), message)


@transaction.atomic
def report_return(*, report: Report, user: User, comment: str) -> Report:
    """The coordinator sends a submitted report back to the agency with comments."""
    if not user_can_review(user):
        raise PermissionDenied
    _require_status(
        report, [ReportStatus.SUBMITTED], _("A report that is %(status)s cannot be returned.")
    )
    if not comment.strip():
        raise ValidationError({"comment": [_("Say what the agency should change.")]})
    _claim(report, report.revision, status=ReportStatus.RETURNED)
    _event(report, EventKind.RETURNED, user, comment.strip())
    return report


@transaction.atomic
def report_accept(*, report: Report, user: User) -> Report:
    """The coordinator accepts a submitted report; it is locked from now on."""
    if not user_can_review(user):
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
    if not user_edits_for_agency(user, report.agency_id):
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


# --- Bulk data values --------------------------------------------------------------------------


@dataclass
class ValueRow:
    """One row of a data-values file: `breakdown` maps dimension codes to category codes
    (empty category: that dimension is not broken down on this row)."""

    line: int
    indicator_code: str
    period: str
    agency_code: str
    value: str
    comment: str = ""
    breakdown: dict[str, str] = field(default_factory=dict)


@dataclass
class ImportResult:
    reports: int
    values_created: int
    values_updated: int


class ValuesInvalid(Exception):  # noqa: N818 (the name the other modules use)
    """The file was refused: (line, column, message) for every problem found."""

    def __init__(self, errors: list[tuple[int, str, str]]):
        self.errors = sorted(errors, key=lambda error: (error[0], error[1]))
        super().__init__(_("%(count)d problems in the data values.") % {"count": len(errors)})


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
    _place_reports(plan, user, status, active)
    _write_imported_values(active, fresh, user, source)
    _log_import(user, status, targets, fresh)
    updated = sum(_row_key(row) in stored for row in fresh)
    return ImportResult(
        reports=len(targets), values_created=len(fresh) - updated, values_updated=updated
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
    if user_can_review(user):
        if status not in (ReportStatus.ACCEPTED, ReportStatus.SUBMITTED):
            raise ValueError(f"Values are imported as accepted or submitted, not {status!r}")
        return status
    own_agency = user.agency_id if user.is_authenticated else None
    if own_agency is not None and user_edits_for_agency(user, own_agency):
        return ReportStatus.SUBMITTED
    raise PermissionDenied


@dataclass
class _Row:
    line: int
    indicator_id: int
    agency_id: int
    quarter: str
    period: str
    breakdown: str
    value: Decimal
    comment: str


@dataclass
class _ImportLookup:
    """The plan's codes resolved once, so a 100,000-row file costs a handful of queries."""

    plan: Plan
    user: User
    indicators: dict[str, Indicator]
    rules: dict[int, validation.IndicatorRules]
    responsible: set[tuple[int, int]]
    agencies: dict[str, int]
    quarters: set[str]
    periods: dict[str, Period | str]

    @classmethod
    def load(cls, plan: Plan, rows: list[ValueRow], user: User) -> "_ImportLookup":
        indicators = {i.code: i for i in plan.indicators.all()}
        dimensions = dimensions_of(list(indicators.values()))
        rules = {i.pk: indicator_rules(i, dimensions.get(i.pk, [])) for i in indicators.values()}
        through = Indicator.responsible_agencies.through.objects.filter(indicator__plan=plan)
        codes = {row.agency_code.strip() for row in rows}
        agencies = dict(Agency.objects.filter(code__in=codes).values_list("code", "pk"))
        return cls(
            plan=plan,
            user=user,
            indicators=indicators,
            rules=rules,
            responsible=set(through.values_list("indicator_id", "agency_id")),
            agencies=agencies,
            quarters={q.code for q in plan_quarters(plan)},
            periods={},
        )

    def period(self, text: str) -> Period | str:
        """The period, or why not (memoised: a file repeats a few dozen period codes)."""
        if text not in self.periods:
            try:
                self.periods[text] = parse_period_code(text)
            except ValueError as error:
                self.periods[text] = str(error)
        return self.periods[text]

    def resolve(self, rows: list[ValueRow]) -> tuple[list[_Row], list[tuple[int, str, str]]]:
        resolved: list[_Row] = []
        errors: list[tuple[int, str, str]] = []
        seen: dict[tuple[int, int, str, str], int] = {}
        for row in rows:
            found = self._resolve_row(row, errors)
            if found is None:
                continue
            key = (found.indicator_id, found.agency_id, found.period, found.breakdown)
            if key in seen:
                message = _("The same value is given on line %(line)s.") % {"line": seen[key]}
                errors.append((row.line, "value", message))
                continue
            seen[key] = row.line
            resolved.append(found)
        return resolved, errors

    def _resolve_row(self, row: ValueRow, errors: list) -> _Row | None:
        indicator = self.indicators.get(row.indicator_code.strip())
        agency_id = self.agencies.get(row.agency_code.strip())
        before = len(errors)
        if indicator is None:
            message = _("No indicator “%(code)s” in this plan.") % {"code": row.indicator_code}
            errors.append((row.line, "indicator", message))
        if agency_id is None:
            message = _("No agency “%(code)s”.") % {"code": row.agency_code}
            errors.append((row.line, "agency", message))
        elif not (user_can_review(self.user) or agency_id == self.user.agency_id):
            message = _("You may import values of your own agency only.")
            errors.append((row.line, "agency", message))
        if len(errors) > before:
            return None
        assert indicator is not None
        assert agency_id is not None
        return self._resolve_value(row, indicator, agency_id, errors)

    def _resolve_value(
        self, row: ValueRow, indicator: Indicator, agency_id: int, errors: list
    ) -> _Row | None:
        rules = self.rules[indicator.pk]
        if (indicator.pk, agency_id) not in self.responsible:
            message = _("%(agency)s is not responsible for indicator %(code)s.") % {
                "agency": row.agency_code,
                "code": indicator.code,
            }
            errors.append((row.line, "agency", message))
            return None
        period = self._check_period(row, indicator, errors)
        breakdown = self._check_breakdown(row, rules, errors)
        if period is None or breakdown is None:
            return None
        try:
            value = validation.parse_value(row.value)
        except ValueError as error:
            errors.append((row.line, "value", str(error)))
            return None
        if problem := validation.check_value(rules, period.code, breakdown, value):
            errors.append((row.line, "value", problem))
            return None
        return _Row(
            line=row.line,
            indicator_id=indicator.pk,
            agency_id=agency_id,
            quarter=quarter_of(period.end).code,
            period=period.code,
            breakdown=breakdown,
            value=value,
            comment=row.comment.strip(),
        )

    def _check_period(self, row: ValueRow, indicator: Indicator, errors: list) -> Period | None:
        period = self.period(row.period)
        if isinstance(period, str):
            errors.append((row.line, "period", period))
            return None
        if period.frequency != indicator.frequency:
            message = _("Indicator %(code)s is reported %(frequency)s; %(period)s is not.") % {
                "code": indicator.code,
                "frequency": indicator.get_frequency_display().lower(),
                "period": period.code,
            }
            errors.append((row.line, "period", message))
            return None
        if quarter_of(period.end).code not in self.quarters:
            message = _("%(period)s is outside the plan's period.") % {"period": period.code}
            errors.append((row.line, "period", message))
            return None
        return period

    def _check_breakdown(
        self, row: ValueRow, rules: validation.IndicatorRules, errors: list
    ) -> str | None:
        pairs = {}
        for dimension, category in row.breakdown.items():
            category = category.strip()
            if not category:
                continue
            if problem := validation.check_pair(rules, dimension, category):
                errors.append((row.line, dimension, problem))
                return None
            pairs[dimension] = category
        return validation.format_breakdown(pairs)


@dataclass
class _Target:
    """Where the values of one agency and quarter go."""

    agency_id: int
    quarter: str
    current: Report | None  # the current version, if any
    rows: list[_Row] = field(default_factory=list)
    report: Report | None = None  # set when written

    @property
    def needs_new_version(self) -> bool:
        return self.current is None or self.current.status == ReportStatus.ACCEPTED


def _import_targets(plan: Plan, resolved: list[_Row], user: User) -> dict[tuple[int, str], _Target]:
    """One target per agency and quarter; the current reports locked for the transaction."""
    targets: dict[tuple[int, str], _Target] = {}
    for row in resolved:
        key = (row.agency_id, row.quarter)
        if key not in targets:
            targets[key] = _Target(row.agency_id, row.quarter, None)
        targets[key].rows.append(row)
    current = Report.objects.select_for_update().filter(
        plan=plan,
        is_current=True,
        agency_id__in={agency_id for agency_id, _quarter in targets},
        period__in={quarter for _agency_id, quarter in targets},
    )
    for report in current:
        if (report.agency_id, report.period) in targets:
            targets[(report.agency_id, report.period)].current = report
    errors = []
    for target in targets.values():
        busy = target.current is not None and target.current.status == ReportStatus.SUBMITTED
        if busy and not user_can_review(user):
            message = _(
                "The report for %(quarter)s is submitted and awaits review; it takes no new "
                "values until it is returned or accepted."
            ) % {"quarter": target.quarter}
            errors += [(row.line, "period", message) for row in target.rows]
    if errors:
        raise ValuesInvalid(errors)
    return targets


def _check_imported_grids(
    plan: Plan,
    lookup: _ImportLookup,
    resolved: list[_Row],
    targets: dict[tuple[int, str], _Target],
) -> dict[tuple[int, int, str, str], tuple[Decimal, str]]:
    """Sums over the merged grid (stored values plus imported ones) and the outlier rule.
    Returns the cells already stored: (agency, indicator, period, breakdown) -> (value,
    comment)."""
    report_ids = {t.current.pk for t in targets.values() if t.current is not None}
    indicator_ids = {row.indicator_id for row in resolved}
    stored = IndicatorValue.objects.filter(report_id__in=report_ids, indicator_id__in=indicator_ids)
    agency_of = {t.current.pk: t.agency_id for t in targets.values() if t.current is not None}
    grids: dict[tuple[int, int], dict] = defaultdict(dict)
    for report_id, indicator_id, period, breakdown, value, comment in stored.values_list(
        "report_id", "indicator_id", "period", "breakdown", "value", "comment"
    ):
        grids[(agency_of[report_id], indicator_id)][(period, breakdown)] = (value, comment, None)
    stored_cells = {
        (agency_id, indicator_id, period, breakdown): (value, comment)
        for (agency_id, indicator_id), grid in grids.items()
        for (period, breakdown), (value, comment, _line) in grid.items()
    }
    for row in resolved:
        grids[(row.agency_id, row.indicator_id)][(row.period, row.breakdown)] = (
            row.value,
            row.comment,
            row.line,
        )
    history = accepted_history(
        plan=plan,
        agency_ids={t.agency_id for t in targets.values()},
        indicator_ids=indicator_ids,
        exclude_reports=report_ids,
    )
    errors = []
    for (agency_id, indicator_id), grid in grids.items():
        errors += _grid_errors(
            lookup.rules[indicator_id], grid, history.get((agency_id, indicator_id), [])
        )
    if errors:
        raise ValuesInvalid(errors)
    return stored_cells


def _grid_errors(
    rules: validation.IndicatorRules, grid: dict, history: list[tuple[str, Decimal]]
) -> list[tuple[int, str, str]]:
    cells = [
        validation.Cell(period=p, breakdown=b, value=value, comment=comment)
        for (p, b), (value, comment, _line) in grid.items()
    ]
    errors = []
    for problem in validation.check_cells(rules, cells, history):
        line = (
            grid[(problem.period, problem.breakdown)][2]
            if ((problem.period, problem.breakdown) in grid)
            else None
        )
        if line is None:
            # A sum over stored cells: blame the first imported row of that period.
            lines = [ln for (p, _b), (_v, _c, ln) in grid.items() if p == problem.period and ln]
            line = min(lines) if lines else 0
        errors.append((line, "value", problem.message))
    return errors


def _set_status(report: Report, user: User, status: str, now: datetime.datetime) -> None:
    report.status = status
    report.first_submitted_at = report.first_submitted_at or now
    if status == ReportStatus.ACCEPTED:
        report.submitted_at = report.submitted_at or now
        report.submitted_by = report.submitted_by or user
        report.accepted_at, report.accepted_by = now, user
    else:
        report.submitted_at, report.submitted_by = now, user


def _place_reports(
    plan: Plan, user: User, status: str, targets: dict[tuple[int, str], _Target]
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
        _set_status(target.report, user, status, now)
    Report.objects.bulk_create(created, batch_size=BATCH)
    fields = ["status", "first_submitted_at", "submitted_at", "submitted_by", "accepted_at"]
    fields += ["accepted_by", "revision", "updated_at"]
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


def _copy_children(new_by_old: dict[int, Report]) -> None:
    """Copy values, entries and activity updates of retired versions to their successors."""
    if not new_by_old:
        return
    for model in (IndicatorValue, IndicatorEntry, ActivityUpdate):
        copies = []
        for item in model.objects.filter(report_id__in=new_by_old).iterator(chunk_size=BATCH):
            item.pk, item.report = None, new_by_old[item.report_id]
            copies.append(item)
        model.objects.bulk_create(copies, batch_size=BATCH)  # type: ignore[arg-type]


def _log_import(
    user: User, status: str, targets: dict[tuple[int, str], _Target], fresh: list[_Row]
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
    ReportEvent.objects.bulk_create(events, batch_size=BATCH)
