"""The agency's approver sends a report back to its reporter (`report_send_back`), and the
whole path: reporter → approver → coordinator's return → reporter → approver → coordinator."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from reporting.models import EventKind, Report, ReportStatus
from reporting.services import (
    ReportConflict,
    report_accept,
    report_approve,
    report_open,
    report_return,
    report_send_back,
    report_submit,
)
from reporting.validation import value_key
from tests import factories
from tests.reporting.core_data import build_world, complete_q2, save, value


@pytest.fixture
def world(agency_a, agency_b):
    agency_a.requires_sign_off = True
    agency_a.save(update_fields=["requires_sign_off"])
    return build_world(agency_a, agency_b)


@pytest.fixture
def awaiting(world, agency_a, reporter_a, approver_a):
    report = report_open(plan=world.plan, agency=agency_a, period="2025-Q2", user=reporter_a)
    report = complete_q2(world, report, reporter_a)
    return report_submit(report=report, user=reporter_a, revision=report.revision)


def stored(report: Report) -> Report:
    return Report.objects.get(pk=report.pk)


def test_it_sends_the_report_back_to_its_reporter_as_a_draft_with_the_comment(
    world, awaiting, approver_a
):
    loaded = awaiting.revision

    report_send_back(
        report=awaiting, user=approver_a, comment=" Check M1 for May ", revision=loaded
    )

    report = stored(awaiting)
    assert (report.status, report.revision) == (ReportStatus.DRAFT, loaded + 1)
    assert report.first_submitted_at is None
    event = report.events.last()
    assert (event.kind, event.by, event.comment) == (
        EventKind.SENT_BACK,
        approver_a,
        "Check M1 for May",
    )
    assert event.snapshot[value_key(world.monthly.pk, "2025-05", "")] == "2"


def test_it_wants_a_comment(awaiting, approver_a):
    with pytest.raises(ValidationError) as raised:
        report_send_back(report=awaiting, user=approver_a, comment="  ", revision=awaiting.revision)

    assert raised.value.message_dict == {"comment": ["Say what the reporter should change."]}
    assert stored(awaiting).status == ReportStatus.AWAITING_APPROVAL


@pytest.mark.parametrize(
    "persona",
    [
        "reporter_a",
        "reporter_b",
        "approver_b",
        "coordinator",
        "viewer",
        "administrator",
        "case_officer_a",
        "user_manager_a",
    ],
)
def test_it_lets_only_the_agencys_approver_send_back(request, awaiting, agency_b, persona):
    if persona == "approver_b":
        user = factories.UserFactory.create(
            username="approver_b", agency=agency_b, roles=["approver"]
        )
    else:
        user = request.getfixturevalue(persona)

    with pytest.raises(PermissionDenied):
        report_send_back(report=awaiting, user=user, comment="No", revision=awaiting.revision)

    assert stored(awaiting).status == ReportStatus.AWAITING_APPROVAL


@pytest.mark.parametrize("status", [s for s in ReportStatus if s != ReportStatus.AWAITING_APPROVAL])
def test_it_sends_back_only_a_report_awaiting_approval(awaiting, approver_a, status):
    Report.objects.filter(pk=awaiting.pk).update(status=status)
    report = stored(awaiting)

    with pytest.raises(ValidationError, match="cannot be sent back"):
        report_send_back(report=report, user=approver_a, comment="No", revision=report.revision)

    assert stored(report).status == status


def test_it_refuses_to_send_back_an_older_revision(awaiting, approver_a):
    with pytest.raises(ReportConflict):
        report_send_back(
            report=awaiting, user=approver_a, comment="No", revision=awaiting.revision - 1
        )

    assert stored(awaiting).status == ReportStatus.AWAITING_APPROVAL


def test_it_lets_the_reporter_fix_a_sent_back_report_and_send_it_again(
    world, awaiting, reporter_a, approver_a
):
    report = report_send_back(
        report=awaiting, user=approver_a, comment="Check M1", revision=awaiting.revision
    )
    report = save(report, reporter_a, values=[value(world.monthly, "2025-05", "5")])
    report = report_submit(report=report, user=reporter_a, revision=report.revision)

    assert stored(report).status == ReportStatus.AWAITING_APPROVAL
    report = report_approve(report=report, user=approver_a, revision=report.revision)
    assert stored(report).status == ReportStatus.SUBMITTED


def test_it_walks_the_whole_path_through_the_approver_and_the_coordinator(
    world, awaiting, reporter_a, approver_a, coordinator
):
    report = report_approve(report=awaiting, user=approver_a, revision=awaiting.revision)
    first = stored(report).first_submitted_at
    assert first == stored(report).approved_at

    # The coordinator returns it; it goes back to the agency's reporter.
    report = report_return(report=report, user=coordinator, comment="Check M1 for May")
    assert stored(report).status == ReportStatus.RETURNED
    report = save(report, reporter_a, values=[value(world.monthly, "2025-05", "5")])
    report = report_submit(report=report, user=reporter_a, revision=report.revision)
    # On resubmission it goes through the approver again.
    assert stored(report).status == ReportStatus.AWAITING_APPROVAL

    # The approver sends it back: it is again returned (the reporter answers the coordinator).
    report = report_send_back(
        report=report, user=approver_a, comment="Say why it changed", revision=report.revision
    )
    assert stored(report).status == ReportStatus.RETURNED
    report = save(
        report, reporter_a, values=[value(world.monthly, "2025-05", "5", comment="Recounted")]
    )
    report = report_submit(report=report, user=reporter_a, revision=report.revision)
    report = report_approve(report=report, user=approver_a, revision=report.revision)

    report = report_accept(report=report, user=coordinator)
    final = stored(report)
    assert final.status == ReportStatus.ACCEPTED
    assert final.approved_by == approver_a
    assert final.approved_at > first
    assert final.first_submitted_at == first  # timeliness counts from the first approval
    assert list(final.events.order_by("at", "pk").values_list("kind", "by__username")) == [
        (EventKind.CREATED, "reporter_a"),
        (EventKind.SAVED, "reporter_a"),
        (EventKind.FOR_APPROVAL, "reporter_a"),
        (EventKind.APPROVED, "approver_a"),
        (EventKind.SUBMITTED, "approver_a"),
        (EventKind.RETURNED, "coordinator"),
        (EventKind.SAVED, "reporter_a"),
        (EventKind.FOR_APPROVAL, "reporter_a"),
        (EventKind.SENT_BACK, "approver_a"),
        (EventKind.SAVED, "reporter_a"),
        (EventKind.FOR_APPROVAL, "reporter_a"),
        (EventKind.APPROVED, "approver_a"),
        (EventKind.SUBMITTED, "approver_a"),
        (EventKind.ACCEPTED, "coordinator"),
    ]
