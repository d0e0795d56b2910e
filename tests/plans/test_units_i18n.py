"""An indicator's unit per language (issue 9 #10): `unit_i18n` beside the base unit, entered
in the indicator form and in the workbook's `Unit (hy)`, `Unit (ru)` columns, and shown in the
user's language wherever a figure carries its unit."""

import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation

from plans.templatetags.plan_format import format_indicator_figure
from plans.workbook.services import plan_export, plan_import
from plans.workbook.writer import plan_records
from tests.plans.test_indicator_views import _data
from tests.plans.workbooks import build, small_plan

pytestmark = pytest.mark.django_db

UNITS = {"hy": "անձ", "ru": "человек"}


@pytest.fixture
def counted(plan):
    """The shared plan in three languages; its indicator I2.1 counts persons."""
    plan.languages = "en,hy,ru"
    plan.save()
    indicator = plan.indicators.get(code="I2.1")
    indicator.unit = "persons"
    indicator.unit_i18n = UNITS
    indicator.save()
    return indicator


@pytest.mark.parametrize("language", ["hy", "ru"])
def test_it_shows_the_unit_in_the_users_language_on_the_progress_page(
    client_of, reporter_a, counted, language
):
    client = client_of(reporter_a)
    client.cookies["django_language"] = language

    page = client.get(reverse("progress:indicator", args=[counted.plan_id, counted.pk]))

    html = page.content.decode()
    assert page.status_code == 200
    assert f"· {UNITS[language]} ·" in html
    assert "· persons ·" not in html


def test_it_shows_the_base_unit_in_english_and_where_no_unit_is_given(counted):
    with translation.override("en"):
        english = format_indicator_figure(counted, 48)
    counted.unit_i18n = {"ru": "человек"}
    with translation.override("hy"):
        armenian = format_indicator_figure(counted, 48)
    with translation.override("ru"):
        russian = format_indicator_figure(counted, 48)

    assert (english, armenian, russian) == ("48 persons", "48 persons", "48 человек")


def test_it_offers_a_unit_field_per_plan_language_and_stores_them(client_of, coordinator, counted):
    url = reverse("plans:indicator_edit", args=[counted.plan_id, counted.pk])
    client = client_of(coordinator)

    form = client.get(url).content.decode()

    assert 'name="unit_hy"' in form
    assert 'name="unit_ru"' in form
    assert UNITS["hy"] in form
    assert "Unit in " in form


def test_it_stores_the_units_typed_per_language(client_of, coordinator, counted, agency_a):
    plan = counted.plan
    url = reverse("plans:indicator_create", args=[plan.pk])

    response = client_of(coordinator).post(
        url, _data(plan, agency_a, unit_hy=" աշակերտ ", unit_ru="")
    )

    assert response.status_code == 302
    assert plan.indicators.get(code="I2.1.a").unit_i18n == {"hy": "աշակերտ"}


def _with_units(sheets: dict) -> dict:
    indicators = sheets["Indicators"]
    indicators[0] += ["Unit (hy)", "Unit (ru)"]
    indicators[1] += [UNITS["hy"], UNITS["ru"]]
    for row in indicators[2:]:
        row += ["", ""]
    return sheets


def test_it_imports_units_per_language_and_keeps_them_on_a_round_trip():
    plan = plan_import(data=build(_with_units(small_plan()))).plan

    assert plan.indicators.get(code="I-1").unit_i18n == UNITS
    assert plan.indicators.get(code="I-2").unit_i18n == {}
    exported = plan_export(plan=plan, fmt="xlsx")
    rows = list(openpyxl.load_workbook(io.BytesIO(exported))["Indicators"].values)
    row = dict(zip(rows[0], rows[1], strict=True))
    assert (row["Unit (hy)"], row["Unit (ru)"]) == (UNITS["hy"], UNITS["ru"])

    before = plan_records(plan)
    summary = plan_import(data=exported)
    assert plan_records(summary.plan) == before
    assert sum(summary.updated.values()) == 0
    assert summary.plan.indicators.get(code="I-1").unit_i18n == UNITS


def test_it_keeps_stored_units_when_the_workbook_has_no_unit_columns():
    plan_import(data=build(_with_units(small_plan())))

    plan = plan_import(data=build(small_plan())).plan

    assert plan.indicators.get(code="I-1").unit_i18n == UNITS


def test_it_removes_a_unit_whose_cell_is_emptied():
    plan_import(data=build(_with_units(small_plan())))
    sheets = _with_units(small_plan())
    sheets["Indicators"][1][-1] = ""

    plan = plan_import(data=build(sheets)).plan

    assert plan.indicators.get(code="I-1").unit_i18n == {"hy": UNITS["hy"]}
