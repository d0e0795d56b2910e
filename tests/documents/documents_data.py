"""Shared by the documents tests: a plan with two areas whose indicators and activities were
reported the real way (`reporting.services`), so the documents read what agencies write.

As of 2025-12-31 (plan 2024-01-01 to 2026-12-31), worked by hand:
- I2.1 (Prevention, police; baseline 10, mid-term 15 on 2025-07-01, end target 20, cumulative):
  1 a quarter for eight quarters, actual 8; expected 15 + 5 × 183/548 = 16.67; progress
  (8 − 10)/6.67 = −30 %: off track. The police assess it off track in 2025-Q4
  ("Schools closed for repairs"), spent 500 on it, donor EU.
- I3.1 (Protection, shelter NGO; baseline 0, end target 100): 70 in 2025-Q4; expected 66.67 (two
  thirds of the plan's days), progress 105 %: on track.
- Activity 2.1.1 (police): delayed in 2025-Q4, 40 % done, 250 spent ("Contractor late").
"""

from decimal import Decimal

import pytest

from accounts.models import User
from plans.models import Indicator, Objective, Plan
from reporting import services
from reporting.services import ActivityInput, EntryInput, ValueInput
from tests import factories
from tests.progress.progress_data import import_values

OBSERVATION = "Police reorganised in October."
OFF_TRACK_COMMENT = "Schools closed for repairs"


def _file(plan: Plan, reporter: User, coordinator: User, quarter: str, **parts: object) -> None:
    assert reporter.agency is not None
    report = services.report_open(plan=plan, agency=reporter.agency, period=quarter, user=reporter)
    report = services.report_save(
        report=report,
        user=reporter,
        revision=report.revision,
        contact_person="A. Clerk",
        general_observations=str(parts.get("observations", "")),
        values=list(parts.get("values", [])),  # type: ignore[call-overload]
        entries=list(parts.get("entries", [])),  # type: ignore[call-overload]
        activities=list(parts.get("activities", [])),  # type: ignore[call-overload]
    )
    report = services.report_submit(report=report, user=reporter, revision=report.revision)
    services.report_accept(report=report, user=coordinator)


@pytest.fixture
def reported_plan(plan, coordinator, reporter_a, reporter_b, agency_b) -> Plan:
    plan.languages = "en,hy,ru"
    plan.save()
    protection = Objective.objects.get(plan=plan, code="3.1")
    i31 = factories.IndicatorFactory.create(
        objective=protection,
        code="I3.1",
        name="Victims identified",
        baseline=Decimal(0),
        midterm_target=None,
        end_target=Decimal(100),
        responsible=[agency_b],
    )
    i21 = Indicator.objects.get(plan=plan, code="I2.1")
    quarters = [f"{y}-Q{q}" for y in (2024, 2025) for q in (1, 2, 3, 4)]
    import_values(plan, coordinator, [("I2.1", q, "POL", "1") for q in quarters[:-1]])
    activity = plan.activities.get(code="2.1.1")
    _file(
        plan,
        reporter_a,
        coordinator,
        "2025-Q4",
        observations=OBSERVATION,
        values=[ValueInput(i21.pk, "2025-Q4", "", Decimal(1))],
        entries=[
            EntryInput(
                i21.pk,
                budget_spent=Decimal(500),
                donors="EU",
                assessment="off_track",
                comment=OFF_TRACK_COMMENT,
            )
        ],
        activities=[
            ActivityInput(activity.pk, "delayed", 40, Decimal(250), comment="Contractor late")
        ],
    )
    _file(
        plan,
        reporter_b,
        coordinator,
        "2025-Q4",
        values=[ValueInput(i31.pk, "2025-Q4", "", Decimal(70))],
        entries=[EntryInput(i31.pk, assessment="on_track")],
        # Past its planned end: its lead agency must say where it stands (annex 5).
        activities=[ActivityInput(plan.activities.get(code="2.1.2").pk, "ongoing")],
    )
    return plan
