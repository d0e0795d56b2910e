import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from plans.models import Activity

pytestmark = pytest.mark.django_db


def _data(plan, agency_a, agency_b, **overrides) -> dict:
    data = {
        "objective": plan.objectives.get(code="2.1.a").pk,
        "code": "2.1.3",
        "name": "Train teachers",
        "lead_agency": agency_a.pk,
        "partner_agencies": [agency_b.pk],
        "starts_on": "2024-Q2",
        "ends_on": "2025",
        "result_indicator": "300 teachers trained",
        "budget": "12500.50",
        "funding_source": "donor",
        "funder": "OSCE",
    }
    return {**data, **overrides}


def test_it_preselects_the_objective_and_loads_the_funder_script(client_of, coordinator, plan):
    objective = plan.objectives.get(code="2.1.a")
    url = reverse("plans:activity_create", args=[plan.pk]) + f"?objective={objective.pk}"
    page = client_of(coordinator).get(url).content.decode()
    assert f'<option value="{objective.pk}" selected>' in page
    assert "plans/activity_form.js" in page
    assert "<script>" not in page  # CSP: no inline script


def test_it_adds_an_activity_with_quarters_and_years(
    client_of, coordinator, plan, agency_a, agency_b
):
    url = reverse("plans:activity_create", args=[plan.pk])
    response = client_of(coordinator).post(url, _data(plan, agency_a, agency_b))
    activity = plan.activities.get(code="2.1.3")
    assert response.url == reverse("plans:activity_detail", args=[plan.pk, activity.pk])
    assert (activity.starts_on, activity.starts_precision) == (datetime.date(2024, 4, 1), "quarter")
    assert (activity.ends_on, activity.ends_precision) == (datetime.date(2025, 12, 31), "year")
    assert (activity.budget, activity.funder, activity.lead_agency) == (
        Decimal("12500.50"),
        "OSCE",
        agency_a,
    )
    assert list(activity.partner_agencies.all()) == [agency_b]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"starts_on": "2024-Q5"}, "is not a date (2024-03-15), a quarter (2024-Q1) or a year"),
        ({"starts_on": "2025", "ends_on": "2024-Q4"}, "cannot be before the start"),
        ({"starts_on": "2023-Q3"}, "2023-Q3 is outside the plan period"),
        ({"funder": ""}, "Name the donor."),
        (
            {"funding_source": "state_budget"},
            "Name a donor only when the funding source is a donor.",
        ),
        ({"code": "2.1.1"}, "Another activity of this plan already has the code 2.1.1."),
        ({"budget": "-5"}, "An amount of money cannot be negative."),
        ({"budget": "1.200"}, "can be read as 1 200 or as 1.2"),
        ({"objective": "999999"}, "Select a valid choice"),
    ],
)
def test_it_shows_what_is_wrong_and_stores_nothing(
    client_of, coordinator, plan, agency_a, agency_b, overrides, message
):
    url = reverse("plans:activity_create", args=[plan.pk])
    response = client_of(coordinator).post(url, _data(plan, agency_a, agency_b, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Activity.objects.filter(name="Train teachers").exists()


def test_it_shows_the_stored_periods_as_typed_and_saves_changes(
    client_of, coordinator, plan, agency_a, agency_b
):
    activity = plan.activities.get(code="2.1.1")
    activity.starts_on, activity.starts_precision = datetime.date(2024, 7, 1), "quarter"
    activity.save()
    url = reverse("plans:activity_edit", args=[plan.pk, activity.pk])
    client = client_of(coordinator)
    page = client.get(url).content.decode()
    assert 'value="2024-Q3"' in page
    assert 'value="2024-12-31"' in page
    data = _data(plan, agency_a, agency_b, code="2.1.1", funding_source="none_needed", funder="")
    response = client.post(url, data, follow=True)
    assert "Activity 2.1.1 saved." in response.content.decode()
    activity.refresh_from_db()
    assert (activity.name, activity.funding_source) == ("Train teachers", "none_needed")
