"""One indicator with everything about it: what it measures, level, type, direction, unit,
baseline (value, year, source), mid-term and end targets, milestones, frequency, responsible
agencies, means of verification and disaggregation."""

from decimal import Decimal

import pytest
from django.urls import reverse

from plans.models import (
    Dimension,
    Direction,
    Frequency,
    IndicatorLevel,
    IndicatorType,
    Milestone,
    PlanStatus,
)
from tests import factories


def detail_url(plan, indicator) -> str:
    return reverse("plans:indicator_detail", args=[plan.pk, indicator.pk])


@pytest.fixture
def indicator(plan, agency_b):
    indicator = plan.indicators.get(code="I2.1")
    indicator.name = "Pupils who can name signs of trafficking"
    indicator.level = IndicatorLevel.OUTCOME
    indicator.type = IndicatorType.PERCENTAGE
    indicator.direction = Direction.INCREASE
    indicator.unit = "%"
    indicator.baseline = Decimal("12.5")
    indicator.baseline_year = 2023
    indicator.baseline_source = "School survey 2023"
    indicator.midterm_target = Decimal("30")
    indicator.end_target = Decimal("60")
    indicator.frequency = Frequency.ANNUAL
    indicator.means_of_verification = "Annual school survey"
    indicator.save()
    indicator.responsible_agencies.add(agency_b)
    Milestone.objects.create(indicator=indicator, year=2024, target=Decimal("20"))
    Milestone.objects.create(indicator=indicator, year=2025, target=Decimal("40"))
    dimension = Dimension.objects.create(code="hb-sex", name="Sex of pupil")
    dimension.categories.create(code="f", name="Girls")
    dimension.categories.create(code="m", name="Boys")
    indicator.dimensions.set([dimension])
    return indicator


def test_it_shows_the_indicator_with_everything_about_it(client_of, reporter_a, plan, indicator):
    response = client_of(reporter_a).get(detail_url(plan, indicator))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Pupils who can name signs of trafficking</h1>" in page
    for text in [
        "Awareness raised",
        "Outcome",
        "Percentage",
        "Increase",
        "12.5 %",
        "2023",
        "School survey 2023",
        "30 %",
        "60 %",
        "2024",
        "20 %",
        "40 %",
        "Annual",
        "National Police",
        "Shelter Foundation",
        "Annual school survey",
        "Sex of pupil",
        "Girls, Boys",
    ]:
        assert text in page, text
    assert reverse("plans:objective_detail", args=[plan.pk, indicator.objective_id]) in page
    for agency in indicator.responsible_agencies.all():
        assert reverse("agencies:detail", args=[agency.pk]) in page


def test_it_shows_the_words_of_a_qualitative_indicator(client_of, reporter_a, plan, indicator):
    indicator.type = IndicatorType.QUALITATIVE
    indicator.baseline_text = "No referral mechanism exists"
    indicator.end_target_text = "Referral mechanism adopted by decree"
    indicator.save()

    page = client_of(reporter_a).get(detail_url(plan, indicator)).content.decode()

    assert "No referral mechanism exists" in page
    assert "Referral mechanism adopted by decree" in page
    assert "12.5" not in page


def test_it_shows_the_activity_an_indicator_measures(client_of, reporter_a, plan):
    activity = plan.activities.get(code="2.1.1")
    measured = factories.IndicatorFactory(objective=None, activity=activity, plan=plan)

    page = client_of(reporter_a).get(detail_url(plan, measured)).content.decode()

    assert reverse("plans:activity_detail", args=[plan.pk, activity.pk]) in page
    assert "Schools reached" in page  # the activity's objective
    assert "Not broken down." in page
    assert "No yearly milestones." in page


def test_it_shows_the_coordinator_the_edit_controls(client_of, coordinator, plan, indicator):
    page = client_of(coordinator).get(detail_url(plan, indicator)).content.decode()

    assert reverse("plans:indicator_edit", args=[plan.pk, indicator.pk]) in page
    assert reverse("plans:element_delete", args=[plan.pk, "indicator", indicator.pk]) in page


@pytest.mark.parametrize("persona", ["reporter_a", "viewer"])
def test_it_shows_others_no_edit_control(client_of, request, persona, plan, indicator):
    page = (
        client_of(request.getfixturevalue(persona))
        .get(detail_url(plan, indicator))
        .content.decode()
    )

    assert "/edit/" not in page
    assert "/delete/" not in page


@pytest.mark.parametrize("persona", ["reporter_a", "viewer"])
def test_it_hides_an_indicator_of_a_draft_plan(client_of, request, persona, plan, indicator):
    plan.status = PlanStatus.DRAFT
    plan.save()

    assert (
        client_of(request.getfixturevalue(persona)).get(detail_url(plan, indicator)).status_code
        == 404
    )


def test_it_shows_an_indicator_of_a_draft_plan_to_the_coordinator(
    client_of, coordinator, plan, indicator
):
    plan.status = PlanStatus.DRAFT
    plan.save()

    assert client_of(coordinator).get(detail_url(plan, indicator)).status_code == 200


def test_it_answers_404_for_an_indicator_of_another_plan(client_of, coordinator, plan):
    elsewhere = factories.IndicatorFactory()

    assert client_of(coordinator).get(detail_url(plan, elsewhere)).status_code == 404


def test_it_sends_an_anonymous_visitor_to_sign_in(anonymous, plan, indicator):
    response = anonymous.get(detail_url(plan, indicator))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_it_shows_a_big_indicator_in_a_bounded_number_of_queries(
    client_of, coordinator, plan, indicator, django_assert_max_num_queries
):
    indicator.responsible_agencies.set([factories.AgencyFactory() for _ in range(30)])
    for year in range(2026, 2056):
        Milestone.objects.create(indicator=indicator, year=year, target=Decimal(year))
    dimensions = [Dimension.objects.create(code=f"hb-d{n}", name=f"Dim {n}") for n in range(30)]
    for dimension in dimensions:
        dimension.categories.create(code="a", name="A")
    indicator.dimensions.set(dimensions)
    client = client_of(coordinator)

    with django_assert_max_num_queries(16):
        response = client.get(detail_url(plan, indicator))

    assert response.content.decode().count("Dim ") == 30
