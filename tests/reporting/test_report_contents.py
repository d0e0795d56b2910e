"""An activity past its planned end stays in the lead agency's later reports, marked as such,
until a current submitted or accepted report of an earlier quarter says it is completed or
cancelled: so the agency can report a late completion and the coordinator sees the delay. Its
status is required at submit, as annex 5 asks of the lead agency."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from plans.models import Activity
from reporting.models import Report
from reporting.selectors import report_contents
from reporting.services import ActivityInput, report_accept, report_correct, report_open
from reporting.services import report_submit as submit
from reporting.validation import activity_key
from tests import factories
from tests.reporting.core_data import World, build_world, complete_q2, save
from tests.reporting.pages import detail_url

PAST_END = "past its planned end"


@pytest.fixture
def world(agency_a, agency_b) -> World:
    return build_world(agency_a, agency_b)


@pytest.fixture
def late(world, agency_a) -> Activity:
    """Planned for 2025-Q1 only."""
    return factories.ActivityFactory.create(
        objective=world.activity.objective,
        code="A0",
        lead_agency=agency_a,
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2025, 3, 31),
    )


def q2_with(world: World, late: Activity, user, state: str) -> Report:
    """Agency A's 2025-Q2 report, complete, saying `state` of the late activity."""
    report = report_open(plan=world.plan, agency=user.agency, period="2025-Q2", user=user)
    report = complete_q2(world, report, user)
    return save(report, user, activities=[ActivityInput(activity_id=late.pk, state=state)])


def submitted(report: Report, user) -> Report:
    return submit(report=report, user=user, revision=report.revision)


def shown(world: World, user, period: str) -> dict[str, bool]:
    """Activity code -> whether it is shown as overdue, in agency A's report for `period`."""
    report = report_open(plan=world.plan, agency=user.agency, period=period, user=user)
    contents = report_contents(report)
    return {
        activity.code: activity.pk in contents.overdue_activity_ids
        for activity, _update in contents.activities
    }


def test_it_keeps_an_unfinished_activity_in_the_next_quarter_as_overdue(world, late, reporter_a):
    assert shown(world, reporter_a, "2025-Q1") == {"A0": False, "A1": False}
    assert shown(world, reporter_a, "2025-Q2") == {"A0": True, "A1": False}


@pytest.mark.parametrize("state", ["completed", "cancelled"])
def test_it_drops_the_activity_once_an_accepted_report_closes_it(
    world, late, reporter_a, coordinator, state
):
    report_accept(
        report=submitted(q2_with(world, late, reporter_a, state), reporter_a), user=coordinator
    )
    assert shown(world, reporter_a, "2025-Q3") == {"A1": False}
    assert shown(world, reporter_a, "2025-Q2") == {"A0": True, "A1": False}


def test_it_drops_the_activity_once_a_submitted_report_closes_it(world, late, reporter_a):
    submitted(q2_with(world, late, reporter_a, "completed"), reporter_a)
    assert shown(world, reporter_a, "2025-Q3") == {"A1": False}


def test_it_keeps_the_activity_while_it_is_only_delayed_or_closed_in_a_draft(
    world, late, reporter_a, coordinator
):
    q2_with(world, late, reporter_a, "completed")  # a draft says nothing yet
    assert shown(world, reporter_a, "2025-Q3") == {"A0": True, "A1": False}
    assert shown(world, reporter_a, "2025-Q4") == {"A0": True, "A1": False}


def test_it_keeps_the_activity_when_a_correction_replaces_the_closing_version(
    world, late, reporter_a, coordinator
):
    report = q2_with(world, late, reporter_a, "completed")
    accepted = report_accept(report=submitted(report, reporter_a), user=coordinator)
    correction = report_correct(report=accepted, user=reporter_a)
    save(correction, reporter_a, activities=[ActivityInput(activity_id=late.pk, state="delayed")])
    assert shown(world, reporter_a, "2025-Q3") == {"A0": True, "A1": False}


def test_it_keeps_the_activity_after_a_delayed_report(world, late, reporter_a, coordinator):
    report_accept(
        report=submitted(q2_with(world, late, reporter_a, "delayed"), reporter_a), user=coordinator
    )
    assert shown(world, reporter_a, "2025-Q3") == {"A0": True, "A1": False}


