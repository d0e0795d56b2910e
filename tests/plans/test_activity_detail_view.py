"""One activity with everything about it: objective path, lead and partner agencies, period,
result indicator, budget, funding and donor, and its indicators."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from plans.models import DatePrecision, FundingSource, PlanStatus
from tests import factories


def detail_url(plan, activity) -> str:
    return reverse("plans:activity_detail", args=[plan.pk, activity.pk])


@pytest.fixture
def activity(plan, agency_a, agency_b):
    activity = plan.activities.get(code="2.1.1")
    activity.name = "Train teachers to recognise trafficking"
    activity.starts_on = datetime.date(2024, 4, 1)
    activity.starts_precision = DatePrecision.QUARTER
    activity.ends_on = datetime.date(2025, 1, 1)
    activity.ends_precision = DatePrecision.YEAR
    activity.budget = Decimal("12500.75")
    activity.funding_source = FundingSource.DONOR
    activity.funder = "IOM"
    activity.result_indicator = "300 teachers trained"
    activity.save()
    activity.partner_agencies.set([agency_b])
    factories.IndicatorFactory(
        objective=None, activity=activity, plan=plan, code="I2.1.1", name="Teachers trained"
    )
    return activity


def test_it_shows_the_activity_with_everything_about_it(client_of, reporter_a, plan, activity):
    response = client_of(reporter_a).get(detail_url(plan, activity))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Train teachers to recognise trafficking</h1>" in page
    for text in [
        "Awareness raised",
        "Schools reached",
        "National Police",
        "Shelter Foundation",
        "2024 Q2",
        "2025",
        "300 teachers trained",
        "12\u202f500.75 EUR",
        "Donor",
        "IOM",
        "I2.1.1",
        "Teachers trained",
    ]:
        assert text in page, text
    for url in [
        reverse("agencies:detail", args=[activity.lead_agency_id]),
        reverse("agencies:detail", args=[activity.partner_agencies.get().pk]),
        reverse("plans:objective_detail", args=[plan.pk, activity.objective_id]),
        reverse("plans:indicator_detail", args=[plan.pk, activity.indicators.get().pk]),
    ]:
        assert url in page, url


def test_it_shows_dashes_for_what_the_plan_leaves_open(client_of, reporter_a, plan):
    bare = factories.ActivityFactory(
        objective=plan.objectives.get(code="3.1"),
        lead_agency=None,
        starts_on=None,
        ends_on=None,
        budget=None,
        funding_source="",
        result_indicator="",
    )

    page = client_of(reporter_a).get(detail_url(plan, bare)).content.decode()

    assert page.count("<dd>—</dd>") >= 6
    assert "No indicator is attached to this activity." in page


def test_it_shows_the_coordinator_the_edit_controls(client_of, coordinator, plan, activity):
    page = client_of(coordinator).get(detail_url(plan, activity)).content.decode()

    for url in [
        reverse("plans:activity_edit", args=[plan.pk, activity.pk]),
        reverse("plans:element_delete", args=[plan.pk, "activity", activity.pk]),
        f"{reverse('plans:indicator_create', args=[plan.pk])}?activity={activity.pk}",
    ]:
        assert url in page, url


@pytest.mark.parametrize("persona", ["reporter_a", "viewer"])
def test_it_shows_others_no_edit_control(client_of, request, persona, plan, activity):
    page = (
        client_of(request.getfixturevalue(persona)).get(detail_url(plan, activity)).content.decode()
    )

    assert "/edit/" not in page
    assert "/new/" not in page
    assert "/delete/" not in page


@pytest.mark.parametrize("persona", ["reporter_a", "viewer"])
def test_it_hides_an_activity_of_a_draft_plan(client_of, request, persona, plan, activity):
    plan.status = PlanStatus.DRAFT
    plan.save()

    assert (
        client_of(request.getfixturevalue(persona)).get(detail_url(plan, activity)).status_code
        == 404
    )


def test_it_shows_an_activity_of_a_draft_plan_to_the_coordinator(
    client_of, coordinator, plan, activity
):
    plan.status = PlanStatus.DRAFT
    plan.save()

    assert client_of(coordinator).get(detail_url(plan, activity)).status_code == 200


def test_it_answers_404_for_an_activity_of_another_plan(client_of, coordinator, plan):
    elsewhere = factories.ActivityFactory()

    assert client_of(coordinator).get(detail_url(plan, elsewhere)).status_code == 404


def test_it_sends_an_anonymous_visitor_to_sign_in(anonymous, plan, activity):
    response = anonymous.get(detail_url(plan, activity))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_it_shows_a_big_activity_in_a_bounded_number_of_queries(
    client_of, coordinator, plan, activity, django_assert_max_num_queries
):
    activity.partner_agencies.set([factories.AgencyFactory() for _ in range(30)])
    for _ in range(30):
        factories.IndicatorFactory(
            objective=None, activity=activity, plan=plan, responsible=[factories.AgencyFactory()]
        )
    client = client_of(coordinator)

    with django_assert_max_num_queries(15):
        response = client.get(detail_url(plan, activity))

    assert response.content.decode().count("/indicators/") >= 31
