"""Two people editing one draft never silently overwrite each other: whoever saves second, from
the revision both loaded, gets ReportConflict and the first one's values stay; a save that says
what its page loaded writes only the fields its person changed."""

import threading
import time
from decimal import Decimal

import pytest
from django.db import connection, transaction

from reporting import services
from reporting.models import IndicatorValue, Report
from reporting.services import ReportConflict, report_open, stored_state
from tests.reporting.core_data import build_world, save, value


@pytest.fixture
def world(agency_a, agency_b):
    return build_world(agency_a, agency_b)


def stored_values(report):
    return dict(Report.objects.get(pk=report.pk).values.values_list("period", "value"))


def test_it_refuses_the_second_save_from_the_same_revision(world, reporter_a, approver_a, agency_a):
    report_open(plan=world.plan, agency=agency_a, period="2025-Q2", user=reporter_a)
    mine = Report.objects.get(period="2025-Q2")
    theirs = Report.objects.get(period="2025-Q2")
    assert mine.revision == theirs.revision == 0
    save(mine, reporter_a, values=[value(world.monthly, "2025-04", "1")])
    with pytest.raises(ReportConflict) as raised:
        save(theirs, approver_a, values=[value(world.monthly, "2025-04", "2")], contact_person="B")
    assert "reporter_a changed this report at" in raised.value.message
    assert "yours are kept below" in raised.value.message
    assert raised.value.by == reporter_a
    assert stored_values(mine) == {"2025-04": Decimal(1)}
    stored = Report.objects.get(pk=mine.pk)
    assert (stored.revision, stored.contact_person) == (1, "A. Clerk")


def test_it_lets_the_second_person_save_after_reloading(world, reporter_a, approver_a, agency_a):
    report_open(plan=world.plan, agency=agency_a, period="2025-Q2", user=reporter_a)
    mine = Report.objects.get(period="2025-Q2")
    save(mine, reporter_a, values=[value(world.monthly, "2025-04", "1")])
    reloaded = Report.objects.get(pk=mine.pk)
    save(reloaded, approver_a, values=[value(world.monthly, "2025-05", "2")])
    assert stored_values(mine) == {"2025-04": Decimal(1), "2025-05": Decimal(2)}


@pytest.mark.django_db(transaction=True)
def test_it_refuses_the_loser_of_two_concurrent_saves(world, reporter_a, approver_a, agency_a):
    if connection.vendor == "sqlite":
        pytest.skip(
            "SQLite serialises writers on one file lock; the row-level race needs PostgreSQL"
        )
    report = report_open(plan=world.plan, agency=agency_a, period="2025-Q2", user=reporter_a)
    # Both load the draft at revision 0, as two browsers would.
    mine, theirs = Report.objects.get(pk=report.pk), Report.objects.get(pk=report.pk)
    first_saved = threading.Event()
    outcomes: dict[str, object] = {}

    def first() -> None:
        # Save and keep the transaction open while the second writer runs into the row lock.
        try:
            with transaction.atomic():
                save(mine, reporter_a, values=[value(world.monthly, "2025-04", "1")])
                first_saved.set()
                time.sleep(0.5)
            outcomes["first"] = "saved"
        finally:
            first_saved.set()
            connection.close()

    def second() -> None:
        try:
            first_saved.wait(10)
            save(theirs, approver_a, values=[value(world.monthly, "2025-04", "2")])
            outcomes["second"] = "saved"
        except ReportConflict:
            outcomes["second"] = "conflict"
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert outcomes == {"first": "saved", "second": "conflict"}
    assert stored_values(report) == {"2025-04": Decimal(1)}
    assert IndicatorValue.objects.get().entered_by == reporter_a
    assert Report.objects.get(pk=report.pk).revision == 1


def test_it_merges_two_saves_of_different_fields_from_the_same_revision(
    world, reporter_a, approver_a, agency_a
):
    report = report_open(plan=world.plan, agency=agency_a, period="2025-Q2", user=reporter_a)
    save(report, reporter_a, values=[value(world.monthly, "2025-04", "41")])
    # Both open the report as stored now; the reporter corrects the value, the approver writes
    # the general observations only.
    loaded = stored_state(report)
    save(report, reporter_a, values=[value(world.monthly, "2025-04", "45")])
    services.report_save(
        report=report,
        user=approver_a,
        revision=1,
        contact_person="A. Clerk",
        general_observations="Checked by the chief",
        values=[value(world.monthly, "2025-04", "41")],
        entries=[],
        activities=[],
        loaded=loaded,
    )

    assert stored_values(report) == {"2025-04": Decimal(45)}
    stored = Report.objects.get(pk=report.pk)
    assert (stored.general_observations, stored.revision) == ("Checked by the chief", 3)
