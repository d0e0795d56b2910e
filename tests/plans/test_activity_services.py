import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from plans import services
from plans.models import Activity
from tests import factories

pytestmark = pytest.mark.django_db


def _fields(plan, **overrides) -> dict:
    fields = {
        "plan": plan,
        "objective": plan.objectives.get(code="2.1"),
        "code": "2.1.3",
        "name": "Train labour inspectors",
        "starts_on": datetime.date(2024, 4, 1),
        "starts_precision": "quarter",
        "ends_on": datetime.date(2025, 12, 31),
        "ends_precision": "year",
        "result_indicator": "200 inspectors trained",
        "budget": Decimal("15000.50"),
        "funding_source": "donor",
        "funder": "IOM",
    }
    return {**fields, **overrides}


def _refused(**fields) -> dict:
    before = Activity.objects.count()
    with pytest.raises(ValidationError) as caught:
        services.activity_create(**fields)
    assert Activity.objects.count() == before
    return caught.value.message_dict


def test_it_creates_an_activity_with_everything_a_plan_says(plan, agency_a, agency_b):
    activity = services.activity_create(
        **_fields(plan, lead_agency=agency_a, partner_agencies=[agency_b])
    )
    activity.refresh_from_db()
    assert activity.lead_agency == agency_a
    assert list(activity.partner_agencies.all()) == [agency_b]
    assert (activity.budget, activity.funding_source, activity.funder) == (
        Decimal("15000.50"),
        "donor",
        "IOM",
    )


def test_it_stores_a_quarter_or_a_year_as_its_first_and_last_day(plan):
    activity = services.activity_create(
        **_fields(plan, starts_on=datetime.date(2024, 5, 20), ends_on=datetime.date(2025, 2, 1))
    )
    assert (activity.starts_on, activity.starts_precision) == (datetime.date(2024, 4, 1), "quarter")
    assert (activity.ends_on, activity.ends_precision) == (datetime.date(2025, 12, 31), "year")


def test_it_accepts_an_activity_without_dates_or_budget(plan):
    activity = services.activity_create(
        **_fields(plan, starts_on=None, ends_on=None, budget=None, funding_source="", funder="")
    )
    assert (activity.starts_on, activity.starts_precision, activity.ends_on) == (None, "day", None)


def test_it_refuses_a_code_another_activity_of_the_plan_has(plan):
    errors = _refused(**_fields(plan, code="2.1.1"))
    assert errors["code"] == ["Another activity of this plan already has the code 2.1.1."]


def test_it_refuses_an_objective_of_another_plan(plan):
    errors = _refused(**_fields(plan, objective=factories.ObjectiveFactory()))
    assert errors["objective"] == ["Choose an element of this plan."]


def test_it_refuses_a_completion_before_the_start(plan):
    errors = _refused(
        **_fields(
            plan,
            starts_on=datetime.date(2025, 3, 1),
            starts_precision="day",
            ends_on=datetime.date(2024, 12, 31),
            ends_precision="day",
        )
    )
    assert errors["ends_on"] == ["The planned completion cannot be before the start."]


def test_it_refuses_periods_outside_the_plan(plan):
    errors = _refused(
        **_fields(
            plan,
            starts_on=datetime.date(2023, 10, 1),
            starts_precision="quarter",
            ends_on=datetime.date(2027, 1, 1),
            ends_precision="year",
        )
    )
    assert errors["starts_on"] == ["2023-Q4 is outside the plan period (2024-01-01 to 2026-12-31)."]
    assert errors["ends_on"] == ["2027 is outside the plan period (2024-01-01 to 2026-12-31)."]


def test_it_accepts_a_quarter_that_overlaps_the_plans_first_day(plan):
    plan.starts_on = datetime.date(2024, 2, 15)
    plan.save()
    activity = services.activity_create(
        **_fields(plan, starts_on=datetime.date(2024, 1, 1), starts_precision="quarter")
    )
    assert activity.starts_on == datetime.date(2024, 1, 1)


def test_it_wants_a_donor_named_only_for_donor_funding(plan):
    assert _refused(**_fields(plan, funder=""))["funder"] == ["Name the donor."]
    errors = _refused(**_fields(plan, funding_source="state_budget"))
    assert errors["funder"] == ["Name a donor only when the funding source is a donor."]


def test_it_refuses_a_negative_budget_and_an_unknown_funding_source(plan):
    errors = _refused(**_fields(plan, budget=Decimal("-1"), funding_source="lottery", funder=""))
    assert set(errors) == {"budget", "funding_source"}


def test_it_changes_an_activity(plan, agency_b):
    activity = plan.activities.get(code="2.1.1")
    fields = _fields(plan, code="2.1.1b", lead_agency=agency_b, partner_agencies=[])
    del fields["plan"]
    services.activity_update(activity=activity, **fields)
    activity.refresh_from_db()
    assert (activity.code, activity.lead_agency, activity.objective.code) == (
        "2.1.1b",
        agency_b,
        "2.1",
    )
    assert activity.partner_agencies.count() == 0


def test_it_refuses_a_change_and_stores_nothing(plan):
    activity = plan.activities.get(code="2.1.1")
    fields = _fields(plan, code="2.1.2", lead_agency=None, partner_agencies=[])
    del fields["plan"]
    with pytest.raises(ValidationError):
        services.activity_update(activity=activity, **fields)
    assert Activity.objects.get(pk=activity.pk).name != "Train labour inspectors"
