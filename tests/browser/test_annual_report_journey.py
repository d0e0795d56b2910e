"""Issue 4's journey in Chromium: the coordinator opens the national overview, drills down to
the off-track indicator, prepares the annual monitoring report, generates it and downloads it
as DOCX and as PDF; both files are what they claim to be. The file is made by a job (issue 16):
the page shows the job where the file will be offered, and offers the file as soon as it is
ready, named by kind, period and language (issue 9), without reloading by hand; the list of
documents below shows it too. (The test suite runs a job as soon as it is queued.)"""

import io
import re
import zipfile

import docx
import pytest
from django.urls import reverse
from playwright.sync_api import Page, Route, expect

from tests.browser.conftest import sign_in
from tests.progress.dashboard_data import AS_OF, build_plan, fill_reports

pytestmark = pytest.mark.playwright
# How long a file may take to be made on a busy machine (charts drawn, PDF laid out): a bound
# on waiting, not a speed goal.
GENERATION = 90_000


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
    result = page.locator("#generate-result")
    page.get_by_role("button", name=re.compile("Generate Word")).click()
    expect(result.locator("a.job-result")).to_have_text(
        "annual-report-2025-en.docx", timeout=GENERATION
    )
    page.get_by_role("button", name=re.compile("Generate PDF")).click()
    expect(result.locator("a.job-result")).to_have_text(
        "annual-report-2025-en.pdf", timeout=GENERATION
    )
    expect(result).to_contain_text("Annual monitoring report 2025 (PDF, en): Done")
    # The list below was refreshed in place: both files are there.
    expect(page.locator("#documents-list")).to_contain_text("annual-report-2025-en.docx")
    expect(page.locator("#documents-list")).to_contain_text("annual-report-2025-en.pdf")

    word_file = _download(page, "docx")
    assert zipfile.is_zipfile(io.BytesIO(word_file))
    word = docx.Document(io.BytesIO(word_file))
    text = "\n".join(paragraph.text for paragraph in word.paragraphs)
    tables = "\n".join(cell.text for table in word.tables for cell in table._cells)
    assert "Protection" in text
    assert dash.off.code in tables
    assert _download(page, "pdf").startswith(b"%PDF-")


def test_it_says_it_is_busy_until_the_job_is_shown(page, coordinator, dash):
    url = reverse("documents:prepare", args=[dash.plan.pk, "annual", "2025", "en"])
    held: list[Route] = []
    # The request is held back by the browser, as a slow server would hold it.
    page.route("**/generate/", lambda route: held.append(route))
    sign_in(page, coordinator, next_url=url)
    page.goto(url)
    busy = page.locator("#generate-busy")
    expect(busy).to_be_hidden()

    page.get_by_role("button", name=re.compile("Generate PDF")).click()

    expect(busy).to_be_visible()
    expect(busy).to_contain_text("Queuing")
    expect(page.get_by_role("button", name=re.compile("Generate Word"))).to_be_disabled()
    for _attempt in range(100):  # until Playwright has handed the request over
        if held:
            break
        page.wait_for_timeout(50)
    held[0].continue_()
    link = page.locator("#generate-result a.job-result")
    expect(link).to_have_text("annual-report-2025-en.pdf", timeout=GENERATION)
    expect(busy).to_be_hidden()
    expect(page.get_by_role("button", name=re.compile("Generate Word"))).to_be_enabled()
