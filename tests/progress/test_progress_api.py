"""Progress through the JSON API: the same judgement as `tipmonitor progress`, for whoever may
see the plan; anonymous sessions get 401, a hidden plan 404, a bad date 422; every answer as
the OpenAPI schema promises."""

import datetime

import pytest
from django.test import Client

from plans.models import PlanStatus
from tests import factories
from tests.openapi import assert_matches_openapi
from tests.progress.progress_data import import_values

pytestmark = pytest.mark.django_db


@pytest.fixture
def judged_plan(agency_a, agency_b, coordinator):
    """N1 on track (60 of an expected 50 at mid-year), N2 with nothing reported."""
    plan = factories.PlanFactory.create(
        code="NAP-API", starts_on=datetime.date(2025, 1, 1), ends_on=datetime.date(2025, 12, 31)
    )
    area = factories.AreaFactory.create(plan=plan, code="3", name="Protection")
    objective = factories.ObjectiveFactory.create(area=area, code="3.1")
    for code in ("N1", "N2"):
        factories.IndicatorFactory.create(
            objective=objective,
            code=code,
            responsible=[agency_a],
            baseline=0,
            midterm_target=None,
            end_target=100,
        )
    import_values(plan, coordinator, [("N1", "2025-Q1", agency_a.code, "25")])
    import_values(plan, coordinator, [("N1", "2025-Q2", agency_a.code, "35")])
    return plan


def get_progress(client: Client, plan_id: int, query: str):
    response = client.get(f"/api/v1/plans/{plan_id}/progress{query}")
    assert_matches_openapi(response, "/api/v1/plans/{plan_id}/progress", "get")
    return response


def get_roll_up(client: Client, plan_id: int, query: str):
    response = client.get(f"/api/v1/plans/{plan_id}/progress/roll-up{query}")
    assert_matches_openapi(response, "/api/v1/plans/{plan_id}/progress/roll-up", "get")
    return response


def test_it_judges_every_indicator_at_the_date(client_of, viewer, judged_plan):
    response = get_progress(client_of(viewer), judged_plan.pk, "?as_of=2025-Q2")

    assert response.status_code == 200
    rows = {row["code"]: row for row in response.json()}
    assert rows["N1"]["actual"] == "60"
    assert rows["N1"]["status"] == "on_track"
    assert rows["N1"]["latest_period"] == "2025-Q2"
    assert rows["N2"]["status"] == "no_data"
    assert rows["N2"]["actual"] is None


def test_it_rolls_up_by_area(client_of, reporter_b, judged_plan):
    response = get_roll_up(client_of(reporter_b), judged_plan.pk, "?as_of=2025-Q2&by=area")

    assert response.status_code == 200
    [area] = response.json()
    counts = {item["status"]: item["count"] for item in area["statuses"]}
    assert (area["code"], area["total"]) == ("3", 2)
    assert (counts["on_track"], counts["no_data"], counts["off_track"]) == (1, 1, 0)


def test_it_says_what_is_wrong_with_the_date(client_of, viewer, judged_plan):
    response = get_progress(client_of(viewer), judged_plan.pk, "?as_of=2025-Q5")

    # The schema says what `as_of` may be (a date or a period code): an invalid request.
    assert response.status_code == 422
    assert "as_of" in response.json()["detail"][0]["loc"]


def test_it_refuses_anonymous_sessions(anonymous, judged_plan):
    assert get_progress(anonymous, judged_plan.pk, "?as_of=2025-Q2").status_code == 401
    assert get_roll_up(anonymous, judged_plan.pk, "?as_of=2025-Q2").status_code == 401


def test_it_hides_a_draft_plan_from_agency_users(client_of, reporter_a, judged_plan):
    judged_plan.status = PlanStatus.DRAFT
    judged_plan.save()

    assert get_progress(client_of(reporter_a), judged_plan.pk, "?as_of=2025").status_code == 404


def test_it_answers_in_a_fixed_number_of_queries(
    client_of, viewer, judged_plan, django_assert_max_num_queries
):
    client = client_of(viewer)
    with django_assert_max_num_queries(12):
        assert get_progress(client, judged_plan.pk, "?as_of=2025-Q2").status_code == 200
