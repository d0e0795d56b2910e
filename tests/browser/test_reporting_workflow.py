"""A quarter's report from start to acceptance, in a real browser: the police reporter fills and
submits it; the coordinator returns it with a comment; the reporter corrects and resubmits; the
coordinator accepts it. The coordinator's submission matrix shows each state as it happens.

The plan runs from last year to next year, so the quarter reported on is always the current one
(started, deadline ahead) whatever day the suite runs.
"""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from plans.models import Dimension
from tests import factories
from tests.browser.conftest import axe_violations, sign_in
from tipmonitor.lib.reporting_periods import quarter_of

pytestmark = pytest.mark.playwright

COMMENT = "Female and male victims must add up to the total; please check the male count."


@pytest.fixture
def workflow_plan(agency_a):
    today = timezone.localdate()
    plan = factories.PlanFactory(
        code="NAP-NOW",
        title="Plan running now",
        starts_on=datetime.date(today.year - 1, 1, 1),
        ends_on=datetime.date(today.year + 1, 12, 31),
    )
    objective = factories.ObjectiveFactory(area=factories.AreaFactory(plan=plan), code="3.1")
    factories.ActivityFactory(
        objective=objective, code="3.1.1", lead_agency=agency_a, starts_on=None, ends_on=None
    )
    indicator = factories.IndicatorFactory(objective=objective, code="V1", responsible=[agency_a])
    indicator.dimensions.set([sex_dimension()])
    return plan


def sex_dimension() -> Dimension:
    """The default "sex" dimension. Made here if missing: after an earlier live-server test has
    emptied the database, the serialized rollback does not always bring the migrations' rows
    back when other database tests ran first in the same process."""
    sex, _created = Dimension.objects.get_or_create(code="sex", defaults={"name": "Sex"})
    for position, (code, name) in enumerate(
        [("female", "Female"), ("male", "Male"), ("other", "Other / not known")]
    ):
        sex.categories.get_or_create(code=code, defaults={"name": name, "position": position})
    return sex


def matrix_cell(page: Page, agency_code: str, quarter_index: int):
    row = page.locator("table.matrix tbody tr", has=page.locator("th", has_text=agency_code))
    return row.locator("td.cell").nth(quarter_index - 1)


def expect_matrix(page: Page, state: str) -> None:
    page.reload()
    quarter = quarter_of(timezone.localdate())
    expect(matrix_cell(page, "POL", quarter.index)).to_contain_text(state)


def fill_values(page: Page, quarter: str, total: str, female: str, male: str) -> None:
    for category, value in [("Total", total), ("Female", female), ("Male", male)]:
        page.get_by_label(f"V1, {quarter}, {category}", exact=True).fill(value)


def submit(page: Page) -> None:
    page.get_by_role("button", name="Submit to the coordinator").click()
    expect(page.locator("#report-status")).to_have_text("Submitted")


def test_it_takes_a_quarter_s_report_from_draft_to_accepted(
    new_context, workflow_plan, reporter_a, coordinator
):
    quarter = quarter_of(timezone.localdate()).code
    year = timezone.localdate().year
    matrix_url = reverse("reporting:matrix", args=[workflow_plan.pk]) + f"?year={year}"
    reporter = new_context().new_page()
    chief = new_context().new_page()
    sign_in(reporter, reporter_a, next_url=reverse("reporting:report_list"))
    sign_in(chief, coordinator, next_url=matrix_url)
    expect_matrix(chief, "Not due yet")  # the quarter is running; its deadline is ahead

    # The reporter starts the quarter's report and fills it in.
    reporter.get_by_role("button", name=f"Start POL {quarter}").click()
    expect(reporter.get_by_role("heading", level=1)).to_contain_text(quarter)
    assert axe_violations(reporter) == []
    expect_matrix(chief, "Draft")
    reporter.get_by_label("Contact person").fill("Anna Petrosyan")
    fill_values(reporter, quarter, total="5", female="3", male="1")
    reporter.get_by_label("Status of activity 3.1.1").select_option("ongoing")
    reporter.get_by_label("Percent done of activity 3.1.1").fill("40")
    submit(reporter)
    expect_matrix(chief, "Submitted on time")

    # The coordinator returns it with a comment.
    matrix_cell(chief, "POL", quarter_of(timezone.localdate()).index).get_by_role("link").click()
    chief.get_by_label("What must the agency correct?").fill(COMMENT)
    chief.get_by_role("button", name="Return to the agency").click()
    expect(chief.locator("#report-status")).to_have_text("Returned with comments")
    chief.goto(matrix_url)
    expect_matrix(chief, "Returned")

    # The reporter reads the comment, corrects the count and submits again.
    reporter.reload()
    expect(reporter.locator(".returned-note")).to_contain_text(COMMENT)
    reporter.get_by_label(f"V1, {quarter}, Male", exact=True).fill("2")
    submit(reporter)
    expect_matrix(chief, "Submitted on time")

    # The coordinator accepts it; it is locked for the agency.
    matrix_cell(chief, "POL", quarter_of(timezone.localdate()).index).get_by_role("link").click()
    chief.get_by_role("button", name="Accept the report").click()
    expect(chief.locator("#report-status")).to_have_text("Accepted")
    chief.goto(matrix_url)
    expect_matrix(chief, "Accepted")

    reporter.goto(reverse("reporting:report_list"))
    row = reporter.get_by_role("row", name=re.compile(rf"^{re.escape(quarter)}\b"))
    expect(row).to_contain_text("Accepted")
    row.get_by_role("link", name=re.compile("Open")).click()
    expect(reporter.get_by_role("button", name="Save draft")).to_have_count(0)
    expect(reporter.get_by_role("table", name="Values of V1")).to_contain_text("2")


