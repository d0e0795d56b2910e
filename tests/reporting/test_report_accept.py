import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from reporting.models import EventKind, Report, ReportStatus
from reporting.selectors import get_report_for_user
from reporting.services import ReportConflict, report_accept, report_open
from tests.reporting.core_data import build_world, save, submitted_q2, value


@pytest.fixture
def world(agency_a, agency_b):
    return build_world(agency_a, agency_b)


def test_it_accepts_and_locks_a_submitted_report(world, reporter_a, coordinator):
    report = submitted_q2(world, reporter_a)
    report_accept(report=report, user=coordinator)
    stored = Report.objects.get(pk=report.pk)
    assert (stored.status, stored.accepted_by) == (ReportStatus.ACCEPTED, coordinator)
    assert stored.accepted_at is not None
    assert stored.is_locked
    assert stored.events.last().kind == EventKind.ACCEPTED
    with pytest.raises(PermissionDenied):
        get_report_for_user(reporter_a, report.pk, edit=True)
    with pytest.raises(PermissionDenied):
        save(stored, reporter_a, values=[value(world.monthly, "2025-04", "9")])


def test_it_lets_only_the_coordinator_accept(world, reporter_a, approver_a, viewer):
    report = submitted_q2(world, reporter_a)
    for user in (reporter_a, approver_a, viewer):
        with pytest.raises(PermissionDenied):
            report_accept(report=report, user=user)
    assert Report.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED


def test_it_refuses_to_accept_a_draft(world, reporter_a, coordinator, agency_a):
    draft = report_open(plan=world.plan, agency=agency_a, period="2025-Q2", user=reporter_a)
    with pytest.raises(ValidationError, match="A report that is Draft cannot be accepted"):
        report_accept(report=draft, user=coordinator)


def test_it_refuses_to_accept_what_changed_since_the_coordinator_loaded_it(
    world, reporter_a, coordinator
):
    loaded = submitted_q2(world, reporter_a)
    stale = Report.objects.get(pk=loaded.pk)
    Report.objects.filter(pk=loaded.pk).update(revision=loaded.revision + 5)
    with pytest.raises(ReportConflict):
        report_accept(report=stale, user=coordinator)
    assert Report.objects.get(pk=loaded.pk).status == ReportStatus.SUBMITTED
