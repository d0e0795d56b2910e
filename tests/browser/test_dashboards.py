"""The dashboards in Chromium, under the site's Content Security Policy: the coordinator opens
the national overview, the charts draw (SVG, no CSP violation, no script error), the chart
offers PNG and SVG export, and the drill-down leads through the area to the off-track indicator
and its flag. axe finds nothing serious or critical on the pages."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, console_problems, sign_in
from tests.progress.dashboard_data import AS_OF, build_plan, fill_reports

pytestmark = pytest.mark.playwright


@pytest.fixture
def dash(agency_a, agency_b, reporter_a, reporter_b, coordinator):
    data = build_plan(agency_a, agency_b)
    fill_reports(data, reporter_a, reporter_b, coordinator)
    return data


def test_it_draws_the_overview_and_drills_down_to_the_flag(page, coordinator, dash):
    problems = console_problems(page)
    url = reverse("progress:overview", args=[dash.plan.pk]) + f"?as_of={AS_OF}"

    sign_in(page, coordinator, next_url=url)

    expect(page.get_by_role("heading", level=1)).to_contain_text(f"as of {AS_OF}")
    chart = page.locator('[data-chart="chart-status-by-area"]')
    expect(chart.locator("svg").first).to_be_visible()
    expect(page.locator(".chart-drawn")).to_have_count(5)
    expect(chart.locator('[role="graphics-document"]').first).to_have_attribute(
        "aria-label", re.compile("Stacked bars")
    )
    chart.locator("summary").first.click()
    expect(chart.get_by_role("link", name="Save as PNG")).to_be_visible()
    expect(chart.get_by_role("link", name="Save as SVG")).to_be_visible()
    flagged = page.locator("section", has=page.locator("#flagged"))
    expect(flagged).to_contain_text("V-OFF")
    assert axe_violations(page) == []

    page.get_by_role("link", name=re.compile("Q Protection")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Protection")
    page.get_by_role("link", name=re.compile("V-OFF")).click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("V-OFF")
    expect(page.locator("main")).to_contain_text("Off track")
    expect(page.locator("main")).to_contain_text("Flagged for the working group's next meeting")
    expect(page.locator('[data-chart="chart-trend"] svg').first).to_be_visible()
    assert axe_violations(page) == []
    assert problems == []


@pytest.mark.parametrize("persona", ["viewer", "coordinator"])
def test_it_fits_the_indicator_page_and_its_charts_on_a_phone_in_armenian(
    request, page, dash, persona
):
    """QA at 390 px in Armenian: the status list's labels and values stacked, nothing wider
    than the screen (the page was 588 px wide, the status badges off screen), and every chart
    as wide as its card, not wider."""
    user = request.getfixturevalue(persona)
    page.set_viewport_size({"width": 390, "height": 800})
    url = reverse("progress:indicator", args=[dash.plan.pk, dash.off.pk]) + f"?as_of={AS_OF}"
    sign_in(page, user, next_url=url)
    page.context.add_cookies([{"name": "django_language", "value": "hy", "url": page.url}])
    page.reload()
    expect(page.locator("html")).to_have_attribute("lang", "hy")
    expect(page.locator(".chart-drawn").first).to_be_visible()

    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    badge = page.locator("dl.judgement .badge.status").first
    box = badge.bounding_box()
    assert box is not None
    assert box["x"] + box["width"] <= 390
    label, value = page.locator("dl.judgement dt").first, page.locator("dl.judgement dd").first
    assert value.bounding_box()["y"] > label.bounding_box()["y"]  # stacked, not side by side
    for figure in page.locator("figure.chart").all():
        widths = figure.evaluate(
            "f => [f.clientWidth, f.scrollWidth,"
            " f.querySelector('svg').getBoundingClientRect().width]"
        )
        assert widths[1] <= widths[0]
        assert widths[2] <= widths[0]
