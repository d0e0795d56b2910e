"""What the demo's coordination data points at, looked up once by code: the sample plan's areas,
activities and indicators, the agencies, the demo users, the recommendations; and the calendar
helpers that turn the data's day counts into dates and moments."""

import datetime
from dataclasses import dataclass, field
from typing import TypeVar

from django.utils import timezone

from accounts.models import User
from agencies.models import Agency
from coordination.models import Recommendation
from plans.models import Activity, Indicator, Plan, StrategicArea

DAY = datetime.timedelta(days=1)
DEMO_USERS = ("coordinator", "reporter", "ngo-reporter")
T = TypeVar("T")


class SampleDataError(LookupError):
    """The demo's coordination data names something the sample plan or the demo lacks: a bug
    in tipmonitor/sample/coordination, caught by its tests."""


@dataclass
class Elements:
    plan: Plan
    today: datetime.date
    now: datetime.datetime
    agencies: dict[str, Agency]
    users: dict[str, User]
    areas: dict[str, StrategicArea]
    activities: dict[str, Activity]
    indicators: dict[str, Indicator]
    recommendations: dict[str, Recommendation] = field(default_factory=dict)

    @classmethod
    def of(cls, plan: Plan, today: datetime.date, now: datetime.datetime) -> "Elements":
        return cls(
            plan=plan,
            today=today,
            now=now,
            agencies={agency.code: agency for agency in Agency.objects.all()},
            users={u.username: u for u in User.objects.filter(username__in=DEMO_USERS)},
            areas={area.code: area for area in plan.areas.all()},
            activities={
                a.code: a for a in plan.activities.select_related("objective", "lead_agency")
            },
            indicators={indicator.code: indicator for indicator in plan.indicators.all()},
            recommendations={r.code: r for r in plan.recommendations.all()},
        )

    @property
    def coordinator(self) -> User:
        return self.user("coordinator")

    def agency(self, code: str) -> Agency:
        return _found(self.agencies, code, "agency")

    def user(self, username: str) -> User:
        return _found(self.users, username, "demo user")

    def area(self, code: str) -> StrategicArea:
        return _found(self.areas, code, "area")

    def activity(self, code: str) -> Activity:
        return _found(self.activities, code, "activity")

    def indicator(self, code: str) -> Indicator:
        return _found(self.indicators, code, "indicator")

    def recommendation(self, code: str) -> Recommendation | None:
        """None when the recommendation is not there (someone deleted it from the demo)."""
        return self.recommendations.get(code)

    def area_of(self, activity_code: str) -> StrategicArea:
        return self.activity(activity_code).objective.area

    def moment(self, day: datetime.date, at: datetime.time) -> datetime.datetime:
        """`day` at `at` in the instance's time zone, never later than a few minutes ago."""
        moment = timezone.make_aware(datetime.datetime.combine(day, at))
        return min(moment, self.now - datetime.timedelta(minutes=5))


def _found(found: dict[str, T], code: str, what: str) -> T:
    try:
        return found[code]
    except KeyError:
        raise SampleDataError(
            f"The demo's coordination data names the {what} {code!r}, which "
            "the sample does not have."
        ) from None


def working_day(day: datetime.date) -> datetime.date:
    """The Tuesday, Wednesday or Thursday on or before `day`: when bodies meet."""
    while day.weekday() not in (1, 2, 3):
        day -= DAY
    return day
