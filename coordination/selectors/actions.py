"""Reads of actions: who sees which (`actions_visible_to`, the permission getter
`get_action_for_user`), the list's filters, the work lists (overdue and soon due) and the counts
the annual report gives (`action_outcomes`).

Who sees an action: the coordinator every one; an agency's reporters and approvers their
agency's; its owner always; viewers those of meetings whose minutes are published.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Case, F, Prefetch, Q, QuerySet, Value, When
from django.http import Http404

from accounts import permissions
from accounts.models import User
from agencies.models import Agency
from coordination.models import Action, ActionUpdate, Meeting, MeetingStatus
from coordination.rules import OPEN_ACTION_STATUSES, action_outcome
from coordination.selectors.meetings import meetings_for_user
from coordination.services.actions import LOCKED_MEETING_STATUSES
from plans.models import Plan

OUTCOMES = ("done_on_time", "done_late", "dropped", "late", "open")


def _visible_filter(user: User) -> Q | None:
    """None: every action; Q(pk__in=[]): none."""
    if not permissions.may_follow_actions(user):
        return Q(pk__in=[])
    if permissions.reads_every_meeting(user):
        return None
    visible = Q(owner_id=user.pk)
    agency_id = permissions.member_agency_id(user)
    if agency_id is not None:
        visible |= Q(owner_agency_id=agency_id)
    if permissions.reads_published_minutes(user):
        visible |= Q(meeting__status=MeetingStatus.PUBLISHED)
    return visible


def actions_visible_to(user: User) -> QuerySet[Action]:
    visible = _visible_filter(user)
    actions = Action.objects.select_related(
        "meeting__body", "meeting__plan", "owner_agency", "owner"
    )
    return actions if visible is None else actions.filter(visible)


def mine_filter(user: User) -> Q:
    """The actions a user answers for: owned by them, or by their agency (reporters and
    approvers)."""
    mine = Q(owner_id=user.pk)
    agency_id = permissions.member_agency_id(user)
    if agency_id is not None:
        mine |= Q(owner_agency_id=agency_id)
    return mine


def get_action_for_user(
    user: User, action_id: int, *, update: bool = False, manage: bool = False
) -> Action:
    """The action, if `user` may see it; with `update`, if they may report on it; with
    `manage`, if they may change what the minutes say of it. 404 for an action they may not
    see, 403 for what their role may not do."""
    try:
        action = actions_visible_to(user).select_related("item").get(pk=action_id)
    except Action.DoesNotExist:
        raise Http404 from None
    if update and not may_update(user, action):
        raise PermissionDenied
    if manage and not permissions.may_manage_coordination(user):
        raise PermissionDenied
    return action


def may_update(user: User, action: Action) -> bool:
    return permissions.may_update_action(user, action.owner_agency_id, action.owner_id)


def may_edit(user: User, action: Action) -> bool:
    """Change what the minutes say: the coordinator, until the minutes are approved."""
    return (
        permissions.may_manage_coordination(user)
        and action.meeting.status not in LOCKED_MEETING_STATUSES
    )


def may_open_meeting(user: User, meeting: Meeting) -> bool:
    """Whether the action's page may link to its meeting (the meetings pages' own rule)."""
    try:
        return meetings_for_user(user).filter(pk=meeting.pk).exists()
    except PermissionDenied:
        return False


def get_update_for_user(user: User, update_id: int) -> ActionUpdate:
    """An update whose action `user` may see (its evidence file is as private as the action);
    404 otherwise, and for an update without a file."""
    try:
        update = ActionUpdate.objects.select_related("action").get(pk=update_id)
    except ActionUpdate.DoesNotExist:
        raise Http404 from None
    if not update.evidence_file or not actions_visible_to(user).filter(pk=update.action_id):
        raise Http404
    return update


def action_updates(action: Action) -> QuerySet[ActionUpdate]:
    """The action's history, newest first, with who wrote each."""
    return action.updates.select_related("by").order_by("-at", "-pk")


