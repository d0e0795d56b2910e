"""Population estimates through the JSON API: the coordinator requests, reads the true figures,
publishes and unpublishes; a viewer reads published estimates as published (no overlap count
from 1 to 10, the estimate rounded); every agency role is refused; every answer as the OpenAPI
schema promises."""

import json

import pytest

from cases.estimation import rules, services
from cases.models import CaseAccess, EstimateStatus, PopulationEstimate
from jobs.models import Job
from plans.models import PlanPopulation
from tests import factories
from tests.cases.estimation_data import HISTORIES, agencies, persons_with
from tests.openapi import assert_matches_openapi

pytestmark = pytest.mark.django_db

LISTS = [
    {"name": "Police", "agencies": ["POL"]},
    {"name": "Shelter", "agencies": ["NGO1"]},
    {"name": "Labour", "agencies": ["LAB"]},
]
AGENCY_ROLES = ["reporter_a", "approver_a", "case_officer_a", "user_manager_a", "administrator"]


@pytest.fixture
def linked(agency_a, agency_b):
    persons_with(HISTORIES, [agency_a, agency_b, *agencies("LAB")])


@pytest.fixture
def estimates(coordinator, linked):
    """A published estimate of 2025 and an unpublished one; the population of 2025 set."""
    plan = factories.PlanFactory.create()
    PlanPopulation.objects.create(plan=plan, year=2025, population=2_985_000, source="Census")
    hidden = services.estimate_now(user=coordinator, year=2025, lists=LISTS, bootstrap=0)
    shown = services.estimate_now(user=coordinator, year=2025, lists=LISTS, bootstrap=30)
    services.estimate_publish(user=coordinator, estimate=shown)
    CaseAccess.objects.all().delete()
    return hidden, shown


def _list(client, query=None):
    response = client.get("/api/v1/population-estimates", query or {})
    assert_matches_openapi(response, "/api/v1/population-estimates", "get")
    return response


def _get(client, estimate_id):
    response = client.get(f"/api/v1/population-estimates/{estimate_id}")
    assert_matches_openapi(response, "/api/v1/population-estimates/{estimate_id}", "get")
    return response


def _post(client, body):
    response = client.post(
        "/api/v1/population-estimates", json.dumps(body), content_type="application/json"
    )
    assert_matches_openapi(response, "/api/v1/population-estimates", "post")
    return response


def _publish(client, estimate_id):
    response = client.post(f"/api/v1/population-estimates/{estimate_id}/publish")
    assert_matches_openapi(response, "/api/v1/population-estimates/{estimate_id}/publish", "post")
    return response


def _unpublish(client, estimate_id):
    response = client.post(f"/api/v1/population-estimates/{estimate_id}/unpublish")
    assert_matches_openapi(response, "/api/v1/population-estimates/{estimate_id}/unpublish", "post")
    return response


def _overlap_counts(body: dict) -> list[int | None]:
    overlaps = body["overlaps"]
    return [
        overlaps["observed"]["persons"],
        *(item["persons"] for item in overlaps["list_sizes"]),
        *(item["persons"] for item in overlaps["histories"]),
    ]


def test_it_gives_the_coordinator_every_estimate_with_true_figures(
    client_of, coordinator, estimates
):
    hidden, shown = estimates
    response = _list(client_of(coordinator))
    assert response.status_code == 200
    body = {item["id"]: item for item in response.json()}
    assert set(body) == {hidden.pk, shown.pk}
    true = body[shown.pk]
    assert true["published"] is True
    assert true["observed"] == 198
    assert true["estimate"] == shown.result["estimate"]
    assert true["rounded"] is False
    assert true["overlaps"]["protected"] is False
    assert 7 in _overlap_counts(true)
    assert true["population"] == 2_985_000
    assert true["population_source"] == "Census"
    assert true["per_100k"] == pytest.approx(rules.per_100k(true["estimate"], 2_985_000))
    assert true["lists"][0] == {"name": "Police", "agencies": ["POL"]}
    assert CaseAccess.objects.get().target == "estimates"


def test_it_gives_a_viewer_published_estimates_protected_and_rounded(client_of, viewer, estimates):
    hidden, shown = estimates
    response = _list(client_of(viewer))
    assert response.status_code == 200
    [body] = response.json()
    assert body["id"] == shown.pk
    assert body["rounded"] is True
    assert body["overlaps"]["protected"] is True
    counts = _overlap_counts(body)
    assert not [n for n in counts if n is not None and 1 <= n <= 10]
    assert None in counts
    triple = next(h for h in body["overlaps"]["histories"] if h["history"] == [1, 1, 1])
    assert (triple["persons"], triple["withheld"]) == (None, True)
    assert body["estimate"] == rules.publication_round(shown.result["estimate"])
    assert body["ci_low"] == rules.publication_round(shown.result["ci_low"])
    assert all(alternative["bic"] is None for alternative in body["alternatives"])
    assert body["error"] == ""
    assert _get(client_of(viewer), shown.pk).json()["estimate"] == body["estimate"]
    assert _get(client_of(viewer), hidden.pk).status_code == 404
    audit = CaseAccess.objects.order_by("pk").values_list("action", "target")
    assert list(audit) == [
        ("estimate", "published estimates"),
        ("estimate", f"estimate {shown.pk}"),
        ("refused", f"404 estimate {hidden.pk}"),
    ]


