"""A plan for the dashboard tests (views and browser), filled the real way: agencies file their
quarterly reports through `reporting.services` and the coordinator accepts them.

Plan 2024–2026 judged as of 2025-Q4; areas P (prevention), Q (protection), R (prosecution):
- V-OFF (objective Q1, agencies A and B, baseline 0, end target 200): 5 a quarter from each
  agency in 2025, 40 by 2025-Q4 against about 133 expected (progress 0.3): off track. Agency
  A says "on track": flagged. Values broken down by sex.
- V-ON (objective P1.1 under P1, agency B, baseline 0, end target 20): 5 a quarter in 2025, 20:
  achieved. Agency B says "on track": agrees.
- V-NONE (objective R1, agency A): nothing reported: no data.
- Activities A1 (P1, led by A, due by 2025-03-31, completed in 2025-Q2: late) and A2 (Q1, led
  by B, running through the plan, ongoing).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from accounts.models import User
from agencies.models import Agency
from plans.models import Activity, Dimension, DimensionCategory, Indicator, Plan
from reporting.models import ActivityState, Assessment
from reporting.services import ActivityInput, EntryInput, ValueInput
from tests import factories
from tests.progress.progress_data import COMMENT, file_report

QUARTERS = ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]
AS_OF = "2025-Q4"
A1_STATES = {"2025-Q1": ActivityState.ONGOING, "2025-Q2": ActivityState.COMPLETED}


@dataclass
class Dashboard:
    plan: Plan
    off: Indicator
    on: Indicator
    none: Indicator
    a1: Activity
    a2: Activity


def _sex() -> Dimension:
    sex, _created = Dimension.objects.get_or_create(code="sex", defaults={"name": "Sex"})
    for position, (code, name) in enumerate((("female", "Female"), ("male", "Male"))):
        DimensionCategory.objects.get_or_create(
            dimension=sex, code=code, defaults={"name": name, "position": position}
        )
    return sex


def build_plan(agency_a: Agency, agency_b: Agency) -> Dashboard:
    plan = factories.PlanFactory.create(code="NAP-DASH", title="Dashboard plan 2024–2026")
    area_p = factories.AreaFactory.create(plan=plan, code="P", name="Prevention")
    area_q = factories.AreaFactory.create(plan=plan, code="Q", name="Protection")
    area_r = factories.AreaFactory.create(plan=plan, code="R", name="Prosecution")
    p1 = factories.ObjectiveFactory.create(area=area_p, code="P1", name="Awareness raised")
    p11 = factories.ObjectiveFactory.create(
        area=area_p, parent=p1, code="P1.1", name="Schools reached"
    )
    q1 = factories.ObjectiveFactory.create(area=area_q, code="Q1", name="Victims identified")
    r1 = factories.ObjectiveFactory.create(area=area_r, code="R1", name="Traffickers convicted")
    off = factories.IndicatorFactory.create(
        objective=q1,
        code="V-OFF",
        name="Victims identified",
        baseline=Decimal(0),
        midterm_target=None,
        end_target=Decimal(200),
        responsible=[agency_a, agency_b],
    )
    off.dimensions.add(_sex())
    on = factories.IndicatorFactory.create(
        objective=p11,
        code="V-ON",
        name="Schools visited",
        baseline=Decimal(0),
        midterm_target=None,
        end_target=Decimal(20),
        responsible=[agency_b],
    )
    none = factories.IndicatorFactory.create(
        objective=r1, code="V-NONE", name="Convictions", responsible=[agency_a]
    )
    a1 = factories.ActivityFactory.create(
        objective=p1,
        code="A1",
        lead_agency=agency_a,
        starts_on=datetime.date(2024, 7, 1),
        ends_on=datetime.date(2025, 3, 31),
    )
    a2 = factories.ActivityFactory.create(
        objective=q1,
        code="A2",
        lead_agency=agency_b,
        starts_on=plan.starts_on,
        ends_on=plan.ends_on,
    )
    return Dashboard(plan=plan, off=off, on=on, none=none, a1=a1, a2=a2)


def _value(indicator: Indicator, quarter: str, value: int, breakdown: str = "") -> ValueInput:
    return ValueInput(indicator.pk, quarter, breakdown, Decimal(value), COMMENT)


def fill_reports(data: Dashboard, reporter_a: User, reporter_b: User, coordinator: User) -> None:
    """Every 2025 quarter: both agencies report and the coordinator accepts."""
    for quarter in QUARTERS:
        last = quarter == AS_OF
        file_report(
            data.plan,
            reporter_a,
            quarter,
            values=[
                _value(data.off, quarter, 5),
                _value(data.off, quarter, 3, "sex=female"),
                _value(data.off, quarter, 2, "sex=male"),
            ],
            entries=[
                EntryInput(
                    data.off.pk,
                    narrative="Police identified victims at the border.",
                    assessment=Assessment.ON_TRACK,
                    comment="Police say: on track, more operations planned." if last else "",
                ),
                EntryInput(data.none.pk, comment="Court statistics are not published yet."),
            ],
            # A1 is due by 2025-Q1, stays in the reports while overdue, completed in Q2: late.
            activities=[
                ActivityInput(data.a1.pk, state) for state in [A1_STATES.get(quarter)] if state
            ],
            accept_by=coordinator,
        )
        file_report(
            data.plan,
            reporter_b,
            quarter,
            values=[
                _value(data.off, quarter, 5),
                _value(data.off, quarter, 4, "sex=female"),
                _value(data.off, quarter, 1, "sex=male"),
                _value(data.on, quarter, 5),
            ],
            entries=[
                EntryInput(data.off.pk, assessment=Assessment.OFF_TRACK),
                EntryInput(data.on.pk, assessment=Assessment.ON_TRACK, comment="All visited."),
            ],
            activities=[ActivityInput(data.a2.pk, ActivityState.ONGOING)],
            accept_by=coordinator,
        )


def grow(plan: Plan, agency_count: int, *, also: Agency | None = None) -> None:
    """More areas, objectives, indicators and agencies with accepted reports: a page whose
    query count grows with them has an N+1. With `also`, that agency answers for the new
    indicators too and leads one more activity in each new area."""
    for n in range(agency_count):
        agency = factories.AgencyFactory.create(code=f"EXTRA{n}")
        reporter = factories.UserFactory.create(
            username=f"extra{n}", agency=agency, roles=["reporter"]
        )
        area = factories.AreaFactory.create(plan=plan, code=f"X{n}")
        objective = factories.ObjectiveFactory.create(area=area, code=f"X{n}.1")
        child = factories.ObjectiveFactory.create(area=area, parent=objective, code=f"X{n}.1.1")
        indicators = [
            factories.IndicatorFactory.create(
                objective=child if i else objective,
                code=f"X{n}-{i}",
                responsible=[agency, also] if also else [agency],
            )
            for i in range(2)
        ]
        activity = factories.ActivityFactory.create(objective=child, lead_agency=agency)
        if also is not None:
            factories.ActivityFactory.create(objective=objective, lead_agency=also)
        coordinator = User.objects.get(username="coordinator")
        file_report(
            plan,
            reporter,
            "2025-Q4",
            values=[_value(indicator, "2025-Q4", 7) for indicator in indicators],
            entries=[
                EntryInput(indicators[0].pk, assessment=Assessment.OFF_TRACK, comment="Slow.")
            ],
            activities=[ActivityInput(activity.pk, ActivityState.ONGOING)],
            accept_by=coordinator,
        )