# --- The list ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActionFilters:
    status: str = ""  # an ActionStatus value, or "" for all
    open_only: bool = False  # open or in progress
    overdue: bool = False
    agency_id: int | None = None
    body_id: int | None = None
    plan_id: int | None = None
    meeting_id: int | None = None
    mine: bool = False


def action_list(user: User, filters: ActionFilters, *, today: datetime.date) -> QuerySet[Action]:
    """The actions `user` may see, filtered: open ones first, the soonest due at the top, then
    closed ones, the latest due first (the latest update of each prefetched: the list shows who
    last reported)."""
    actions = actions_visible_to(user)
    if filters.mine:
        actions = actions.filter(mine_filter(user))
    if filters.status:
        actions = actions.filter(status=filters.status)
    if filters.open_only:
        actions = actions.filter(status__in=OPEN_ACTION_STATUSES)
    if filters.overdue:
        actions = actions.filter(status__in=OPEN_ACTION_STATUSES, due_on__lt=today)
    if filters.agency_id is not None:
        actions = actions.filter(owner_agency_id=filters.agency_id)
    if filters.body_id is not None:
        actions = actions.filter(meeting__body_id=filters.body_id)
    if filters.plan_id is not None:
        actions = actions.filter(meeting__plan_id=filters.plan_id)
    if filters.meeting_id is not None:
        actions = actions.filter(meeting_id=filters.meeting_id)
    latest = ActionUpdate.objects.select_related("by").order_by("-at", "-pk")
    # Open and in-progress actions first (the soonest due at the top), then the closed ones,
    # the most recently due first: what needs doing is never below what is done.
    closed = Case(When(status__in=OPEN_ACTION_STATUSES, then=Value(0)), default=Value(1))
    return (
        actions.prefetch_related(Prefetch("updates", queryset=latest))
        .annotate(closed=closed)
        .order_by(
            "closed",
            Case(When(closed=0, then=F("due_on"))).asc(nulls_last=True),
            F("due_on").desc(),
            "pk",
        )
    )


def agencies_with_actions(user: User) -> QuerySet[Agency]:
    """The agencies owning an action `user` sees (the list's agency filter)."""
    owners = actions_visible_to(user).values("owner_agency_id")
    return Agency.objects.filter(pk__in=owners).order_by("code")


# --- Work lists -------------------------------------------------------------------------------


def overdue_actions(
    *,
    today: datetime.date,
    user: User | None = None,
    plan: Plan | None = None,
    agency: Agency | None = None,
) -> QuerySet[Action]:
    """Open actions past their due date, the longest overdue first: those `user` answers for
    (owner or owner agency) when given, else all; of `plan`'s meetings and `agency` when given."""
    actions = Action.objects.select_related("meeting__body", "owner_agency", "owner").filter(
        status__in=OPEN_ACTION_STATUSES, due_on__lt=today
    )
    if user is not None:
        actions = actions.filter(mine_filter(user))
    if plan is not None:
        actions = actions.filter(meeting__plan=plan)
    if agency is not None:
        actions = actions.filter(owner_agency=agency)
    return actions.order_by("due_on", "pk")


def due_soon_actions(
    *, today: datetime.date, user: User | None = None, plan: Plan | None = None
) -> QuerySet[Action]:
    """Open actions due from today to TIPMONITOR_ACTION_REMINDER_DAYS_BEFORE days ahead."""
    until = today + datetime.timedelta(days=settings.TIPMONITOR_ACTION_REMINDER_DAYS_BEFORE)
    actions = Action.objects.select_related("meeting__body", "owner_agency", "owner").filter(
        status__in=OPEN_ACTION_STATUSES, due_on__gte=today, due_on__lte=until
    )
    if user is not None:
        actions = actions.filter(mine_filter(user))
    if plan is not None:
        actions = actions.filter(meeting__plan=plan)
    return actions.order_by("due_on", "pk")


