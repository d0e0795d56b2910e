from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from plans import services
from plans.models import Dimension, Indicator, Milestone, default_aggregations
from tests import factories

pytestmark = pytest.mark.django_db


def _fields(plan, **overrides) -> dict:
    fields = {
        "plan": plan,
        "objective": plan.objectives.get(code="2.1.a"),
        "activity": None,
        "code": "I2.1.a",
        "name": "Pupils reached by awareness sessions",
        "level": "output",
        "type": "number",
        "direction": "increase",
        "unit": "pupils",
        "baseline": Decimal(0),
        "baseline_year": 2023,
        "baseline_source": "Ministry of Education",
        "midterm_target": Decimal(5000),
        "end_target": Decimal(12000),
        "means_of_verification": "School reports",
        "frequency": "annual",
        "milestones": [(2024, Decimal(2000)), (2025, Decimal(5000))],
        "baseline_text": "",
        "midterm_target_text": "",
        "end_target_text": "",
        "responsible_agencies": [],
        "dimensions": [],
    }
    return {**fields, **overrides}


def _refused(**fields) -> dict:
    before = (Indicator.objects.count(), Milestone.objects.count())
    with pytest.raises(ValidationError) as caught:
        services.indicator_create(**fields)
    assert (Indicator.objects.count(), Milestone.objects.count()) == before
    return caught.value.message_dict


def test_it_creates_an_indicator_with_milestones_agencies_and_dimensions(plan, agency_a):
    sex = Dimension.objects.get(code="sex")
    indicator = services.indicator_create(
        **_fields(plan, responsible_agencies=[agency_a], dimensions=[sex])
    )
    indicator.refresh_from_db()
    assert [(m.year, m.target) for m in indicator.milestones.all()] == [
        (2024, Decimal(2000)),
        (2025, Decimal(5000)),
    ]
    assert list(indicator.responsible_agencies.all()) == [agency_a]
    assert list(indicator.dimensions.all()) == [sex]
    assert (indicator.end_target, indicator.frequency) == (Decimal(12000), "annual")


def test_it_creates_an_indicator_on_an_activity(plan):
    activity = plan.activities.get(code="2.1.1")
    indicator = services.indicator_create(**_fields(plan, objective=None, activity=activity))
    assert (indicator.activity, indicator.objective) == (activity, None)


def test_it_creates_a_qualitative_indicator_described_in_words(plan):
    indicator = services.indicator_create(
        **_fields(
            plan,
            type="qualitative",
            baseline=None,
            baseline_text="No referral mechanism",
            midterm_target=None,
            end_target=None,
            end_target_text="Referral mechanism adopted",
            milestones=[],
        )
    )
    assert indicator.is_qualitative
    assert indicator.end_target_text == "Referral mechanism adopted"


def test_it_refuses_a_code_another_indicator_of_the_plan_has(plan):
    errors = _refused(**_fields(plan, code="I2.1"))
    assert errors["code"] == ["Another indicator of this plan already has the code I2.1."]


def test_it_refuses_no_parent_both_parents_and_a_parent_of_another_plan(plan):
    assert _refused(**_fields(plan, objective=None))["parent"] == [
        "Choose the objective or activity this indicator measures."
    ]
    both = _fields(plan, activity=plan.activities.get(code="2.1.1"))
    assert _refused(**both)["parent"] == [
        "Attach the indicator to an objective or to an activity, not both."
    ]
    stray = _fields(plan, objective=None, activity=factories.ActivityFactory())
    assert _refused(**stray)["parent"] == ["Choose an element of this plan."]


def test_it_refuses_numbers_for_a_qualitative_indicator(plan):
    errors = _refused(**_fields(plan, type="qualitative"))
    assert errors["baseline"] == [
        "A qualitative indicator is described in words here, not with a number."
    ]
    assert set(errors) >= {"midterm_target", "end_target", "milestones"}


def test_it_refuses_words_for_a_numeric_indicator(plan):
    errors = _refused(**_fields(plan, end_target=None, end_target_text="Many more"))
    assert errors["end_target"] == ["A numeric indicator takes a number here, not a description."]


def test_it_refuses_milestones_outside_the_plan_or_given_twice(plan):
    errors = _refused(
        **_fields(plan, milestones=[(2023, Decimal(1)), (2025, Decimal(2)), (2025, Decimal(3))])
    )
    assert errors["milestones"] == [
        "Milestone year 2023 is outside the plan period (2024–2026).",
        "Milestone year 2025 appears twice.",
    ]


