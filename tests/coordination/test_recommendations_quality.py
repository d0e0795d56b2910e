"""The plan-quality page lists recommendations no activity answers and high-priority ones whose
activities are off track (coordination's checks, registered with plans/quality.py)."""

import pytest
from django.urls import reverse

from coordination.models import ImplementationStatus, Recommendation, RecommendationSource
from reporting.services import ActivityInput, EntryInput
from tests.progress.progress_data import file_report

pytestmark = pytest.mark.django_db


def _recommendation(plan, code, *activities, **fields) -> Recommendation:
    recommendation = Recommendation.objects.create(
        plan=plan, code=code, source=RecommendationSource.GRETA, text=f"Text of {code}", **fields
    )
    recommendation.activities.set(activities)
    return recommendation


def _quality(client_of, coordinator, plan):
    response = client_of(coordinator).get(reverse("plans:plan_quality", args=[plan.pk]))
    assert response.status_code == 200
    return {group.problem: group for group in response.context["report"].groups}, response


def test_it_lists_recommendations_no_activity_answers(plan, client_of, coordinator):
    lonely = _recommendation(plan, "LONELY")
    _recommendation(plan, "ANSWERED", plan.activities.get(code="2.1.1"))
    _recommendation(plan, "NA", status=ImplementationStatus.NOT_APPLICABLE)

    groups, response = _quality(client_of, coordinator, plan)

    assert [f.code for f in groups["recommendation_unanswered"].findings] == ["LONELY"]
    html = response.content.decode()
    assert "Recommendations that no activity answers" in html
    assert reverse("coordination:recommendation_edit", args=[lonely.pk]) in html


def test_it_lists_high_priority_recommendations_off_track(plan, client_of, coordinator, reporter_a):
    late = plan.activities.get(code="2.1.1")  # led by agency A
    file_report(
        plan,
        reporter_a,
        "2024-Q1",
        entries=[
            EntryInput(indicator_id=plan.indicators.get(code="I2.1").pk, comment="Not counted.")
        ],
        activities=[ActivityInput(activity_id=late.pk, state="delayed", comment="No trainer.")],
        accept_by=coordinator,
    )
    _recommendation(plan, "URGENT", late, high_priority=True)
    _recommendation(plan, "ORDINARY", late)  # off track too, but not of high priority

    groups, response = _quality(client_of, coordinator, plan)

    (finding,) = groups["recommendation_off_track"].findings
    assert finding.code == "URGENT"
    assert "2.1.1: Delayed" in str(finding.message)
    assert (
        "High-priority recommendations whose activities are off track" in response.content.decode()
    )


def test_it_adds_nothing_to_a_plan_without_recommendations(plan, client_of, coordinator):
    groups, _response = _quality(client_of, coordinator, plan)
    assert not {"recommendation_unanswered", "recommendation_off_track"} & set(groups)
