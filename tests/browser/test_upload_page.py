"""The workbook upload page in a real browser: a broken workbook gives a table of located
errors, a dry run a summary of what would change, and every state of the page passes axe."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from plans.models import Plan
from tests.browser.conftest import sign_in
from tests.browser.test_accessibility import axe_violations
from tipmonitor.sample import SAMPLE_WORKBOOK

pytestmark = pytest.mark.playwright


def _upload(page: Page, path, *, dry_run: bool = False) -> None:
    page.get_by_label(re.compile(r"^Workbook \(\.xlsx\)")).set_input_files(path)
    if dry_run:
        page.get_by_label(re.compile("check only", re.I)).check()
    page.get_by_role("main").get_by_role("button", name="Upload").click()


def test_it_shows_located_errors_and_a_dry_run_accessibly(page, coordinator, tmp_path):
    sign_in(page, coordinator, next_url=reverse("plans:upload"))
    violations = axe_violations(page)
    broken = tmp_path / "plan.xlsx"
    broken.write_bytes(b"this is not a workbook")

    _upload(page, broken)
    errors = page.get_by_role("table")
    expect(errors.get_by_role("row")).to_have_count(2)  # the header row and one error
    expect(errors).to_contain_text("not an XLSX workbook")
    violations += axe_violations(page)

    _upload(page, SAMPLE_WORKBOOK, dry_run=True)
    expect(page.get_by_role("heading", name=re.compile("nothing was saved"))).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("NAP-ARDENIA-2024-2026")
    violations += axe_violations(page)

    assert violations == []
    assert not Plan.objects.exists()
