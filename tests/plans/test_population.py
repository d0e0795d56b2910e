"""The country's population by year of the plan: set by the coordinator on the plan's
settings page and through the API, validated the same way, and read by the year it covers
(plans.selectors.population_for_year)."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from plans.models import PlanPopulation
from plans.selectors import population_entry_for_year, population_for_year
from plans.services import PopulationRow, plan_populations_set
from tests import factories
from tests.openapi import assert_matches_openapi

pytestmark = pytest.mark.django_db

# The plan fixture's settings as its edit form posts them.
EDIT_POST = {
    "code": "NAP-TEST",
    "title": "Test plan 2024–2026",
    "country": "Ruritania",
    "starts_on": "2024-01-01",
    "ends_on": "2026-12-31",
    "currency": "EUR",
    "status": "adopted",
    "languages": ["en"],
    "report_deadline_days": "15",
    "reminder_days_before": "5",
    "reminder_days_after": "3",
    "on_track_from": "0.90",
    "at_risk_from": "0.60",
    "maintain_tolerance": "0.05",
}


def _stored(plan) -> list[tuple[int, int, str]]:
    return list(plan.populations.order_by("year").values_list("year", "population", "source"))


def test_it_sets_the_population_of_the_plans_years(plan):
    plan_populations_set(
        plan=plan, rows=[PopulationRow(2025, 2_985_000, " Census "), PopulationRow(2024, 2_977_000)]
    )
    assert _stored(plan) == [(2024, 2_977_000, ""), (2025, 2_985_000, "Census")]
    # A year left out has no population any more.
    plan_populations_set(plan=plan, rows=[PopulationRow(2026, 2_991_000, "Estimate")])
    assert _stored(plan) == [(2026, 2_991_000, "Estimate")]


def test_it_refuses_what_is_not_a_population_of_a_year_of_the_plan(plan):
    plan_populations_set(plan=plan, rows=[PopulationRow(2024, 100)])
    rows = [
        PopulationRow(2023, 5),
        PopulationRow(2025, 0),
        PopulationRow(2025, 7),
        PopulationRow(2026, 2_000_000_001, "x" * 201),
    ]
    with pytest.raises(ValidationError) as refused:
        plan_populations_set(plan=plan, rows=rows)
    errors = refused.value.message_dict
    assert errors["population_2023"] == ["2023 is not a year of the plan (2024–2026)."]
    assert errors["population_2025"] == [
        "The population is a whole number of residents from 1 to 2 000 000 000.",
        "The population of 2025 is given twice.",
    ]
    assert errors["source_2026"] == ["The source is at most 200 characters."]
    assert _stored(plan) == [(2024, 100, "")]  # nothing written


def test_it_reads_the_population_of_a_year_from_the_newest_plan_that_has_it(plan):
    assert population_for_year(2025) is None
    PlanPopulation.objects.create(plan=plan, year=2025, population=100, source="old")
    newer = factories.PlanFactory.create(
        starts_on=datetime.date(2025, 1, 1), ends_on=datetime.date(2027, 12, 31)
    )
    assert population_for_year(2025) == 100
    PlanPopulation.objects.create(plan=newer, year=2025, population=120, source="new")
    assert population_for_year(2025) == 120
    entry = population_entry_for_year(2025)
    assert entry is not None
    assert entry.source == "new"
    assert population_for_year(2024) is None


def test_it_shows_a_population_field_per_year_on_the_plans_settings(client_of, coordinator, plan):
    PlanPopulation.objects.create(plan=plan, year=2025, population=2_985_000, source="Census")
    page = client_of(coordinator).get(reverse("plans:plan_edit", args=[plan.pk])).content.decode()
    assert "Population by year" in page
    for year in (2024, 2025, 2026):
        assert f'name="population_{year}"' in page
        assert f'name="source_{year}"' in page
    assert 'value="2985000"' in page
    assert 'value="Census"' in page


def test_it_saves_the_population_with_the_plan(client_of, coordinator, plan):
    data = {**EDIT_POST, "population_2024": "2 977 000", "source_2024": "Statistical Committee"}
    data |= {"population_2025": "", "source_2025": "", "population_2026": "2991000"}
    response = client_of(coordinator).post(reverse("plans:plan_edit", args=[plan.pk]), data)
    assert response.status_code == 302
    assert _stored(plan) == [(2024, 2_977_000, "Statistical Committee"), (2026, 2_991_000, "")]


def test_it_keeps_the_population_when_a_post_does_not_know_it(client_of, coordinator, plan):
    PlanPopulation.objects.create(plan=plan, year=2025, population=2_985_000)
    response = client_of(coordinator).post(reverse("plans:plan_edit", args=[plan.pk]), EDIT_POST)
    assert response.status_code == 302
    assert _stored(plan) == [(2025, 2_985_000, "")]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ({"population_2025": "2,985,000"}, "population_2025"),
        ({"population_2025": "2985000.5"}, "population_2025"),
        ({"population_2025": "0"}, "a whole number of residents"),
        ({"population_2025": "-5"}, "a whole number of residents"),
        ({"population_2025": "", "source_2025": "Census"}, "Give the population too"),
    ],
)
def test_it_refuses_a_population_that_is_not_a_count_of_residents(
    client_of, coordinator, plan, typed, message
):
    data = {**EDIT_POST, "title": "Changed", **typed}
    response = client_of(coordinator).post(reverse("plans:plan_edit", args=[plan.pk]), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing was saved" in page
    assert message in page
    plan.refresh_from_db()
    assert plan.title != "Changed"
    assert not PlanPopulation.objects.exists()


def test_it_lets_only_the_coordinator_set_the_population(client_of, viewer, reporter_a, plan):
    data = {**EDIT_POST, "population_2025": "100"}
    for user in (viewer, reporter_a):
        response = client_of(user).post(reverse("plans:plan_edit", args=[plan.pk]), data)
        assert response.status_code == 403
        response = _post(client_of(user), plan, [{"year": 2025, "population": 100}])
        assert response.status_code == 403
    assert not PlanPopulation.objects.exists()


def _post(client, plan, populations):
    response = client.post(
        f"/api/v1/plans/{plan.pk}/populations",
        json.dumps({"populations": populations}),
        content_type="application/json",
    )
    assert_matches_openapi(response, "/api/v1/plans/{plan_id}/populations", "post")
    return response


def test_it_reads_and_writes_the_population_through_the_api(client_of, coordinator, viewer, plan):
    client = client_of(coordinator)
    body = [{"year": 2025, "population": 2_985_000, "source": "Census"}]
    response = _post(client, plan, body)
    assert response.status_code == 200
    assert response.json() == body
    response = client_of(viewer).get(f"/api/v1/plans/{plan.pk}")
    assert_matches_openapi(response, "/api/v1/plans/{plan_id}", "get")
    assert response.json()["populations"] == body
    response = _post(client, plan, [{"year": 2030, "population": 5}])
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "population_2030", "message": "2030 is not a year of the plan (2024–2026)."}
    ]
    assert _post(client, plan, [{"year": 2025, "population": 0}]).status_code == 422
    assert _stored(plan) == [(2025, 2_985_000, "Census")]
