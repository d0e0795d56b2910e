"""`progress.selectors.activity_delivery`: how the activities of a plan are delivered by a date,
by strategic area and by lead agency, from the latest update in the current accepted reports:
completed on time or late, not started though due, not reported, ongoing, delayed (or past
their planned completion), cancelled, not due yet."""

import datetime

import pytest

from plans.models import Activity
from progress.selectors import DeliveryCounts, activity_delivery
from reporting.services import ActivityInput
from tests import factories
from tests.progress.progress_data import file_report
from tipmonitor.lib.reporting_periods import parse_period_code

pytestmark = pytest.mark.django_db

JAN, MAR, JUN, OCT, DEC = (
    datetime.date(2025, 1, 1),
    datetime.date(2025, 3, 31),
    datetime.date(2025, 6, 30),
    datetime.date(2025, 10, 1),
    datetime.date(2025, 12, 31),
)


def _update(activity: Activity, state: str) -> ActivityInput:
    return ActivityInput(activity_id=activity.pk, state=state, comment="Reported")


@pytest.fixture
def world(agency_a, agency_b, reporter_a, reporter_b, coordinator):
    plan = factories.PlanFactory.create(starts_on=JAN, ends_on=DEC)
    area_p = factories.AreaFactory.create(plan=plan, code="P")
    area_q = factories.AreaFactory.create(plan=plan, code="Q")
    in_p = factories.ObjectiveFactory.create(area=area_p)
    in_q = factories.ObjectiveFactory.create(area=area_q)

    def activity(code, objective, lead, starts_on, ends_on):
        return factories.ActivityFactory.create(
            objective=objective, code=code, lead_agency=lead, starts_on=starts_on, ends_on=ends_on
        )

    a = {
        "done": activity("C1", in_p, agency_a, JAN, MAR),
        "late": activity("C2", in_p, agency_a, JAN, JUN),
        "overdue": activity("C3", in_p, agency_a, JAN, MAR),
        "idle": activity("C4", in_p, agency_a, JAN, JUN),
        "running": activity("C5", in_p, agency_a, JAN, DEC),
        "dropped": activity("C6", in_p, agency_a, JAN, JUN),
        "future": activity("C7", in_p, agency_a, OCT, DEC),
        "slow": activity("C8", in_p, agency_a, JAN, DEC),
    }
    b_activity = activity("D1", in_q, agency_b, JAN, MAR)
    activity("D2", in_q, None, JAN, MAR)
    q1 = {
        "done": "completed",
        "late": "ongoing",
        "overdue": "ongoing",
        "idle": "not_started",
        "running": "ongoing",
        "dropped": "ongoing",
        "slow": "ongoing",
    }
    q2 = {
        # Past its planned end: the lead agency must say where it stands (annex 5).
        "overdue": "delayed",
        "late": "completed",
        "idle": "not_started",
        "running": "ongoing",
        "dropped": "cancelled",
        "slow": "delayed",
    }
    for quarter, states in (("2025-Q1", q1), ("2025-Q2", q2)):
        file_report(
            plan,
            reporter_a,
            quarter,
            activities=[_update(a[key], state) for key, state in states.items()],
            accept_by=coordinator,
        )
    # Agency B says it is done, but the report is not accepted yet.
    file_report(plan, reporter_b, "2025-Q1", activities=[_update(b_activity, "completed")])
    # The plan is revised: C2 should have been completed in the first quarter.
    Activity.objects.filter(pk=a["late"].pk).update(ends_on=MAR)
    return plan, area_p, area_q


def test_it_counts_delivery_by_area_and_lead_agency(world, agency_a, agency_b):
    plan, area_p, area_q = world

    groups = activity_delivery(plan, as_of=parse_period_code("2025-Q2"))

    expected_p = DeliveryCounts(
        completed_on_time=1,
        completed_late=1,
        not_started_though_due=1,
        ongoing=1,
        delayed=2,
        cancelled=1,
        not_due=1,
    )
    assert groups[("area", area_p)] == expected_p
    assert groups[("agency", agency_a)] == expected_p
    assert expected_p.total == 8
    # D1's completion awaits acceptance and nobody reported D2 (issue 9 #6: not reported is
    # not "not started though due"); D2 has no lead agency, so only its area counts it.
    assert groups[("area", area_q)] == DeliveryCounts(not_reported=2)
    assert groups[("agency", agency_b)] == DeliveryCounts(not_reported=1)
    assert len(groups) == 4


def test_it_reads_only_the_reports_up_to_the_date(world, agency_a):
    plan, _area_p, _area_q = world

    groups = activity_delivery(plan, as_of=datetime.date(2025, 3, 31))

    # The second quarter's completion, cancellation and delay are not known yet; C3 is due to
    # finish on the date itself, so still ongoing; C2's planned completion was that day too.
    assert groups[("agency", agency_a)] == DeliveryCounts(
        completed_on_time=1,
        not_started_though_due=1,
        ongoing=5,
        not_due=1,
    )


def test_it_needs_two_queries_however_many_activities(world, django_assert_num_queries):
    plan, _area_p, _area_q = world
    factories.grow_plan(plan, activities=20)

    with django_assert_num_queries(2):
        groups = activity_delivery(plan, as_of=parse_period_code("2025-Q2"))

    assert sum(counts.total for (kind, _key), counts in groups.items() if kind == "area") == 30


def test_it_counts_an_activity_nobody_reported_as_not_reported(
    agency_a, agency_b, reporter_a, coordinator
):
    plan = factories.PlanFactory.create(starts_on=JAN, ends_on=DEC)
    area = factories.AreaFactory.create(plan=plan)
    objective = factories.ObjectiveFactory.create(area=area)

    def activity(code, lead, starts_on):
        return factories.ActivityFactory.create(
            objective=objective, code=code, lead_agency=lead, starts_on=starts_on, ends_on=DEC
        )

    activity("S1", agency_b, JAN)  # its agency never reported
    idle = activity("S2", agency_a, JAN)
    activity("S3", agency_a, OCT)  # not in a report before it starts
    file_report(
        plan,
        reporter_a,
        "2025-Q1",
        activities=[_update(idle, "not_started")],
        accept_by=coordinator,
    )

    groups = activity_delivery(plan, as_of=parse_period_code("2025-Q2"))

    assert groups[("agency", agency_b)] == DeliveryCounts(not_reported=1)
    assert groups[("agency", agency_a)] == DeliveryCounts(not_started_though_due=1, not_due=1)
    assert groups[("area", area)] == DeliveryCounts(
        not_reported=1, not_started_though_due=1, not_due=1
    )
