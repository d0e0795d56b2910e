"""Model factories. Build realistic objects through the same shapes a user would create."""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth.hashers import make_password

from accounts.models import Role, RoleGrant, User
from agencies.models import Agency, AgencyType
from plans.models import (
    Activity,
    FundingSource,
    Indicator,
    Objective,
    Plan,
    PlanStatus,
    StrategicArea,
)

PASSWORD = "correct horse battery staple"


class AgencyFactory(factory.django.DjangoModelFactory[Agency]):
    class Meta:
        model = Agency
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"AG{n:03d}")
    name = factory.Sequence(lambda n: f"Agency number {n}")
    short_name = factory.Sequence(lambda n: f"Ag{n}")
    type = AgencyType.STATE


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.LazyFunction(lambda: make_password(PASSWORD))
    agency = factory.SubFactory(AgencyFactory)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or []:
            RoleGrant.objects.get_or_create(user=self, role=role)
        if Role.ADMINISTRATOR in (extracted or []):
            User.objects.filter(pk=self.pk).update(is_staff=True, is_superuser=True)
            self.is_staff = self.is_superuser = True


class PlanFactory(factory.django.DjangoModelFactory[Plan]):
    class Meta:
        model = Plan

    code = factory.Sequence(lambda n: f"NAP-{n}")
    title = factory.Sequence(lambda n: f"National Action Plan {n}")
    country = "Ruritania"
    starts_on = datetime.date(2024, 1, 1)
    ends_on = datetime.date(2026, 12, 31)
    currency = "EUR"
    status = PlanStatus.ADOPTED


class AreaFactory(factory.django.DjangoModelFactory[StrategicArea]):
    class Meta:
        model = StrategicArea

    plan = factory.SubFactory(PlanFactory)
    code = factory.Sequence(lambda n: f"A{n}")
    name = factory.Sequence(lambda n: f"Area {n}")
    position = factory.Sequence(int)


class ObjectiveFactory(factory.django.DjangoModelFactory[Objective]):
    class Meta:
        model = Objective

    area = factory.SubFactory(AreaFactory)
    plan = factory.SelfAttribute("area.plan")
    code = factory.Sequence(lambda n: f"O{n}")
    name = factory.Sequence(lambda n: f"Objective {n}")
    position = factory.Sequence(int)


class ActivityFactory(factory.django.DjangoModelFactory[Activity]):
    class Meta:
        model = Activity
        skip_postgeneration_save = True

    objective = factory.SubFactory(ObjectiveFactory)
    plan = factory.SelfAttribute("objective.plan")
    code = factory.Sequence(lambda n: f"ACT{n}")
    name = factory.Sequence(lambda n: f"Activity {n}")
    lead_agency = factory.SubFactory(AgencyFactory)
    starts_on = datetime.date(2024, 1, 1)
    ends_on = datetime.date(2024, 12, 31)
    result_indicator = "Done as planned"
    budget = Decimal("1000.00")
    funding_source = FundingSource.STATE_BUDGET
    position = factory.Sequence(int)


class IndicatorFactory(factory.django.DjangoModelFactory[Indicator]):
    class Meta:
        model = Indicator
        skip_postgeneration_save = True

    objective = factory.SubFactory(ObjectiveFactory)
    plan = factory.SelfAttribute("objective.plan")
    code = factory.Sequence(lambda n: f"IND{n}")
    name = factory.Sequence(lambda n: f"Indicator {n}")
    baseline = Decimal("10")
    baseline_year = 2023
    baseline_source = "Police statistics"
    midterm_target = Decimal("15")
    end_target = Decimal("20")
    means_of_verification = "Annual police report"
    position = factory.Sequence(int)

    @factory.post_generation
    def responsible(self, create, extracted, **kwargs):
        if extracted:
            self.responsible_agencies.set(extracted)


def grow_plan(plan: Plan, *, activities: int) -> None:
    """Add `activities` activities to `plan`, spread over nested objectives, each with an
    indicator, partner agencies and responsible agencies: a plan big enough that an N+1 query
    shows up as a growing count."""
    area = AreaFactory(plan=plan)
    parent = ObjectiveFactory(area=area)
    for n in range(activities):
        objective = ObjectiveFactory(area=area, parent=parent if n % 2 else None)
        activity = ActivityFactory.create(objective=objective, lead_agency=AgencyFactory())
        activity.partner_agencies.set([AgencyFactory.create()])
        IndicatorFactory(
            objective=None, activity=activity, plan=plan, responsible=[AgencyFactory()]
        )
        IndicatorFactory(objective=objective, responsible=[AgencyFactory()])
