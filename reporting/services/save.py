"""Saving a report: `report_save` and its checks and writes (a partial update)."""

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from plans.models import Activity
from reporting import validation
from reporting.models import (
    ActivityUpdate,
    EventKind,
    IndicatorEntry,
    IndicatorValue,
    Report,
    ValueSource,
)
from reporting.selectors import (
    ReportScope,
    accepted_history,
    report_is_editable_by,
    scope_of_report,
)

from ._common import (
    ACTIVITY_FIELDS,
    BATCH,
    ENTRY_FIELDS,
    ActivityInput,
    EntryInput,
    ValueInput,
    _check_revision,
    _claim,
    _clash,
    _event,
)
from .state import HEADER_FIELDS, State, inputs_from_changes, merge, state_of_inputs, stored_state

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
    loaded: Mapping[str, object] | None = None,
    keep_rule_breaks: bool = False,
) -> Report:
    """Save a draft (or a returned report): ValidationError (field key -> messages) or
    ReportConflict, and then nothing is written.

    `loaded` is what the person's page showed when it was loaded (field key -> value, see
    `state`): with it only the fields the person changed are written, merged field by field with
    what others saved meanwhile, and only a field both changed differently is a conflict (its
    `clashes`). Without it (a workbook, a script), a save from an older revision is refused.

    With `keep_rule_breaks` (the web form's drafts) values that break a rule of the grid (a
    negative count, categories above the total, an uncommented outlier) are kept: a draft keeps
    what was typed, and submitting refuses them (`report_problems` lists them meanwhile)."""
    if not report_is_editable_by(report, user):
        raise PermissionDenied
    if loaded is None:
        _check_revision(report, revision)
    else:
        mine = state_of_inputs(
            contact_person=contact_person,
            general_observations=general_observations,
            values=values,
            entries=entries,
            activities=activities,
        )
        revision, header, values, entries, activities = _merged(report, loaded, mine)
        contact_person, general_observations = (header[name] for name in HEADER_FIELDS)
    scope = scope_of_report(report)
    check = _SaveCheck()
    texts = {"contact_person": contact_person, "general_observations": general_observations}
    for name, message in validation.check_texts(texts).items():
        check.add(name, message)
    changed_cells, deleted = _check_values(report, scope, values, check, not keep_rule_breaks)
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


def _merged(
    report: Report, loaded: Mapping[str, object], mine: State
) -> tuple[int, dict[str, str], list[ValueInput], list[EntryInput], list[ActivityInput]]:
    """The revision stored now and what to write: the fields this person changed, merged with
    what is stored now (ReportConflict when both changed a field differently)."""
    # Locks the report's row until the save commits: nobody else merges against the same state.
    current = (
        Report.objects.select_for_update().values_list("revision", flat=True).get(pk=report.pk)
    )
    stored = stored_state(report)
    changes, clashes = merge(loaded=loaded, mine=mine, stored=stored)
    if clashes:
        raise _clash(report, clashes)
    return current, *inputs_from_changes(changes, stored)


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
    report: Report,
    scope: ReportScope,
    values: list[ValueInput],
    check: _SaveCheck,
    rules: bool = True,
) -> tuple[list[ValueInput], list[ValueInput]]:
    """Validate the merged grid of every indicator touched (its `rules` too unless told not
    to); return the cells to write (changed ones only) and the cells to delete."""
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
        if message := validation.check_texts({"comment": item.comment}).get("comment"):
            check.add(key, message)
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
    if rules:
        own = {pk: item.rules for pk, item in by_id.items() if pk in merged}
        _check_grids(report, own, merged, check)
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
        problems = validation.check_texts(asdict(entry)) | validation.check_entry(
            scoped.rules, facts
        )
        for name, message in problems.items():
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
        problems = validation.check_texts(asdict(update)) | validation.check_activity(facts)
        for name, message in problems.items():
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
