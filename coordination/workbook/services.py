"""Import and export of the recommendations workbook.

`recommendations_import` reads, validates every row, and only then writes, in one transaction:
a file with any error changes nothing. It adds the recommendations whose code is new, updates
those whose code is stored, and keeps those of the plan the file does not list.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from accounts.models import User
from agencies.models import Agency
from coordination.models import Recommendation
from plans.models import Activity, Plan
from plans.workbook import WorkbookError, WorkbookInvalid
from plans.workbook.reader import read_workbook

from . import writer
from .schema import wanted_headers
from .validate import Draft, Known, validate_sheet

__all__ = [
    "ImportSummary",
    "WorkbookError",
    "WorkbookInvalid",
    "recommendations_export",
    "recommendations_import",
]


@dataclass(frozen=True)
class ImportSummary:
    plan: Plan
    created: list[str] = field(default_factory=list)  # codes
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    # Stored, but not in the workbook: kept as they are.
    kept: list[str] = field(default_factory=list)
    dry_run: bool = False


def recommendations_export(*, plan: Plan) -> bytes:
    """The plan's recommendations as the workbook that imports back to the same."""
    return writer.recommendations_xlsx(plan)


def recommendations_import(
    *, plan: Plan, data: bytes, user: User | None = None, dry_run: bool = False
) -> ImportSummary:
    """Add and update the plan's recommendations from the workbook; WorkbookInvalid (every
    error by sheet, row and column) when it has any, and then nothing is written. With
    `dry_run` everything is checked and counted, then rolled back. `user` is recorded as who
    confirmed a status the workbook changes (None from the command line)."""
    sheets = read_workbook(data, sheets=wanted_headers())
    with transaction.atomic():
        drafts = validate_sheet(sheets, known=_known(plan))
        summary = _save(plan, drafts, user, dry_run)
        if dry_run:
            transaction.set_rollback(True)
    return summary


def _known(plan: Plan) -> Known:
    recommendations = Recommendation.objects.filter(plan=plan).prefetch_related(
        Prefetch("activities", Activity.objects.only("pk")),
        Prefetch("agencies", Agency.objects.only("pk")),
    )
    return Known(
        plan=plan,
        activities={a.code: a for a in Activity.objects.filter(plan=plan)},
        areas={a.code: a for a in plan.areas.all()},
        agencies={a.code.casefold(): a for a in Agency.objects.all()},
        recommendations={r.code: r for r in recommendations.select_for_update(of=("self",))},
    )


def _save(plan: Plan, drafts: list[Draft], user: User | None, dry_run: bool) -> ImportSummary:
    now = timezone.now()
    for draft in drafts:
        if draft.status_changed:
            draft.recommendation.status_confirmed_at = now
            draft.recommendation.status_confirmed_by = user
    new = [d.recommendation for d in drafts if d.is_new]
    changed = [d for d in drafts if not d.is_new and d.changed]
    Recommendation.objects.bulk_create(new)
    for draft in changed:
        draft.recommendation.updated_at = now  # bulk_update does not touch auto_now fields
    Recommendation.objects.bulk_update(
        [d.recommendation for d in changed], _updated_fields(), batch_size=500
    )
    _links_save(drafts)
    listed = {d.recommendation.code for d in drafts}
    stored = Recommendation.objects.filter(plan=plan).values_list("code", flat=True)
    return ImportSummary(
        plan=plan,
        created=[r.code for r in new],
        updated=[d.recommendation.code for d in changed],
        unchanged=[d.recommendation.code for d in drafts if not d.is_new and not d.changed],
        kept=sorted(code for code in stored if code not in listed),
        dry_run=dry_run,
    )


def _updated_fields() -> list[str]:
    return [
        "source",
        "cycle",
        "reference",
        "text",
        "text_i18n",
        "issued_on",
        "strength",
        "theme",
        "area",
        "response",
        "sdg_targets",
        "high_priority",
        "status",
        "status_comment",
        "status_confirmed_at",
        "status_confirmed_by",
        "updated_at",
    ]


def _links_save(drafts: list[Draft]) -> None:
    """Replace the activities and agencies of the rows whose sheet gives them: one delete and
    one insert for each kind, whatever the number of rows."""
    activity_link = Recommendation.activities.through
    agency_link = Recommendation.agencies.through
    traced = [d for d in drafts if d.activities is not None and (d.is_new or d.changed)]
    assigned = [d for d in drafts if d.agencies is not None and (d.is_new or d.changed)]
    activity_link.objects.filter(
        recommendation_id__in=[d.recommendation.pk for d in traced]
    ).delete()
    activity_link.objects.bulk_create(
        activity_link(recommendation_id=d.recommendation.pk, activity_id=a.pk)
        for d in traced
        for a in d.activities or []
    )
    agency_link.objects.filter(
        recommendation_id__in=[d.recommendation.pk for d in assigned]
    ).delete()
    agency_link.objects.bulk_create(
        agency_link(recommendation_id=d.recommendation.pk, agency_id=a.pk)
        for d in assigned
        for a in d.agencies or []
    )
