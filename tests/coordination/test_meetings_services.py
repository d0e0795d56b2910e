"""The meetings services: planning, attendance, minutes with optimistic locking, the chair's
approval and publication; each refusal says what, and leaves nothing half-written."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from coordination.models import Attendance, AttendanceStatus, Meeting, MeetingStatus
from coordination.services import meetings as services
from coordination.services.meetings import AttendanceEntry, ItemMinutes
from tests.coordination.meeting_fixtures import DAY, plan_meeting


@pytest.fixture
def meeting(working_group, plan, coordinator) -> Meeting:
    return plan_meeting(working_group, plan, coordinator)


def test_it_plans_a_meeting_chaired_by_the_coordinator(meeting, coordinator):
    assert meeting.status == MeetingStatus.PLANNED
    assert meeting.chair == coordinator
    assert meeting.items.count() == 2


@pytest.mark.parametrize(
    ("times", "place", "field"),
    [
        ((datetime.time(12), datetime.time(10)), "Room 4", "ends_at"),
        ((None, datetime.time(10)), "Room 4", "starts_at"),
        ((None, None), "", "place"),
    ],
)
def test_it_refuses_a_meeting_that_ends_before_it_starts_or_has_no_place(
    times, place, field, working_group, plan, coordinator
):
    with pytest.raises(ValidationError) as refused:
        services.meeting_create(
            body=working_group,
            plan=plan,
            held_on=DAY,
            starts_at=times[0],
            ends_at=times[1],
            place=place,
            by=coordinator,
        )

    assert field in refused.value.message_dict
    assert not Meeting.objects.exists()


def test_it_lets_only_the_coordinator_plan_a_meeting(working_group, plan, reporter_a):
    with pytest.raises(PermissionDenied):
        plan_meeting(working_group, plan, reporter_a)


def test_it_takes_a_link_instead_of_a_place(working_group, plan, coordinator):
    meeting = services.meeting_create(
        body=working_group,
        plan=plan,
        held_on=DAY,
        link="https://meet.example.org/wg",
        by=coordinator,
    )

    assert meeting.link == "https://meet.example.org/wg"


def _attend(meeting, agency, status=AttendanceStatus.PRESENT, attendees=""):
    return AttendanceEntry(agency, status, attendees)


def test_it_records_attendance_per_member_agency(meeting, coordinator, agency_a, agency_b):
    services.attendance_record(
        meeting=meeting,
        entries=[
            _attend(meeting, agency_a, attendees="Col. Hakobyan"),
            _attend(meeting, agency_b, AttendanceStatus.EXCUSED),
        ],
        by=coordinator,
        today=DAY,
    )

    rows = dict(Attendance.objects.values_list("agency__code", "status"))
    assert rows == {"POL": "present", "NGO1": "excused"}


def test_it_refuses_attendance_of_an_agency_outside_the_body_whole(meeting, coordinator, agency_a):
    stranger = agency_a.__class__.objects.create(code="MIN", name="Ministry", short_name="Min")

    with pytest.raises(ValidationError) as refused:
        services.attendance_record(
            meeting=meeting,
            entries=[_attend(meeting, agency_a), _attend(meeting, stranger)],
            by=coordinator,
            today=DAY,
        )

    assert "MIN" in str(refused.value) or "Ministry" in str(refused.value)
    assert not Attendance.objects.exists()


def test_it_refuses_attendance_before_the_meeting_day(meeting, coordinator, agency_a):
    with pytest.raises(ValidationError, match="from the day of the meeting"):
        services.attendance_record(
            meeting=meeting,
            entries=[_attend(meeting, agency_a)],
            by=coordinator,
            today=DAY - datetime.timedelta(days=1),
        )


def test_it_refuses_attendees_for_an_absent_agency(meeting, coordinator, agency_a):
    with pytest.raises(ValidationError, match="only an agency that was present"):
        services.attendance_record(
            meeting=meeting,
            entries=[_attend(meeting, agency_a, AttendanceStatus.ABSENT, "Someone")],
            by=coordinator,
            today=DAY,
        )


def _minutes(meeting, text="Shelters are full."):
    return [ItemMinutes(item, text, "Ask for funds.") for item in meeting.items.all()]


def test_it_saves_the_minutes_and_marks_the_meeting_held(meeting, coordinator):
    saved = services.minutes_save(
        meeting=meeting, revision=0, minutes=_minutes(meeting), by=coordinator
    )

    assert (saved.status, saved.revision) == (MeetingStatus.HELD, 1)
    assert set(meeting.items.values_list("summary", flat=True)) == {"Shelters are full."}


def test_it_refuses_a_stale_save_of_the_minutes_and_keeps_the_first(meeting, coordinator):
    services.minutes_save(meeting=meeting, revision=0, minutes=_minutes(meeting), by=coordinator)

    with pytest.raises(ValidationError) as refused:
        services.minutes_save(
            meeting=meeting, revision=0, minutes=_minutes(meeting, "Other text."), by=coordinator
        )

    assert refused.value.code == "stale"
    assert "Someone else saved these minutes" in refused.value.messages[0]
    assert set(meeting.items.values_list("summary", flat=True)) == {"Shelters are full."}
    assert Meeting.objects.get(pk=meeting.pk).revision == 1


def _held_with_attendance(meeting, coordinator, agency_a):
    services.minutes_save(meeting=meeting, revision=0, minutes=_minutes(meeting), by=coordinator)
    services.attendance_record(
        meeting=meeting, entries=[_attend(meeting, agency_a)], by=coordinator, today=DAY
    )


def test_it_lets_the_chair_approve_held_minutes_with_attendance(meeting, coordinator, agency_a):
    with pytest.raises(ValidationError, match="held meeting"):
        services.minutes_approve(meeting=meeting, by=coordinator)
    services.minutes_save(meeting=meeting, revision=0, minutes=_minutes(meeting), by=coordinator)
    with pytest.raises(ValidationError, match="Record the attendance"):
        services.minutes_approve(meeting=meeting, by=coordinator)
    services.attendance_record(
        meeting=meeting, entries=[_attend(meeting, agency_a)], by=coordinator, today=DAY
    )

    approved = services.minutes_approve(meeting=meeting, by=coordinator)

    assert approved.status == MeetingStatus.APPROVED
    assert approved.approved_by == coordinator
    assert approved.approved_at is not None


def test_it_refuses_every_change_after_approval(meeting, coordinator, agency_a):
    _held_with_attendance(meeting, coordinator, agency_a)
    services.minutes_approve(meeting=meeting, by=coordinator)
    meeting.refresh_from_db()

    writes = [
        lambda: services.minutes_save(
            meeting=meeting,
            revision=meeting.revision,
            minutes=_minutes(meeting, "Changed"),
            by=coordinator,
        ),
        lambda: services.attendance_record(
            meeting=meeting,
            entries=[_attend(meeting, agency_a, "absent")],
            by=coordinator,
            today=DAY,
        ),
        lambda: services.meeting_update(
            meeting=meeting, held_on=DAY, place="Elsewhere", by=coordinator
        ),
        lambda: services.invitations_send(meeting=meeting, by=coordinator),
    ]
    for write in writes:
        with pytest.raises(ValidationError, match="approved"):
            write()

    assert set(meeting.items.values_list("summary", flat=True)) == {"Shelters are full."}
    assert Attendance.objects.get().status == "present"


def test_it_publishes_approved_minutes_and_notifies_the_members(
    meeting, coordinator, agency_a, reporter_a
):
    with pytest.raises(ValidationError, match="approved minutes"):
        services.minutes_publish(meeting=meeting, by=coordinator)
    _held_with_attendance(meeting, coordinator, agency_a)
    services.minutes_approve(meeting=meeting, by=coordinator)

    result = services.minutes_publish(meeting=meeting, by=coordinator)

    assert result.meeting.status == MeetingStatus.PUBLISHED
    assert result.meeting.published_at is not None
    # Agency A's representative is its reporter; agency B's seat gives an address; the
    # secretariat's seat has none and the agency none either.
    assert sorted(m.to[0] for m in mail.outbox) == ["reporter_a@example.org", "shelter@example.org"]
    assert [agency.code for agency in result.unreachable] == ["SEC"]
    assert f"/coordination/meetings/{meeting.pk}/" in mail.outbox[0].body
