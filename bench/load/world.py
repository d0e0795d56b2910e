"""The load test's world: a plan, agencies each with two clerks (reporters) and a head
(approver) who signs in with a TOTP device, a year of accepted history and a quarter due.

`build_world` writes it to the throwaway database Django is set up on and returns what the
locust users need (usernames, device keys, agencies, indicators), which `run.py` writes to a
file in the scratch directory and removes with it.
"""

import datetime
import secrets
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from bench.reporting_dataset import cells

# Each agency answers for this many quarterly indicators (each disaggregated by sex and age
# group: a total and five categories to enter per indicator) and leads two activities: a
# quarterly report of 60 numbers, 10 annex-5 entries and 2 activity updates.
INDICATORS_PER_AGENCY = 10
AGENCIES_PER_INDICATOR = 4
ACTIVITIES_PER_AGENCY = 2
HISTORY_QUARTERS = 4
# The total and the single-dimension categories: what the report's grid shows (the first six
# of `cells`, whose other six are sex x age-group combinations the grid does not ask for).
GRID_VALUES = 6
PASSWORD = "deadline-" + "load-test-2026"


@dataclass
class Person:
    username: str
    role: str  # "clerk1", "clerk2" (reporters) or "head" (approver)
    key: str  # the TOTP device's key, hex, as django-otp stores it


@dataclass
class AgencyPlan:
    id: int
    index: int
    code: str
    sign_off: bool
    indicators: list[tuple[int, int]]  # (indicator id, indicator index)
    activities: list[int]
    people: list[Person] = field(default_factory=list)


@dataclass
class Setup:
    plan_id: int
    period: str
    quarter_index: int  # seeds the values (`cells`), after the history's quarters
    password: str
    agencies: list[AgencyPlan]

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def last_quarter(today: datetime.date) -> tuple[int, int]:
    """(year, quarter) of the last quarter that ended before `today`: the one due now."""
    quarter = (today.month - 1) // 3  # the running quarter, 0-based
    if quarter == 0:
        return today.year - 1, 4
    return today.year, quarter


def quarter_bounds(year: int, q: int) -> tuple[datetime.date, datetime.date]:
    start = datetime.date(year, 3 * q - 2, 1)
    following = datetime.date(year + 1, 1, 1) if q == 4 else datetime.date(year, 3 * q + 1, 1)
    return start, following - datetime.timedelta(days=1)


def earlier(year: int, q: int, back: int) -> tuple[int, int]:
    n = year * 4 + (q - 1) - back
    return n // 4, n % 4 + 1


def build_world(agency_count: int, today: datetime.date) -> Setup:
    from accounts.models import Role, RoleGrant, User
    from agencies.models import Agency
    from plans.models import Plan, PlanStatus

    year, q = last_quarter(today)
    plan = Plan.objects.create(
        code="NAP-LOAD",
        title="National Action Plan (load test)",
        country="Ruritania",
        starts_on=datetime.date(year - 1, 1, 1),
        ends_on=datetime.date(year + 1, 12, 31),
        currency="EUR",
        status=PlanStatus.ADOPTED,
    )
    secretariat = Agency.objects.create(code="SEC", name="Coordinator's Secretariat")
    coordinator = User.objects.create(username="coordinator", agency=secretariat)
    RoleGrant.objects.create(user=coordinator, role=Role.COORDINATOR)
    Agency.objects.bulk_create(
        # Every other agency signs its reports off (its head approves what the clerks send).
        Agency(code=f"AG{n:03d}", name=f"Agency {n}", requires_sign_off=n % 2 == 1)
        for n in range(agency_count)
    )
    agencies = list(Agency.objects.exclude(pk=secretariat.pk).order_by("code"))
    indicators, activities = _plan_elements(plan, agencies)
    people = _people(agencies)
    setups = []
    for n, agency in enumerate(agencies):
        own = [(i.pk, k) for k, i in enumerate(indicators) if _answers_for(n, k, len(agencies))]
        setups.append(
            AgencyPlan(
                id=agency.pk,
                index=n,
                code=agency.code,
                sign_off=agency.requires_sign_off,
                indicators=own,
                activities=[a.pk for a in activities if a.lead_agency_id == agency.pk],
                people=people[agency.pk],
            )
        )
    _history(plan, coordinator, setups, (year, q))
    return Setup(
        plan_id=plan.pk,
        period=f"{year}-Q{q}",
        quarter_index=HISTORY_QUARTERS,
        password=PASSWORD,
        agencies=setups,
    )


