"""Issue 4's journey in Chromium: the coordinator opens the national overview, drills down to
the off-track indicator, prepares the annual monitoring report, generates it and downloads it
as DOCX and as PDF; both files are what they claim to be."""

import io
import re
import zipfile

import docx
import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.browser.conftest import sign_in
from tests.progress.dashboard_data import AS_OF, build_plan, fill_reports

pytestmark = pytest.mark.playwright


@pytest.fixture
def dash(agency_a, agency_b, reporter_a, reporter_b, coordinator):
    data = build_plan(agency_a, agency_b)
    fill_reports(data, reporter_a, reporter_b, coordinator)
    return data


def _download(page: Page, suffix: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile(rf"\.{suffix}$")).first.click()
    path = info.value.path()
    with open(path, "rb") as handle:
        return handle.read()


def test_it_goes_from_the_overview_to_both_annual_report_files(page, coordinator, dash):
    sign_in(page, coordinator, next_url=reverse("progress:overview", args=[dash.plan.pk]))
    page.goto(reverse("progress:overview", args=[dash.plan.pk]) + f"?as_of={AS_OF}")
    page.get_by_role("link", name=re.compile("Q Protection")).first.click()
    page.get_by_role("link", name=re.compile(dash.off.code)).click()
    expect(page.locator("main")).to_contain_text("Off track")

    page.get_by_role("link", name="Monitoring reports").click()
    page.get_by_role("link", name=re.compile(r"Annual monitoring report 2025")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("2025")
    page.get_by_role("button", name=re.compile("Generate Word")).click()
    expect(page.locator(".messages")).to_contain_text(".docx")
    page.get_by_role("button", name=re.compile("Generate PDF")).click()
    expect(page.locator(".messages")).to_contain_text(".pdf")

    word_file = _download(page, "docx")
    assert zipfile.is_zipfile(io.BytesIO(word_file))
    word = docx.Document(io.BytesIO(word_file))
    text = "\n".join(paragraph.text for paragraph in word.paragraphs)
    tables = "\n".join(cell.text for table in word.tables for cell in table._cells)
    assert "Protection" in text
    assert dash.off.code in tables
    assert _download(page, "pdf").startswith(b"%PDF-")
