"""The plan's title per language (issue 9 #10): `title_i18n` beside the base title, entered in
the plan form and in the Plan sheet's `Title (hy)`, `Title (ru)` rows, and shown in the user's
language wherever the plan is named."""

import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation

from plans.workbook.services import plan_export, plan_import
from tests.plans.test_edit_views import PLAN_POST
from tests.plans.workbooks import build, small_plan

pytestmark = pytest.mark.django_db

TITLES = {
    "hy": "Մարդկանց թրաֆիքինգի դեմ պայքարի ազգային գործողությունների ծրագիր 2024–2026",
    "ru": "Национальный план действий по борьбе с торговлей людьми на 2024–2026 годы",
}


@pytest.fixture
def titled(plan):
    """The shared plan in three languages, titled in each."""
    plan.languages = "en,hy,ru"
    plan.title_i18n = TITLES
    plan.save()
    return plan


@pytest.mark.parametrize("page", ["plans:plan_tree", "progress:overview"])
def test_it_shows_the_title_in_armenian_on_armenian_pages(client_of, coordinator, titled, page):
    client = client_of(coordinator)
    client.cookies["django_language"] = "hy"

    response = client.get(reverse(page, args=[titled.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert TITLES["hy"] in html
    assert titled.title not in html


def test_it_shows_the_base_title_where_no_title_is_given_in_the_language(titled):
    titled.title_i18n = {"ru": TITLES["ru"]}
    with translation.override("hy"):
        armenian = titled.display_title
    with translation.override("ru"):
        russian = titled.display_title

    assert (armenian, russian) == (titled.title, TITLES["ru"])


def test_it_offers_and_stores_a_title_field_per_plan_language(client_of, coordinator, titled):
    url = reverse("plans:plan_edit", args=[titled.pk])
    client = client_of(coordinator)

    page = client.get(url).content.decode()
    data = {
        **PLAN_POST,
        "code": titled.code,
        "starts_on": "2024-01-01",
        "languages": ["en", "hy", "ru"],
        "title_hy": "Նոր վերնագիր",
        "title_ru": "",
    }
    response = client.post(url, data)

    assert 'name="title_hy"' in page
    assert 'name="title_ru"' in page
    assert response.status_code == 302
    titled.refresh_from_db()
    assert titled.title_i18n == {"hy": "Նոր վերնագիր"}


def _with_titles(sheets: dict) -> dict:
    sheets["Plan"] += [["Title (hy)", TITLES["hy"]], ["Title (ru)", TITLES["ru"]]]
    return sheets


def test_it_imports_titles_per_language_and_keeps_them_on_a_round_trip():
    plan = plan_import(data=build(_with_titles(small_plan()))).plan
    assert plan.title_i18n == TITLES

    exported = plan_export(plan=plan, fmt="xlsx")
    rows = dict(list(openpyxl.load_workbook(io.BytesIO(exported))["Plan"].values)[1:])
    summary = plan_import(data=exported)

    assert (rows["Title (hy)"], rows["Title (ru)"]) == (TITLES["hy"], TITLES["ru"])
    summary.plan.refresh_from_db()
    assert summary.plan.title_i18n == TITLES
    assert summary.updated.get("plan", 0) == 0


def test_it_keeps_stored_titles_when_the_workbook_has_no_title_rows():
    plan_import(data=build(_with_titles(small_plan())))

    plan = plan_import(data=build(small_plan())).plan

    plan.refresh_from_db()
    assert plan.title_i18n == TITLES


def test_it_removes_a_title_whose_row_is_emptied():
    plan_import(data=build(_with_titles(small_plan())))
    sheets = small_plan()
    sheets["Plan"] += [["Title (hy)", ""]]

    plan = plan_import(data=build(sheets)).plan

    plan.refresh_from_db()
    assert plan.title_i18n == {"ru": TITLES["ru"]}
