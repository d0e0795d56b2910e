"""Reads of the recommendation tracker: each recommendation with the activities that answer it,
what the agencies reported on them (the evidence), their indicators' statuses, the status these
propose (coordination.rules.proposed_status) beside the one the coordinator confirmed; and the
tracker's summary (counts per status, by source and by theme) for pages, the public site and
documents.

Decisions where the issue is silent:
- An activity's state is its latest counted update (the current accepted reports, quarters
  starting by the date): in a quarter several agencies reported on, the lead agency's counts.
- The indicators of a recommendation are those hung on its activities.
- The summary counts the statuses the coordinator confirmed; a recommendation not yet confirmed
  counts as "not yet assessed", never as its proposed status, so that nothing published says
  more than the coordinator vouched for.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts import permissions
from accounts.models import User
from agencies.models import Agency
from coordination.models import (
    ImplementationStatus,
    Recommendation,
    RecommendationSource,
    Theme,
    TrackerPublication,
)
from coordination.rules import ProposedStatus, proposed_status
from plans.models import Activity, Indicator, Plan, name_in
from plans.selectors import get_plan_for_user
from progress.engine import Status
from progress.selectors import delivery_kind, indicator_progress
from reporting.models import ActivityState
from reporting.selectors import counting_updates

# The summary's key for a recommendation whose status the coordinator has not confirmed yet.
UNCONFIRMED = "unconfirmed"
# Delivery kinds (progress.selectors.DeliveryCounts) and indicator statuses that put a
# recommendation's activities off track.
OFF_TRACK_DELIVERY = frozenset({"delayed", "not_started_though_due"})
OFF_TRACK_INDICATOR = frozenset({Status.OFF_TRACK})


@dataclass(frozen=True)
class ActivityReport:
    """What an agency reported on an activity in a quarter (an accepted, current report)."""

    agency: Agency
    period: str
    period_start: datetime.date
    state: str
    percent_done: int | None
    comment: str

    @property
    def state_label(self) -> str:
        return str(ActivityState(self.state).label)


@dataclass(frozen=True)
class TrackedIndicator:
    indicator: Indicator
    status: str  # progress.engine.Status

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label)

    @property
    def off_track(self) -> bool:
        return self.status in OFF_TRACK_INDICATOR


@dataclass
class TrackedActivity:
    activity: Activity  # with its lead agency
    # The latest counted state (reporting.models.ActivityState); None: never reported.
    state: str | None
    # How it is delivered by the date (a progress.selectors.DeliveryCounts field name).
    delivery: str
    # What the agencies reported on it, newest first: the recommendation's evidence.
    reports: list[ActivityReport] = field(default_factory=list)
    indicators: list[TrackedIndicator] = field(default_factory=list)

    @property
    def state_label(self) -> str:
        return str(ActivityState(self.state).label) if self.state else _("Not reported")

    @property
    def off_track(self) -> bool:
        """Delayed, or not started though due, or an indicator of it off track."""
        return self.delivery in OFF_TRACK_DELIVERY or any(i.off_track for i in self.indicators)


@dataclass
class TrackedRecommendation:
    recommendation: Recommendation  # with its plan area and who confirmed the status
    activities: list[TrackedActivity]
    agencies: list[Agency]  # the responsible agencies, by code
    proposed: ProposedStatus

    @property
    def text(self) -> str:
        """The text in the active language."""
        rec = self.recommendation
        return name_in(rec.text, rec.text_i18n, get_language())

    @property
    def status(self) -> str:
        """The confirmed status ("" until the coordinator confirms one)."""
        return self.recommendation.status

    @property
    def status_label(self) -> str:
        return self.recommendation.get_status_display() if self.status else _("Not yet assessed")

    @property
    def status_comment(self) -> str:
        return self.recommendation.status_comment

    @property
    def proposed_label(self) -> str:
        return str(ImplementationStatus(self.proposed.status).label)

    @property
    def confirmed(self) -> bool:
        return bool(self.status)

    @property
    def differs(self) -> bool:
        """Confirmed, but not what the activities now propose: worth a second look."""
        return self.confirmed and self.status != self.proposed.status

    @property
    def indicators(self) -> list[TrackedIndicator]:
        return [i for activity in self.activities for i in activity.indicators]

    @property
    def reports(self) -> list[ActivityReport]:
        return [report for activity in self.activities for report in activity.reports]

    @property
    def off_track(self) -> bool:
        return any(activity.off_track for activity in self.activities)


# --- Permissions ------------------------------------------------------------------------------


def tracker_plan_for_user(user: User, plan_id: int, *, edit: bool = False) -> Plan:
    """The plan whose tracker `user` reads (keeps, with `edit`); 404 for a plan they may not
    see, 403 without the right."""
    plan = get_plan_for_user(user, plan_id)
    allowed = permissions.may_manage_coordination if edit else permissions.may_read_recommendations
    if not allowed(user):
        raise PermissionDenied
    return plan


def get_recommendation_for_user(
    user: User, recommendation_id: int, *, edit: bool = False
) -> Recommendation:
    """The recommendation, if `user` may read it (and keep it, with `edit`): 404 when its plan
    is hidden from them, 403 without the right."""
    try:
        recommendation = Recommendation.objects.select_related("plan").get(pk=recommendation_id)
    except Recommendation.DoesNotExist:
        raise Http404 from None
    tracker_plan_for_user(user, recommendation.plan_id, edit=edit)
    return recommendation


# --- The tracker ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrackerFilters:
    """What the tracker page narrows to; None or "" for all."""

    source: str | None = None
    theme: str | None = None
    status: str | None = None  # a confirmed status, or UNCONFIRMED
    high_priority: bool | None = None


def recommendations_of(plan: Plan, filters: TrackerFilters | None = None) -> QuerySet:
    found = Recommendation.objects.filter(plan=plan)
    filters = filters or TrackerFilters()
    if filters.source:
        found = found.filter(source=filters.source)
    if filters.theme:
        found = found.filter(theme=filters.theme)
    if filters.status:
        found = found.filter(status="" if filters.status == UNCONFIRMED else filters.status)
    if filters.high_priority is not None:
        found = found.filter(high_priority=filters.high_priority)
    return found


def tracker(
    plan: Plan,
    *,
    as_of: datetime.date | None = None,
    source: str | None = None,
    filters: TrackerFilters | None = None,
    ids: Collection[int] | None = None,
) -> list[TrackedRecommendation]:
    """The plan's recommendations (of `source`, or narrowed by `filters`, or those of `ids`)
    in the tracker's order (source, round, code), each with its activities, the evidence, the
    indicators' statuses and the proposed status, judged at `as_of` (today by default).
    A fixed number of queries, whatever the number of recommendations."""
    day = as_of or timezone.localdate()
    if source:
        filters = TrackerFilters(**{**(filters or TrackerFilters()).__dict__, "source": source})
    found = recommendations_of(plan, filters)
    if ids is not None:
        found = found.filter(pk__in=list(ids))
    recommendations = list(
        found.select_related("area", "status_confirmed_by").prefetch_related(
            Prefetch(
                "activities",
                Activity.objects.select_related("lead_agency").order_by("position", "code"),
            ),
            Prefetch("agencies", Agency.objects.order_by("code")),
        )
    )
    for recommendation in recommendations:
        recommendation.plan = plan  # the one plan, not a query per row
    leads = {a.pk: a.lead_agency_id for r in recommendations for a in r.activities.all()}
    reports = _reports(plan, day, leads)
    indicators = _indicators(plan, day, set(leads))
    return [_tracked(r, reports, indicators, day) for r in recommendations]


def _reports(
    plan: Plan, day: datetime.date, leads: dict[int, int | None]
) -> dict[int, list[tuple[ActivityReport, bool]]]:
    """Activity id (of `leads`: activity id -> lead agency id) -> (what an agency reported,
    whether the agency leads the activity)."""
    if not leads:
        return {}
    updates = (
        counting_updates(plan=plan, starting_by=day)
        .filter(activity_id__in=list(leads))
        .select_related("report__agency")
        .order_by("report__period_start", "report__agency__code")
    )
    found: dict[int, list[tuple[ActivityReport, bool]]] = defaultdict(list)
    for update in updates:
        report = ActivityReport(
            agency=update.report.agency,
            period=update.report.period,
            period_start=update.report.period_start,
            state=update.state,
            percent_done=update.percent_done,
            comment=update.comment,
        )
        by_lead = update.report.agency_id == leads[update.activity_id]
        found[update.activity_id].append((report, by_lead))
    return found


def _indicators(
    plan: Plan, day: datetime.date, activity_ids: set[int]
) -> dict[int, list[TrackedIndicator]]:
    """Activity id -> its indicators judged at `day` (the progress engine's statuses)."""
    if not activity_ids:
        return {}
    found: dict[int, list[TrackedIndicator]] = defaultdict(list)
    for row in indicator_progress(plan, as_of=day):
        activity_id = row.indicator.activity_id
        if activity_id in activity_ids:
            found[activity_id].append(TrackedIndicator(row.indicator, str(row.status)))
    return found


def _tracked_activity(
    activity: Activity,
    reports: list[tuple[ActivityReport, bool]],
    indicators: list[TrackedIndicator],
    day: datetime.date,
) -> TrackedActivity:
    # Oldest first; within a quarter the lead agency's account last, so it is the latest.
    ordered = sorted(reports, key=lambda pair: (pair[0].period_start, pair[1]))
    history = [(report.period_start, report.state) for report, _leads in ordered]
    return TrackedActivity(
        activity=activity,
        state=history[-1][1] if history else None,
        delivery=delivery_kind(activity, history, day),
        reports=[report for report, _leads in reversed(ordered)],
        indicators=indicators,
    )


def _tracked(
    recommendation: Recommendation,
    reports: dict[int, list[tuple[ActivityReport, bool]]],
    indicators: dict[int, list[TrackedIndicator]],
    day: datetime.date,
) -> TrackedRecommendation:
    activities = [
        _tracked_activity(a, reports.get(a.pk, []), indicators.get(a.pk, []), day)
        for a in recommendation.activities.all()
    ]
    proposed = proposed_status(
        [a.state for a in activities],
        [i.status for a in activities for i in a.indicators],
    )
    return TrackedRecommendation(
        recommendation=recommendation,
        activities=activities,
        agencies=list(recommendation.agencies.all()),
        proposed=proposed,
    )


# --- The summary ------------------------------------------------------------------------------


def status_columns() -> list[tuple[str, str]]:
    """The summary's columns: each implementation status, then "not yet assessed"."""
    return [
        *((str(value), str(label)) for value, label in ImplementationStatus.choices),
        (UNCONFIRMED, _("Not yet assessed")),
    ]


@dataclass
class TrackerGroup:
    """One source's or one theme's recommendations counted by status."""

    key: str
    label: str
    counts: dict[str, int]  # status column -> count

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def cells(self) -> list[int]:
        """The counts in `status_columns()` order (for tables)."""
        return [self.counts.get(key, 0) for key, _label in status_columns()]


@dataclass
class TrackerSummary:
    plan: Plan
    published: bool
    total: TrackerGroup  # every recommendation of the plan
    by_source: list[TrackerGroup]
    by_theme: list[TrackerGroup]
    high_priority: int
    columns: list[tuple[str, str]] = field(default_factory=status_columns)

    @property
    def by_status(self) -> list[tuple[str, str, int]]:
        """(status, label, count) for every status column."""
        return [(key, label, self.total.counts.get(key, 0)) for key, label in self.columns]


def tracker_summary(plan: Plan) -> TrackerSummary:
    """The plan's recommendations counted by confirmed status, in all, by source and by theme
    (a theme left blank counts under "No theme"); whether the coordinator published it. Two
    queries."""
    rows = (
        Recommendation.objects.filter(plan=plan)
        .values("source", "theme", "status", "high_priority")
        .annotate(count=Count("pk"))
        .order_by()
    )
    total = TrackerGroup("", _("All recommendations"), {})
    sources: dict[str, dict[str, int]] = defaultdict(dict)
    themes: dict[str, dict[str, int]] = defaultdict(dict)
    high_priority = 0
    for row in rows:
        key = row["status"] or UNCONFIRMED
        for counts in (total.counts, sources[row["source"]], themes[row["theme"]]):
            counts[key] = counts.get(key, 0) + row["count"]
        high_priority += row["count"] if row["high_priority"] else 0
    return TrackerSummary(
        plan=plan,
        published=is_tracker_published(plan),
        total=total,
        by_source=_groups(sources, RecommendationSource.choices),
        by_theme=_groups(themes, [*Theme.choices, ("", _("No theme"))]),
        high_priority=high_priority,
    )


def _groups(
    counted: dict[str, dict[str, int]], choices: Iterable[tuple[Any, Any]]
) -> list[TrackerGroup]:
    """The groups that have recommendations, in the choices' order."""
    return [
        TrackerGroup(str(value), str(label), counted[value])
        for value, label in choices
        if value in counted
    ]


def is_tracker_published(plan: Plan) -> bool:
    return TrackerPublication.objects.filter(plan=plan, published=True).exists()


def published_tracker_summaries(plans: Iterable[Plan]) -> list[TrackerSummary]:
    """The summaries of those of `plans` whose tracker the coordinator published, for the
    public site: counts only, no text, no comment."""
    plans = list(plans)
    published = set(
        TrackerPublication.objects.filter(plan__in=plans, published=True).values_list(
            "plan_id", flat=True
        )
    )
    return [tracker_summary(plan) for plan in plans if plan.pk in published]


# --- Lists for pages ----------------------------------------------------------------------


def plan_activities(plan: Plan) -> QuerySet[Activity]:
    """The activities a recommendation of `plan` may be traced to, in the plan's order."""
    return Activity.objects.filter(plan=plan).order_by("position", "code")


def recommendations_answered_by(activity: Activity) -> QuerySet[Recommendation]:
    """The recommendations an activity answers (for its page, through the plans hook)."""
    return activity.recommendations.order_by("source", "cycle", "code")
