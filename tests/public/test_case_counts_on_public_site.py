"""Headline indicators counted from case records (bound to a case query) pass disclosure
control on the public site: a small total is withheld, and no per-period actual is charted,
since successive cumulative totals would give each period's count away by difference."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from cases.models import CaseQuery
from public.selectors import headline_indicators, headline_trends
from tests import factories
from tests.progress.progress_data import import_values

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_count(agency_a, coordinator):
    """A headline indicator of victims of organ removal: 4 persons in 2025, from case records."""
    plan = factories.PlanFactory.create(
        code="NAP-K", starts_on=datetime.date(2024, 1, 1), ends_on=datetime.date(2025, 12, 31)
    )
    objective = factories.ObjectiveFactory.create(area=factories.AreaFactory.create(plan=plan))
    indicator = factories.IndicatorFactory.create(
        objective=objective,
        code="K-1",
        name="Victims of organ removal identified",
        baseline=Decimal(0),
        midterm_target=None,
        end_target=Decimal(20),
        headline=True,
        responsible=[agency_a],
    )
    import_values(plan, coordinator, [("K-1", "2025-Q3", agency_a.code, "4")])
    CaseQuery.objects.create(indicator=indicator, agency=agency_a, statuses=["identified"])
    return plan


def test_it_withholds_a_small_count_of_victims(anonymous, small_count):
    response = anonymous.get(reverse("public:plan_detail", args=[small_count.pk]))

    [item] = response.context["indicators"]
    assert item.row.actual is None
    assert item.row.progress is None
    assert "withheld: a small count" in response.content.decode()


def test_it_shows_the_same_count_when_typed_by_an_agency(anonymous, small_count):
    CaseQuery.objects.all().delete()

    response = anonymous.get(reverse("public:plan_detail", args=[small_count.pk]))

    [item] = response.context["indicators"]
    assert item.row.actual == Decimal(4)


def test_it_charts_no_actual_values_of_counts_from_case_records(world, agency_a):
    CaseQuery.objects.create(indicator=world.headline, agency=agency_a, statuses=["identified"])

    headline = headline_indicators(world.plan)
    trend = headline_trends(world.plan, headline)[world.headline.pk]

    assert headline.rows[0].actual == Decimal(40)  # large enough to publish
    assert trend
    assert all(point.actual is None for point in trend)
    assert any(point.expected is not None for point in trend)
