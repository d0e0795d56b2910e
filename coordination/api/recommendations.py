"""The recommendations operations of the JSON API: a plan's tracker (each recommendation with the
activities that answer it, the status they propose and the one the coordinator confirmed), one
recommendation with the evidence the agencies reported, and the coordinator's confirmation of
a status.

The same selectors and services as the pages (coordination/selectors/recommendations.py,
coordination/services/recommendations.py), so the same permissions and rules: everyone signed
in with a role reads; the coordinator confirms (403 for others); 404 for a plan one may not see;
422 with each problem where it is (`loc` `["body", <field>]`).
"""

from __future__ import annotations

import datetime
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status

from accounts.models import User
from coordination.models import (
    ImplementationStatus,
    RecommendationSource,
    Theme,
)
from coordination.selectors import recommendations as selectors
from coordination.selectors.recommendations import (
    ActivityReport,
    TrackedActivity,
    TrackedRecommendation,
    TrackerFilters,
)
from coordination.services.recommendations import MAX_COMMENT_LENGTH, recommendation_confirm
from plans.models import Plan
from tipmonitor.schemas import READ_ERRORS, TOO_LARGE, ErrorOut, InvalidRequestOut, PathId

router = Router(tags=["coordination"])

FORBIDDEN: dict[int, Any] = {403: ErrorOut}


def _user(request: HttpRequest) -> User:
    # `django_auth` (tipmonitor.api) lets no anonymous request reach an operation.
    return cast(User, request.user)


class ActivityReportOut(Schema):
    agency: str = Field(description="the reporting agency's code")
    period: str = Field(description="the quarter, like 2024-Q2")
    state: str = Field(description="not_started, ongoing, completed, delayed or cancelled")
    percent_done: int | None
    comment: str


class TrackedIndicatorOut(Schema):
    code: str
    status: str = Field(description="the progress engine's status: on_track, off_track, …")


class TrackedActivityOut(Schema):
    code: str
    name: str
    lead_agency: str | None
    state: str | None = Field(description="the latest accepted reported state; null: none")
    delivery: str = Field(description="how it is delivered: ongoing, delayed, … (progress)")
    off_track: bool
    indicators: list[TrackedIndicatorOut]


class TrackedActivityDetailOut(TrackedActivityOut):
    reports: list[ActivityReportOut] = Field(description="what the agencies reported, newest first")


class RecommendationOut(Schema):
    id: int
    plan: str
    code: str
    source: RecommendationSource
    cycle: str
    reference: str
    text: str
    text_i18n: dict[str, str]
    issued_on: datetime.date | None
    strength: str
    theme: str
    area: str | None = Field(description="the plan area's code")
    response: str
    sdg_targets: list[str]
    high_priority: bool
    agencies: list[str] = Field(description="the responsible agencies' codes")
    proposed_status: ImplementationStatus
    proposed_reason: str
    status: ImplementationStatus | None = Field(description="confirmed; null until confirmed")
    status_comment: str
    status_confirmed_at: datetime.datetime | None
    status_confirmed_by: str | None
    activities: list[TrackedActivityOut]


class RecommendationDetailOut(RecommendationOut):
    activities: list[TrackedActivityDetailOut]  # type: ignore[assignment]


class TrackerQuery(Schema):
    plan: str = Field(..., max_length=60, description="the plan's code")
    source: RecommendationSource | None = None
    theme: Theme | None = None
    status: ImplementationStatus | None = Field(None, description="the confirmed status")
    high_priority: bool | None = None


class StatusIn(Schema):
    status: ImplementationStatus
    comment: str = Field("", max_length=MAX_COMMENT_LENGTH)


def _plan(user: User, code: str) -> Plan:
    plan = Plan.objects.filter(code=code).only("pk").first()
    if plan is None:
        raise Http404
    return selectors.tracker_plan_for_user(user, plan.pk)


