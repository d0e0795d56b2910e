import html
from decimal import Decimal

import pytest
from django.urls import reverse

from plans.models import Dimension, Indicator

pytestmark = pytest.mark.django_db


def _data(plan, agency_a, **overrides) -> dict:
    data = {
        "parent": f"objective:{plan.objectives.get(code='2.1.a').pk}",
        "code": "I2.1.a",
        "name": "Pupils reached",
        "level": "output",
        "type": "number",
        "direction": "increase",
        "unit": "pupils",
        "baseline": "0",
        "baseline_year": "2023",
        "baseline_source": "Ministry of Education",
        "midterm_target": "5 000",
        "end_target": "12000",
        "milestones": "2024: 2000; 2025: 5000",
        "means_of_verification": "School reports",
        "frequency": "annual",
        "responsible_agencies": [agency_a.pk],
        "dimensions": [Dimension.objects.get(code="sex").pk],
    }
    return {**data, **overrides}


def test_it_preselects_the_activity_from_the_tree(client_of, coordinator, plan):
    activity = plan.activities.get(code="2.1.1")
    url = reverse("plans:indicator_create", args=[plan.pk]) + f"?activity={activity.pk}"
    page = client_of(coordinator).get(url).content.decode()
    assert f'<option value="activity:{activity.pk}" selected>' in page


def test_it_adds_an_indicator_with_milestones(client_of, coordinator, plan, agency_a):
    url = reverse("plans:indicator_create", args=[plan.pk])
    response = client_of(coordinator).post(url, _data(plan, agency_a))
    indicator = plan.indicators.get(code="I2.1.a")
    assert response.url == reverse("plans:indicator_detail", args=[plan.pk, indicator.pk])
    assert (indicator.midterm_target, indicator.end_target) == (Decimal(5000), Decimal(12000))
    assert [(m.year, m.target) for m in indicator.milestones.all()] == [
        (2024, Decimal(2000)),
        (2025, Decimal(5000)),
    ]
    assert [d.code for d in indicator.dimensions.all()] == ["sex"]
    assert list(indicator.responsible_agencies.all()) == [agency_a]