@dataclass(frozen=True)
class WorkList:
    overdue: list[Action]
    due_soon: list[Action]

    def __bool__(self) -> bool:
        return bool(self.overdue or self.due_soon)


def _work_list(
    today: datetime.date, *, mine: Q | None = None, plan: Plan | None = None
) -> WorkList:
    """Open actions overdue or due within TIPMONITOR_ACTION_REMINDER_DAYS_BEFORE days, in one
    query (the pages that show them count their queries)."""
    until = today + datetime.timedelta(days=settings.TIPMONITOR_ACTION_REMINDER_DAYS_BEFORE)
    actions = Action.objects.select_related("meeting__body", "owner_agency", "owner").filter(
        status__in=OPEN_ACTION_STATUSES, due_on__lte=until
    )
    if mine is not None:
        actions = actions.filter(mine)
    if plan is not None:
        actions = actions.filter(meeting__plan=plan)
    found = list(actions.order_by("due_on", "pk"))
    return WorkList(
        [action for action in found if action.due_on < today],
        [action for action in found if action.due_on >= today],
    )


def my_work_list(user: User, *, today: datetime.date) -> WorkList:
    """An agency user's (or an owner's) overdue and soon-due actions."""
    if not permissions.may_follow_actions(user):
        return WorkList([], [])
    return _work_list(today, mine=mine_filter(user))


def attention_work_list(user: User, plan: Plan, *, today: datetime.date) -> WorkList:
    """The coordinator's: every agency's overdue and soon-due actions of the plan's meetings."""
    if not permissions.reads_every_meeting(user):
        return WorkList([], [])
    return _work_list(today, plan=plan)


# --- The record -------------------------------------------------------------------------------


@dataclass
class OutcomeCounts:
    passed: int = 0
    done_on_time: int = 0
    done_late: int = 0
    dropped: int = 0
    late: int = 0
    open: int = 0

    def add(self, outcome: str) -> None:
        self.passed += 1
        setattr(self, outcome, getattr(self, outcome) + 1)

    @property
    def done(self) -> int:
        return self.done_on_time + self.done_late

    @property
    def on_time_rate(self) -> float | None:
        """The share of the actions done that were done by their due date."""
        return self.done_on_time / self.done if self.done else None


@dataclass
class ActionOutcomes:
    """The actions passed at a plan's meetings held in a period, by how they stand on `today`:
    in all and per owner agency (agencies by code)."""

    start: datetime.date
    end: datetime.date
    today: datetime.date
    total: OutcomeCounts = field(default_factory=OutcomeCounts)
    by_agency: list[tuple[Agency, OutcomeCounts]] = field(default_factory=list)


def action_outcomes(
    plan: Plan, start: datetime.date, end: datetime.date, today: datetime.date
) -> ActionOutcomes:
    """Actions passed at `plan`'s meetings held from `start` to `end` (inclusive), counted by
    coordination.rules.action_outcome as they stand on `today`: done on time, done late,
    dropped, late (open past the due date) and open. Two queries, whatever the number."""
    rows = Action.objects.filter(
        meeting__plan=plan, meeting__held_on__gte=start, meeting__held_on__lte=end
    ).values_list("owner_agency_id", "status", "due_on", "closed_on")
    result = ActionOutcomes(start=start, end=end, today=today)
    per_agency: dict[int, OutcomeCounts] = {}
    for agency_id, status, due_on, closed_on in rows:
        outcome = action_outcome(status, due_on, closed_on, today)
        result.total.add(outcome)
        per_agency.setdefault(agency_id, OutcomeCounts()).add(outcome)
    agencies = Agency.objects.in_bulk(list(per_agency))
    result.by_agency = sorted(
        ((agencies[pk], counts) for pk, counts in per_agency.items()), key=lambda a: a[0].code
    )
    return result
