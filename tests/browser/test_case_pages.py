"""The case pages in Chromium, under the site's Content Security Policy: an agency's case
records officer imports its file, sees the linkage after it done and only its own records; the
coordinator reads them, the review queue, the figures and the audit of those reads. No page
shows a name from the file."""

import csv
import io
import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import axe_violations, console_problems, sign_in

pytestmark = pytest.mark.playwright

ROWS = [
    ["record_id", "first_name", "last_name", "date_of_birth", "sex", "nationality", "exploitation"],
    ["P-1", "Anahit", "Hovhannisyan", "1990-03-05", "F", "ARM", "labour"],
    ["P-2", "Анаит", "Ованнисян", "1990-03-05", "F", "ARM", "labour"],
    ["P-3", "Karen", "Sargsyan", "1985", "M", "ARM", "sexual"],
]
NAMES = ("Anahit", "Hovhannisyan", "Анаит", "Ованнисян", "Sargsyan", "1990-03-05")


def _csv() -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(ROWS)
    return out.getvalue().encode()


def _text(page: Page) -> str:
    return page.locator("main").inner_text()


def test_it_imports_an_agency_file_and_shows_no_name_anywhere(
    page, case_officer_a, coordinator, new_context
):
    problems = console_problems(page)
    sign_in(page, case_officer_a, next_url="/cases/upload/")
    page.get_by_label(re.compile("Case records")).set_input_files(
        {"name": "cases.csv", "mimeType": "text/csv", "buffer": _csv()}
    )
    page.get_by_role("button", name="Import").click()
    expect(page.locator(".messages")).to_contain_text("3")
    # The linkage of the records, a job the worker runs after the import (here at once).
    job = page.locator(".job").first
    expect(job).to_contain_text("Linkage of the case records of POL")
    expect(job.locator(".job-body")).to_have_class(re.compile(r"\bjob-done\b"))
    assert axe_violations(page) == []

    page.get_by_role("link", name="Case records").first.click()
    expect(page.get_by_role("link", name="P-3")).to_be_visible()
    page.get_by_role("link", name="P-1").click()
    expect(page.locator("main")).to_contain_text("Female")
    assert not any(name in _text(page) for name in NAMES)
    assert problems == []

    officer = new_context().new_page()
    officer_problems = console_problems(officer)
    sign_in(officer, coordinator, next_url="/cases/")
    expect(officer.get_by_role("link", name="P-2")).to_be_visible()
    for link in ("Review uncertain pairs", "Statistics", "Audit log"):
        officer.goto("/cases/")
        officer.get_by_role("link", name=link).click()
        expect(officer.get_by_role("heading", level=1)).to_be_visible()
        assert not any(name in _text(officer) for name in NAMES)
        assert axe_violations(officer) == []
    expect(officer.locator("main")).to_contain_text(case_officer_a.username)
    assert officer_problems == []
