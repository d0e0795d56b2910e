"""The coordinator's activity form in a real browser: the donor's name is asked only for donor
funding (a static script, no inline JS under the CSP), a refusal is shown at the field and in
a summary linked to it, and the edit and delete pages pass axe."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from plans.models import Activity
from tests.browser.conftest import sign_in
from tests.browser.test_accessibility import axe_violations

pytestmark = pytest.mark.playwright


def test_it_asks_for_the_donor_only_for_donor_funding(page, plan, coordinator):
    objective = plan.objectives.get(code="2.1.a")
    url = reverse("plans:activity_create", args=[plan.pk]) + f"?objective={objective.pk}"
    sign_in(page, coordinator, next_url=url)
    source = page.get_by_label("Funding source")
    donor = page.get_by_label("Donor name")
    expect(donor).to_be_hidden()

    source.select_option("donor")
    expect(donor).to_be_visible()
    donor.fill("IOM")
    source.select_option("state_budget")
    expect(donor).to_be_hidden()
    expect(donor).to_be_disabled()  # a name typed before switching is not sent
    source.select_option("donor")

    page.get_by_label("Code").fill("2.1.9")
    page.get_by_label(re.compile(r"^Activity:?$")).fill("Train teachers")
    page.get_by_label("Start").fill("2024-Q2")
    page.get_by_label("Planned completion").fill("2025")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Train teachers")
    activity = Activity.objects.get(code="2.1.9")
    assert (activity.funder, activity.starts_precision) == ("IOM", "quarter")


def test_it_links_each_error_to_its_field(page, plan, coordinator):
    sign_in(page, coordinator, next_url=reverse("plans:activity_create", args=[plan.pk]))
    page.get_by_label("Code").fill("2.1.1")
    page.get_by_label("Start").fill("2024-Q5")
    page.get_by_role("button", name="Save").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Another activity of this plan already has the code 2.1.1.")
    summary.get_by_role("link", name=re.compile("^Start:")).click()
    expect(page.get_by_label("Start")).to_be_focused()
    expect(page.get_by_label("Start")).to_have_attribute("aria-invalid", "true")
    assert Activity.objects.count() == 2  # the plan's own two, nothing added


def test_it_passes_axe_on_the_edit_pages(page, plan, coordinator):
    area = plan.areas.get(code="2")
    sign_in(page, coordinator)
    violations: list[str] = []
    for url in [
        reverse("plans:plan_create"),
        reverse("plans:plan_edit", args=[plan.pk]),
        reverse("plans:area_edit", args=[plan.pk, area.pk]),
        reverse("plans:objective_create", args=[plan.pk]),
        reverse("plans:indicator_create", args=[plan.pk]),
        reverse("plans:element_delete", args=[plan.pk, "area", area.pk]),
    ]:
        response = page.goto(url)
        assert response is not None
        assert response.status == 200, url
        violations += axe_violations(page)
    page.goto(reverse("plans:area_create", args=[plan.pk]))
    page.get_by_role("button", name="Save").click()  # the page with errors, too
    expect(page.get_by_role("alert")).to_be_visible()
    violations += axe_violations(page)
    assert violations == [], "\n".join(violations)