def test_it_gives_a_viewer_neither_the_models_considered_nor_the_seed(
    client_of, coordinator, viewer, estimates
):
    """Twenty models' estimates, even rounded, gave the demo's withheld overlaps back; the seed
    lets anyone recompute the interval of every table the withheld cells allow."""
    _hidden, shown = estimates
    [seen] = _list(client_of(viewer)).json()
    true = _get(client_of(coordinator), shown.pk).json()

    assert true["alternatives"]
    assert (true["seed"], true["requested"]["seed"]) == (1, 1)
    assert seen["alternatives"] == []
    assert (seen["seed"], seen["bootstrap_failed"], seen["requested"]["seed"]) == (None,) * 3
    assert (seen["bootstrap"], seen["requested"]["bootstrap"]) == (30, 30)


@pytest.mark.parametrize("role", AGENCY_ROLES)
def test_it_refuses_every_agency_role(role, request, client_of, estimates):
    _hidden, shown = estimates
    client = client_of(request.getfixturevalue(role))
    assert _list(client).status_code == 403
    assert _get(client, shown.pk).status_code == 403
    assert _post(client, {"year": 2025, "lists": LISTS}).status_code == 403
    assert _publish(client, shown.pk).status_code == 403
    assert _unpublish(client, shown.pk).status_code == 403
    assert PopulationEstimate.objects.count() == 2
    assert PopulationEstimate.objects.get(pk=shown.pk).published_at is not None
    assert set(CaseAccess.objects.values_list("action", flat=True)) == {"refused"}


def test_it_refuses_anonymous_sessions(anonymous, estimates):
    _hidden, shown = estimates
    assert _list(anonymous).status_code == 401
    assert _get(anonymous, shown.pk).status_code == 401


def test_it_queues_a_request_of_the_coordinator(client_of, coordinator, linked):
    body = {"year": 2025, "lists": LISTS, "method": "bic", "bootstrap": 50, "seed": 9}
    response = _post(client_of(coordinator), body)
    assert response.status_code == 201
    answer = response.json()
    assert answer["status"] == EstimateStatus.QUEUED
    assert answer["estimate"] is None
    assert answer["observed"] == 198
    assert answer["requested"] == {"method": "bic", "max_order": None, "bootstrap": 50, "seed": 9}
    estimate = PopulationEstimate.objects.get(pk=answer["id"])
    assert Job.objects.get().kwargs == {"estimate_id": estimate.pk}


def test_it_says_which_field_is_wrong(client_of, coordinator, linked):
    body = {"year": 2025, "lists": [*LISTS[:2], {"name": "Police", "agencies": ["XYZ"]}]}
    response = _post(client_of(coordinator), body)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert {"field": "lists", "message": "Two lists are named “Police”."} in errors
    assert {"field": "lists", "message": "List “Police”: there is no agency XYZ."} in errors
    response = _post(client_of(coordinator), {"year": 2025, "lists": LISTS, "max_order": 3})
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["max_order"]
    assert (
        _post(client_of(coordinator), {"year": 2025, "lists": LISTS, "method": "x"}).status_code
        == 422
    )
    assert not PopulationEstimate.objects.exists()


def test_it_refuses_characters_no_database_stores_as_a_bad_request(client_of, coordinator, linked):
    # Found by Schemathesis on PostgreSQL: a NUL in an agency code reached the query (500).
    lists = [
        {"name": "Police\x00", "agencies": ["POL"]},
        {"name": "Shelters", "agencies": ["NGO\x00", "NGO 1"]},
        {"name": "Labour", "agencies": ["P\tOL"]},
    ]
    response = _post(client_of(coordinator), {"year": 2025, "lists": lists})
    assert response.status_code == 400
    messages = [error["message"] for error in response.json()["errors"]]
    assert any(m.startswith("List 1: The text holds a character") for m in messages)
    assert "List “Shelters”: there is no agency NGO\\x00." in messages
    assert "List “Shelters”: there is no agency NGO 1." in messages
    assert "List “Labour”: there is no agency P\\tOL." in messages
    assert not PopulationEstimate.objects.exists()


def test_it_publishes_and_unpublishes_for_the_coordinator(client_of, coordinator, estimates):
    hidden, shown = estimates
    client = client_of(coordinator)
    response = _publish(client, hidden.pk)
    assert response.status_code == 200
    assert response.json()["published"] is True
    shown.refresh_from_db()
    assert shown.published_at is None  # one published estimate a year
    response = _unpublish(client, hidden.pk)
    assert response.status_code == 200
    assert response.json()["published"] is False
    assert _publish(client, 999_999).status_code == 404


def test_it_refuses_to_publish_an_estimate_not_done(client_of, coordinator, linked):
    queued = services.estimate_request(user=coordinator, year=2025, lists=LISTS, bootstrap=0)
    response = _publish(client_of(coordinator), queued.pk)
    assert response.status_code == 409
    assert response.json()["detail"] == "Only a finished estimate can be published."
