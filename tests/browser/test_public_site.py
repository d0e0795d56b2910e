"""The public site in Chromium as an anonymous visitor meets it, under the site's Content
Security Policy: from the list of plans to a plan's headline indicators, the trend chart drawn
(SVG, no CSP violation, no script error) with its table view, a published report downloaded,
the page switched to Russian; axe finds nothing serious or critical, on a wide screen and on a
phone."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, console_problems
from tests.public.world import PDF_BYTES, SECRETS, PublicWorld, build_world

pytestmark = pytest.mark.playwright

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def world(agency_a, reporter_a, coordinator) -> PublicWorld:
    return build_world(agency_a, reporter_a, coordinator)


def test_it_shows_the_public_site_to_a_visitor_who_never_signs_in(page, world):
    problems = console_problems(page)

    page.goto(reverse("public:index"))
    assert axe_violations(page) == []
    page.get_by_role("link", name="Public plan 2024–2025").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Public plan 2024–2025")
    expect(page.locator(".as-of")).to_contain_text("2025-Q4")
    expect(page.locator("main")).to_contain_text("At risk")
    chart = page.locator(f'[data-chart="chart-indicator-{world.headline.pk}"]')
    expect(chart.locator("svg").first).to_be_visible()
    expect(page.locator(".chart-drawn")).to_have_count(1)
    figure = page.locator("figure.chart")
    figure.get_by_text("Show the data as a table").click()
    expect(figure.get_by_role("table")).to_contain_text("2025-Q4")
    assert SECRETS["not_headline"] not in page.content()
    assert axe_violations(page) == []
    assert problems == []


def test_it_downloads_a_published_report(page, world):
    page.goto(reverse("public:plan_detail", args=[world.plan.pk]))

    with page.expect_download() as download_info:
        page.get_by_role("row", name=re.compile("Annual monitoring report")).get_by_role(
            "link", name="PDF"
        ).click()

    download = download_info.value
    assert download.suggested_filename == "annual-report-2025-en.pdf"
    with open(download.path(), "rb") as saved:
        assert saved.read() == PDF_BYTES


def test_it_speaks_russian_and_fits_a_phone(page, world):
    page.set_viewport_size(PHONE)
    page.goto(reverse("public:plan_detail", args=[world.plan.pk]))

    page.locator("#language-select").select_option("ru")
    page.locator(".language-switcher button").click()

    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page).to_have_url(re.compile(reverse("public:plan_detail", args=[world.plan.pk])))
    expect(
        page.locator(f'[data-chart="chart-indicator-{world.headline.pk}"] svg').first
    ).to_be_visible()
    assert axe_violations(page) == []
