"""The action services: passing actions in the minutes (`action_create`, `action_edit`,
`action_delete`) and their owners' updates (`action_update`), with bad input of every kind."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from coordination.models import Action, ActionUpdate, MeetingStatus, Recommendation
from coordination.services.actions import (
    action_create,
    action_delete,
    action_edit,
    action_update,
)
from tests import factories
from tests.coordination.actions_helpers import action_of, item_of, meeting_of

TODAY = datetime.date(2024, 3, 20)


@pytest.fixture
def meeting(working_group, plan):
    return meeting_of(working_group, plan)


def _create(meeting, by, **changes):
    values = {
        "meeting": meeting,
        "item": None,
        "text": "Count shelter places",
        "owner_agency": changes.pop("owner_agency"),
        "owner": None,
        "due_on": datetime.date(2024, 4, 1),
        "by": by,
    }
    values.update(changes)
    return action_create(**values)


def _errors(error: ValidationError) -> dict[str, list[str]]:
    return error.message_dict


def test_it_passes_an_action_linked_to_the_plan(meeting, plan, agency_a, reporter_a, coordinator):
    item = item_of(meeting)
    activity = plan.activities.get(code="2.1.1")

    action = _create(
        meeting, coordinator, owner_agency=agency_a, owner=reporter_a, item=item, activity=activity
    )

    action.refresh_from_db()
    assert (action.meeting, action.item, action.owner, action.activity) == (
        meeting,
        item,
        reporter_a,
        activity,
    )
    assert action.status == "open"


def test_it_refuses_anyone_but_the_coordinator(meeting, agency_a, reporter_a):
    with pytest.raises(PermissionDenied):
        _create(meeting, reporter_a, owner_agency=agency_a)

    assert not Action.objects.exists()


def test_it_says_what_is_wrong_with_each_field(
    meeting, plan, agency_a, agency_b, reporter_b, coordinator, working_group
):
    other_plan = factories.PlanFactory(code="NAP-OTHER")
    other_area = factories.AreaFactory(plan=other_plan, code="9")
    other_item = item_of(meeting_of(working_group, plan, held_on=datetime.date(2024, 6, 1)))

    with pytest.raises(ValidationError) as refused:
        _create(
            meeting,
            coordinator,
            owner_agency=agency_a,
            owner=reporter_b,
            text="   ",
            item=other_item,
            due_on=datetime.date(2024, 2, 28),
            area=other_area,
        )

    errors = _errors(refused.value)
    assert errors["text"] == ["Say what is to be done."]
    assert errors["item"] == ["This agenda item is not one of this meeting's."]
    assert errors["owner"] == [
        "reporter_b does not work for National Police, the agency that owns it."
    ]
    assert errors["due_on"] == [
        "The due date (2024-02-28) is before the meeting (2024-03-01) that passes the action."
    ]
    assert "is not part of the plan this meeting steers" in errors["area"][0]
    assert not Action.objects.exists()


def test_it_refuses_a_missing_agency_and_due_date_and_a_hostile_text(meeting, coordinator):
    with pytest.raises(ValidationError) as refused:
        _create(meeting, coordinator, owner_agency=None, due_on=None, text="Count\x00places")

    errors = _errors(refused.value)
    assert errors["owner_agency"] == ["Say which agency owns the action."]
    assert errors["due_on"] == ["Give the date by which it is due."]
    assert "U+0000" in errors["text"][0]


def test_it_refuses_a_recommendation_of_another_plan(meeting, agency_a, coordinator):
    other = factories.PlanFactory(code="NAP-OTHER")
    foreign = Recommendation.objects.create(plan=other, code="R1", source="greta", text="x")

    with pytest.raises(ValidationError) as refused:
        _create(meeting, coordinator, owner_agency=agency_a, recommendation=foreign)

    assert list(_errors(refused.value)) == ["recommendation"]


def test_it_refuses_changes_once_the_minutes_are_approved(meeting, agency_a, coordinator):
    action = action_of(meeting, agency_a)
    meeting.status = MeetingStatus.APPROVED
    meeting.save()

    with pytest.raises(ValidationError, match="minutes of this meeting are approved"):
        _create(meeting, coordinator, owner_agency=agency_a)
    with pytest.raises(ValidationError, match="minutes of this meeting are approved"):
        action_edit(
            action=action,
            item=None,
            text="Other",
            owner_agency=agency_a,
            owner=None,
            due_on=action.due_on,
            by=coordinator,
        )
    with pytest.raises(ValidationError):
        action_delete(action=action, by=coordinator)

    action.refresh_from_db()
    assert action.text == "Count shelter places"


def test_it_edits_what_the_minutes_say_and_keeps_the_status(
    meeting, agency_a, agency_b, coordinator
):
    action = action_of(meeting, agency_a, status="in_progress")

    action_edit(
        action=action,
        item=None,
        text="Count shelter places in every region",
        owner_agency=agency_b,
        owner=None,
        due_on=datetime.date(2024, 5, 1),
        by=coordinator,
    )

    action.refresh_from_db()
    assert (action.text, action.owner_agency, action.due_on, action.status) == (
        "Count shelter places in every region",
        agency_b,
        datetime.date(2024, 5, 1),
        "in_progress",
    )


def test_it_deletes_an_action_with_its_evidence(
    meeting, agency_a, reporter_a, coordinator, django_capture_on_commit_callbacks
):
    action = action_of(meeting, agency_a)
    update = action_update(
        action=action,
        status="in_progress",
        comment="",
        evidence_link="",
        evidence_file=SimpleUploadedFile("count.pdf", b"%PDF-1.7 places"),
        by=reporter_a,
        today=TODAY,
    )
    stored = update.evidence_file.name

    with django_capture_on_commit_callbacks(execute=True):
        action_delete(action=action, by=coordinator)

    assert not Action.objects.exists()
    assert not default_storage.exists(stored)


# --- Updates ----------------------------------------------------------------------------------


def test_it_records_an_owners_update_and_the_day_it_closed(meeting, agency_a, reporter_a):
    action = action_of(meeting, agency_a, owner=reporter_a)

    update = action_update(
        action=action,
        status="done",
        comment="Counted: 48 places.",
        evidence_link="https://example.org/count",
        evidence_file=None,
        by=reporter_a,
        today=TODAY,
    )

    action.refresh_from_db()
    assert (action.status, action.closed_on) == ("done", TODAY)
    assert (update.status, update.comment, update.evidence_link, update.by) == (
        "done",
        "Counted: 48 places.",
        "https://example.org/count",
        reporter_a,
    )


def test_it_keeps_the_day_it_closed_and_clears_it_when_reopened(meeting, agency_a, approver_a):
    action = action_of(meeting, agency_a, status="done", closed_on=datetime.date(2024, 3, 10))

    action_update(
        action=action,
        status="done",
        comment="The report is attached.",
        evidence_link="",
        evidence_file=None,
        by=approver_a,
        today=TODAY,
    )
    action.refresh_from_db()
    assert action.closed_on == datetime.date(2024, 3, 10)

    action_update(
        action=action,
        status="in_progress",
        comment="Two regions were missing.",
        evidence_link="",
        evidence_file=None,
        by=approver_a,
        today=TODAY,
    )
    action.refresh_from_db()
    assert (action.status, action.closed_on) == ("in_progress", None)


def test_it_refuses_an_update_from_another_agency_or_a_viewer(
    meeting, agency_a, reporter_b, viewer
):
    action = action_of(meeting, agency_a)

    for person in (reporter_b, viewer):
        with pytest.raises(PermissionDenied):
            action_update(
                action=action,
                status="done",
                comment="",
                evidence_link="",
                evidence_file=None,
                by=person,
                today=TODAY,
            )

    assert not ActionUpdate.objects.exists()


def test_it_lets_the_owner_of_another_agency_update(meeting, agency_b, reporter_a):
    action = action_of(meeting, agency_b, owner=reporter_a)

    action_update(
        action=action,
        status="in_progress",
        comment="",
        evidence_link="",
        evidence_file=None,
        by=reporter_a,
        today=TODAY,
    )

    assert ActionUpdate.objects.get().by == reporter_a


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"status": "finished"}, "status", "“finished” is not a status"),
        ({"status": "dropped"}, "comment", "Say why the action is dropped."),
        ({"status": "open"}, "comment", "Nothing to record"),
        ({"evidence_link": "javascript:alert(1)"}, "evidence_link", "is not a web address"),
        ({"comment": "x" * 4001}, "comment", "At most 4000 characters"),
        (
            {"evidence_file": SimpleUploadedFile("run.exe", b"MZ...")},
            "evidence_file",
            "run.exe is not a file kept as evidence",
        ),
        (
            {"evidence_file": SimpleUploadedFile("page.pdf", b"<html>hello</html>")},
            "evidence_file",
            "page.pdf is not a .pdf file: its content says otherwise.",
        ),
        (
            {"evidence_file": SimpleUploadedFile("empty.pdf", b"")},
            "evidence_file",
            "empty.pdf is empty.",
        ),
    ],
)
def test_it_says_what_is_wrong_with_an_update(
    changes, field, message, meeting, agency_a, reporter_a
):
    action = action_of(meeting, agency_a)
    values = {"status": "in_progress", "comment": "", "evidence_link": "", "evidence_file": None}
    values.update(changes)

    with pytest.raises(ValidationError) as refused:
        action_update(action=action, by=reporter_a, today=TODAY, **values)

    assert message in _errors(refused.value)[field][0]
    action.refresh_from_db()
    assert action.status == "open"
    assert not ActionUpdate.objects.exists()


def test_it_refuses_a_file_over_the_limit(meeting, agency_a, reporter_a, settings):
    settings.WORKBOOK_MAX_BYTES = 10
    action = action_of(meeting, agency_a)

    with pytest.raises(ValidationError) as refused:
        action_update(
            action=action,
            status="done",
            comment="",
            evidence_link="",
            evidence_file=SimpleUploadedFile("count.pdf", b"%PDF-1.7 more than ten bytes"),
            by=reporter_a,
            today=TODAY,
        )

    assert _errors(refused.value)["evidence_file"] == [
        "The file is too large: it may be at most 10\xa0bytes."
    ]


def test_it_keeps_the_evidence_file_under_a_safe_name(meeting, agency_a, reporter_a, settings):
    action = action_of(meeting, agency_a)

    update = action_update(
        action=action,
        status="done",
        comment="",
        evidence_link="",
        evidence_file=SimpleUploadedFile("../../etc/count list.pdf", b"%PDF-1.7 places"),
        by=reporter_a,
        today=TODAY,
    )

    name = update.evidence_file.name
    assert name.startswith("coordination/evidence/")
    assert name.endswith("count_list.pdf")
    assert ".." not in name
    assert (settings.MEDIA_ROOT / name).read_bytes() == b"%PDF-1.7 places"
