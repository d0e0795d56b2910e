"""Who sees which action, the list's filters, the work lists and the annual report's counts
(`action_outcomes`)."""

import datetime

import pytest
from django.http import Http404

from coordination.models import MeetingStatus
from coordination.selectors.actions import (
    ActionFilters,
    action_list,
    action_outcomes,
    actions_visible_to,
    get_action_for_user,
    my_work_list,
    overdue_actions,
)
from tests import factories
from tests.coordination.actions_helpers import action_of, meeting_of

TODAY = datetime.date(2024, 4, 10)
LATER = datetime.date(2024, 6, 30)


@pytest.fixture
def actions(working_group, plan, agency_a, agency_b, reporter_a, reporter_b):
    """Agency A's (held minutes), agency B's owned by agency A's reporter, agency B's of
    published minutes, agency B's (held)."""
    held = meeting_of(working_group, plan)
    published = meeting_of(
        working_group, plan, held_on=datetime.date(2024, 1, 15), status=MeetingStatus.PUBLISHED
    )
    return {
        "a": action_of(held, agency_a, text="A's own", due_on=datetime.date(2024, 4, 1)),
        "owned": action_of(
            held, agency_b, owner=reporter_a, text="B's, owned by reporter_a", due_on=LATER
        ),
        "published": action_of(published, agency_b, text="B's, published", status="done"),
        "b": action_of(held, agency_b, owner=reporter_b, text="B's own", due_on=LATER),
    }


def _seen(user, actions) -> set[str]:
    names = {action.pk: name for name, action in actions.items()}
    return {names[pk] for pk in actions_visible_to(user).values_list("pk", flat=True)}


def test_it_shows_each_persona_the_actions_it_may_see(
    actions, coordinator, reporter_a, approver_a, reporter_b, viewer, administrator
):
    assert _seen(coordinator, actions) == {"a", "owned", "published", "b"}
    assert _seen(reporter_a, actions) == {"a", "owned"}
    assert _seen(approver_a, actions) == {"a"}
    assert _seen(reporter_b, actions) == {"owned", "published", "b"}
    assert _seen(viewer, actions) == {"published"}
    assert _seen(administrator, actions) == set()


def test_it_hides_every_action_from_a_deactivated_owner(actions, reporter_a):
    reporter_a.is_active = False
    reporter_a.save()

    assert _seen(reporter_a, actions) == set()


def test_it_answers_404_for_an_action_one_may_not_see(actions, reporter_a, viewer):
    with pytest.raises(Http404):
        get_action_for_user(reporter_a, actions["b"].pk)
    with pytest.raises(Http404):
        get_action_for_user(viewer, actions["a"].pk)
    assert get_action_for_user(viewer, actions["published"].pk) == actions["published"]


def test_it_filters_the_list(actions, coordinator, reporter_a, agency_b):
    def texts(user, **filters):
        chosen = action_list(user, ActionFilters(**filters), today=TODAY)
        return [action.text for action in chosen]

    assert texts(coordinator, overdue=True) == ["A's own"]
    assert texts(coordinator, status="done") == ["B's, published"]
    assert texts(coordinator, agency_id=agency_b.pk, open_only=True) == [
        "B's, owned by reporter_a",
        "B's own",
    ]
    assert texts(reporter_a, mine=True) == ["A's own", "B's, owned by reporter_a"]


def test_it_lists_without_a_query_per_action(
    actions, coordinator, working_group, plan, agency_a, django_assert_max_num_queries
):
    meeting = meeting_of(working_group, plan, held_on=datetime.date(2024, 2, 1))
    for number in range(20):
        action_of(meeting, agency_a, text=f"Action {number}")

    with django_assert_max_num_queries(4):
        rows = list(action_list(coordinator, ActionFilters(), today=TODAY))
        for action in rows:
            _ = (action.meeting.body.name, action.owner_agency.code, list(action.updates.all()))
            _ = action.owner.username if action.owner else None

    assert len(rows) == 24


def test_it_gives_each_user_their_overdue_and_soon_due_actions(
    working_group, plan, agency_a, reporter_a, reporter_b, settings
):
    settings.TIPMONITOR_ACTION_REMINDER_DAYS_BEFORE = 5
    meeting = meeting_of(working_group, plan)
    late = action_of(meeting, agency_a, due_on=datetime.date(2024, 4, 9))
    soon = action_of(meeting, agency_a, due_on=datetime.date(2024, 4, 15))
    action_of(meeting, agency_a, due_on=datetime.date(2024, 4, 16))  # beyond the 5 days
    action_of(meeting, agency_a, due_on=datetime.date(2024, 4, 1), status="done")

    work = my_work_list(reporter_a, today=TODAY)

    assert (work.overdue, work.due_soon) == ([late], [soon])
    assert not my_work_list(reporter_b, today=TODAY)
    assert list(overdue_actions(today=TODAY, plan=plan)) == [late]


def test_it_counts_the_outcomes_of_a_period(working_group, plan, agency_a, agency_b):
    in_year = meeting_of(working_group, plan, held_on=datetime.date(2024, 3, 1))
    before = meeting_of(working_group, plan, held_on=datetime.date(2023, 12, 1))
    due = datetime.date(2024, 6, 30)
    action_of(in_year, agency_a, due_on=due, status="done", closed_on=datetime.date(2024, 6, 1))
    action_of(in_year, agency_a, due_on=due, status="done", closed_on=datetime.date(2024, 7, 9))
    action_of(in_year, agency_b, due_on=due, status="in_progress")
    action_of(in_year, agency_b, due_on=datetime.date(2025, 3, 1), status="open")
    action_of(in_year, agency_b, due_on=due, status="dropped", closed_on=due)
    action_of(before, agency_a, due_on=due, status="open")  # held before the period
    factories.PlanFactory(code="NAP-OTHER")

    outcomes = action_outcomes(
        plan, datetime.date(2024, 1, 1), datetime.date(2024, 12, 31), datetime.date(2025, 1, 15)
    )

    total = outcomes.total
    assert (total.passed, total.done_on_time, total.done_late, total.dropped) == (5, 1, 1, 1)
    assert (total.late, total.open, total.done, total.on_time_rate) == (1, 1, 2, 0.5)
    by_agency = {agency.code: counts.passed for agency, counts in outcomes.by_agency}
    assert by_agency == {"NGO1": 3, "POL": 2}
    assert [agency.code for agency, _counts in outcomes.by_agency] == ["NGO1", "POL"]


def test_it_lists_open_actions_first_then_the_closed_latest_due_first(
    working_group, plan, agency_a, coordinator
):
    held = meeting_of(working_group, plan)
    action_of(held, agency_a, text="done early", status="done", due_on=datetime.date(2024, 5, 1))
    action_of(held, agency_a, text="open later", due_on=datetime.date(2024, 7, 1))
    action_of(held, agency_a, text="done later", status="done", due_on=datetime.date(2024, 8, 1))
    action_of(
        held, agency_a, text="in progress", status="in_progress", due_on=datetime.date(2024, 6, 1)
    )

    listed = action_list(coordinator, ActionFilters(), today=TODAY)

    assert [a.text for a in listed] == ["in progress", "open later", "done later", "done early"]
