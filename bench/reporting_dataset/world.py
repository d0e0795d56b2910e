"""The reporting benchmark's plan: 80 agencies each responsible for 200 quarterly indicators,
disaggregated by sex and age group, over the twelve quarters of 2023–2025."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

AGENCIES, QUICK_AGENCIES, INDICATORS = 80, 8, 200
PLAN_START, PLAN_END = datetime.date(2023, 1, 1), datetime.date(2025, 12, 31)
QUARTERS = [f"{year}-Q{q}" for year in (2023, 2024, 2025) for q in (1, 2, 3, 4)]
# The dimensions the initial migration creates, with all their categories, so that every sum check
# applies.
DIMENSIONS = {"sex": ("female", "male", "other"), "age_group": ("child", "adult")}
VALUES_PER_CELL = 1 + 3 + 2 + 3 * 2  # total, single-dimension breakdowns, full combinations


@dataclass(frozen=True)
class Scale:
    agencies: int
    import_agencies: int

    @property
    def values(self) -> int:
        return self.agencies * len(QUARTERS) * INDICATORS * VALUES_PER_CELL


@dataclass
class World:
    plan: Any
    coordinator: Any
    agencies: list[Any]
    indicators: list[Any]


def build_world(scale: Scale) -> World:
    from accounts.models import Role, RoleGrant, User
    from agencies.models import Agency
    from plans.models import (
        Activity,
        Dimension,
        DimensionCategory,
        Indicator,
        Objective,
        Plan,
        PlanStatus,
        StrategicArea,
    )

    secretariat = Agency.objects.create(code="SEC", name="Coordinator's Secretariat")
    coordinator = User.objects.create(username="coordinator", agency=secretariat)
    RoleGrant.objects.create(user=coordinator, role=Role.COORDINATOR)
    Agency.objects.bulk_create(
        Agency(code=f"AG{n:03d}", name=f"Agency {n}", short_name=f"Ag{n}")
        for n in range(1, scale.agencies + 1)
    )
    agencies = list(Agency.objects.exclude(pk=secretariat.pk).order_by("code"))
    # A reporter per agency: reminders and "my reports" have someone to look at.
    reporters = User.objects.bulk_create(
        User(username=f"reporter{n}", agency=agency, email=f"reporter{n}@example.org")
        for n, agency in enumerate(agencies)
    )
    RoleGrant.objects.bulk_create(RoleGrant(user=u, role=Role.REPORTER) for u in reporters)
    plan = Plan.objects.create(
        code="NAP-BENCH",
        title="National Action Plan 2023–2025",
        country="Ruritania",
        starts_on=PLAN_START,
        ends_on=PLAN_END,
        currency="EUR",
        status=PlanStatus.ADOPTED,
    )
    dimensions = list(Dimension.objects.filter(code__in=DIMENSIONS))
    for dimension in dimensions:
        categories = DimensionCategory.objects.filter(dimension=dimension)
        assert set(categories.values_list("code", flat=True)) == set(DIMENSIONS[dimension.code])
    areas = StrategicArea.objects.bulk_create(
        StrategicArea(plan=plan, code=str(n), name=f"Area {n}", position=n) for n in range(1, 6)
    )
    objectives = Objective.objects.bulk_create(
        Objective(
            plan=plan, area=areas[n % 5], code=f"{n % 5 + 1}.{n}", name=f"Objective {n}", position=n
        )
        for n in range(20)
    )
    # Two activities led by each agency, running through the plan: they make quarters due too.
    Activity.objects.bulk_create(
        Activity(
            plan=plan,
            objective=objectives[n % 20],
            code=f"A{n}",
            name=f"Activity {n}",
            lead_agency=agencies[n % len(agencies)],
            starts_on=PLAN_START,
            ends_on=PLAN_END,
            position=n,
        )
        for n in range(2 * len(agencies))
    )
    Indicator.objects.bulk_create(
        Indicator(
            plan=plan,
            objective=objectives[n % 20],
            code=f"I{n:03d}",
            name=f"Indicator {n}",
            frequency="quarterly",
            type="number",
            baseline=Decimal(10),
            end_target=Decimal(40),
            position=n,
        )
        for n in range(INDICATORS)
    )
    indicators = list(Indicator.objects.filter(plan=plan).order_by("position"))
    responsible = Indicator.responsible_agencies.through
    responsible.objects.bulk_create(
        (responsible(indicator_id=i.pk, agency_id=a.pk) for i in indicators for a in agencies),
        batch_size=5000,
    )
    dimensioned = Indicator.dimensions.through
    dimensioned.objects.bulk_create(
        dimensioned(indicator_id=i.pk, dimension_id=d.pk) for i in indicators for d in dimensions
    )
    return World(plan=plan, coordinator=coordinator, agencies=agencies, indicators=indicators)