def test_it_checks_the_values_as_they_are_typed_and_keeps_them_in_the_draft(
    page, workflow_plan, reporter_a
):
    quarter = quarter_of(timezone.localdate()).code
    sign_in(page, reporter_a, next_url=reverse("reporting:report_list"))
    page.get_by_role("button", name=f"Start POL {quarter}").click()
    check = page.locator(".inline-check")

    fill_values(page, quarter, total="5", female="3", male="1")
    page.get_by_label(f"V1, {quarter}, Other / not known", exact=True).fill("0")
    page.get_by_label(f"V1, {quarter}, Other / not known", exact=True).press("Tab")
    expect(check).to_contain_text("add up to 4, not to the total 5")

    page.get_by_role("button", name="Save draft").click()
    summary = page.locator(".error-summary")
    expect(page.locator(".messages")).to_contain_text("Draft saved.")
    expect(summary).to_contain_text("Before it can be submitted, correct the following")
    expect(summary).to_contain_text("add up to 4, not to the total 5")
    expect(page.get_by_label(f"V1, {quarter}, Male", exact=True)).to_have_value("1")
    assert axe_violations(page) == []

    summary.get_by_role("link").first.click()
    expect(page.get_by_label(f"V1, {quarter}, Total", exact=True)).to_be_focused()
    page.get_by_label(f"V1, {quarter}, Male", exact=True).fill("2")
    page.get_by_label(f"V1, {quarter}, Male", exact=True).press("Tab")
    expect(check).to_contain_text("follow the rules")


def test_it_shows_every_problem_at_once_in_view_on_a_phone(new_context, workflow_plan, reporter_a):
    page = new_context().new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    quarter = quarter_of(timezone.localdate()).code
    sign_in(page, reporter_a, next_url=reverse("reporting:report_list"))
    page.get_by_role("button", name=f"Start POL {quarter}").click()
    page.get_by_label("Contact person").fill("Anna Petrosyan")
    fill_values(page, quarter, total="5", female="1,200", male="-1")

    page.get_by_role("button", name="Submit to the coordinator").click()

    # Unreadable, against a rule, missing: all in one summary, brought into view and focused.
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    expect(summary).to_contain_text("cannot be submitted yet")
    expect(summary).to_contain_text("“1,200” can be read as 1 200 or as 1,2")
    expect(summary).to_contain_text("the value cannot be negative")
    expect(summary).to_contain_text("Activity 3.1.1: choose a status")
    expect(page.get_by_label(f"V1, {quarter}, Female", exact=True)).to_have_value("1,200")
    expect(page.get_by_label("Contact person")).to_have_value("Anna Petrosyan")  # saved
    assert page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth") <= 0
    assert axe_violations(page) == []

    summary.get_by_role("link", name=re.compile("Activity 3.1.1")).click()
    expect(page.get_by_label("Status of activity 3.1.1")).to_be_focused()


def test_it_fits_the_report_on_a_phone(new_context, workflow_plan, reporter_a):
    page = new_context().new_page()
    page.set_viewport_size({"width": 360, "height": 740})
    quarter = quarter_of(timezone.localdate()).code
    sign_in(page, reporter_a, next_url=reverse("reporting:report_list"))
    page.get_by_role("button", name=f"Start POL {quarter}").click()

    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")

    assert overflow <= 0
    expect(page.get_by_role("button", name="Save draft")).to_be_visible()