def test_it_requires_a_status_of_the_overdue_activity(world, late, reporter_a):
    """Annex 5 asks the lead agency for the status of every activity it leads, an overdue one
    too (the coordinator's answer: required at submit)."""
    report = report_open(
        plan=world.plan, agency=reporter_a.agency, period="2025-Q2", user=reporter_a
    )
    q3 = report_open(plan=world.plan, agency=reporter_a.agency, period="2025-Q3", user=reporter_a)
    with pytest.raises(ValidationError) as refused:
        submitted(q3, reporter_a)
    assert activity_key(world.activity.pk, "state") in refused.value.message_dict
    assert refused.value.message_dict[activity_key(late.pk, "state")] == [
        "Activity A0 is past its planned end: say whether it is completed, delayed or cancelled."
    ]
    report = save(
        report, reporter_a, activities=[ActivityInput(activity_id=late.pk, state="completed")]
    )
    assert submitted(complete_q2(world, report, reporter_a), reporter_a).status == "submitted"
    assert late.updates.get(report=report).state == "completed"
    assert shown(world, reporter_a, "2025-Q3") == {"A1": False}


def test_it_refuses_a_report_that_says_nothing_of_the_overdue_activity(world, late, reporter_a):
    report = report_open(
        plan=world.plan, agency=reporter_a.agency, period="2025-Q2", user=reporter_a
    )
    with pytest.raises(ValidationError) as refused:
        submitted(complete_q2(world, report, reporter_a), reporter_a)
    assert list(refused.value.message_dict) == [activity_key(late.pk, "state")]
    assert shown(world, reporter_a, "2025-Q3") == {"A0": True, "A1": False}


def test_it_still_saves_an_update_a_later_report_holds_after_the_activity_is_closed(
    world, late, reporter_a
):
    q3 = report_open(plan=world.plan, agency=reporter_a.agency, period="2025-Q3", user=reporter_a)
    q3 = save(q3, reporter_a, activities=[ActivityInput(activity_id=late.pk, state="delayed")])
    submitted(q2_with(world, late, reporter_a, "completed"), reporter_a)
    assert [a.code for a, _update in report_contents(q3).activities] == ["A1", "A0"]
    save(q3, reporter_a, activities=[ActivityInput(activity_id=late.pk, state="completed")])
    assert late.updates.get(report=q3).state == "completed"
    other = world.activity_b  # led by agency B: never part of A's report
    with pytest.raises(ValidationError) as refused:
        save(q3, reporter_a, activities=[ActivityInput(activity_id=other.pk, state="ongoing")])
    assert activity_key(other.pk, "state") in refused.value.message_dict


def test_it_marks_the_activity_on_the_report_form_and_page(
    world, late, reporter_a, coordinator, client_of
):
    report = q2_with(world, late, reporter_a, "delayed")
    form = client_of(reporter_a).get(detail_url(report)).content.decode()
    assert 'class="report-form"' in form
    assert form.count(PAST_END) == 1
    assert f"{PAST_END} (2025-03-31)" in form
    page = client_of(coordinator).get(detail_url(submitted(report, reporter_a))).content.decode()
    assert 'class="report-form"' not in page
    assert page.count(PAST_END) == 1


def test_it_assembles_overdue_activities_in_one_more_query(
    world, reporter_a, django_assert_max_num_queries
):
    for n in range(15):  # a query per overdue activity would show
        factories.ActivityFactory.create(
            objective=world.activity.objective,
            code=f"L{n}",
            lead_agency=reporter_a.agency,
            starts_on=datetime.date(2025, 1, 1),
            ends_on=datetime.date(2025, 3, 31),
        )
    report = report_open(
        plan=world.plan, agency=reporter_a.agency, period="2025-Q2", user=reporter_a
    )
    report = complete_q2(world, report, reporter_a)
    with django_assert_max_num_queries(10):
        contents = report_contents(report)
    assert len(contents.overdue_activity_ids) == 15
    assert len(contents.activities) == 16
