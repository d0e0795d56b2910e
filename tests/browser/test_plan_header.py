"""The plan header (issue 9 #11): every label in the label column and every value beside it,
on a wide screen and a phone, in English and in Armenian (whose labels are the longest)."""

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import Page

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.playwright

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def _boxes(page: Page, selector: str) -> list:
    return [box for box in (e.bounding_box() for e in page.locator(selector).all()) if box]


@pytest.mark.parametrize("language", ["en", "hy"])
def test_it_keeps_labels_and_values_in_their_columns(
    page, live_server, plan, coordinator, language
):
    sign_in(page, coordinator)
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    )
    url = reverse("plans:plan_tree", args=[plan.pk])

    page.set_viewport_size(DESKTOP)
    page.goto(url)
    labels, values = _boxes(page, "dl.facts > dt"), _boxes(page, "dl.facts > dd")
    assert len(labels) >= 10
    assert len(values) >= len(labels)
    label_right = max(box["x"] + box["width"] for box in labels)
    assert {round(box["x"]) for box in labels} == {round(labels[0]["x"])}
    assert all(box["x"] >= label_right for box in values), (labels, values)
    assert len({round(box["x"]) for box in values}) == 1

    page.set_viewport_size(PHONE)
    page.goto(url)
    labels, values = _boxes(page, "dl.facts > dt"), _boxes(page, "dl.facts > dd")
    # One column on a phone: each value under its label, nothing wider than the screen.
    assert len({round(box["x"]) for box in [*labels, *values]}) == 1
    assert all(box["x"] + box["width"] <= PHONE["width"] for box in [*labels, *values])
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
