"""A plan's dates fall between the years 1900 and 2200 (plans.rules): a plan once ended on
9999-12-31, and the submission matrix then failed with OverflowError counting deadlines past
the calendar's end (issue 10 #10). Refused where a plan is written; fine up to the bound."""

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from plans import services
from plans.models import Plan, PlanStatus
from reporting.selectors.matrix import submission_matrix
from tests import factories

pytestmark = pytest.mark.django_db

MESSAGE = "A plan's dates must fall between the years 1900 and 2200."


def _create(**dates: datetime.date) -> Plan:
    fields: dict[str, Any] = {
        "code": "NAP-LONG",
        "title": "A long plan",
        "country": "Armenia",
        "starts_on": datetime.date(2025, 1, 1),
        "ends_on": datetime.date(2027, 12, 31),
        "currency": "AMD",
        "status": PlanStatus.ADOPTED,
        "languages": ["en"],
    }
    return services.plan_create(**{**fields, **dates})


@pytest.mark.parametrize(
    "dates",
    [
        {"ends_on": datetime.date(9999, 12, 31)},
        {"ends_on": datetime.date(2201, 1, 1)},
        {"starts_on": datetime.date(1, 1, 1)},
    ],
)
def test_it_refuses_a_plan_dated_outside_the_years_a_plan_spans(dates):
    with pytest.raises(ValidationError) as caught:
        _create(**dates)

    assert caught.value.message_dict["ends_on"] == [MESSAGE]
    assert not Plan.objects.exists()


def test_it_shows_the_matrix_of_a_plan_ending_on_the_last_day_allowed(agency_a):
    plan = _create(starts_on=datetime.date(2200, 1, 1), ends_on=datetime.date(2200, 12, 31))
    factories.IndicatorFactory.create(
        objective=factories.ObjectiveFactory.create(area=factories.AreaFactory.create(plan=plan)),
        responsible=[agency_a],
    )

    matrix = submission_matrix(plan, year=None, today=datetime.date(2200, 12, 31))

    assert matrix is not None