def test_it_refuses_a_milestone_too_large_to_store(plan):
    errors = _refused(**_fields(plan, milestones=[(2024, Decimal("1" * 30))]))
    assert "milestones" in errors


def test_it_refuses_unknown_choices(plan):
    errors = _refused(**_fields(plan, level="cosmic", direction="sideways", frequency="hourly"))
    assert set(errors) == {"level", "direction", "frequency"}


def test_it_changes_an_indicator_and_replaces_its_milestones(plan, agency_b):
    indicator = services.indicator_create(**_fields(plan))
    fields = _fields(
        plan,
        objective=None,
        activity=plan.activities.get(code="2.1.2"),
        code="I2.1.2",
        milestones=[(2026, Decimal(9000))],
        responsible_agencies=[agency_b],
        dimensions=[],
    )
    del fields["plan"]
    services.indicator_update(indicator=indicator, **fields)
    indicator.refresh_from_db()
    assert (indicator.code, indicator.activity.code, indicator.objective) == (
        "I2.1.2",
        "2.1.2",
        None,
    )
    assert [(m.year, m.target) for m in indicator.milestones.all()] == [(2026, Decimal(9000))]
    assert list(indicator.responsible_agencies.all()) == [agency_b]


def test_it_refuses_a_change_and_keeps_the_milestones(plan):
    indicator = services.indicator_create(**_fields(plan))
    fields = _fields(plan, type="qualitative", milestones=[(2026, Decimal(1))])
    del fields["plan"]
    with pytest.raises(ValidationError):
        services.indicator_update(indicator=indicator, **fields)
    assert [m.year for m in Milestone.objects.filter(indicator=indicator)] == [2024, 2025]
    assert Indicator.objects.get(pk=indicator.pk).type == "number"


def _update_fields(plan, **overrides) -> dict:
    fields = _fields(plan, **overrides)
    del fields["plan"]
    return fields


def test_it_leaves_the_aggregations_blank_for_the_default_of_the_type(plan):
    indicator = services.indicator_create(**_fields(plan))
    indicator.refresh_from_db()
    assert (indicator.time_aggregation, indicator.agency_aggregation) == ("", "")
    assert default_aggregations("number") == ("cumulative", "sum")
    assert default_aggregations("rate") == ("latest", "average")
    assert default_aggregations("qualitative") == ("", "")


def test_it_creates_and_changes_an_indicator_with_its_own_aggregations(plan):
    indicator = services.indicator_create(
        **_fields(plan, time_aggregation="average", agency_aggregation="max")
    )
    indicator.refresh_from_db()
    assert (indicator.time_aggregation, indicator.agency_aggregation) == ("average", "max")

    fields = _update_fields(plan, time_aggregation="", agency_aggregation="sum")
    services.indicator_update(indicator=indicator, **fields)
    indicator.refresh_from_db()
    assert (indicator.time_aggregation, indicator.agency_aggregation) == ("", "sum")


def test_it_keeps_the_aggregations_when_an_update_says_nothing_of_them(plan):
    indicator = services.indicator_create(
        **_fields(plan, time_aggregation="latest", agency_aggregation="max")
    )
    services.indicator_update(indicator=indicator, **_update_fields(plan, name="Renamed"))
    indicator.refresh_from_db()
    assert (indicator.name, indicator.time_aggregation, indicator.agency_aggregation) == (
        "Renamed",
        "latest",
        "max",
    )


def test_it_drops_kept_aggregations_when_the_indicator_turns_qualitative(plan):
    indicator = services.indicator_create(**_fields(plan, time_aggregation="latest"))
    fields = _update_fields(
        plan, type="qualitative", baseline=None, midterm_target=None, end_target=None,
        end_target_text="A referral mechanism works", milestones=[],
    )  # fmt: skip
    services.indicator_update(indicator=indicator, **fields)
    indicator.refresh_from_db()
    assert (indicator.type, indicator.time_aggregation) == ("qualitative", "")


def test_it_refuses_an_aggregation_for_a_qualitative_indicator_or_an_unknown_one(plan):
    qualitative = {
        "type": "qualitative", "baseline": None, "midterm_target": None, "end_target": None,
        "milestones": [], "time_aggregation": "latest", "agency_aggregation": "sum",
    }  # fmt: skip
    errors = _refused(**_fields(plan, **qualitative))
    message = "A qualitative indicator is rated, not added up: leave the aggregation empty."
    assert errors["time_aggregation"] == errors["agency_aggregation"] == [message]
    errors = _refused(**_fields(plan, time_aggregation="median"))
    assert list(errors) == ["time_aggregation"]
