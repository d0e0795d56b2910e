"""`coordination.selectors.recommendations.tracker` and `tracker_summary`: each recommendation
with its activities, what the agencies reported on them, its indicators' statuses and the
status they propose beside the confirmed one; the summary counts confirmed statuses."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coordination.models import (
    ImplementationStatus,
    Recommendation,
    RecommendationSource,
    Theme,
    TrackerPublication,
)
from coordination.selectors.recommendations import (
    UNCONFIRMED,
    TrackerFilters,
    published_tracker_summaries,
    tracker,
    tracker_summary,
)
from plans.models import Activity, Plan
from reporting.services import ActivityInput, EntryInput
from tests import factories
from tests.progress.progress_data import file_report

pytestmark = pytest.mark.django_db

JUNE = datetime.date(2024, 6, 30)


def _recommendation(plan: Plan, code: str, *activities: Activity, **fields) -> Recommendation:
    fields.setdefault("source", RecommendationSource.GRETA)
    recommendation = Recommendation.objects.create(
        plan=plan, code=code, text=f"Recommendation {code}", **fields
    )
    recommendation.activities.set(activities)
    return recommendation


def _report(plan, reporter, quarter, coordinator, states: dict[Activity, str]) -> None:
    """The reporter's agency reports the activities' states, accepted by the coordinator (its
    indicators' totals said to be unavailable, which a complete report allows)."""
    file_report(
        plan,
        reporter,
        quarter,
        entries=[
            EntryInput(indicator_id=pk, comment="Not counted yet.")
            for pk in plan.indicators.filter(responsible_agencies=reporter.agency).values_list(
                "pk", flat=True
            )
        ],
        activities=[
            ActivityInput(activity_id=a.pk, state=state, comment=f"{a.code} {state} {quarter}")
            for a, state in states.items()
        ],
        accept_by=coordinator,
    )


def test_it_traces_activities_evidence_and_proposes_a_status(plan, reporter_a, coordinator):
    first = plan.activities.get(code="2.1.1")  # led by agency A
    second = plan.activities.get(code="2.1.2")  # led by agency B, never reported
    _recommendation(plan, "GRETA-1", first, second, high_priority=True)
    _recommendation(plan, "GRETA-2")
    _report(plan, reporter_a, "2024-Q1", coordinator, {first: "ongoing"})
    _report(plan, reporter_a, "2024-Q2", coordinator, {first: "completed"})

    rows = {row.recommendation.code: row for row in tracker(plan, as_of=JUNE)}

    traced = rows["GRETA-1"]
    assert [a.activity.code for a in traced.activities] == ["2.1.1", "2.1.2"]
    assert [a.state for a in traced.activities] == ["completed", None]
    assert [(r.period, r.state) for r in traced.activities[0].reports] == [
        ("2024-Q2", "completed"),
        ("2024-Q1", "ongoing"),
    ]
    assert traced.activities[0].reports[0].comment == "2.1.1 completed 2024-Q2"
    assert traced.proposed.status == ImplementationStatus.PARTLY
    assert "1 of 2" in traced.proposed.reason
    assert traced.status == ""
    assert not traced.confirmed
    assert rows["GRETA-2"].proposed.status == ImplementationStatus.NOT_STARTED


def test_it_counts_only_accepted_reports_up_to_the_date(plan, reporter_a, coordinator):
    first = plan.activities.get(code="2.1.1")
    _recommendation(plan, "R1", first)
    _report(plan, reporter_a, "2024-Q1", coordinator, {first: "ongoing"})
    # Submitted, not accepted: it does not count.
    indicator = plan.indicators.get(code="I2.1")
    file_report(
        plan,
        reporter_a,
        "2024-Q2",
        entries=[EntryInput(indicator_id=indicator.pk, comment="Not counted yet.")],
        activities=[ActivityInput(activity_id=first.pk, state="completed", comment="")],
    )

    (row,) = tracker(plan, as_of=JUNE)
    assert row.activities[0].state == "ongoing"
    (early,) = tracker(plan, as_of=datetime.date(2023, 12, 31))
    assert early.activities[0].state is None
    assert early.activities[0].reports == []


def test_it_judges_the_indicators_of_the_activities(plan, reporter_a, coordinator):
    first = plan.activities.get(code="2.1.1")
    factories.IndicatorFactory(objective=None, activity=first, plan=plan, code="I-ACT")
    _recommendation(plan, "R1", first)
    _report(plan, reporter_a, "2024-Q1", coordinator, {first: "completed"})

    (row,) = tracker(plan, as_of=JUNE)
    assert [i.indicator.code for i in row.indicators] == ["I-ACT"]
    assert row.indicators[0].status == "no_data"
    assert row.proposed.status == ImplementationStatus.FULLY


def test_it_flags_activities_off_track(plan, reporter_a, coordinator):
    first = plan.activities.get(code="2.1.1")
    _recommendation(plan, "R1", first)
    _report(plan, reporter_a, "2024-Q1", coordinator, {first: "delayed"})
    (row,) = tracker(plan, as_of=JUNE)
    assert row.activities[0].delivery == "delayed"
    assert row.off_track


def test_it_filters_by_source_theme_status_and_priority(plan):
    _recommendation(plan, "G1", theme=Theme.PROTECTION, high_priority=True)
    _recommendation(
        plan, "T1", source=RecommendationSource.US_TIP, status=ImplementationStatus.FULLY
    )
    codes = lambda rows: [row.recommendation.code for row in rows]  # noqa: E731
    assert codes(tracker(plan, source="us_tip")) == ["T1"]
    assert codes(tracker(plan, filters=TrackerFilters(theme="protection"))) == ["G1"]
    assert codes(tracker(plan, filters=TrackerFilters(status=UNCONFIRMED))) == ["G1"]
    assert codes(tracker(plan, filters=TrackerFilters(status="fully"))) == ["T1"]
    assert codes(tracker(plan, filters=TrackerFilters(high_priority=True))) == ["G1"]


def test_it_reads_the_tracker_in_a_fixed_number_of_queries(plan, reporter_a, coordinator):
    first = plan.activities.get(code="2.1.1")
    _recommendation(plan, "R0", first)
    _report(plan, reporter_a, "2024-Q1", coordinator, {first: "ongoing"})
    with CaptureQueriesContext(connection) as few:
        tracker(plan, as_of=JUNE)
    factories.grow_plan(plan, activities=6)
    for n, activity in enumerate(plan.activities.all()):
        _recommendation(plan, f"R{n + 1}", activity).agencies.set([activity.lead_agency])
    with CaptureQueriesContext(connection) as many:
        rows = tracker(plan, as_of=JUNE)
    assert len(rows) == 9
    assert len(many.captured_queries) == len(few.captured_queries)


def test_it_summarises_confirmed_statuses_by_source_and_theme(plan):
    _recommendation(plan, "G1", theme=Theme.PROTECTION, status=ImplementationStatus.FULLY)
    _recommendation(plan, "G2", theme=Theme.PROTECTION, high_priority=True)
    _recommendation(plan, "T1", source=RecommendationSource.US_TIP, status="partly")

    summary = tracker_summary(plan)

    assert summary.total.total == 3
    assert {key: count for key, _label, count in summary.by_status} == {
        "not_started": 0,
        "partly": 1,
        "largely": 0,
        "fully": 1,
        "not_applicable": 0,
        UNCONFIRMED: 1,
    }
    assert [(g.key, g.total) for g in summary.by_source] == [("greta", 2), ("us_tip", 1)]
    assert [(g.key, g.counts) for g in summary.by_theme] == [
        ("protection", {"fully": 1, UNCONFIRMED: 1}),
        ("", {"partly": 1}),
    ]
    assert summary.high_priority == 1
    assert not summary.published


def test_it_lists_only_published_summaries(plan):
    other = factories.PlanFactory()
    _recommendation(plan, "G1")
    TrackerPublication.objects.create(plan=plan, published=True)
    TrackerPublication.objects.create(plan=other, published=False)
    assert [s.plan for s in published_tracker_summaries([plan, other])] == [plan]
