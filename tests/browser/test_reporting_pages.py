"""The reporting pages that the report workflow test does not open, each opened in Chromium by
the persona who uses it: the page renders its heading and axe finds nothing serious or critical
on it (under the site's Content Security Policy)."""

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import Page, expect

from accounts.models import User
from reporting import services
from reporting.models import Report
from tests.browser.conftest import axe_violations, sign_in
from tests.reporting.pages import QUARTER, submitted_report

pytestmark = pytest.mark.playwright


@pytest.fixture
def accepted(plan, agency_a, reporter_a, coordinator) -> Report:
    """Agency A's report for 2024-Q1, submitted and accepted: published, so the viewer sees it,
    and with events for its history page."""
    report = submitted_report(plan, agency_a, reporter_a)
    return services.report_accept(report=report, user=coordinator)


def open_as(page: Page, user: User, url: str, heading: str) -> None:
    sign_in(page, user, next_url=url)
    expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
    assert axe_violations(page) == []


def test_it_shows_the_coordinator_the_agencies_needing_attention(page, coordinator, plan, accepted):
    url = reverse("reporting:attention", args=[plan.pk]) + f"?period={QUARTER}"

    open_as(page, coordinator, url, f"Agencies needing attention in {QUARTER}")


def test_it_shows_the_viewer_the_submission_status_list(page, viewer, plan, accepted):
    url = reverse("reporting:status_list", args=[plan.pk])

    open_as(page, viewer, url, "Submission status list")
    expect(page.locator("main")).to_contain_text("POL")


def test_it_shows_a_report_s_versions(page, reporter_a, accepted):
    url = reverse("reporting:report_history", args=[accepted.pk])

    open_as(page, reporter_a, url, "Versions of the report of National Police")
    expect(page.get_by_role("heading", level=2).first).to_contain_text("Version 1")


def test_it_offers_the_report_workbook_upload(page, reporter_a, plan, agency_a):
    report = services.report_open(plan=plan, agency=agency_a, period=QUARTER, user=reporter_a)
    url = reverse("reporting:report_upload", args=[report.pk])

    open_as(page, reporter_a, url, "Upload the report workbook")


def test_it_offers_the_values_upload(page, approver_a):
    open_as(page, approver_a, reverse("reporting:values_upload"), "Import data values")


def test_it_lists_the_published_reports_to_the_viewer(page, viewer, accepted):
    open_as(page, viewer, reverse("reporting:report_list"), "Progress reports")
    expect(page.locator("main")).to_contain_text(QUARTER)


def test_it_keeps_the_open_button_on_a_phone_screen_in_armenian(
    new_context, reporter_a, accepted, live_server
):
    context = new_context()
    page = context.new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, reporter_a, next_url=reverse("reporting:report_list"))
    context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "hy", "url": live_server.url}]
    )

    page.reload()

    expect(page.locator("html")).to_have_attribute("lang", "hy")
    button = page.locator("table.report-list a.button").first
    expect(button).to_be_visible()
    box = button.bounding_box()  # nothing scrolled sideways: as it first shows
    assert box is not None
    assert box["x"] + box["width"] <= 390
    scroller = page.locator(".table-scroll").first
    assert scroller.evaluate("(element) => element.scrollWidth - element.clientWidth") <= 0
    assert page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth") <= 0
    assert axe_violations(page) == []
