"""The agency's sign-off (`report_submit` through the approver, `report_approve`), for every
role and agency: agency A (POL) signs its reports off, agency B (NGO1) does not."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from reporting.models import EventKind, Report, ReportStatus
from reporting.selectors import EDITABLE, get_report_for_user, report_is_editable_by
from reporting.selectors.counting import counting_reports, counting_values
from reporting.services import (
    ActivityInput,
    ReportConflict,
    report_approve,
    report_open,
    report_submit,
)
from tests import factories
from tests.reporting.core_data import build_world, complete_q2, save, value


@pytest.fixture
def world(agency_a, agency_b):
    agency_a.requires_sign_off = True
    agency_a.save(update_fields=["requires_sign_off"])
    return build_world(agency_a, agency_b)


@pytest.fixture
def ready(world, agency_a, reporter_a, approver_a):
    """Agency A's complete 2025-Q2 draft; agency A has an approver."""
    report = report_open(plan=world.plan, agency=agency_a, period="2025-Q2", user=reporter_a)
    return complete_q2(world, report, reporter_a)


@pytest.fixture
def awaiting(ready, reporter_a):
    return report_submit(report=ready, user=reporter_a, revision=ready.revision)


def stored(report: Report) -> Report:
    return Report.objects.get(pk=report.pk)


def kinds(report: Report) -> list[str]:
    return list(report.events.order_by("at", "pk").values_list("kind", flat=True))


def test_it_sends_a_reporters_submission_to_the_agencys_approver(awaiting, reporter_a):
    report = stored(awaiting)

    assert report.status == ReportStatus.AWAITING_APPROVAL
    assert report.submitted_by == reporter_a
    assert (report.submitted_at, report.first_submitted_at) == (None, None)
    assert (report.approved_at, report.approved_by) == (None, None)
    assert kinds(report)[-1] == EventKind.FOR_APPROVAL
    assert report.events.last().by == reporter_a


def test_it_refuses_to_send_for_approval_when_the_agency_has_no_active_approver(
    world, agency_a, reporter_a, approver_a
):
    approver_a.is_active = False
    approver_a.save(update_fields=["is_active"])
    report = report_open(plan=world.plan, agency=agency_a, period="2025-Q2", user=reporter_a)
    report = complete_q2(world, report, reporter_a)

    with pytest.raises(ValidationError, match="has no active approver") as raised:
        report_submit(report=report, user=reporter_a, revision=report.revision)

    assert "The reports of Police need the approval" in str(raised.value)
    assert (stored(report).status, stored(report).revision) == (ReportStatus.DRAFT, report.revision)


def test_it_submits_on_approval_and_counts_timeliness_from_then(awaiting, approver_a):
    loaded = awaiting.revision

    report_approve(report=awaiting, user=approver_a, revision=loaded)

    report = stored(awaiting)
    assert report.status == ReportStatus.SUBMITTED
    assert report.approved_by == report.submitted_by == approver_a
    assert report.approved_at == report.submitted_at == report.first_submitted_at
    sent_for_approval = report.events.get(kind=EventKind.FOR_APPROVAL).at
    assert report.first_submitted_at >= sent_for_approval
    assert report.revision == loaded + 1
    assert kinds(report)[-2:] == [EventKind.APPROVED, EventKind.SUBMITTED]
    assert report.events.last().by == approver_a


def test_it_submits_an_approvers_own_report_directly_with_their_sign_off(ready, approver_a):
    report_submit(report=ready, user=approver_a, revision=ready.revision)

    report = stored(ready)
    assert report.status == ReportStatus.SUBMITTED
    assert report.approved_by == report.submitted_by == approver_a
    assert report.approved_at == report.first_submitted_at
    assert kinds(report)[-2:] == [EventKind.APPROVED, EventKind.SUBMITTED]
    assert EventKind.FOR_APPROVAL not in kinds(report)