def _answers_for(agency_index: int, indicator_index: int, agencies: int) -> bool:
    """Agency n answers for indicators k with k ≡ n (mod agencies/4): four agencies each."""
    groups = max(1, agencies // AGENCIES_PER_INDICATOR)
    return indicator_index % groups == agency_index % groups


def _plan_elements(plan: Any, agencies: list[Any]) -> tuple[list[Any], list[Any]]:
    from plans.models import Activity, Dimension, Indicator, Objective, StrategicArea

    areas = StrategicArea.objects.bulk_create(
        StrategicArea(plan=plan, code=str(n), name=f"Area {n}", position=n) for n in range(1, 6)
    )
    objectives = Objective.objects.bulk_create(
        Objective(
            plan=plan, area=areas[n % 5], code=f"{n % 5 + 1}.{n}", name=f"Objective {n}", position=n
        )
        for n in range(20)
    )
    groups = max(1, len(agencies) // AGENCIES_PER_INDICATOR)
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
        for n in range(groups * INDICATORS_PER_AGENCY)
    )
    indicators = list(Indicator.objects.filter(plan=plan).order_by("position"))
    responsible = Indicator.responsible_agencies.through
    responsible.objects.bulk_create(
        responsible(indicator_id=i.pk, agency_id=a.pk)
        for k, i in enumerate(indicators)
        for n, a in enumerate(agencies)
        if _answers_for(n, k, len(agencies))
    )
    dimensions = list(Dimension.objects.filter(code__in=("sex", "age_group")))
    assert len(dimensions) == 2, "the initial migration's dimensions sex and age_group"
    dimensioned = Indicator.dimensions.through
    dimensioned.objects.bulk_create(
        dimensioned(indicator_id=i.pk, dimension_id=d.pk) for i in indicators for d in dimensions
    )
    activities = Activity.objects.bulk_create(
        Activity(
            plan=plan,
            objective=objectives[n % 20],
            code=f"A{n}",
            name=f"Activity {n}",
            lead_agency=agencies[n % len(agencies)],
            starts_on=plan.starts_on,
            ends_on=plan.ends_on,
            position=n,
        )
        for n in range(ACTIVITIES_PER_AGENCY * len(agencies))
    )
    return indicators, activities


def _people(agencies: list[Any]) -> dict[int, list[Person]]:
    """Two clerks (reporters) and a head (approver) per agency, one password (hashed once:
    every sign-in still pays the hasher's full cost) and a confirmed TOTP device each."""
    from django.contrib.auth.hashers import make_password
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.models import Role, RoleGrant, User

    hashed = make_password(PASSWORD)
    roles = {"clerk1": Role.REPORTER, "clerk2": Role.REPORTER, "head": Role.APPROVER}
    users = User.objects.bulk_create(
        User(
            username=f"{agency.code.lower()}-{name}",
            agency=agency,
            email=f"{agency.code.lower()}-{name}@example.org",
            password=hashed,
        )
        for agency in agencies
        for name in roles
    )
    RoleGrant.objects.bulk_create(
        RoleGrant(user=user, role=roles[user.username.split("-")[1]]) for user in users
    )
    keys = {user.pk: secrets.token_hex(20) for user in users}
    TOTPDevice.objects.bulk_create(
        TOTPDevice(user=user, name="default", key=keys[user.pk], confirmed=True) for user in users
    )
    people: dict[int, list[Person]] = {agency.pk: [] for agency in agencies}
    for user in users:
        role = user.username.split("-")[1]
        assert user.agency_id is not None
        people[user.agency_id].append(Person(user.username, role, keys[user.pk]))
    return people


def _history(plan: Any, coordinator: Any, agencies: list[AgencyPlan], due: tuple[int, int]) -> None:
    """The year before the quarter due, accepted: the report list shows it, and the outlier
    rule has earlier totals to compare each new total with."""
    from django.utils import timezone

    from reporting.matrix import due_date
    from reporting.models import IndicatorValue, Report, ReportStatus, ValueSource
    from reporting.validation import format_breakdown

    now = timezone.now()
    quarters = [earlier(*due, back) for back in range(HISTORY_QUARTERS, 0, -1)]
    reports = Report.objects.bulk_create(
        Report(
            plan=plan,
            agency_id=agency.id,
            period=f"{y}-Q{q}",
            period_start=quarter_bounds(y, q)[0],
            period_end=quarter_bounds(y, q)[1],
            due_on=due_date(quarter_bounds(y, q)[1], plan.report_deadline_days),
            status=ReportStatus.ACCEPTED,
            first_submitted_at=now,
            submitted_at=now,
            accepted_at=now,
            accepted_by=coordinator,
        )
        for agency in agencies
        for y, q in quarters
    )
    by_key = {(r.agency_id, r.period): r for r in reports}
    IndicatorValue.objects.bulk_create(
        (
            IndicatorValue(
                report=by_key[(agency.id, f"{y}-Q{q}")],
                indicator_id=indicator_id,
                period=f"{y}-Q{q}",
                breakdown=format_breakdown(breakdown),
                value=Decimal(value),
                source=ValueSource.BULK,
                entered_by=coordinator,
                entered_at=now,
            )
            for agency in agencies
            for quarter_index, (y, q) in enumerate(quarters)
            for indicator_id, k in agency.indicators
            for breakdown, value in list(cells(agency.index, quarter_index, k))[:GRID_VALUES]
        ),
        batch_size=5000,
    )
