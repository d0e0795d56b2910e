"""Amounts and shares as the plan pages show them (QA on the demo: "791000 EUR", "Բյուջե: 90000
EUR", thresholds as "0.90 / 0.60 / 0.05")."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from plans.templatetags.plan_format import format_money, format_number, format_percent
from tests import factories
from tipmonitor.lib.numbers import format_grouped, parse_number

NNBSP = "\u202f"


@pytest.mark.parametrize("language", ["en", "hy", "ru"])
def test_it_groups_thousands_of_amounts_with_a_narrow_space_in_every_language(language):
    with translation.override(language):
        assert format_money(Decimal("791000"), "EUR") == f"791{NNBSP}000 EUR"
        assert format_money(Decimal("90000"), "EUR") == f"90{NNBSP}000 EUR"
        assert format_number(Decimal("1234567")) == f"1{NNBSP}234{NNBSP}567"
        assert format_money(Decimal("999"), "AMD") == "999 AMD"


@pytest.mark.parametrize(
    ("value", "places", "text"),
    [
        (Decimal("791000"), 0, f"791{NNBSP}000"),
        (Decimal("1234.5"), 2, f"1{NNBSP}234.50"),
        (Decimal("-1234567"), 0, f"-1{NNBSP}234{NNBSP}567"),
        (Decimal("1000"), 0, f"1{NNBSP}000"),
        (Decimal("999.995"), 2, f"1{NNBSP}000.00"),
        (Decimal("0"), 0, "0"),
        (12, 0, "12"),
    ],
)
def test_it_writes_grouped_numbers_that_it_reads_back(value, places, text):
    with translation.override("en"):
        assert format_grouped(value, places) == text
    assert parse_number(text) == Decimal(text.replace(NNBSP, ""))


def test_it_shows_a_budget_through_the_template_filter_with_spaces():
    page = Template("{% load plan_format %}{{ amount|money:'EUR' }}").render(
        Context({"amount": Decimal("791000.00")})
    )
    assert page == f"791{NNBSP}000 EUR"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("0.90"), "90 %"),
        (Decimal("0.60"), "60 %"),
        (Decimal("0.05"), "5 %"),
        (Decimal("0.125"), "12.5 %"),
        (Decimal("1"), "100 %"),
        (None, ""),
    ],
)
def test_it_shows_a_fraction_as_a_percentage(value, text):
    with translation.override("en"):
        assert format_percent(value) == text


def test_it_shows_the_plan_thresholds_as_percentages(client_of, coordinator, plan):
    plan.on_track_from, plan.at_risk_from, plan.maintain_tolerance = (
        Decimal("0.90"),
        Decimal("0.60"),
        Decimal("0.05"),
    )
    plan.save()
    page = client_of(coordinator).get(reverse("plans:plan_tree", args=[plan.pk])).content.decode()
    assert "On track from progress 90 %, at risk from 60 %" in page
    assert "may drift 5 % of their baseline" in page


def test_it_shows_a_count_indicators_figures_in_tables_whole_and_grouped(db):
    """The progress tables used `floatformat`: an expected 48.98 persons and 1234 read
    "48.98" and "1234" beside "49 persons" on the indicator page."""
    indicator = factories.IndicatorFactory.create(unit="persons")
    page = Template(
        "{% load plan_format %}{{ expected|figure:indicator }}|{{ total|figure:indicator }}"
    ).render(
        Context({"indicator": indicator, "expected": Decimal("48.98"), "total": Decimal("1234")})
    )
    assert page == f"49|1{NNBSP}234"
