"""Writes of the recommendation tracker: a recommendation created, changed, traced to the plan's
activities and the responsible agencies, deleted; its implementation status confirmed by the
coordinator with a comment; the tracker's summary published to the public site or withdrawn.

Every rule a recommendation obeys is in `recommendation_problems`, which the form, the workbook
import (coordination/workbook/) and the API all reach through these services, so a rule cannot
say one thing on a page and another in a workbook. Each write is one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import permissions
from accounts.models import User
from agencies.models import Agency
from coordination.models import ImplementationStatus, Recommendation, TrackerPublication
from coordination.rules import parse_sdg_targets
from plans.models import Activity, Plan, names_clean

# The fields a recommendation is described by (what the form, the workbook and the API give).
DESCRIBING_FIELDS = (
    "code",
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
)
# A comment on a status may be long, but not a book.
MAX_COMMENT_LENGTH = 10_000
# Recommendation dates: none is older than the first monitoring reports, none in the far future.
FIRST_YEAR, LAST_YEAR = 1950, 2200

Problems = dict[str, list[str]]


def _add(problems: Problems, field: str, message: str) -> None:
    problems.setdefault(field, []).append(str(message))


def recommendation_problems(
    recommendation: Recommendation,
    *,
    activities: Iterable[Activity] = (),
    check_code: bool = True,
) -> Problems:
    """Every rule a recommendation (not saved yet, or changed in memory) breaks: field ->
    messages; empty when all is well. `check_code`: refuse a code another recommendation of the
    plan has (the workbook, which updates by code, checks its own duplicates instead)."""
    problems: Problems = {}
    try:
        recommendation.full_clean(
            exclude=["plan", "area", "status_confirmed_by"],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as error:
        for field, errors in error.message_dict.items():
            for message in errors:
                _add(problems, field, message)
    if recommendation.sdg_targets:
        targets, sdg_error = parse_sdg_targets(recommendation.sdg_targets)
        if sdg_error:
            _add(problems, "sdg_targets", sdg_error)
        else:
            recommendation.sdg_targets = ",".join(targets)
    if (day := recommendation.issued_on) is not None and not FIRST_YEAR <= day.year <= LAST_YEAR:
        _add(problems, "issued_on", _date_message())
    if recommendation.area is not None and recommendation.area.plan_id != recommendation.plan_id:
        _add(problems, "area", _("This area is not part of the plan."))
    for activity in activities:
        if activity.plan_id != recommendation.plan_id:
            _add(
                problems,
                "activities",
                _("Activity %(code)s is not part of the plan.") % {"code": activity.code},
            )
    if check_code and recommendation.code and _code_taken(recommendation):
        _add(problems, "code", _code_taken_message(recommendation.code))
    return problems


def _date_message() -> str:
    return _("A date between %(first)d and %(last)d, please.") % {
        "first": FIRST_YEAR,
        "last": LAST_YEAR,
    }


def _code_taken(recommendation: Recommendation) -> bool:
    taken = Recommendation.objects.filter(plan_id=recommendation.plan_id, code=recommendation.code)
    if recommendation.pk is not None:
        taken = taken.exclude(pk=recommendation.pk)
    return taken.exists()


def _code_taken_message(code: str) -> str:
    return _("Another recommendation of this plan has the code %(code)s.") % {"code": code}


def _raise_if_any(problems: Problems) -> None:
    if problems:
        raise ValidationError(problems)


def _describe(recommendation: Recommendation, fields: Mapping[str, Any]) -> None:
    for name, value in fields.items():
        if name not in DESCRIBING_FIELDS:
            raise TypeError(f"{name} is not a field a recommendation is described by")
        setattr(recommendation, name, value)
    recommendation.text_i18n = names_clean(recommendation.text_i18n)
    for name in ("code", "cycle", "reference", "text", "sdg_targets"):
        setattr(recommendation, name, (getattr(recommendation, name) or "").strip())


@transaction.atomic
def recommendation_create(
    *,
    plan: Plan,
    code: str,
    source: str,
    text: str,
    activities: Iterable[Activity] = (),
    agencies: Iterable[Agency] = (),
    **fields: Any,
) -> Recommendation:
    """A new recommendation of `plan`, traced to `activities` and `agencies`; ValidationError
    (by field) when it breaks a rule. `fields`: the other DESCRIBING_FIELDS."""
    recommendation = Recommendation(plan=plan)
    _describe(recommendation, {"code": code, "source": source, "text": text, **fields})
    activities = list(activities)
    _raise_if_any(recommendation_problems(recommendation, activities=activities))
    recommendation.save()
    recommendation.activities.set(activities)
    recommendation.agencies.set(list(agencies))
    return recommendation


@transaction.atomic
def recommendation_update(
    *,
    recommendation: Recommendation,
    activities: Iterable[Activity] | None = None,
    agencies: Iterable[Agency] | None = None,
    **fields: Any,
) -> Recommendation:
    """Change what describes a recommendation (and, when given, what it is traced to)."""
    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    _describe(recommendation, fields)
    activity_list = list(activities) if activities is not None else []
    _raise_if_any(recommendation_problems(recommendation, activities=activity_list))
    recommendation.save()
    if activities is not None:
        recommendation.activities.set(activity_list)
    if agencies is not None:
        recommendation.agencies.set(list(agencies))
    return recommendation


@transaction.atomic
def recommendation_trace(
    *,
    recommendation: Recommendation,
    activities: Iterable[Activity],
    agencies: Iterable[Agency],
) -> Recommendation:
    """Trace the recommendation to the activities of its plan that answer it and to the
    agencies responsible for it (replacing what it was traced to)."""
    activity_list = list(activities)
    problems: Problems = {}
    for activity in activity_list:
        if activity.plan_id != recommendation.plan_id:
            _add(
                problems,
                "activities",
                _("Activity %(code)s is not part of the plan.") % {"code": activity.code},
            )
    _raise_if_any(problems)
    recommendation.activities.set(activity_list)
    recommendation.agencies.set(list(agencies))
    return recommendation


@transaction.atomic
def recommendation_delete(*, recommendation: Recommendation) -> None:
    """Delete a recommendation; the agenda items and actions about it stay, without it."""
    recommendation.delete()


def status_problems(status: str, comment: str) -> Problems:
    problems: Problems = {}
    if status not in ImplementationStatus.values:
        allowed = ", ".join(ImplementationStatus.values)
        _add(
            problems,
            "status",
            _("“%(status)s” is not an implementation status (%(allowed)s).")
            % {"status": status, "allowed": allowed},
        )
    if not comment.strip():
        _add(
            problems,
            "comment",
            _("Say why: a confirmed status needs a comment (what was reported, what is left)."),
        )
    elif len(comment) > MAX_COMMENT_LENGTH:
        _add(
            problems,
            "comment",
            _("At most %(limit)d characters, please: this has %(length)d.")
            % {"limit": MAX_COMMENT_LENGTH, "length": len(comment)},
        )
    return problems


@transaction.atomic
def recommendation_confirm(
    *, recommendation: Recommendation, user: User | None, status: str, comment: str
) -> Recommendation:
    """The coordinator confirms the implementation status (one of ImplementationStatus), with
    a comment saying why; who and when are recorded. `user` None: the command line."""
    if user is not None and not permissions.may_manage_coordination(user):
        raise PermissionDenied
    comment = comment.strip()
    _raise_if_any(status_problems(status, comment))
    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    recommendation.status = status
    recommendation.status_comment = comment
    recommendation.status_confirmed_at = timezone.now()
    recommendation.status_confirmed_by = user
    recommendation.save(
        update_fields=[
            "status",
            "status_comment",
            "status_confirmed_at",
            "status_confirmed_by",
            "updated_at",
        ]
    )
    return recommendation


@transaction.atomic
def tracker_publish(*, plan: Plan, user: User, published: bool) -> TrackerPublication:
    """Show the plan's tracker summary on the public site (counts by status, source and theme;
    no text, no comment), or withdraw it."""
    if not permissions.may_manage_coordination(user):
        raise PermissionDenied
    publication, _created = TrackerPublication.objects.select_for_update().get_or_create(plan=plan)
    publication.published = published
    publication.changed_by = user
    publication.save()
    return publication
