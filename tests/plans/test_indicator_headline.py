"""The headline flag of an indicator (what the public site shows) through every way into and
out of a plan: the indicator form, the services, the workbook (docs/workbook.md, `Headline`)
and the JSON API."""

import io
import json
import re

import openpyxl
import pytest
from django.urls import reverse

from plans import services
from plans.models import Dimension, Indicator
from plans.workbook.services import WorkbookInvalid, plan_export, plan_import
from tests.openapi import assert_matches_openapi
from tests.plans.workbooks import build, small_plan

pytestmark = pytest.mark.django_db


def _form_data(plan, agency_a, **overrides) -> dict:
    data = {
        "parent": f"objective:{plan.objectives.get(code='2.1.a').pk}",
        "code": "I2.1.a",
        "name": "Pupils reached",
        "level": "output",
        "type": "number",
        "direction": "increase",
        "baseline": "0",
        "end_target": "100",
        "frequency": "quarterly",
        "responsible_agencies": [agency_a.pk],
        "dimensions": [Dimension.objects.get(code="sex").pk],
    }
    return {**data, **overrides}


def _with_headline_column(sheets, flags: dict[str, object]):
    """`sheets` with a Headline column on the Indicators sheet, `flags` by indicator code."""
    rows = sheets["Indicators"]
    rows[0] = [*rows[0], "Headline"]
    for row in rows[1:]:
        row.append(flags.get(row[0]))
    return sheets


def _headlines(plan) -> dict[str, bool]:
    return dict(plan.indicators.order_by("code").values_list("code", "headline"))


# The form --------------------------------------------------------------------------------------


def test_it_offers_the_headline_checkbox_on_the_indicator_form(client_of, coordinator, plan):
    page = client_of(coordinator).get(reverse("plans:indicator_create", args=[plan.pk]))

    assert 'type="checkbox" name="headline"' in page.content.decode()


def test_it_stores_a_headline_indicator_from_the_form(client_of, coordinator, plan, agency_a):
    url = reverse("plans:indicator_create", args=[plan.pk])

    client_of(coordinator).post(url, _form_data(plan, agency_a, headline="on"))

    assert plan.indicators.get(code="I2.1.a").headline is True


def test_it_takes_an_indicator_off_the_public_site_when_unticked(
    client_of, coordinator, plan, agency_a
):
    indicator = plan.indicators.get(code="I2.1")
    indicator.headline = True
    indicator.save()
    url = reverse("plans:indicator_edit", args=[plan.pk, indicator.pk])
    client = client_of(coordinator)
    page = client.get(url).content.decode()
    assert re.search(r'<input type="checkbox" name="headline"[^>]* checked', page)

    client.post(url, _form_data(plan, agency_a, code="I2.1"))

    indicator.refresh_from_db()
    assert indicator.headline is False


# The services ----------------------------------------------------------------------------------


def test_it_keeps_the_flag_when_an_update_does_not_name_it(plan):
    indicator = plan.indicators.get(code="I2.1")
    Indicator.objects.filter(pk=indicator.pk).update(headline=True)
    indicator.refresh_from_db()

    services.indicator_update(
        indicator=indicator,
        objective=indicator.objective,
        activity=None,
        code="I2.1",
        name="Renamed",
        level=indicator.level,
        type=indicator.type,
        direction=indicator.direction,
        unit="",
        baseline=indicator.baseline,
        baseline_text="",
        baseline_year=None,
        baseline_source="",
        midterm_target=None,
        midterm_target_text="",
        end_target=indicator.end_target,
        end_target_text="",
        means_of_verification="",
        frequency=indicator.frequency,
        responsible_agencies=[],
        dimensions=[],
        milestones=[],
    )

    indicator.refresh_from_db()
    assert (indicator.name, indicator.headline) == ("Renamed", True)


def test_it_creates_an_indicator_that_is_not_headline_unless_asked(plan):
    objective = plan.objectives.get(code="2.1")

    plain = services.indicator_create(plan=plan, objective=objective, code="A", name="A")
    chosen = services.indicator_create(
        plan=plan, objective=objective, code="B", name="B", headline=True
    )

    assert (plain.headline, chosen.headline) == (False, True)


