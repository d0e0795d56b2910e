"""Accessibility as a person meets it: the keyboard reaches the skip link first and then the
navigation, the language switcher works, and axe-core finds no serious or critical problem on
the main pages."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import Page, expect

from tests.browser.conftest import axe_violations, sign_in

pytestmark = pytest.mark.playwright


def focused_is_inside(page: Page, selector: str) -> bool:
    return page.evaluate("(s) => document.activeElement.closest(s) !== null", selector)


def test_it_reaches_the_skip_link_first_then_the_navigation(page, plan, coordinator):
    sign_in(page, coordinator, next_url=reverse("plans:plan_tree", args=[plan.pk]))

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="TIP Monitor")).to_be_focused()
    page.keyboard.press("Tab")
    main_navigation = page.get_by_role("navigation", name="Main")
    expect(main_navigation.get_by_role("link").first).to_be_focused()

    page.reload()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert focused_is_inside(page, "main"), "the skip link must move the focus into the content"


def choose_language_with_keyboard(page: Page, code: str) -> None:
    """Tab to the language list, pick the language and press the button next to it."""
    select = page.locator("#language-select")
    for _ in range(20):
        page.keyboard.press("Tab")
        if select.evaluate("(el) => el === document.activeElement"):
            break
    expect(select).to_be_focused()
    select.select_option(code)
    page.keyboard.press("Tab")
    expect(page.locator(".language-switcher button")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", code)


def in_language(code: str, message: str) -> str:
    with translation.override(code):
        return translation.gettext(message)


@pytest.mark.parametrize("code", ["ru", "hy"])
def test_it_switches_the_interface_language_and_back(page, code):
    page.goto(reverse("accounts:login"))
    translated = in_language(code, "Sign in")
    assert translated != "Sign in", f"no {code} translation of 'Sign in': run `make messages`"

    choose_language_with_keyboard(page, code)
    expect(page.get_by_role("heading", level=1)).to_have_text(translated)
    expect(page.get_by_role("button", name=translated)).to_be_visible()

    page.reload()  # the choice is remembered, not only shown once
    expect(page.locator("html")).to_have_attribute("lang", code)

    choose_language_with_keyboard(page, "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")


def main_pages(plan) -> list[str]:
    activity = plan.activities.get(code="2.1.1")
    indicator = plan.indicators.get(code="I2.1")
    return [
        reverse("plans:plan_list"),
        reverse("plans:plan_tree", args=[plan.pk]),
        reverse("plans:activity_detail", args=[plan.pk, activity.pk]),
        reverse("plans:indicator_detail", args=[plan.pk, indicator.pk]),
        reverse("plans:activity_edit", args=[plan.pk, activity.pk]),
        reverse("plans:indicator_edit", args=[plan.pk, indicator.pk]),
        reverse("plans:plan_quality", args=[plan.pk]),
        reverse("agencies:list"),
    ]


def test_it_passes_axe_on_the_main_pages(page, plan, coordinator):
    page.goto(reverse("accounts:login"))
    violations = axe_violations(page)

    sign_in(page, coordinator)
    for url in main_pages(plan):
        response = page.goto(url)
        assert response is not None
        assert response.status == 200, url
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        violations += axe_violations(page)

    assert violations == [], "\n".join(violations)


def test_it_reports_a_violation_axe_finds(page):
    """The check above can fail: a page with an unlabelled field and an image without text."""
    page.goto(reverse("accounts:login"))
    page.evaluate(
        """() => {
            const input = document.createElement('input');
            const image = document.createElement('img');
            image.src = '/static/missing.png';
            document.querySelector('main').append(input, image);
        }"""
    )
    found = axe_violations(page)
    assert any(re.search(r": label \(critical\)", line) for line in found), found
    assert any(re.search(r": image-alt \(critical\)", line) for line in found), found
