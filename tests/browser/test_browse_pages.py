"""The browse and agency pages as a person meets them: axe-core finds no serious or critical
problem (contrast included) on a wide screen and on a phone, the agency form's errors
included, and the plan tree opens and closes from the keyboard."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests import factories
from tests.browser.conftest import sign_in
from tests.browser.test_accessibility import axe_violations

pytestmark = pytest.mark.playwright

PHONE = {"width": 360, "height": 740}


def browse_pages(plan, agency) -> list[str]:
    activity = plan.activities.get(code="2.1.1")
    indicator = plan.indicators.get(code="I2.1")
    return [
        reverse("plans:plan_tree", args=[plan.pk]),
        reverse("plans:objective_detail", args=[plan.pk, activity.objective_id]),
        reverse("plans:activity_detail", args=[plan.pk, activity.pk]),
        reverse("plans:indicator_detail", args=[plan.pk, indicator.pk]),
        reverse("plans:plan_quality", args=[plan.pk]),
        reverse("agencies:list"),
        reverse("agencies:detail", args=[agency.pk]),
        reverse("agencies:edit", args=[agency.pk]),
    ]


def audit(page: Page, urls: list[str]) -> list[str]:
    violations = []
    for url in urls:
        response = page.goto(url)
        assert response is not None
        assert response.status == 200, url
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        violations += axe_violations(page)
    return violations


def test_it_passes_axe_on_a_wide_screen_and_a_phone(page, plan, coordinator, agency_a):
    factories.AgencyFactory(code="POL-T", name="Town police", parent=agency_a)
    urls = browse_pages(plan, agency_a)
    sign_in(page, coordinator)

    violations = audit(page, urls)
    page.set_viewport_size(PHONE)
    violations += audit(page, urls)

    assert violations == [], "\n".join(violations)


def test_it_passes_axe_on_the_agency_form_with_its_errors(page, coordinator, agency_a):
    sign_in(page, coordinator, next_url=reverse("agencies:create"))

    page.get_by_label("Code:", exact=True).fill("POL")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("alert")).to_contain_text("Another agency already has the code")
    expect(page.get_by_label("Name:", exact=True)).to_have_attribute("aria-invalid", "true")
    assert axe_violations(page) == []


def test_it_folds_an_objective_from_the_keyboard(page, plan, reporter_a):
    sign_in(page, reporter_a, next_url=reverse("plans:plan_tree", args=[plan.pk]))
    summary = page.locator("summary", has_text="Awareness raised")
    child = page.get_by_role("link", name="Objective 2.1.a in full")
    expect(child).to_be_visible()

    summary.focus()
    page.keyboard.press("Enter")

    expect(child).to_be_hidden()
    page.keyboard.press("Enter")
    expect(child).to_be_visible()