@router.get(
    "/coordination/recommendations",
    response={200: list[RecommendationOut], **READ_ERRORS, **FORBIDDEN},
)
def list_recommendations(request: HttpRequest, query: Query[TrackerQuery]) -> list[dict[str, Any]]:
    """The plan's recommendation tracker, by source, round and code: each recommendation with
    the activities that answer it (their latest accepted state and indicators' statuses), the
    status they propose with its reason, and the status the coordinator confirmed."""
    plan = _plan(_user(request), query.plan)
    filters = TrackerFilters(
        source=query.source,
        theme=query.theme,
        status=query.status,
        high_priority=query.high_priority,
    )
    return [_row(row, evidence=False) for row in selectors.tracker(plan, filters=filters)]


@router.get(
    "/coordination/recommendations/{recommendation_id}",
    response={200: RecommendationDetailOut, **READ_ERRORS, **FORBIDDEN},
)
def get_recommendation(request: HttpRequest, recommendation_id: PathId) -> dict[str, Any]:
    """One recommendation with the evidence: what the agencies reported on its activities."""
    recommendation = selectors.get_recommendation_for_user(_user(request), recommendation_id)
    (row,) = selectors.tracker(recommendation.plan, ids=[recommendation.pk])
    return _row(row, evidence=True)


STATUS_ANSWERS: dict[int, Any] = {
    200: RecommendationDetailOut,
    400: ErrorOut,  # a body that is not JSON
    **FORBIDDEN,
    **READ_ERRORS,
    **TOO_LARGE,
}


@router.post("/coordination/recommendations/{recommendation_id}/status", response=STATUS_ANSWERS)
def post_recommendation_status(
    request: HttpRequest, recommendation_id: PathId, payload: StatusIn
) -> Status[Any]:
    """The coordinator confirms the implementation status, with a comment saying why."""
    user = _user(request)
    recommendation = selectors.get_recommendation_for_user(user, recommendation_id, edit=True)
    try:
        recommendation_confirm(
            recommendation=recommendation,
            user=user,
            status=payload.status,
            comment=payload.comment,
        )
    except ValidationError as invalid:
        detail = [
            {"loc": ["body", key], "msg": message, "type": "refused"}
            for key, messages in invalid.message_dict.items()
            for message in messages
        ]
        return Status(422, InvalidRequestOut(detail=detail))
    (row,) = selectors.tracker(recommendation.plan, ids=[recommendation.pk])
    return Status(200, _row(row, evidence=True))


def _report(report: ActivityReport) -> dict[str, Any]:
    return {
        "agency": report.agency.code,
        "period": report.period,
        "state": report.state,
        "percent_done": report.percent_done,
        "comment": report.comment,
    }


def _activity(tracked: TrackedActivity, *, evidence: bool) -> dict[str, Any]:
    activity = tracked.activity
    found = {
        "code": activity.code,
        "name": activity.name,
        "lead_agency": activity.lead_agency.code if activity.lead_agency else None,
        "state": tracked.state,
        "delivery": tracked.delivery,
        "off_track": tracked.off_track,
        "indicators": [{"code": i.indicator.code, "status": i.status} for i in tracked.indicators],
    }
    if evidence:
        found["reports"] = [_report(report) for report in tracked.reports]
    return found


def _row(row: TrackedRecommendation, *, evidence: bool) -> dict[str, Any]:
    r = row.recommendation
    return {
        "id": r.pk,
        "plan": r.plan.code,
        "code": r.code,
        "source": r.source,
        "cycle": r.cycle,
        "reference": r.reference,
        "text": r.text,
        "text_i18n": r.text_i18n,
        "issued_on": r.issued_on,
        "strength": r.strength,
        "theme": r.theme,
        "area": r.area.code if r.area else None,
        "response": r.response,
        "sdg_targets": r.sdg_target_list,
        "high_priority": r.high_priority,
        "agencies": [agency.code for agency in row.agencies],
        "proposed_status": row.proposed.status,
        "proposed_reason": row.proposed.reason,
        "status": r.status or None,
        "status_comment": r.status_comment,
        "status_confirmed_at": r.status_confirmed_at,
        "status_confirmed_by": r.status_confirmed_by.username if r.status_confirmed_by else None,
        "activities": [_activity(tracked, evidence=evidence) for tracked in row.activities],
    }
