"""A plan for the report services' tests (plan 2025): agency A (POL) answers for a quarterly
count broken down by sex and age group (V1), a monthly count (M1), an annual percentage (P1) and
a semiannual qualitative indicator (Q1), and leads activity A1 (all of 2025); agency B (NGO1)
answers for one quarterly count (B1) and leads activity B-ACT in Q3 only.

So agency A's 2025-Q2 report holds V1 2025-Q2, M1 2025-04/05/06 and Q1 2025-S1, plus A1."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from accounts.models import User
from agencies.models import Agency
from plans.models import (
    Activity,
    Dimension,
    DimensionCategory,
    Frequency,
    Indicator,
    IndicatorType,
    Plan,
)
from reporting import services
from reporting.models import Report
from reporting.services import ActivityInput, EntryInput, ValueInput
from tests import factories


@dataclass
class World:
    plan: Plan
    victims: Indicator  # V1, quarterly, by sex (female, male, other) and age group
    monthly: Indicator  # M1
    share: Indicator  # P1, annual percentage
    story: Indicator  # Q1, semiannual qualitative
    shelter: Indicator  # B1, agency B
    activity: Activity  # A1, led by agency A
    activity_b: Activity


def dimension(code: str, name: str, categories: list[str]) -> Dimension:
    made, _created = Dimension.objects.get_or_create(code=code, defaults={"name": name})
    for position, category in enumerate(categories):
        DimensionCategory.objects.get_or_create(
            dimension=made, code=category, defaults={"name": category.title(), "position": position}
        )
    return made


def build_world(agency_a: Agency, agency_b: Agency) -> World:
    plan = factories.PlanFactory.create(
        code="NAP-CORE", starts_on=datetime.date(2025, 1, 1), ends_on=datetime.date(2025, 12, 31)
    )
    objective = factories.ObjectiveFactory.create(
        area=factories.AreaFactory.create(plan=plan), code="1.1"
    )

    def indicator(code: str, agency: Agency, **fields) -> Indicator:
        return factories.IndicatorFactory.create(
            objective=objective, code=code, responsible=[agency], **fields
        )

    victims = indicator("V1", agency_a)
    victims.dimensions.set(
        [
            dimension("sex", "Sex", ["female", "male"]),
            dimension("age_group", "Age group", ["child", "adult"]),
        ]
    )
    return World(
        plan=plan,
        victims=victims,
        monthly=indicator("M1", agency_a, frequency=Frequency.MONTHLY),
        share=indicator("P1", agency_a, frequency=Frequency.ANNUAL, type=IndicatorType.PERCENTAGE),
        story=indicator(
            "Q1", agency_a, frequency=Frequency.SEMIANNUAL, type=IndicatorType.QUALITATIVE
        ),
        shelter=indicator("B1", agency_b),
        activity=factories.ActivityFactory.create(
            objective=objective,
            code="A1",
            lead_agency=agency_a,
            starts_on=datetime.date(2025, 1, 1),
            ends_on=datetime.date(2025, 12, 31),
        ),
        activity_b=factories.ActivityFactory.create(
            objective=objective,
            code="B-ACT",
            lead_agency=agency_b,
            starts_on=datetime.date(2025, 7, 1),
            ends_on=datetime.date(2025, 9, 30),
        ),
    )


def save(report: Report, user: User, *, values=(), entries=(), activities=(), **header) -> Report:
    return services.report_save(
        report=report,
        user=user,
        revision=report.revision,
        contact_person=header.get("contact_person", "A. Clerk"),
        general_observations=header.get("general_observations", ""),
        values=list(values),
        entries=list(entries),
        activities=list(activities),
    )


def value(indicator: Indicator, period: str, number: str | None, breakdown: str = "", comment=""):
    return ValueInput(
        indicator_id=indicator.pk,
        period=period,
        breakdown=breakdown,
        value=None if number is None else Decimal(number),
        comment=comment,
    )


def complete_q2(world: World, report: Report, user: User) -> Report:
    """Everything agency A's 2025-Q2 report needs to be submitted."""
    return save(
        report,
        user,
        values=[
            value(world.victims, "2025-Q2", "10"),
            value(world.victims, "2025-Q2", "4", "age_group=child"),
            value(world.victims, "2025-Q2", "6", "age_group=adult"),
            value(world.victims, "2025-Q2", "3", "sex=female"),
            value(world.monthly, "2025-04", "1"),
            value(world.monthly, "2025-05", "2"),
            value(world.monthly, "2025-06", "3"),
        ],
        entries=[
            EntryInput(indicator_id=world.story.pk, narrative="Going well", rating="achieved")
        ],
        activities=[ActivityInput(activity_id=world.activity.pk, state="ongoing", percent_done=50)],
    )


def submitted_q2(world: World, reporter: User) -> Report:
    assert reporter.agency is not None
    report = services.report_open(
        plan=world.plan, agency=reporter.agency, period="2025-Q2", user=reporter
    )
    report = complete_q2(world, report, reporter)
    return services.report_submit(report=report, user=reporter, revision=report.revision)


def accepted_q2(world: World, reporter: User, coordinator: User) -> Report:
    report = submitted_q2(world, reporter)
    return services.report_accept(report=report, user=coordinator)