# The workbook ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("yes", True), ("YES", True), ("true", True), (1, True), (True, True),
     ("no", False), ("false", False), (0, False), (False, False), (None, False)],
)  # fmt: skip
def test_it_reads_the_headline_column(cell, expected):
    sheets = _with_headline_column(small_plan(), {"I-1": cell})

    plan = plan_import(data=build(sheets)).plan

    assert _headlines(plan)["I-1"] is expected


def test_it_refuses_a_headline_cell_that_is_not_yes_or_no_and_stores_nothing():
    sheets = _with_headline_column(small_plan(), {"I-2": "maybe"})

    with pytest.raises(WorkbookInvalid) as caught:
        plan_import(data=build(sheets))

    [error] = caught.value.errors
    assert (error.sheet, error.row, error.column) == ("Indicators", 3, "Headline")
    assert "“maybe” is not yes or no." in error.message
    assert not Indicator.objects.exists()


def test_it_imports_an_old_workbook_without_the_column_as_not_headline():
    plan = plan_import(data=build(small_plan())).plan

    assert set(_headlines(plan).values()) == {False}


def test_it_keeps_the_flags_when_an_old_workbook_comes_again():
    plan = plan_import(data=build(_with_headline_column(small_plan(), {"I-1": "yes"}))).plan

    summary = plan_import(data=build(small_plan()))

    assert _headlines(plan) == {"I-1": True, "I-2": False, "I-3": False}
    assert summary.updated["indicators"] == 0


def test_it_clears_a_flag_when_the_column_says_no():
    plan = plan_import(data=build(_with_headline_column(small_plan(), {"I-1": "yes"}))).plan

    plan_import(data=build(_with_headline_column(small_plan(), {"I-1": "no"})))

    assert _headlines(plan)["I-1"] is False


def test_it_exports_the_flag_as_yes_or_no_and_imports_it_back_unchanged():
    plan = plan_import(data=build(_with_headline_column(small_plan(), {"I-3": "yes"}))).plan

    data = plan_export(plan=plan, fmt="xlsx")

    rows = list(openpyxl.load_workbook(io.BytesIO(data))["Indicators"].iter_rows(values_only=True))
    column = rows[0].index("Headline")
    assert {row[0]: row[column] for row in rows[1:]} == {"I-1": "no", "I-2": "no", "I-3": "yes"}
    summary = plan_import(data=data)
    assert (summary.updated["indicators"], _headlines(plan)["I-3"]) == (0, True)


def test_it_exports_the_flag_in_json():
    plan = plan_import(data=build(_with_headline_column(small_plan(), {"I-2": "yes"}))).plan

    document = json.loads(plan_export(plan=plan, fmt="json"))

    assert {i["code"]: i["headline"] for i in document["indicators"]} == {
        "I-1": "no",
        "I-2": "yes",
        "I-3": "no",
    }


# The API ---------------------------------------------------------------------------------------


def test_it_gives_the_flag_in_the_api(client_of, viewer, plan):
    plan.indicators.update(headline=True)

    response = client_of(viewer).get(f"/api/v1/plans/{plan.pk}/indicators")

    assert_matches_openapi(response, "/api/v1/plans/{plan_id}/indicators", "get")
    assert [indicator["headline"] for indicator in response.json()] == [True]


# The indicator page --------------------------------------------------------------------------


def test_it_says_on_the_indicator_page_whether_the_public_sees_it(client_of, viewer, plan):
    indicator = plan.indicators.get(code="I2.1")
    url = reverse("plans:indicator_detail", args=[plan.pk, indicator.pk])
    client = client_of(viewer)
    public_link = reverse("public:plan_detail", args=[plan.pk]) + f"#indicator-{indicator.pk}"
    assert public_link not in client.get(url).content.decode()

    plan.indicators.update(headline=True)

    page = client.get(url).content.decode()
    assert f'<a href="{public_link}">Yes, a headline indicator</a>' in page
