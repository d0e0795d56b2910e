"""The reporting calendar: the quarters of a plan and those an agency owes."""

from collections import defaultdict

from django.utils.translation import gettext as _

from plans.models import Activity, Frequency, Indicator, Plan
from tipmonitor.lib.reporting_periods import (
    Period,
    parse_period_code,
    periods_between,
    periods_ending_in,
)

# --- The reporting calendar ------------------------------------------------------------------


def plan_quarters(plan: Plan) -> list[Period]:
    return periods_between(Frequency.QUARTERLY, plan.starts_on, plan.ends_on)


def quarter_in_plan(plan: Plan, code: str) -> Period:
    """The quarter a code names, if it is a quarter of the plan; ValueError otherwise."""
    period = parse_period_code(code)
    if period.frequency != Frequency.QUARTERLY:
        raise ValueError(_("“%(code)s” is not a quarter (like 2025-Q1).") % {"code": code})
    if period not in plan_quarters(plan):
        raise ValueError(
            _("%(code)s is outside the plan's period (%(start)s to %(end)s).")
            % {"code": period.code, "start": plan.starts_on, "end": plan.ends_on}
        )
    return period


def _activity_runs_in(activity: Activity | tuple, quarter: Period) -> bool:
    starts_on, ends_on = (
        (activity.starts_on, activity.ends_on) if isinstance(activity, Activity) else activity
    )
    return (starts_on is None or starts_on <= quarter.end) and (
        ends_on is None or ends_on >= quarter.start
    )


def due_quarters(plan: Plan) -> dict[int, list[Period]]:
    """Agency id -> the quarters it owes a report for, oldest first (two queries)."""
    quarters = plan_quarters(plan)
    # Which quarters a frequency has a period ending in depends on the plan alone: work it out
    # once per frequency, not once per agency.
    through = Indicator.responsible_agencies.through.objects.filter(indicator__plan=plan)
    pairs = list(through.values_list("indicator__frequency", "agency_id").distinct())
    with_period = {
        frequency: [q for q in quarters if periods_ending_in(frequency, q)]
        for frequency in {frequency for frequency, _agency_id in pairs}
    }
    due: dict[int, set[Period]] = defaultdict(set)
    for frequency, agency_id in pairs:
        due[agency_id].update(with_period[frequency])
    activities = plan.activities.filter(lead_agency__isnull=False)
    for agency_id, starts_on, ends_on in activities.values_list(
        "lead_agency_id", "starts_on", "ends_on"
    ):
        due[agency_id].update(q for q in quarters if _activity_runs_in((starts_on, ends_on), q))
    return {agency_id: sorted(found) for agency_id, found in due.items() if found}
