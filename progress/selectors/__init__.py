"""Reads for progress against targets: every indicator of a plan judged at a date, the roll-ups
by objective, area, agency and plan, and activity delivery (docs/progress.md).

The numbers come from one aggregate query: the totals (breakdown "") of the current accepted
reports (also the submitted ones in the provisional view), combined across agencies (sum,
highest, count) by indicator and period in the database, so Python sees indicators × periods
rows, never the millions of values nor one row per agency. The judgement itself is
`progress.engine`, pure; `_PeriodTotals.combined` is its `combine_totals` on those aggregates.

Decisions where the issue is silent:
- "No data" means the indicator's latest period due by the date (its frequency's periods ending
  on or before the date, within the plan) has no counted total; the actual is still shown.
- Several agencies rating a qualitative indicator: the lowest rating counts, so a working group
  never reads "achieved" while one responsible agency says it is not.
- With `agency`, only the indicators that agency answers for, judged on its own values; on its
  page an indicator other agencies report too is judged against the agency's own target, or
  shown as its contribution without a status (`shares`).
"""

from .assessments import (
    AgencyAssessment,
    JudgedIndicator,
    agency_assessments,
    disagrees,
    flagged,
    judged,
)
from .delivery import DeliveryCounts, activity_delivery, delivery_kind, delivery_labels
from .disclosure import Disclosed, disclose_rows, disclose_rows_for, disclose_series, disclosed
from .judging import IndicatorProgress, due_periods, indicator_progress, indicator_target
from .pages import (
    AgencyPage,
    AreaSummary,
    BranchProgress,
    IndicatorPage,
    LedActivity,
    ObjectiveSummary,
    PlanOverview,
    agency_page,
    branch_progress,
    get_agency_progress_for_user,
    indicator_page,
    plan_overview,
)
from .rollups import RollUpBy, StatusCounts, roll_up
from .series import (
    AgencyValue,
    BreakdownValue,
    StatusTrendPoint,
    TrendPoint,
    indicator_agency_values,
    indicator_breakdowns,
    indicator_entries,
    indicator_series,
    status_over_time,
    trend_points,
)
from .shares import AgencyShare, agency_shares, agency_target

__all__ = [
    "AgencyAssessment",
    "AgencyPage",
    "AgencyShare",
    "AgencyValue",
    "AreaSummary",
    "BranchProgress",
    "BreakdownValue",
    "DeliveryCounts",
    "Disclosed",
    "IndicatorPage",
    "IndicatorProgress",
    "JudgedIndicator",
    "LedActivity",
    "ObjectiveSummary",
    "PlanOverview",
    "RollUpBy",
    "StatusCounts",
    "StatusTrendPoint",
    "TrendPoint",
    "activity_delivery",
    "agency_assessments",
    "agency_page",
    "agency_shares",
    "agency_target",
    "branch_progress",
    "delivery_kind",
    "delivery_labels",
    "disagrees",
    "disclose_rows",
    "disclose_rows_for",
    "disclose_series",
    "disclosed",
    "due_periods",
    "flagged",
    "get_agency_progress_for_user",
    "indicator_agency_values",
    "indicator_breakdowns",
    "indicator_entries",
    "indicator_page",
    "indicator_progress",
    "indicator_series",
    "indicator_target",
    "judged",
    "plan_overview",
    "roll_up",
    "status_over_time",
    "trend_points",
]
