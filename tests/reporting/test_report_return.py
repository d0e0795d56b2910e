import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from reporting.models import EventKind, Report, ReportStatus
from reporting.services import report_open, report_return, report_submit
from reporting.validation import activity_key, entry_key, value_key
from tests.reporting.core_data import build_world, save, submitted_q2, value


@pytest.fixture
def world(agency_a, agency_b):
    return build_world(agency_a, agency_b)


def test_it_returns_a_submitted_report_with_the_comment(world, reporter_a, coordinator):
    report = submitted_q2(world, reporter_a)
    returned = report_return(report=report, user=coordinator, comment=" Check M1 for May ")
    stored = Report.objects.get(pk=report.pk)
    assert stored.status == returned.status == ReportStatus.RETURNED
    event = stored.events.last()
    assert (event.kind, event.by, event.comment) == (
        EventKind.RETURNED,
        coordinator,
        "Check M1 for May",
    )


def test_it_lets_the_agency_correct_and_resubmit_without_resetting_timeliness(
    world, reporter_a, coordinator
):
    report = submitted_q2(world, reporter_a)
    first = report.first_submitted_at
    report = report_return(report=report, user=coordinator, comment="Check M1")
    report = save(report, reporter_a, values=[value(world.monthly, "2025-05", "5")])
    report = report_submit(report=report, user=reporter_a, revision=report.revision)
    stored = Report.objects.get(pk=report.pk)
    assert stored.status == ReportStatus.SUBMITTED
    assert stored.first_submitted_at == first
    assert stored.submitted_at > first


def test_it_wants_a_comment(world, reporter_a, coordinator):
    report = submitted_q2(world, reporter_a)
    with pytest.raises(ValidationError) as raised:
        report_return(report=report, user=coordinator, comment="  ")
    assert raised.value.message_dict == {"comment": ["Say what the agency should change."]}
    assert Report.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED


def test_it_lets_only_the_coordinator_return(world, reporter_a, approver_a, viewer):
    report = submitted_q2(world, reporter_a)
    for user in (reporter_a, approver_a, viewer):
        with pytest.raises(PermissionDenied):
            report_return(report=report, user=user, comment="No")
    assert Report.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED


def test_it_refuses_to_return_a_draft(world, reporter_a, coordinator, agency_a):
    draft = report_open(plan=world.plan, agency=agency_a, period="2025-Q2", user=reporter_a)
    with pytest.raises(ValidationError, match="A report that is Draft cannot be returned"):
        report_return(report=draft, user=coordinator, comment="No")


def test_it_records_what_the_report_held_when_returned(world, reporter_a, coordinator):
    report = submitted_q2(world, reporter_a)

    report_return(report=report, user=coordinator, comment="Check M1")

    snapshot = Report.objects.get(pk=report.pk).events.last().snapshot
    assert snapshot[value_key(world.monthly.pk, "2025-05", "")] == "2"
    assert snapshot[value_key(world.victims.pk, "2025-Q2", "age_group=child")] == "4"
    assert snapshot[entry_key(world.story.pk, "rating")] == "achieved"
    assert snapshot[activity_key(world.activity.pk, "percent_done")] == "50"
    assert snapshot["contact_person"] == "A. Clerk"
