"""Writes of a meeting's agenda: the coordinator's, until the minutes are approved.

A new meeting's draft agenda starts with two items (`agenda_prefill`): "Actions since the last
meeting" and "Flagged by the monitoring" (coordination.selectors.agenda says what each holds).
Each stores its content as text in its notes, as it stood when the agenda was drafted, and
links what it is about (the flagged indicators); the meeting page shows both again, live.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from accounts import permissions
from accounts.models import User
from agencies.models import Agency
from coordination.models import AgendaItem, AgendaItemKind, Meeting, Recommendation
from coordination.selectors import agenda as agenda_reads
from coordination.selectors.meetings import is_locked
from plans.models import Activity, Indicator, StrategicArea

TITLE_LIMIT = 400
MINUTES_LIMIT = 600  # ten hours: more is a typing slip


def agenda_prefill(meeting: Meeting, *, today: datetime.date) -> list[AgendaItem]:
    """The draft agenda's two first items, their snapshot text and links (called by
    `meeting_create`, inside its transaction)."""
    actions = agenda_reads.actions_since_last_meeting(meeting, today=today)
    flags = agenda_reads.flagged_by_monitoring(meeting, today=today)
    first = AgendaItem.objects.create(
        meeting=meeting,
        order=1,
        kind=AgendaItemKind.ACTIONS,
        title=_("Actions since the last meeting"),
        notes=agenda_reads.actions_text(actions),
    )
    second = AgendaItem.objects.create(
        meeting=meeting,
        order=2,
        kind=AgendaItemKind.FLAGGED,
        title=_("Flagged by the monitoring"),
        notes=agenda_reads.flags_text(flags),
    )
    second.indicators.set([flagged.indicator for flagged in flags.indicators])
    return [first, second]


def _require(by: User, meeting: Meeting) -> None:
    if not permissions.may_manage_coordination(by):
        raise PermissionDenied
    if is_locked(meeting):
        raise ValidationError(
            _("The minutes of this meeting are approved: its agenda can no longer be changed.")
        )


def _check(
    meeting: Meeting,
    *,
    title: str,
    minutes_planned: int | None,
    areas: Sequence[StrategicArea],
    activities: Sequence[Activity],
    indicators: Sequence[Indicator],
    recommendations: Sequence[Recommendation],
) -> None:
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("Give the item a title.")
    elif len(title.strip()) > TITLE_LIMIT:
        errors["title"] = _("At most %(limit)d characters.") % {"limit": TITLE_LIMIT}
    if minutes_planned is not None and not 0 < minutes_planned <= MINUTES_LIMIT:
        errors["minutes_planned"] = _("Between 1 and %(limit)d minutes.") % {"limit": MINUTES_LIMIT}
    linked: dict[str, Sequence[Any]] = {
        "areas": areas,
        "activities": activities,
        "indicators": indicators,
        "recommendations": recommendations,
    }
    for name, elements in linked.items():
        foreign = [element.code for element in elements if element.plan_id != meeting.plan_id]
        if foreign:
            errors[name] = _("Not of the meeting's plan: %(codes)s.") % {
                "codes": ", ".join(foreign)
            }
    if errors:
        raise ValidationError(errors)


def _link(
    item: AgendaItem,
    areas: Sequence[StrategicArea],
    activities: Sequence[Activity],
    indicators: Sequence[Indicator],
    recommendations: Sequence[Recommendation],
) -> None:
    item.areas.set(areas)
    item.activities.set(activities)
    item.indicators.set(indicators)
    item.recommendations.set(recommendations)


@transaction.atomic
def agenda_item_create(
    *,
    meeting: Meeting,
    title: str,
    presenter: Agency | None = None,
    minutes_planned: int | None = None,
    notes: str = "",
    areas: Sequence[StrategicArea] = (),
    activities: Sequence[Activity] = (),
    indicators: Sequence[Indicator] = (),
    recommendations: Sequence[Recommendation] = (),
    by: User,
) -> AgendaItem:
    """Add an item at the end of the agenda."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _require(by, meeting)
    _check(
        meeting,
        title=title,
        minutes_planned=minutes_planned,
        areas=areas,
        activities=activities,
        indicators=indicators,
        recommendations=recommendations,
    )
    last = meeting.items.order_by("-order").values_list("order", flat=True).first() or 0
    item = AgendaItem.objects.create(
        meeting=meeting,
        order=last + 1,
        title=title.strip(),
        presenter=presenter,
        minutes_planned=minutes_planned,
        notes=notes.strip(),
    )
    _link(item, areas, activities, indicators, recommendations)
    return item


@transaction.atomic
def agenda_item_update(
    *,
    item: AgendaItem,
    title: str,
    presenter: Agency | None = None,
    minutes_planned: int | None = None,
    notes: str = "",
    areas: Sequence[StrategicArea] = (),
    activities: Sequence[Activity] = (),
    indicators: Sequence[Indicator] = (),
    recommendations: Sequence[Recommendation] = (),
    by: User,
) -> AgendaItem:
    meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
    _require(by, meeting)
    _check(
        meeting,
        title=title,
        minutes_planned=minutes_planned,
        areas=areas,
        activities=activities,
        indicators=indicators,
        recommendations=recommendations,
    )
    item.title, item.presenter = title.strip(), presenter
    item.minutes_planned, item.notes = minutes_planned, notes.strip()
    item.save()
    _link(item, areas, activities, indicators, recommendations)
    return item


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem, by: User) -> None:
    """Take an item off the agenda (the actions passed under it stay, without their item)."""
    meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
    _require(by, meeting)
    order = item.order
    item.delete()
    meeting.items.filter(order__gt=order).update(order=F("order") - 1)


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, up: bool, by: User) -> None:
    """Swap the item with the one before it (`up`) or after it. Numbers the agenda 1, 2, 3…
    first, so that items of equal order (added by hand elsewhere) move predictably."""
    meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
    _require(by, meeting)
    items = list(meeting.items.order_by("order", "pk"))
    at = next(index for index, each in enumerate(items) if each.pk == item.pk)
    other = at - 1 if up else at + 1
    if not 0 <= other < len(items):
        raise ValidationError(
            _("This item is already first.") if up else _("This item is already last.")
        )
    items[at], items[other] = items[other], items[at]
    for order, each in enumerate(items, start=1):
        if each.order != order:
            AgendaItem.objects.filter(pk=each.pk).update(order=order)
