"""The plan through the JSON API: refused to anonymous sessions and to sessions short of the
second factor (401), drafts hidden from everyone but coordinators and administrators (404),
the adopted plan readable by every role, every answer as the OpenAPI schema promises, and
list operations in a number of queries that does not grow with the plan."""

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from plans.models import PlanStatus
from tests import factories
from tests.openapi import assert_matches_openapi

# One function per operation, each naming its path template literally, so that
# tests/tipmonitor/test_openapi_schema.py sees every operation exercised.


def get_plans(client: Client, plan_id: int):
    response = client.get("/api/v1/plans")
    assert_matches_openapi(response, "/api/v1/plans", "get")
    return response


def get_plan(client: Client, plan_id: int):
    response = client.get(f"/api/v1/plans/{plan_id}")
    assert_matches_openapi(response, "/api/v1/plans/{plan_id}", "get")
    return response


def get_objectives(client: Client, plan_id: int):
    response = client.get(f"/api/v1/plans/{plan_id}/objectives")
    assert_matches_openapi(response, "/api/v1/plans/{plan_id}/objectives", "get")
    return response


def get_activities(client: Client, plan_id: int):
    response = client.get(f"/api/v1/plans/{plan_id}/activities")
    assert_matches_openapi(response, "/api/v1/plans/{plan_id}/activities", "get")
    return response


def get_indicators(client: Client, plan_id: int):
    response = client.get(f"/api/v1/plans/{plan_id}/indicators")
    assert_matches_openapi(response, "/api/v1/plans/{plan_id}/indicators", "get")
    return response


