"""The four ways a value comes in (the report's web form, the report workbook, a bulk CSV file,
the JSON API) read the same typed text the same way: the same number stored, or the same
refusal with the same message (issue 9: `1,200` became 1.2 through bulk values and the API
while the plan form refused it). One number parser (`tipmonitor.lib.numbers.parse_number`)
and one set of rules (`reporting.validation`) make it so; this test holds them to it."""

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from plans.models import Frequency, IndicatorType
from reporting.services import report_open
from tests import factories
from tests.reporting.files_data import reporting_plan
from tests.reporting.ways_in import QUARTER, every_way

pytestmark = pytest.mark.django_db

# Text a person might type as a number: digits grouped by spaces, commas or points, signs,
# exponents, and what is plainly not a number. A blank is "no value" (the form and the workbook
# leave the cell empty, a file's row is refused): not a number to compare.
NUMBER_LIKE = st.one_of(
    st.from_regex(
        r"[-+\u2212]?[0-9]{1,4}([ ,.\u00a0][0-9]{3}){0,2}([,.][0-9]{1,5})?", fullmatch=True
    ),
    st.text(alphabet="0123456789,. \u00a0\u202f-\u2212+eE", min_size=1, max_size=10),
).filter(lambda text: text.strip() != "")


@pytest.fixture
def report(agency_a, agency_b, reporter_a):
    plan = reporting_plan(agency_a, agency_b)
    factories.IndicatorFactory.create(  # a rate takes any non-negative number
        objective=plan.objectives.get(code="1.1"),
        code="R1",
        type=IndicatorType.RATE,
        frequency=Frequency.QUARTERLY,
        responsible=[agency_a],
    )
    return report_open(plan=plan, agency=agency_a, period=QUARTER, user=reporter_a)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=NUMBER_LIKE)
@example(text="1,200")
@example(text="1 200,5")
@example(text="1.200.000")
@example(text="-3")
@example(text="1e3")
def test_it_reads_the_same_text_the_same_way_whichever_way_it_comes_in(
    report, reporter_a, client_of, text
):
    outcomes = every_way(report, reporter_a, client_of(reporter_a), {("R1", ""): text})

    first = outcomes["form"]
    assert all(found == first for found in outcomes.values()), outcomes


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 200,5", ("stored", {("R1", ""): Decimal("1200.5")})),
        ("\u00a012,5 ", ("stored", {("R1", ""): Decimal("12.5")})),
        ("1,200", ("refused", ("“1,200” can be read as 1 200 or as 1,2",))),
        ("1.200.000", ("refused", ("“1.200.000” uses commas or points between thousands",))),
    ],
)
def test_it_stores_what_is_unambiguous_and_refuses_what_is_not_by_every_way(
    report, reporter_a, client_of, text, expected
):
    outcomes = every_way(report, reporter_a, client_of(reporter_a), {("R1", ""): text})

    for way, (kind, found) in outcomes.items():
        assert kind == expected[0], (way, found)
        if kind == "stored":
            assert found == expected[1], way
        else:
            assert [message[: len(expected[1][0])] for message in found] == [expected[1][0]], way