def test_it_submits_directly_for_an_agency_without_sign_off(world, agency_b, reporter_b):
    factories.UserFactory.create(username="approver_b", agency=agency_b, roles=["approver"])
    report = report_open(plan=world.plan, agency=agency_b, period="2025-Q3", user=reporter_b)
    report = save(
        report,
        reporter_b,
        values=[value(world.shelter, "2025-Q3", "5")],
        activities=[
            ActivityInput(activity_id=world.activity_b.pk, state="ongoing", percent_done=10)
        ],
    )
    report = report_submit(report=report, user=reporter_b, revision=report.revision)

    report = stored(report)
    assert report.status == ReportStatus.SUBMITTED
    assert report.first_submitted_at is not None
    assert (report.approved_at, report.approved_by) == (None, None)
    assert EventKind.FOR_APPROVAL not in kinds(report)
    assert EventKind.APPROVED not in kinds(report)


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
def test_it_lets_only_the_agencys_approver_approve(request, awaiting, agency_b, persona):
    if persona == "approver_b":
        user = factories.UserFactory.create(
            username="approver_b", agency=agency_b, roles=["approver"]
        )
    else:
        user = request.getfixturevalue(persona)

    with pytest.raises(PermissionDenied):
        report_approve(report=awaiting, user=user, revision=awaiting.revision)

    assert stored(awaiting).status == ReportStatus.AWAITING_APPROVAL


def test_it_refuses_a_deactivated_approver(awaiting, approver_a):
    approver_a.is_active = False
    approver_a.save(update_fields=["is_active"])

    with pytest.raises(PermissionDenied):
        report_approve(report=awaiting, user=approver_a, revision=awaiting.revision)


@pytest.mark.parametrize("status", [s for s in ReportStatus if s != ReportStatus.AWAITING_APPROVAL])
def test_it_approves_only_a_report_awaiting_approval(ready, approver_a, status):
    Report.objects.filter(pk=ready.pk).update(status=status)
    report = stored(ready)

    with pytest.raises(ValidationError, match="cannot be approved"):
        report_approve(report=report, user=approver_a, revision=report.revision)

    assert stored(report).status == status


def test_it_refuses_an_approval_of_an_older_revision(awaiting, approver_a):
    with pytest.raises(ReportConflict):
        report_approve(report=awaiting, user=approver_a, revision=awaiting.revision - 1)

    assert stored(awaiting).status == ReportStatus.AWAITING_APPROVAL


def test_it_refuses_a_second_approval(awaiting, approver_a):
    loaded = awaiting.revision
    report_approve(report=awaiting, user=approver_a, revision=loaded)

    with pytest.raises((ValidationError, ReportConflict)):
        report_approve(report=stored(awaiting), user=approver_a, revision=loaded)
    assert kinds(stored(awaiting)).count(EventKind.APPROVED) == 1


def test_it_keeps_a_report_awaiting_approval_out_of_everyones_hands(
    awaiting, reporter_a, approver_a, coordinator, viewer
):
    assert ReportStatus.AWAITING_APPROVAL not in EDITABLE
    for user in (reporter_a, approver_a, coordinator):
        assert not report_is_editable_by(stored(awaiting), user)
    # The agency and the coordinator read it; a viewer does not know it exists.
    for user in (reporter_a, approver_a, coordinator):
        assert get_report_for_user(user, awaiting.pk).pk == awaiting.pk
    with pytest.raises(Http404):
        get_report_for_user(viewer, awaiting.pk)


def test_it_counts_nothing_of_a_report_awaiting_approval(awaiting, approver_a, coordinator):
    assert not counting_reports(provisional=True).filter(pk=awaiting.pk).exists()
    assert not counting_values(provisional=True).filter(report=awaiting).exists()

    report_approve(report=awaiting, user=approver_a, revision=awaiting.revision)

    assert counting_values(provisional=True).filter(report=awaiting).exists()
    assert not counting_values().filter(report=awaiting).exists()
