import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from reporting.models import EventKind, Report, ReportStatus
from reporting.services import EntryInput, ReportConflict, report_open, report_submit
from reporting.validation import activity_key, entry_key, value_key
from tests.reporting.core_data import build_world, complete_q2, save, value


@pytest.fixture
def world(agency_a, agency_b):
    return build_world(agency_a, agency_b)


@pytest.fixture
def draft(world, reporter_a, agency_a):
    return report_open(plan=world.plan, agency=agency_a, period="2025-Q2", user=reporter_a)


def test_it_submits_a_complete_report(world, draft, reporter_a):
    draft = complete_q2(world, draft, reporter_a)
    loaded = draft.revision
    report_submit(report=draft, user=reporter_a, revision=loaded)
    stored = Report.objects.get(pk=draft.pk)
    assert stored.status == ReportStatus.SUBMITTED
    assert stored.submitted_by == reporter_a
    assert stored.first_submitted_at == stored.submitted_at
    assert stored.revision == loaded + 1
    assert stored.events.last().kind == EventKind.SUBMITTED


def test_it_lists_everything_missing_and_keeps_the_draft(world, draft, reporter_a):
    draft = save(draft, reporter_a, values=[value(world.monthly, "2025-04", "1")])
    with pytest.raises(ValidationError) as raised:
        report_submit(report=draft, user=reporter_a, revision=draft.revision)
    errors = raised.value.message_dict
    assert set(errors) == {
        entry_key(world.victims.pk, "comment"),
        entry_key(world.monthly.pk, "comment"),
        entry_key(world.story.pk, "comment"),
        activity_key(world.activity.pk, "state"),
    }
    assert (
        "M1: the total for 2025-05, 2025-06 is missing"
        in errors[entry_key(world.monthly.pk, "comment")][0]
    )
    stored = Report.objects.get(pk=draft.pk)
    assert (stored.status, stored.revision) == (ReportStatus.DRAFT, draft.revision)


def test_it_accepts_a_comment_in_place_of_a_missing_value(world, draft, reporter_a):
    draft = complete_q2(world, draft, reporter_a)
    draft = save(
        draft,
        reporter_a,
        values=[value(world.monthly, "2025-06", None)],
        entries=[EntryInput(indicator_id=world.monthly.pk, comment="June not yet counted")],
    )
    assert report_submit(report=draft, user=reporter_a, revision=draft.revision).status == (
        ReportStatus.SUBMITTED
    )


def test_it_rechecks_stored_values(world, draft, reporter_a):
    draft = complete_q2(world, draft, reporter_a)
    Report.objects.get(pk=draft.pk).values.filter(breakdown="age_group=adult").update(value=7)
    with pytest.raises(ValidationError) as raised:
        report_submit(report=draft, user=reporter_a, revision=draft.revision)
    assert list(raised.value.message_dict) == [value_key(world.victims.pk, "2025-Q2", "")]


def test_it_refuses_an_old_revision(world, draft, reporter_a):
    draft = complete_q2(world, draft, reporter_a)
    with pytest.raises(ReportConflict, match="reporter_a changed this report at"):
        report_submit(report=draft, user=reporter_a, revision=draft.revision - 1)
    assert Report.objects.get(pk=draft.pk).status == ReportStatus.DRAFT


def test_it_lets_only_the_agency_submit(
    world, draft, reporter_a, approver_a, coordinator, reporter_b
):
    draft = complete_q2(world, draft, reporter_a)
    for user in (coordinator, reporter_b):
        with pytest.raises(PermissionDenied):
            report_submit(report=draft, user=user, revision=draft.revision)
    assert report_submit(report=draft, user=approver_a, revision=draft.revision).submitted_by == (
        approver_a
    )


def test_it_refuses_to_submit_twice(world, draft, reporter_a):
    draft = complete_q2(world, draft, reporter_a)
    draft = report_submit(report=draft, user=reporter_a, revision=draft.revision)
    with pytest.raises(ValidationError, match="A report that is Submitted cannot be submitted"):
        report_submit(report=draft, user=reporter_a, revision=draft.revision)
