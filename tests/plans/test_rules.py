"""One home per plan rule (issue 9, plans/rules.py and agencies/rules.py): every way in — the
coordinator's form, the service, the plan workbook — refuses the same input with the same
words. The plans API only reads, so it has no way in to compare; numbers typed as text are read
by tipmonitor.lib.numbers.parse_number wherever they come in.

Each test puts one bad value through each way in, on one plan (imported from the small
workbook, so that the workbook's and the screens' plan is the same), and compares messages."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from agencies import services as agency_services
from agencies.forms import AgencyForm
from agencies.models import Agency
from plans import rules, services
from plans.forms import ActivityForm, AreaForm, IndicatorForm, ObjectiveForm, PlanForm
from plans.workbook.services import WorkbookInvalid, plan_import
from tests.plans.workbooks import build, set_cell, small_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    return plan_import(data=build(small_plan())).plan


def _data(form) -> dict:
    """What the form shows for its instance, as a browser would post it back."""
    return {n: v for n in form.fields if (v := form[n].value()) is not None}


def _form_errors(form_class, changes: dict, **kwargs) -> dict[str, list[str]]:
    data = _data(form_class(**kwargs)) | changes
    form = form_class(data=data, **kwargs)
    assert not form.is_valid()
    return form.errors


def _service_kwargs(form_class, **kwargs) -> dict:
    form = form_class(data=_data(form_class(**kwargs)), **kwargs)
    assert form.is_valid(), form.errors
    return form.service_kwargs()


def _service_errors(service, **kwargs) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        service(**kwargs)
    return caught.value.message_dict


def _workbook_errors(sheets) -> list[tuple[str | None, str]]:
    with pytest.raises(WorkbookInvalid) as caught:
        plan_import(data=build(sheets))
    return [(error.column, error.message) for error in caught.value.errors]


def _activity(plan, **changes):
    activity = plan.activities.get(code="1.1.1")
    return activity, _service_kwargs(ActivityForm, plan=plan, instance=activity) | changes


def _indicator(plan, code="I-1", **changes):
    indicator = plan.indicators.get(code=code)
    return indicator, _service_kwargs(IndicatorForm, plan=plan, instance=indicator) | changes


def test_it_says_the_same_of_an_activity_outside_the_plan(plan):
    message = "2023-Q3 is outside the plan period (2024-01-01 to 2026-12-31)."
    activity, kwargs = _activity(
        plan, starts_on=datetime.date(2023, 7, 1), starts_precision="quarter"
    )

    form = _form_errors(ActivityForm, {"starts_on": "2023-Q3"}, plan=plan, instance=activity)
    service = _service_errors(services.activity_update, activity=activity, **kwargs)
    workbook = _workbook_errors(set_cell(small_plan(), "Activities", "1.1.1", "Start", "2023-Q3"))

    assert form["starts_on"] == service["starts_on"] == [message]
    assert workbook == [("Start", message)]


def test_it_says_the_same_of_an_activity_ending_before_it_starts(plan):
    message = "The planned completion cannot be before the start."
    activity, kwargs = _activity(
        plan,
        starts_on=datetime.date(2025, 1, 1),
        starts_precision="year",
        ends_on=datetime.date(2024, 12, 31),
        ends_precision="quarter",
    )
    changes = {"starts_on": "2025", "ends_on": "2024-Q4"}

    form = _form_errors(ActivityForm, changes, plan=plan, instance=activity)
    service = _service_errors(services.activity_update, activity=activity, **kwargs)
    sheets = set_cell(small_plan(), "Activities", "1.1.1", "Start", "2025")
    workbook = _workbook_errors(set_cell(sheets, "Activities", "1.1.1", "End", "2024-Q4"))

    assert form["ends_on"] == service["ends_on"] == [message]
    assert workbook == [("End", message)]


def test_it_says_the_same_of_a_plan_ending_before_it_starts(plan):
    message = "The plan cannot end before it starts."
    kwargs = _service_kwargs(PlanForm, instance=plan) | {"ends_on": datetime.date(2023, 12, 31)}

    form = _form_errors(PlanForm, {"ends_on": "2023-12-31"}, instance=plan)
    service = _service_errors(services.plan_update, plan=plan, **kwargs)
    workbook = _workbook_errors(set_cell(small_plan(), "Plan", "End", "Value", "2023"))

    assert form["ends_on"] == service["ends_on"] == [message]
    assert workbook == [("Value", message)]


@pytest.mark.parametrize(
    ("typed", "milestones", "message"),
    [
        ("2030: 5", [(2030, Decimal(5))], "Milestone year 2030 is outside the plan period "
         "(2024–2026)."),
        ("2024: 5; 2024: 6", [(2024, Decimal(5)), (2024, Decimal(6))],
         "Milestone year 2024 appears twice."),
    ],
)  # fmt: skip
def test_it_says_the_same_of_milestones(plan, typed, milestones, message):
    indicator, kwargs = _indicator(plan, milestones=milestones)

    form = _form_errors(IndicatorForm, {"milestones": typed}, plan=plan, instance=indicator)
    service = _service_errors(services.indicator_update, indicator=indicator, **kwargs)
    workbook = _workbook_errors(set_cell(small_plan(), "Indicators", "I-1", "Milestones", typed))

    assert form["milestones"] == service["milestones"] == [message]
    assert workbook == [("Milestones", message)]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("2024 120", "“2024 120” is not a year and a number like 2024: 120. Separate "
         "milestones with semicolons: 2024: 120; 2025: 150."),
        ("2024: 1,200", "Milestone 2024: “1,200” can be read as 1 200 or as 1,2"),
    ],
)  # fmt: skip
def test_it_reads_typed_milestones_alike_in_the_form_and_the_workbook(plan, typed, message):
    indicator = plan.indicators.get(code="I-1")

    form = _form_errors(IndicatorForm, {"milestones": typed}, plan=plan, instance=indicator)
    workbook = _workbook_errors(set_cell(small_plan(), "Indicators", "I-1", "Milestones", typed))

    assert len(form["milestones"]) == len(workbook) == 1
    assert form["milestones"][0] == workbook[0][1]
    assert form["milestones"][0].startswith(message)


def test_it_reads_numbers_alike_in_the_form_and_the_workbook(plan):
    indicator = plan.indicators.get(code="I-1")

    form = _form_errors(IndicatorForm, {"baseline": "1,200"}, plan=plan, instance=indicator)
    workbook = _workbook_errors(set_cell(small_plan(), "Indicators", "I-1", "Baseline", "1,200"))

    assert workbook == [("Baseline", form["baseline"][0])]
    assert "can be read as 1 200 or as 1,2" in form["baseline"][0]


def test_it_says_the_same_of_a_negative_budget(plan):
    message = "An amount of money cannot be negative."
    activity, kwargs = _activity(plan, budget=Decimal(-5))

    form = _form_errors(ActivityForm, {"budget": "-5"}, plan=plan, instance=activity)
    service = _service_errors(services.activity_update, activity=activity, **kwargs)
    workbook = _workbook_errors(set_cell(small_plan(), "Activities", "1.1.1", "Budget", -5))

    assert form["budget"] == service["budget"] == [message]
    assert workbook == [("Budget", message)]


def test_it_says_the_same_of_a_donor_left_unnamed(plan):
    # The workbook has one column, "Funding source": any text but the fixed words is the
    # donor's name, so a donor without a name cannot be written there.
    activity, kwargs = _activity(plan, funding_source="donor", funder="")

    form = _form_errors(ActivityForm, {"funder": ""}, plan=plan, instance=activity)
    service = _service_errors(services.activity_update, activity=activity, **kwargs)

    assert form["funder"] == service["funder"] == ["Name the donor."]


def test_it_says_the_same_of_a_currency_that_is_not_a_code(plan):
    message = "“EURO” is not a currency code: use a three-letter ISO 4217 code, like EUR."
    kwargs = _service_kwargs(PlanForm, instance=plan) | {"currency": "EURO"}

    form = _form_errors(PlanForm, {"currency": "euro"}, instance=plan)
    service = _service_errors(services.plan_update, plan=plan, **kwargs)
    workbook = _workbook_errors(set_cell(small_plan(), "Plan", "Currency", "Value", "euro"))

    assert form["currency"] == service["currency"] == [message]
    assert workbook == [("Value", message)]


def test_it_says_the_same_of_a_text_too_long(plan):
    message = "At most 300 characters, please: this has 301."
    area = plan.areas.get(code="1")

    form = _form_errors(AreaForm, {"name": "x" * 301}, plan=plan, instance=area)
    service = _service_errors(services.area_update, area=area, code="1", name="x" * 301)
    workbook = _workbook_errors(set_cell(small_plan(), "Areas", "1", "Name", "x" * 301))

    assert form["name"] == service["name"] == [message]
    assert workbook == [("Name", message)]


def test_it_says_the_same_of_a_parent_objective_in_another_area(plan):
    message = "The parent objective must be in the same strategic area."
    objective = plan.objectives.get(code="1.1")
    other = plan.objectives.get(code="2.1")

    form = _form_errors(ObjectiveForm, {"parent": other.pk}, plan=plan, instance=objective)
    service = _service_errors(
        services.objective_update,
        objective=objective,
        area=objective.area,
        parent=other,
        code="1.1",
        name=objective.name,
        kind=objective.kind,
    )
    workbook = _workbook_errors(set_cell(small_plan(), "Objectives", "1.1", "Parent", "2.1"))

    assert form["parent"] == service["parent"] == [message]
    assert workbook == [("Parent", message)]


def test_it_says_the_same_of_an_agency_placed_under_its_own_branch(plan):
    message = "An agency cannot be placed under itself or under an agency that is below it."
    ministry, police = Agency.objects.get(code="MOI"), Agency.objects.get(code="MOI-POL")
    fields = {"code": "MOI", "name": ministry.name, "type": ministry.type, "parent": police.pk}

    form = AgencyForm(data=fields, instance=ministry)
    service = _service_errors(
        agency_services.agency_update, agency=ministry, **(fields | {"parent": police})
    )
    workbook = _workbook_errors(set_cell(small_plan(), "Agencies", "MOI", "Parent", "MOI-POL"))

    assert not form.is_valid()
    assert form.errors["parent"] == service["parent"] == [message]
    assert ("Parent", message) in workbook


def test_it_says_the_same_of_a_target_for_an_agency_not_responsible(plan):
    message = (
        "MOI is not responsible for this indicator: give a target only to a responsible agency."
    )
    ministry = Agency.objects.get(code="MOI")
    indicator, kwargs = _indicator(plan, agency_targets=[(ministry, Decimal(10), None)])
    sheets = small_plan()
    sheets["Agency targets"] = [["Indicator", "Agency", "Target"], ["I-1", "MOI", 10]]

    form = _form_errors(
        IndicatorForm, {f"agency_target_{ministry.pk}": "10"}, plan=plan, instance=indicator
    )
    service = _service_errors(services.indicator_update, indicator=indicator, **kwargs)
    workbook = _workbook_errors(sheets)

    assert form[f"agency_target_{ministry.pk}"] == service["agency_targets"] == [message]
    assert workbook == [("Agency", message)]


@pytest.mark.parametrize(("code", "refused"), [("EUR", False), ("AMD", False), ("XYZ", True)])
def test_it_takes_only_currencies_that_iso_4217_lists(code, refused):
    assert (rules.currency_error(code) is not None) is refused
