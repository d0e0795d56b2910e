"""The plan-quality check's recommendation problems (issue 12), registered with plans/quality.py
from coordination's AppConfig.ready(), since plans may not import coordination: recommendations
no activity of the plan answers, and high-priority recommendations whose activities are off
track (delayed, not started though due, or with an indicator off track)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coordination.models import ImplementationStatus, Recommendation
from coordination.selectors.recommendations import (
    OFF_TRACK_DELIVERY,
    TrackedRecommendation,
    TrackerFilters,
    tracker,
)
from plans.models import Plan
from plans.quality import Finding, ProblemGroup
from progress.selectors import delivery_labels

RECOMMENDATION_UNANSWERED = "recommendation_unanswered"
RECOMMENDATION_OFF_TRACK = "recommendation_off_track"
TITLES = {
    RECOMMENDATION_UNANSWERED: gettext_lazy("Recommendations that no activity answers"),
    RECOMMENDATION_OFF_TRACK: gettext_lazy(
        "High-priority recommendations whose activities are off track"
    ),
}


def recommendation_problems(plan: Plan) -> list[ProblemGroup]:
    """Both groups for `plan` (empty ones too; the page leaves them out)."""
    return [_unanswered(plan), _off_track(plan)]


def _finding(recommendation: Recommendation, problem: str, message: str) -> Finding:
    return Finding(
        kind="recommendation",
        element_id=recommendation.pk,
        code=recommendation.code,
        name=recommendation.text,
        problem=problem,
        message=message,
        detail_url=reverse("coordination:recommendation_detail", args=[recommendation.pk]),
        edit_url=reverse("coordination:recommendation_edit", args=[recommendation.pk]),
    )


def _unanswered(plan: Plan) -> ProblemGroup:
    """Recommendations traced to no activity; one the coordinator judged not applicable needs
    none."""
    found = (
        Recommendation.objects.filter(plan=plan, activities__isnull=True)
        .exclude(status=ImplementationStatus.NOT_APPLICABLE)
        .order_by("source", "cycle", "code")
    )
    message = _("No activity of the plan answers it: trace it to the activities that do.")
    group = ProblemGroup(RECOMMENDATION_UNANSWERED, TITLES[RECOMMENDATION_UNANSWERED])
    group.findings = [_finding(r, RECOMMENDATION_UNANSWERED, message) for r in found]
    return group


def _off_track(plan: Plan) -> ProblemGroup:
    rows = tracker(plan, filters=TrackerFilters(high_priority=True))
    group = ProblemGroup(RECOMMENDATION_OFF_TRACK, TITLES[RECOMMENDATION_OFF_TRACK])
    group.findings = [
        _finding(row.recommendation, RECOMMENDATION_OFF_TRACK, _behind(row))
        for row in rows
        if row.off_track
    ]
    return group


def _behind(row: TrackedRecommendation) -> str:
    """Which activities are behind, and how: "2.1.1: Delayed; 2.1.2: indicator I2.1 off track"."""
    labels = delivery_labels()
    parts = []
    for tracked in row.activities:
        if not tracked.off_track:
            continue
        off = [i.indicator.code for i in tracked.indicators if i.off_track]
        how = [labels[tracked.delivery]] if tracked.delivery in OFF_TRACK_DELIVERY else []
        if off:
            how.append(_("indicators off track: %(codes)s") % {"codes": ", ".join(off)})
        parts.append(
            _("%(code)s: %(how)s") % {"code": tracked.activity.code, "how": ", ".join(how)}
        )
    return _("Activities off track: %(list)s.") % {"list": "; ".join(parts)}
