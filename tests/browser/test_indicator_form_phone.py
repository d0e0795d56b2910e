"""The indicator edit form on a phone (QA on the demo: 472–500 px wide at 390 px, pushed out by
the "Targets per agency" table): the table scrolls inside its own box, the page does not."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests import factories
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.playwright

PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize("language", ["en", "hy"])
def test_it_fits_the_indicator_form_on_a_phone(page, live_server, plan, coordinator, language):
    for number in range(6):
        factories.AgencyFactory(
            code=f"LONG-AGENCY-{number}", name=f"Ministry of Labour and Social Affairs {number}"
        )
    indicator = plan.indicators.get()
    sign_in(page, coordinator)
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    )
    page.set_viewport_size(PHONE)
    page.goto(reverse("plans:indicator_edit", args=[plan.pk, indicator.pk]))

    targets = page.locator("fieldset.agency-targets")
    assert targets.locator("tbody tr").count() >= 8
    box = targets.bounding_box()
    assert box
    assert box["x"] + box["width"] <= PHONE["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
