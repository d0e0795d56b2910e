"""A coordinator's first morning with TIP Monitor, in a real browser: sign in with password and
authenticator code, import the plan workbook, find an activity, correct its budget, raise an
indicator's end target, check the plan's quality, take the workbook home and read the interface
in Russian."""

import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import Page, expect

from plans.models import Activity, Plan
from tests.browser.conftest import sign_in
from tipmonitor.sample import SAMPLE_WORKBOOK

pytestmark = pytest.mark.playwright

SAMPLE_TITLE = "National Action Plan against Trafficking in Human Beings 2024–2026"
ACTIVITY_CODE = "1.1.3"
NEW_BUDGET = Decimal("52500")
INDICATOR_CODE = "I-1.5"  # "Agencies sharing data under the data-sharing protocol", end target 10
NEW_TARGET = Decimal("12")


def upload_sample(page: Page) -> None:
    page.goto(reverse("plans:upload"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.get_by_label(re.compile("workbook", re.I)).set_input_files(SAMPLE_WORKBOOK)
    page.get_by_role("main").get_by_role("button", name=re.compile("import|upload", re.I)).click()


def budget_shown(page: Page):
    """The value next to "Budget estimate" on an activity's page."""
    term = page.get_by_role("main").locator("dt", has_text=re.compile(r"^Budget estimate$"))
    return term.locator("xpath=following-sibling::dd[1]")


def edit_budget(page: Page, plan: Plan, activity: Activity) -> None:
    page.get_by_role("main").get_by_role("link", name="Edit activity").click()
    expect(page).to_have_url(
        re.compile(re.escape(reverse("plans:activity_edit", args=[plan.pk, activity.pk])) + "$")
    )
    budget = page.get_by_label(re.compile("^budget", re.I))
    expect(budget).to_have_value(re.compile(r"^45000(\.0+)?$"))
    budget.fill(str(NEW_BUDGET))
    page.get_by_role("main").get_by_role("button", name=re.compile("save", re.I)).click()


def edit_end_target(page: Page, plan: Plan) -> None:
    indicator = plan.indicators.get(code=INDICATOR_CODE)
    page.goto(reverse("plans:indicator_detail", args=[plan.pk, indicator.pk]))
    expect(shown(page, "End target")).to_have_text("10 agencies")
    page.get_by_role("main").get_by_role("link", name="Edit indicator").click()
    target = page.get_by_label(re.compile(r"^End target:?$"))
    expect(target).to_have_value(re.compile(r"^10(\.0+)?$"))
    target.fill(str(NEW_TARGET))
    page.get_by_role("main").get_by_role("button", name=re.compile("save", re.I)).click()
    expect(page).to_have_url(
        re.compile(re.escape(reverse("plans:indicator_detail", args=[plan.pk, indicator.pk])) + "$")
    )
    expect(shown(page, "End target")).to_have_text("12 agencies")
    indicator.refresh_from_db()
    assert indicator.end_target == NEW_TARGET


def shown(page: Page, term: str):
    """The value next to `term` in the page's description list."""
    dt = page.get_by_role("main").locator("dt", has_text=re.compile(rf"^{re.escape(term)}$"))
    return dt.locator("xpath=following-sibling::dd[1]")


def exported_budget(path: Path, code: str) -> object:
    """The Budget cell of the activity `code` in an exported plan workbook."""
    sheet = openpyxl.load_workbook(path, read_only=True)["Activities"]
    rows = sheet.iter_rows(values_only=True)
    header = [str(cell).strip() if cell is not None else "" for cell in next(rows)]
    code_column, budget_column = header.index("Code"), header.index("Budget")
    budgets = [row[budget_column] for row in rows if str(row[code_column]) == code]
    assert len(budgets) == 1, f"activity {code} appears {len(budgets)} times in the export"
    return budgets[0]


def russian(message: str) -> str:
    with translation.override("ru"):
        return translation.gettext(message)


def test_it_takes_a_coordinator_from_import_to_export(page, coordinator, tmp_path):
    sign_in(page, coordinator, next_url=reverse("plans:upload"))

    upload_sample(page)
    expect(page).to_have_url(re.compile(r"/plans/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(SAMPLE_TITLE)
    plan = Plan.objects.get(code="NAP-ARDENIA-2024-2026")
    activity = plan.activities.get(code=ACTIVITY_CODE)
    assert page.url.endswith(reverse("plans:plan_tree", args=[plan.pk]))

    page.get_by_role("link", name=re.compile(rf"^{re.escape(ACTIVITY_CODE)}\b")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(activity.name)
    expect(budget_shown(page)).to_have_text("45\u202f000 EUR")

    edit_budget(page, plan, activity)
    expect(page).to_have_url(
        re.compile(re.escape(reverse("plans:activity_detail", args=[plan.pk, activity.pk])) + "$")
    )
    expect(budget_shown(page)).to_have_text("52\u202f500 EUR")
    activity.refresh_from_db()
    assert activity.budget == NEW_BUDGET

    edit_end_target(page, plan)

    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name=SAMPLE_TITLE).click()
    page.get_by_role("main").get_by_role("link", name="Quality check").click()
    expect(page).to_have_url(re.compile(re.escape(reverse("plans:plan_quality", args=[plan.pk]))))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Quality check: {SAMPLE_TITLE}")

    page.go_back()
    with page.expect_download() as download_info:
        page.get_by_role("main").get_by_role("link", name=re.compile(r"XLSX")).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    exported = tmp_path / download.suggested_filename
    download.save_as(exported)
    assert Decimal(str(exported_budget(exported, ACTIVITY_CODE))) == NEW_BUDGET

    plans_in_russian = russian("Plans")
    assert plans_in_russian != "Plans", "'Plans' has no compiled Russian translation"
    page.get_by_label("Language").select_option("ru")
    page.get_by_role("button", name="Change").click()
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    main_navigation = page.get_by_role("navigation", name=russian("Main"))
    expect(main_navigation.get_by_role("link", name=plans_in_russian)).to_be_visible()
