"""Shared parts of the report services: the inputs and errors, the conflict check, the event log."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from reporting.models import (
    ActivityUpdate,
    IndicatorEntry,
    IndicatorValue,
    Report,
    ReportEvent,
    ReportStatus,
)

BATCH = 2000


class ReportConflict(Exception):  # noqa: N818 (the name the other modules use)
    """Someone changed the report after the user loaded it."""

    def __init__(
        self,
        message: str,
        *,
        by: User | None = None,
        at: datetime.datetime | None = None,
        clashes: dict[str, object] | None = None,
    ):
        super().__init__(message)
        self.message = message
        self.by = by
        self.at = at
        # Field key -> the value stored now, for each field both people changed differently
        # (empty when the whole save was refused for an old revision).
        self.clashes = clashes or {}


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


def _event(
    report: Report, kind: str, user: User, comment: str = "", **fields: object
) -> ReportEvent:
    return ReportEvent.objects.create(
        report=report, kind=kind, by=user, at=timezone.now(), comment=comment, **fields
    )


def _clash(report: Report, clashes: dict[str, object]) -> ReportConflict:
    """Someone else changed some of the fields this person changed, to other values."""
    last = _conflict(report)
    if last.by is None or last.at is None:
        message = _("Someone else changed some of the fields you changed, after you opened it.")
    else:
        message = _(
            "%(name)s changed some of the fields you changed at %(when)s, after you opened it."
        ) % {
            "name": last.by.display_name,
            "when": timezone.localtime(last.at).strftime("%Y-%m-%d %H:%M"),
        }
    return ReportConflict(message, by=last.by, at=last.at, clashes=clashes)


def _conflict(report: Report) -> ReportConflict:
    last = report.events.select_related("by").order_by("-at", "-pk").first()
    if last is None:
        return ReportConflict(
            _(
                "Someone else changed this report after you opened it. Reload to see their "
                "changes; yours are kept below."
            )
        )
    name = last.by.display_name
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


# --- Bulk data values --------------------------------------------------------------------------


@dataclass
class ValueRow:
    """One row of a data-values file: `breakdown` maps dimension codes to category codes
    (empty category: that dimension is not broken down on this row)."""

    line: int
    indicator_code: str
    period: str
    agency_code: str
    # Text as typed (read by `tipmonitor.lib.numbers.parse_number`), or a number a file's
    # numeric cell or a JSON number already holds.
    value: str | int | float | Decimal
    comment: str = ""
    breakdown: dict[str, str] = field(default_factory=dict)


@dataclass
class ImportResult:
    reports: int
    values_created: int
    values_updated: int
    # What the reports were recorded as: a reporter of an agency that signs its reports off
    # asks for `submitted` and gets `awaiting_approval`.
    status: str = ""

    def message(self) -> str:
        """What the uploader is told, on the page or in the worker's job."""
        counts = {
            "created": self.values_created,
            "updated": self.values_updated,
            "reports": self.reports,
        }
        if self.status == ReportStatus.AWAITING_APPROVAL:
            message = _(
                "%(created)d values stored and %(updated)d updated in %(reports)d reports, "
                "recorded as awaiting the agency's approval: they reach the coordinator when "
                "one of the agency's approvers approves them."
            )
        else:
            message = _("%(created)d values stored and %(updated)d updated in %(reports)d reports.")
        return message % counts


class ValuesInvalid(Exception):  # noqa: N818 (the name the other modules use)
    """The file was refused: (line, column, message) for every problem found."""

    def __init__(self, errors: list[tuple[int, str, str]]):
        self.errors = sorted(errors, key=lambda error: (error[0], error[1]))
        super().__init__(_("%(count)d problems in the data values.") % {"count": len(errors)})


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
