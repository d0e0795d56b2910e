"""The recommendations operations of the JSON API: a plan's tracker with proposed and confirmed
statuses, one recommendation with the evidence, the coordinator's confirmation of a status;
each answer validated against the published OpenAPI schema."""

import pytest

from coordination.models import Recommendation, RecommendationSource
from reporting.services import ActivityInput, EntryInput
from tests.openapi import assert_matches_openapi
from tests.progress.progress_data import file_report

pytestmark = pytest.mark.django_db

LIST = "/api/v1/coordination/recommendations"


@pytest.fixture
def recommendation(plan, agency_a) -> Recommendation:
    recommendation = Recommendation.objects.create(
        plan=plan,
        code="GRETA3-1",
        source=RecommendationSource.GRETA,
        text="Identify victims proactively.",
        sdg_targets="5.2,16.2",
    )
    recommendation.activities.set([plan.activities.get(code="2.1.1")])
    recommendation.agencies.set([agency_a])
    return recommendation


def _accepted(plan, reporter_a, coordinator) -> None:
    activity = plan.activities.get(code="2.1.1")
    file_report(
        plan,
        reporter_a,
        "2024-Q1",
        entries=[
            EntryInput(indicator_id=plan.indicators.get(code="I2.1").pk, comment="Not counted.")
        ],
        activities=[ActivityInput(activity_id=activity.pk, state="completed", comment="Done.")],
        accept_by=coordinator,
    )


def test_it_lists_the_tracker_with_both_statuses(
    plan, recommendation, client_of, viewer, reporter_a, coordinator
):
    _accepted(plan, reporter_a, coordinator)
    response = client_of(viewer).get(LIST, {"plan": "NAP-TEST"})
    assert_matches_openapi(response, "/api/v1/coordination/recommendations", "get")
    (row,) = response.json()
    assert row["code"] == "GRETA3-1"
    assert row["sdg_targets"] == ["5.2", "16.2"]
    assert row["agencies"] == ["POL"]
    assert row["proposed_status"] == "fully"
    assert row["status"] is None
    assert row["activities"][0]["state"] == "completed"


def test_it_filters_the_tracker(plan, recommendation, client_of, viewer):
    Recommendation.objects.create(plan=plan, code="T-1", source="us_tip", text="Prosecute.")
    response = client_of(viewer).get(LIST, {"plan": "NAP-TEST", "source": "us_tip"})
    assert [row["code"] for row in response.json()] == ["T-1"]


def test_it_answers_404_for_an_unknown_plan(client_of, viewer, plan):
    response = client_of(viewer).get(LIST, {"plan": "NOPE"})
    assert_matches_openapi(response, "/api/v1/coordination/recommendations", "get")
    assert response.status_code == 404


def test_it_gives_one_recommendation_with_the_evidence(
    plan, recommendation, client_of, reporter_b, reporter_a, coordinator
):
    _accepted(plan, reporter_a, coordinator)
    response = client_of(reporter_b).get(f"{LIST}/{recommendation.pk}")
    assert_matches_openapi(
        response, "/api/v1/coordination/recommendations/{recommendation_id}", "get"
    )
    reports = response.json()["activities"][0]["reports"]
    assert reports == [
        {
            "agency": "POL",
            "period": "2024-Q1",
            "state": "completed",
            "percent_done": None,
            "comment": "Done.",
        }
    ]


def test_it_lets_the_coordinator_confirm_a_status(recommendation, client_of, coordinator):
    response = client_of(coordinator).post(
        f"{LIST}/{recommendation.pk}/status",
        {"status": "partly", "comment": "Two regions of ten."},
        content_type="application/json",
    )
    assert_matches_openapi(
        response, "/api/v1/coordination/recommendations/{recommendation_id}/status", "post"
    )
    assert response.status_code == 200
    assert response.json()["status"] == "partly"
    assert response.json()["status_confirmed_by"] == "coordinator"
    recommendation.refresh_from_db()
    assert recommendation.status_comment == "Two regions of ten."


def test_it_refuses_others_a_status(recommendation, client_of, viewer, reporter_a):
    for user in (viewer, reporter_a):
        response = client_of(user).post(
            f"{LIST}/{recommendation.pk}/status",
            {"status": "fully"},
            content_type="application/json",
        )
        assert_matches_openapi(
            response, "/api/v1/coordination/recommendations/{recommendation_id}/status", "post"
        )
        assert response.status_code == 403
    recommendation.refresh_from_db()
    assert recommendation.status == ""


def test_it_refuses_a_status_that_is_not_one(recommendation, client_of, coordinator):
    response = client_of(coordinator).post(
        f"{LIST}/{recommendation.pk}/status",
        {"status": "done"},
        content_type="application/json",
    )
    assert_matches_openapi(
        response, "/api/v1/coordination/recommendations/{recommendation_id}/status", "post"
    )
    assert response.status_code == 422
