import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from reporting.models import EventKind, Report, ReportStatus
from reporting.selectors import get_report_for_user, report_versions
from reporting.services import report_accept, report_correct, report_submit
from tests.reporting.core_data import accepted_q2, build_world, save, submitted_q2, value


@pytest.fixture
def world(agency_a, agency_b):
    return build_world(agency_a, agency_b)


def snapshot(report):
    return (
        sorted(
            report.values.values_list("indicator_id", "period", "breakdown", "value", "entered_by")
        ),
        sorted(report.entries.values_list("indicator_id", "narrative", "rating")),
        sorted(report.activity_updates.values_list("activity_id", "state", "percent_done")),
    )


def test_it_opens_a_new_draft_version_copying_everything(world, reporter_a, coordinator):
    accepted = accepted_q2(world, reporter_a, coordinator)
    correction = report_correct(report=accepted, user=coordinator)
    old = Report.objects.get(pk=accepted.pk)
    assert (correction.version, correction.status, correction.is_current) == (
        2,
        ReportStatus.DRAFT,
        True,
    )
    assert (old.is_current, old.status) == (False, ReportStatus.ACCEPTED)
    assert snapshot(correction) == snapshot(old)
    assert correction.first_submitted_at == old.first_submitted_at
    assert correction.contact_person == old.contact_person
    assert correction.events.get().kind == EventKind.CORRECTION
    assert list(report_versions(correction).values_list("version", flat=True)) == [2, 1]


def test_it_keeps_the_old_version_readable_and_unchanged(world, reporter_a, coordinator):
    accepted = accepted_q2(world, reporter_a, coordinator)
    before = snapshot(accepted)
    correction = report_correct(report=accepted, user=reporter_a)
    correction = save(correction, reporter_a, values=[value(world.monthly, "2025-04", "9")])
    correction = report_submit(report=correction, user=reporter_a, revision=correction.revision)
    report_accept(report=correction, user=coordinator)
    assert snapshot(Report.objects.get(pk=accepted.pk)) == before
    assert get_report_for_user(reporter_a, accepted.pk).is_locked
    with pytest.raises(PermissionDenied):
        get_report_for_user(reporter_a, accepted.pk, edit=True)


def test_it_corrects_only_the_current_accepted_version(world, reporter_a, coordinator):
    accepted = accepted_q2(world, reporter_a, coordinator)
    report_correct(report=accepted, user=coordinator)
    with pytest.raises(ValidationError, match="this one is Accepted"):
        report_correct(report=Report.objects.get(pk=accepted.pk), user=coordinator)
    assert Report.objects.filter(plan=world.plan).count() == 2


def test_it_refuses_a_correction_of_an_unaccepted_report(world, reporter_a, coordinator):
    submitted = submitted_q2(world, reporter_a)
    with pytest.raises(ValidationError, match="this one is Submitted"):
        report_correct(report=submitted, user=coordinator)


def test_it_refuses_other_agencies_and_viewers(world, reporter_a, coordinator, reporter_b, viewer):
    accepted = accepted_q2(world, reporter_a, coordinator)
    for user in (reporter_b, viewer):
        with pytest.raises(PermissionDenied):
            report_correct(report=accepted, user=user)
    assert Report.objects.filter(plan=world.plan).count() == 1
