"""Creating and changing the activities of a plan."""

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction

from agencies.models import Agency
from plans import rules
from plans.models import Activity, DatePrecision, Objective, Plan, names_clean
from tipmonitor.lib.periods import period_first_day, period_last_day

if TYPE_CHECKING:  # django-stubs is a development dependency
    pass

from ._common import _code_must_be_free, _Errors, _must_belong, _next_position

# Activities ------------------------------------------------------------------------------------


def _check_activity(activity: Activity, plan: Plan) -> None:
    errors = _Errors()
    errors.check_model(activity, exclude=["plan", "objective", "lead_agency", "budget"])
    _code_must_be_free(errors, activity, plan)
    _must_belong(errors, "objective", activity.objective, plan)
    period = rules.activity_period_errors(
        starts_on=activity.starts_on,
        starts_precision=activity.starts_precision,
        ends_on=activity.ends_on,
        ends_precision=activity.ends_precision,
        plan_start=plan.starts_on,
        plan_end=plan.ends_on,
    )
    funding = rules.funding_errors(activity.funding_source, activity.funder)
    if budget := rules.amount_error(activity.budget):
        errors.add("budget", budget)
    for field, message in (period | funding).items():
        errors.add(field, message)
    errors.raise_if_any()


def _set_activity_fields(activity: Activity, fields: dict) -> None:
    for name, value in fields.items():
        setattr(activity, name, value)
    # A quarter or a year is stored as its first day (start) and its last day (end).
    activity.starts_on = activity.starts_on and period_first_day(
        activity.starts_on, activity.starts_precision
    )
    activity.ends_on = activity.ends_on and period_last_day(
        activity.ends_on, activity.ends_precision
    )
    if activity.starts_on is None:
        activity.starts_precision = DatePrecision.DAY
    if activity.ends_on is None:
        activity.ends_precision = DatePrecision.DAY


@transaction.atomic
def activity_create(
    *,
    plan: Plan,
    objective: Objective,
    code: str,
    name: str,
    lead_agency: Agency | None = None,
    partner_agencies: Iterable[Agency] = (),
    starts_on: datetime.date | None = None,
    starts_precision: str = DatePrecision.DAY,
    ends_on: datetime.date | None = None,
    ends_precision: str = DatePrecision.DAY,
    result_indicator: str = "",
    budget: Decimal | None = None,
    funding_source: str = "",
    funder: str = "",
    name_i18n: Mapping[str, str] | None = None,
) -> Activity:
    fields = locals().copy()
    del fields["partner_agencies"]
    fields["name_i18n"] = names_clean(name_i18n)
    activity = Activity()
    _set_activity_fields(activity, fields)
    _check_activity(activity, plan)
    activity.position = _next_position(plan.activities.all())
    activity.save()
    activity.partner_agencies.set(partner_agencies)
    return activity


@transaction.atomic
def activity_update(
    *,
    activity: Activity,
    objective: Objective,
    code: str,
    name: str,
    lead_agency: Agency | None,
    partner_agencies: Iterable[Agency],
    starts_on: datetime.date | None,
    starts_precision: str,
    ends_on: datetime.date | None,
    ends_precision: str,
    result_indicator: str,
    budget: Decimal | None,
    funding_source: str,
    funder: str,
    name_i18n: Mapping[str, str] | None = None,
) -> Activity:
    """`name_i18n` left as None keeps the activity's names in other languages."""
    fields = locals().copy()
    del fields["activity"], fields["partner_agencies"]
    if name_i18n is None:
        del fields["name_i18n"]
    else:
        fields["name_i18n"] = names_clean(name_i18n)
    _set_activity_fields(activity, fields)
    _check_activity(activity, activity.plan)
    activity.save()
    activity.partner_agencies.set(partner_agencies)
    return activity
