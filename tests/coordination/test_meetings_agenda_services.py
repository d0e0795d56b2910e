"""The coordinator's agenda: items added with their plan elements (of the meeting's plan only),
edited, reordered and removed, until the minutes are approved."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from coordination.models import AgendaItem, MeetingStatus
from coordination.services import agenda as services
from tests import factories
from tests.coordination.meeting_fixtures import plan_meeting


@pytest.fixture
def meeting(working_group, plan, coordinator):
    return plan_meeting(working_group, plan, coordinator)


def _titles(meeting):
    return list(meeting.items.order_by("order").values_list("title", flat=True))


def test_it_adds_an_item_at_the_end_with_its_plan_elements(meeting, plan, coordinator, agency_b):
    indicator = plan.indicators.get(code="I2.1")

    item = services.agenda_item_create(
        meeting=meeting,
        title="Shelter capacity",
        presenter=agency_b,
        minutes_planned=20,
        areas=[plan.areas.get(code="3")],
        indicators=[indicator],
        by=coordinator,
    )

    assert item.order == 3
    assert list(item.indicators.all()) == [indicator]
    assert _titles(meeting)[-1] == "Shelter capacity"


def test_it_refuses_elements_of_another_plan_and_stores_nothing(meeting, coordinator):
    other = factories.IndicatorFactory(code="X9")

    with pytest.raises(ValidationError) as refused:
        services.agenda_item_create(
            meeting=meeting, title="Other plan", indicators=[other], by=coordinator
        )

    assert refused.value.message_dict["indicators"] == ["Not of the meeting's plan: X9."]
    assert meeting.items.count() == 2


@pytest.mark.parametrize(
    ("title", "minutes", "field"), [("  ", None, "title"), ("Ok", 0, "minutes_planned")]
)
def test_it_refuses_an_item_without_title_or_with_no_time(
    title, minutes, field, meeting, coordinator
):
    with pytest.raises(ValidationError) as refused:
        services.agenda_item_create(
            meeting=meeting, title=title, minutes_planned=minutes, by=coordinator
        )

    assert field in refused.value.message_dict


def test_it_reorders_and_removes_items(meeting, coordinator):
    third = services.agenda_item_create(meeting=meeting, title="Budget", by=coordinator)

    services.agenda_item_move(item=third, up=True, by=coordinator)
    assert _titles(meeting) == [
        "Actions since the last meeting",
        "Budget",
        "Flagged by the monitoring",
    ]
    with pytest.raises(ValidationError, match="already first"):
        services.agenda_item_move(item=meeting.items.get(order=1), up=True, by=coordinator)

    services.agenda_item_delete(item=meeting.items.get(order=1), by=coordinator)
    assert list(meeting.items.order_by("order").values_list("order", "title")) == [
        (1, "Budget"),
        (2, "Flagged by the monitoring"),
    ]


def test_it_edits_an_item(meeting, coordinator, plan):
    item = meeting.items.get(order=2)
    activity = plan.activities.get(code="2.1.1")

    services.agenda_item_update(
        item=item, title="Flags", minutes_planned=15, activities=[activity], by=coordinator
    )

    item.refresh_from_db()
    assert (item.title, item.minutes_planned) == ("Flags", 15)
    assert list(item.activities.all()) == [activity]


def test_it_refuses_agenda_changes_after_approval_and_to_others(meeting, coordinator, reporter_a):
    with pytest.raises(PermissionDenied):
        services.agenda_item_create(meeting=meeting, title="Mine", by=reporter_a)
    meeting.status = MeetingStatus.APPROVED
    meeting.save()

    with pytest.raises(ValidationError, match="approved"):
        services.agenda_item_create(meeting=meeting, title="Late", by=coordinator)
    with pytest.raises(ValidationError, match="approved"):
        services.agenda_item_delete(item=AgendaItem.objects.first(), by=coordinator)
    assert meeting.items.count() == 2