Operation = Callable[[Client, int], object]
EVERY_OPERATION = [get_plans, get_plan, get_objectives, get_activities, get_indicators]
ONE_PLAN_OPERATIONS = [get_plan, get_objectives, get_activities, get_indicators]
LIST_OPERATIONS = [get_plans, get_objectives, get_activities, get_indicators]
NOT_COORDINATORS = ["reporter_a", "approver_a", "reporter_b", "viewer"]
CALENDAR = ["report_deadline_days", "reminder_days_before", "reminder_days_after"]
THRESHOLDS = ["on_track_from", "at_risk_from", "maintain_tolerance"]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Each test makes up to six personas; the production hasher is slow on purpose and
    would spend most of the run hashing. (A suite-wide fixture in tests/conftest.py would
    make this unnecessary.)"""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def draft(agency_a):
    draft = factories.PlanFactory(code="NAP-DRAFT", status=PlanStatus.DRAFT)
    objective = factories.ObjectiveFactory(area=factories.AreaFactory(plan=draft), code="1.1")
    factories.ActivityFactory(objective=objective, lead_agency=agency_a)
    return draft


def _password_only(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("operation", EVERY_OPERATION, ids=lambda op: op.__name__)
def test_it_refuses_an_anonymous_request(anonymous, plan, operation):
    response = operation(anonymous, plan.pk)

    assert response.status_code == 401
    assert "two_factor_url" not in response.json()


@pytest.mark.parametrize("operation", EVERY_OPERATION, ids=lambda op: op.__name__)
def test_it_refuses_a_session_short_of_the_second_factor(coordinator, plan, operation):
    response = operation(_password_only(coordinator), plan.pk)

    assert response.status_code == 401
    assert response.json()["two_factor_url"] == reverse("accounts:two_factor")


@pytest.mark.parametrize("persona", NOT_COORDINATORS)
@pytest.mark.parametrize("operation", ONE_PLAN_OPERATIONS, ids=lambda op: op.__name__)
def test_it_hides_a_draft_from_everyone_but_coordinators(
    client_of, personas, draft, persona, operation
):
    response = operation(client_of(personas[persona]), draft.pk)

    assert response.status_code == 404


@pytest.mark.parametrize("persona", ["coordinator", "administrator"])
@pytest.mark.parametrize("operation", ONE_PLAN_OPERATIONS, ids=lambda op: op.__name__)
def test_it_shows_a_draft_to_coordinators(client_of, personas, draft, persona, operation):
    assert operation(client_of(personas[persona]), draft.pk).status_code == 200


@pytest.mark.parametrize("operation", ONE_PLAN_OPERATIONS, ids=lambda op: op.__name__)
def test_it_answers_404_for_a_plan_that_does_not_exist(client_of, coordinator, operation):
    assert operation(client_of(coordinator), 987654).status_code == 404


@pytest.mark.parametrize("persona", ["coordinator", "reporter_a", "reporter_b", "viewer"])
@pytest.mark.parametrize("operation", EVERY_OPERATION, ids=lambda op: op.__name__)
def test_it_answers_every_role_on_an_adopted_plan(client_of, personas, plan, persona, operation):
    assert operation(client_of(personas[persona]), plan.pk).status_code == 200


def test_it_lists_drafts_for_the_coordinator_only(client_of, coordinator, reporter_a, plan, draft):
    as_coordinator = get_plans(client_of(coordinator), plan.pk).json()
    as_reporter = get_plans(client_of(reporter_a), plan.pk).json()

    assert {p["code"] for p in as_coordinator} == {"NAP-TEST", "NAP-DRAFT"}
    assert [p["code"] for p in as_reporter] == ["NAP-TEST"]
    assert as_reporter[0]["status"] == "adopted"


def test_it_gives_the_plan_with_its_areas(client_of, reporter_a, plan):
    body = get_plan(client_of(reporter_a), plan.pk).json()

    assert body["id"] == plan.pk
    assert body["title"] == "Test plan 2024–2026"
    assert body["starts_on"] == "2024-01-01"
    assert [(a["code"], a["name"]) for a in body["areas"]] == [
        ("2", "Prevention"),
        ("3", "Protection"),
    ]


def test_it_gives_the_plans_reporting_calendar(client_of, reporter_a, plan):
    plan.report_deadline_days, plan.reminder_days_before, plan.reminder_days_after = 30, 0, 90
    plan.save()
    client = client_of(reporter_a)

    listed = get_plans(client, plan.pk).json()[0]
    one = get_plan(client, plan.pk).json()

    for body in (listed, one):
        calendar = [body[name] for name in CALENDAR]
        assert calendar == [30, 0, 90]


def test_it_gives_the_plans_progress_thresholds(client_of, reporter_a, plan):
    plan.on_track_from, plan.at_risk_from, plan.maintain_tolerance = (
        Decimal("0.85"),
        Decimal("0.50"),
        Decimal("0.00"),
    )
    plan.save()
    client = client_of(reporter_a)

    for body in (get_plans(client, plan.pk).json()[0], get_plan(client, plan.pk).json()):
        thresholds = [Decimal(body[name]) for name in THRESHOLDS]
        assert thresholds == [Decimal("0.85"), Decimal("0.5"), Decimal(0)]


def test_it_gives_objectives_with_their_area_and_parent(client_of, reporter_a, plan):
    body = get_objectives(client_of(reporter_a), plan.pk).json()

    by_code = {o["code"]: o for o in body}
    assert set(by_code) == {"2.1", "2.1.a", "3.1"}
    assert by_code["2.1.a"]["parent"] == "2.1"
    assert by_code["2.1"]["parent"] is None
    assert by_code["3.1"]["area"] == "3"


def test_it_gives_activities_with_their_agencies(client_of, reporter_a, plan, agency_b):
    activity = plan.activities.get(code="2.1.1")
    activity.partner_agencies.set([agency_b])

    body = get_activities(client_of(reporter_a), plan.pk).json()

    by_code = {a["code"]: a for a in body}
    assert set(by_code) == {"2.1.1", "2.1.2"}
    assert by_code["2.1.1"]["objective"] == "2.1.a"
    assert by_code["2.1.1"]["lead_agency"] == "POL"
    assert by_code["2.1.1"]["partner_agencies"] == ["NGO1"]
    assert by_code["2.1.1"]["budget"] == "1000.00"  # a string: no precision lost


def test_it_gives_indicators_with_targets_and_responsible_agencies(client_of, reporter_b, plan):
    body = get_indicators(client_of(reporter_b), plan.pk).json()

    [indicator] = body
    assert indicator["code"] == "I2.1"
    assert indicator["objective"] == "2.1"
    assert indicator["responsible_agencies"] == ["POL"]
    assert Decimal(indicator["baseline"]) == Decimal("10")
    assert Decimal(indicator["end_target"]) == Decimal("20")
    # Blank aggregations (the default for the type) are null.
    assert (indicator["time_aggregation"], indicator["agency_aggregation"]) == (None, None)


def test_it_gives_the_aggregations_an_indicator_chose(client_of, reporter_b, plan):
    plan.indicators.update(time_aggregation="average", agency_aggregation="max")

    [indicator] = get_indicators(client_of(reporter_b), plan.pk).json()

    assert (indicator["time_aggregation"], indicator["agency_aggregation"]) == ("average", "max")


def test_it_gives_only_the_asked_plans_elements(client_of, coordinator, plan, draft):
    body = get_activities(client_of(coordinator), draft.pk).json()

    assert len(body) == 1
    assert body[0]["code"] not in {"2.1.1", "2.1.2"}


@pytest.mark.parametrize("operation", LIST_OPERATIONS, ids=lambda op: op.__name__)
def test_it_lists_in_a_fixed_number_of_queries(
    client_of, reporter_a, plan, operation, django_assert_max_num_queries
):
    client = client_of(reporter_a)
    factories.grow_plan(plan, activities=30)
    for n in range(10):
        factories.PlanFactory(code=f"NAP-MORE-{n}")

    # 13: the indicators' targets per agency are one more prefetch (issue 9 #7).
    with django_assert_max_num_queries(13):
        response = operation(client, plan.pk)

    assert response.status_code == 200
    assert len(response.json()) > 10


def test_it_refuses_writes(client_of, coordinator, plan):
    """The API is read-only; changing the plan is done through the pages."""
    client = client_of(coordinator)

    assert client.post("/api/v1/plans", {}, content_type="application/json").status_code == 405
    assert client.delete(f"/api/v1/plans/{plan.pk}").status_code == 405
