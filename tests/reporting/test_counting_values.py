"""Which values count (`reporting.selectors.counting_values` and its companions): the current
version of a report, accepted, or also submitted when provisional. A superseded version, a
draft and a report returned for rework never count. Progress, the documents and the public site
read through these selectors only."""

import datetime
from decimal import Decimal

import pytest

from reporting import services
from reporting.selectors import (
    counting_entries,
    counting_reports,
    counting_updates,
    counting_values,
)
from tests.reporting.core_data import (
    accepted_q2,
    build_world,
    complete_q2,
    save,
    submitted_q2,
    value,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(agency_a, agency_b):
    return build_world(agency_a, agency_b)


def counted(*, provisional: bool = False, **filters) -> dict[tuple[str, int, str], Decimal]:
    rows = counting_values(provisional=provisional, **filters).filter(breakdown="")
    return {
        (v.indicator.code, v.report.version, v.period): v.value
        for v in rows.select_related("indicator", "report")
    }


def test_it_counts_an_accepted_report_always_and_a_submitted_one_when_provisional(
    world, reporter_a, coordinator
):
    report = submitted_q2(world, reporter_a)

    assert counted() == {}
    assert counted(provisional=True)[("V1", 1, "2025-Q2")] == Decimal(10)

    services.report_accept(report=report, user=coordinator)

    assert counted()[("V1", 1, "2025-Q2")] == Decimal(10)
    assert counted() == counted(provisional=True)


def test_it_never_counts_a_draft_or_a_returned_report(world, reporter_a, coordinator):
    draft = services.report_open(
        plan=world.plan, agency=reporter_a.agency, period="2025-Q2", user=reporter_a
    )
    complete_q2(world, draft, reporter_a)

    assert counted(provisional=True) == {}

    draft.refresh_from_db()
    submitted = services.report_submit(report=draft, user=reporter_a, revision=draft.revision)
    services.report_return(report=submitted, user=coordinator, comment="Check M1.")

    assert counted(provisional=True) == {}
    assert not counting_entries(provisional=True).exists()
    assert not counting_updates(provisional=True).exists()
    assert not counting_reports(provisional=True).exists()


def test_it_never_counts_a_superseded_version(world, reporter_a, coordinator):
    first = accepted_q2(world, reporter_a, coordinator)
    correction = services.report_correct(report=first, user=coordinator)
    save(correction, coordinator, values=[value(world.monthly, "2025-04", "5")])

    # While the correction is a draft, the accepted first version is superseded: nothing of
    # the quarter counts (the coordinator sees the correction in progress).
    assert counted(provisional=True) == {}

    correction.refresh_from_db()
    services.report_submit(report=correction, user=reporter_a, revision=correction.revision)
    assert counted(provisional=True)[("M1", 2, "2025-04")] == Decimal(5)
    assert {version for _code, version, _period in counted(provisional=True)} == {2}
    assert counted() == {}

    correction.refresh_from_db()
    services.report_accept(report=correction, user=coordinator)
    assert counted() == {
        ("V1", 2, "2025-Q2"): Decimal(10),
        ("M1", 2, "2025-04"): Decimal(5),
        ("M1", 2, "2025-05"): Decimal(2),
        ("M1", 2, "2025-06"): Decimal(3),
    }


def test_it_narrows_to_a_plan_an_agency_and_the_quarters_started_by_a_day(
    world, reporter_a, coordinator, agency_a, agency_b
):
    accepted_q2(world, reporter_a, coordinator)

    assert counted(plan=world.plan, agency=agency_a)
    assert counted(agency=agency_b) == {}
    assert counted(starting_by=datetime.date(2025, 3, 31)) == {}
    assert counted(starting_by=datetime.date(2025, 4, 1))
    entries = counting_entries(plan=world.plan, agency=agency_a.pk)
    assert entries.values_list("indicator__code", flat=True).get() == "Q1"
    assert counting_updates(plan=world.plan).values_list("state", flat=True).get() == "ongoing"