def test_it_adds_a_qualitative_indicator_in_words(client_of, coordinator, plan, agency_a):
    data = _data(
        plan,
        agency_a,
        type="qualitative",
        baseline="No referral mechanism",
        midterm_target="Draft mechanism",
        end_target="Mechanism adopted",
        milestones="",
    )
    client_of(coordinator).post(reverse("plans:indicator_create", args=[plan.pk]), data)
    indicator = plan.indicators.get(code="I2.1.a")
    assert (indicator.baseline, indicator.baseline_text) == (None, "No referral mechanism")
    assert indicator.end_target_text == "Mechanism adopted"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"end_target": "many"}, "“many” is not a number."),
        ({"end_target": "1,200"}, "can be read as 1 200 or as 1,2"),
        ({"milestones": "2024 = 5"}, "“2024 = 5” is not a year and a number like 2024: 120."),
        ({"milestones": "2023: 5"}, "Milestone year 2023 is outside the plan period (2024–2026)."),
        ({"milestones": "2024: 1; 2024: 2"}, "Milestone year 2024 appears twice."),
        (
            {"type": "qualitative", "baseline": ""},
            "A qualitative indicator has no numeric milestones.",
        ),
        ({"code": "I2.1"}, "Another indicator of this plan already has the code I2.1."),
        ({"parent": "objective:999999"}, "Select a valid choice"),
        ({"parent": ""}, "This field is required."),
        ({"baseline_year": "1700"}, "greater than or equal to 1900"),
    ],
)
def test_it_shows_what_is_wrong_and_stores_nothing(
    client_of, coordinator, plan, agency_a, overrides, message
):
    url = reverse("plans:indicator_create", args=[plan.pk])
    response = client_of(coordinator).post(url, _data(plan, agency_a, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Indicator.objects.filter(name="Pupils reached").exists()


def test_it_shows_the_stored_values_and_saves_changes(client_of, coordinator, plan, agency_a):
    indicator = plan.indicators.get(code="I2.1")
    indicator.milestones.create(year=2025, target=Decimal("17.5"))
    url = reverse("plans:indicator_edit", args=[plan.pk, indicator.pk])
    client = client_of(coordinator)
    page = client.get(url).content.decode()
    assert 'value="2025: 17.5"' in page
    assert f'<option value="objective:{indicator.objective_id}" selected>' in page
    activity = plan.activities.get(code="2.1.2")
    data = _data(plan, agency_a, code="I2.1", parent=f"activity:{activity.pk}", milestones="")
    response = client.post(url, data, follow=True)
    assert "Indicator I2.1 saved." in response.content.decode()
    indicator.refresh_from_db()
    assert (indicator.activity, indicator.objective, indicator.milestones.count()) == (
        activity,
        None,
        0,
    )


def test_it_offers_the_aggregations_with_the_default_for_the_type(client_of, coordinator, plan):
    page = client_of(coordinator).get(reverse("plans:indicator_create", args=[plan.pk]))
    page = page.content.decode()
    assert '<label for="id_time_aggregation">' in page
    assert '<label for="id_agency_aggregation">' in page
    assert (
        '<option value="" selected>Default for the type (Number: Cumulative (sum since the '
        "plan&#x27;s start); Percentage: Latest value; Rate: Latest value)</option>"
    ) in page
    assert (
        '<option value="" selected>Default for the type (Number: Sum; Percentage: Average; '
        "Rate: Average)</option>"
    ) in page


def test_it_saves_the_chosen_aggregations_and_shows_them(client_of, coordinator, plan, agency_a):
    client = client_of(coordinator)
    data = _data(plan, agency_a, time_aggregation="latest", agency_aggregation="max")
    response = client.post(reverse("plans:indicator_create", args=[plan.pk]), data, follow=True)
    indicator = plan.indicators.get(code="I2.1.a")
    assert (indicator.time_aggregation, indicator.agency_aggregation) == ("latest", "max")
    page = response.content.decode()
    assert "<dt>Aggregation over time</dt>\n  <dd>Latest value</dd>" in page
    assert "<dt>Aggregation across agencies</dt>\n  <dd>Highest</dd>" in page
    edit = reverse("plans:indicator_edit", args=[plan.pk, indicator.pk])
    assert '<option value="max" selected>Highest</option>' in client.get(edit).content.decode()


def test_it_shows_the_default_aggregation_of_a_number(client_of, coordinator, plan, agency_a):
    url = reverse("plans:indicator_create", args=[plan.pk])
    response = client_of(coordinator).post(url, _data(plan, agency_a), follow=True)
    page = html.unescape(response.content.decode())  # the label's apostrophe comes escaped
    assert (
        "<dt>Aggregation over time</dt>\n  <dd>Cumulative (sum since the plan's start) "
        '<span class="muted">(default for the type)</span></dd>'
    ) in page
    assert (
        "<dt>Aggregation across agencies</dt>\n  <dd>Sum "
        '<span class="muted">(default for the type)</span></dd>'
    ) in page


def test_it_shows_the_default_aggregation_of_a_percentage(client_of, coordinator, plan, agency_a):
    data = _data(plan, agency_a, type="percentage")
    url = reverse("plans:indicator_create", args=[plan.pk])
    page = client_of(coordinator).post(url, data, follow=True).content.decode()
    assert (
        "<dt>Aggregation over time</dt>\n  <dd>Latest value "
        '<span class="muted">(default for the type)</span></dd>'
    ) in page
    assert (
        "<dt>Aggregation across agencies</dt>\n  <dd>Average "
        '<span class="muted">(default for the type)</span></dd>'
    ) in page


def test_it_shows_no_aggregation_for_a_qualitative_indicator(
    client_of, coordinator, plan, agency_a
):
    data = _data(
        plan, agency_a, type="qualitative", baseline="None", midterm_target="", end_target="",
        milestones="",
    )  # fmt: skip
    url = reverse("plans:indicator_create", args=[plan.pk])
    page = client_of(coordinator).post(url, data, follow=True).content.decode()
    assert plan.indicators.filter(code="I2.1.a", type="qualitative").exists()
    assert "<h2>Data collection</h2>" in page
    assert "Aggregation over time" not in page


@pytest.mark.parametrize("field", ["time_aggregation", "agency_aggregation"])
def test_it_refuses_an_aggregation_for_a_qualitative_indicator(
    client_of, coordinator, plan, agency_a, field
):
    data = _data(
        plan, agency_a, type="qualitative", baseline="None", midterm_target="", end_target="",
        milestones="", **{field: "average"},
    )  # fmt: skip
    response = client_of(coordinator).post(reverse("plans:indicator_create", args=[plan.pk]), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "A qualitative indicator is rated, not added up: leave the aggregation empty." in page
    assert f'id="id_{field}_error"' in page
    assert not Indicator.objects.filter(name="Pupils reached").exists()
