"""An agency reporter reads the plan but cannot change it: no edit, add or import controls are
shown, and typing a coordinator's address into the browser gets the 403 page."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.playwright

# Links to any of these would let a reader believe the plan can be changed from here.
CHANGE_LINKS = (
    "a[href*='/edit/'], a[href*='/new/'], a[href*='/delete/'], a[href*='/upload/'],"
    " a[href$='/quality/']"
)


def test_it_shows_a_reporter_the_plan_tree_without_edit_controls(page, plan, reporter_a):
    sign_in(page, reporter_a, next_url=reverse("plans:plan_tree", args=[plan.pk]))

    expect(page.get_by_role("heading", level=1)).to_contain_text(plan.title)
    expect(page.get_by_text("Prevention").first).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("I2.1"))).to_have_count(1)
    expect(page.locator(CHANGE_LINKS)).to_have_count(0)
    expect(
        page.get_by_role("link", name=re.compile(r"\b(edit|add|delete|import|upload)\b", re.I))
    ).to_have_count(0)
    expect(
        page.get_by_role("button", name=re.compile(r"\b(edit|add|delete)\b", re.I))
    ).to_have_count(0)


def test_it_gives_a_reporter_the_403_page_on_coordinator_addresses(page, plan, reporter_a):
    indicator = plan.indicators.get(code="I2.1")
    refused = [
        reverse("plans:indicator_edit", args=[plan.pk, indicator.pk]),
        reverse("plans:plan_edit", args=[plan.pk]),
        reverse("plans:upload"),
        reverse("plans:plan_quality", args=[plan.pk]),
    ]
    sign_in(page, reporter_a)

    for url in refused:
        response = page.goto(url)
        assert response is not None
        assert response.status == 403, url
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        expect(page.locator("main form, body > form")).to_have_count(0)
        expect(page.locator("input[type=file], input[name=end_target]")).to_have_count(0)
