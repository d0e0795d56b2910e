"""The dashboards' pages: what each page shows, read in a fixed number of queries."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from accounts import permissions
from accounts.models import User
from agencies.models import Agency
from plans.models import Activity, Indicator, Objective, Plan, StrategicArea
from plans.selectors import get_plan_for_user, objective_descendant_ids
from reporting import disclosure
from reporting.matrix import Cell
from reporting.models import ActivityState, IndicatorEntry
from reporting.selectors import reports_for_user
from reporting.selectors.matrix import Column, MatrixRow, SubmissionMatrix, submission_matrix
from tipmonitor.lib.reporting_periods import Period, quarter_of

from .assessments import JudgedIndicator, agency_assessments, flagged, judged
from .delivery import DeliveryCounts, _delivery, _updates, activity_delivery, delivery_labels
from .disclosure import (
    Disclosed,
    disclose_agency_values,
    disclose_breakdowns,
    disclose_rows,
    disclose_rows_for,
    disclose_series,
    disclosed,
)
from .judging import (
    IndicatorProgress,
    _Context,
    _day,
    _judge_number,
    _judge_qualitative,
    _ratings,
    _totals,
    due_periods,
    indicator_progress,
)
from .rollups import StatusCounts, _objective_id, _objectives, roll_up
from .series import (
    AgencyValue,
    BreakdownValue,
    StatusTrendPoint,
    TrendPoint,
    _thresholds,
    indicator_agency_values,
    indicator_breakdowns,
    indicator_entries,
    indicator_series,
    status_over_time,
)
from .shares import AgencyShare, agency_shares

# --- The dashboards' pages ------------------------------------------------------------------------
# Each page reads what it shows in a fixed number of queries whatever the plan's size (the tests
# assert the counts), and shows the agencies' words only from the reports the user may read.


def get_agency_progress_for_user(user: User, plan_id: int, agency_id: int) -> tuple[Plan, Agency]:
    """The plan and agency of an agency's progress page: 404 for a plan the user may not see or
    an unknown agency, 403 for another agency's page unless the user follows every agency."""
    plan = get_plan_for_user(user, plan_id)
    agency = Agency.objects.filter(pk=agency_id).first()
    if agency is None:
        raise Http404
    if not permissions.follows_every_agency(user) and user.agency_id != agency.pk:
        raise PermissionDenied
    return plan, agency


@dataclass
class AreaSummary:
    area: StrategicArea
    counts: StatusCounts
    flagged: int


@dataclass
class PlanOverview:
    plan: Plan
    rows: list[JudgedIndicator]
    areas: list[AreaSummary]
    totals: StatusCounts
    trend: list[StatusTrendPoint]
    delivery: dict[tuple[str, Any], DeliveryCounts]
    matrix: SubmissionMatrix

    @property
    def flagged(self) -> list[JudgedIndicator]:
        return flagged(self.rows)

    @property
    def delivery_by_area(self) -> dict[tuple[str, Any], DeliveryCounts]:
        return {key: counts for key, counts in self.delivery.items() if key[0] == "area"}

    @property
    def agencies(self) -> list[Agency]:
        """The agencies with something to report or an activity to lead, by code."""
        found = {key[1].pk: key[1] for key in self.delivery if key[0] == "agency"}
        found.update({row.agency.pk: row.agency for row in self.matrix.rows})
        return sorted(found.values(), key=lambda agency: agency.code)


def _judged_rows(
    plan: Plan, user: User, as_of: Period, provisional: bool, agency: Agency | None = None
) -> list[JudgedIndicator]:
    rows = indicator_progress(plan, as_of=as_of, provisional=provisional, agency=agency)
    rows = disclose_rows_for(plan, rows, as_of=as_of, provisional=provisional, user=user)
    assessments = agency_assessments(
        plan,
        as_of=as_of,
        provisional=provisional,
        reports=reports_for_user(user, plan),
        agency=agency,
    )
    return judged(rows, assessments)


def _area_of(row: JudgedIndicator, objectives: dict[int, Objective]) -> StrategicArea | None:
    objective = objectives.get(_objective_id(row.indicator) or 0)
    return objective.area if objective is not None else None


def plan_overview(
    plan: Plan, *, user: User, as_of: Period, provisional: bool, today: datetime.date
) -> PlanOverview:
    """The national overview: every indicator judged with its agencies' assessments, by area,
    the status in each quarter so far, activity delivery and reporting completeness."""
    rows = _judged_rows(plan, user, as_of, provisional)
    objectives = _objectives([row.progress for row in rows])
    by_area: dict[int, AreaSummary] = {
        area.pk: AreaSummary(area, StatusCounts(), 0)
        for area in StrategicArea.objects.filter(plan=plan).order_by("position", "code")
    }
    totals = StatusCounts()
    for row in rows:
        totals.add(row.status)
        area = _area_of(row, objectives)
        if area is not None and area.pk in by_area:
            by_area[area.pk].counts.add(row.status)
            by_area[area.pk].flagged += row.flagged
    return PlanOverview(
        plan=plan,
        rows=rows,
        areas=list(by_area.values()),
        totals=totals,
        trend=status_over_time(plan, as_of=as_of, provisional=provisional),
        delivery=activity_delivery(plan, as_of=as_of),
        matrix=submission_matrix(plan, today=today),
    )


@dataclass
class ObjectiveSummary:
    objective: Objective
    depth: int
    counts: StatusCounts


@dataclass
class BranchProgress:
    """A strategic area's or an objective's page: its objectives and its indicators."""

    plan: Plan
    area: StrategicArea
    objective: Objective | None
    path: list[Objective]
    objectives: list[ObjectiveSummary]
    rows: list[JudgedIndicator]
    counts: StatusCounts


def _depths(objectives: Sequence[Objective], root_ids: set[int]) -> dict[int, int]:
    by_id = {objective.pk: objective for objective in objectives}
    depths: dict[int, int] = {}
    for objective in objectives:
        depth, current = 0, objective
        while current.pk not in root_ids and current.parent_id in by_id:
            depth += 1
            current = by_id[current.parent_id]
        depths[objective.pk] = depth
    return depths


def branch_progress(
    plan: Plan,
    *,
    user: User,
    area: StrategicArea,
    objective: Objective | None,
    as_of: Period,
    provisional: bool,
) -> BranchProgress:
    """The indicators under a strategic area, or under an objective and its sub-objectives, with
    the status counts of each objective below."""
    rows = _judged_rows(plan, user, as_of, provisional)
    objectives = _objectives([row.progress for row in rows])
    if objective is None:
        inside = {pk for pk, held in objectives.items() if held.area_id == area.pk}
        roots = {pk for pk in inside if objectives[pk].parent_id is None}
    else:
        inside = {objective.pk} | objective_descendant_ids(
            plan_id=plan.pk, objective_id=objective.pk
        )
        roots = {objective.pk}
    mine = [row for row in rows if _objective_id(row.indicator) in inside]
    counts_by = roll_up([row.progress for row in mine], by="objective")
    branch = sorted(
        (objectives[pk] for pk in inside if pk in objectives),
        key=lambda held: (held.position, held.code),
    )
    depths = _depths(branch, roots)
    counts = StatusCounts()
    for row in mine:
        counts.add(row.status)
    return BranchProgress(
        plan=plan,
        area=area,
        objective=objective,
        path=_path(objective, objectives),
        objectives=[
            ObjectiveSummary(held, depths[held.pk], counts_by.get(held, StatusCounts()))
            for held in branch
            if objective is None or held.pk != objective.pk
        ],
        rows=mine,
        counts=counts,
    )


def _path(objective: Objective | None, objectives: dict[int, Objective]) -> list[Objective]:
    """The objective's ancestors, top first (not itself)."""
    path: list[Objective] = []
    current = objectives.get(objective.parent_id or 0) if objective else None
    while current is not None:
        path.insert(0, current)
        current = objectives.get(current.parent_id or 0)
    return path


@dataclass
class IndicatorPage:
    plan: Plan
    judged: JudgedIndicator
    series: list[TrendPoint]
    breakdowns: list[BreakdownValue]
    agency_values: list[AgencyValue]
    entries: list[IndicatorEntry]
    agencies: list[Agency]
    # It counts victims and the user sees its values through disclosure control.
    protected: bool = False


def _one_progress(indicator: Indicator, as_of: Period, provisional: bool) -> IndicatorProgress:
    """`indicator_progress` for one indicator, reading only its own values."""
    plan = indicator.plan
    day = _day(as_of)
    if indicator.is_qualitative:
        due = due_periods(indicator, plan, day)
        latest = due[-1] if due else None
        quarters = {indicator.pk: quarter_of(latest.end).code} if latest else {}
        rating = _ratings(plan, quarters, provisional, None).get(indicator.pk)
        return _judge_qualitative(indicator, latest, rating)
    totals = _totals(plan, day, provisional, None, indicator).get(indicator.pk, {})
    ctx = _Context(plan=plan, day=day, thresholds=_thresholds(plan))
    return _judge_number(indicator, totals, ctx)


def indicator_page(
    indicator: Indicator, *, user: User, as_of: Period, provisional: bool
) -> IndicatorPage:
    plan = indicator.plan
    progress = _one_progress(indicator, as_of, provisional)
    hidden = disclosed(plan, [indicator], as_of=as_of, provisional=provisional, user=user)
    reports = reports_for_user(user, plan)
    assessments = agency_assessments(
        plan, as_of=as_of, provisional=provisional, reports=reports
    ).get(indicator.pk, [])
    series = indicator_series(indicator, as_of=as_of, provisional=provisional)
    agency_values = indicator_agency_values(indicator, as_of=as_of, provisional=provisional)
    return IndicatorPage(
        plan=plan,
        judged=JudgedIndicator(disclose_rows([progress], hidden)[0], assessments),
        series=disclose_series(indicator, series, hidden),
        breakdowns=_breakdowns(indicator, progress, hidden, provisional=provisional),
        agency_values=disclose_agency_values(indicator, agency_values, hidden, user),
        entries=indicator_entries(indicator, as_of=as_of, provisional=provisional, reports=reports),
        agencies=list(indicator.responsible_agencies.order_by("code")),
        protected=indicator.pk in hidden.ids,
    )


def _breakdowns(
    indicator: Indicator, progress: IndicatorProgress, hidden: Disclosed, *, provisional: bool
) -> list[BreakdownValue]:
    """The latest period's breakdowns as the user may see them (`disclose_breakdowns`)."""
    period = progress.latest_period
    values = indicator_breakdowns(indicator, period=period, provisional=provisional)
    if period is None:
        return values
    return disclose_breakdowns(
        indicator, values, period=period, hidden=hidden, provisional=provisional
    )


@dataclass
class LedActivity:
    activity: Activity
    # The latest reported state; "" when no accepted report has given one.
    state: str
    delivery: str

    @property
    def state_label(self) -> str:
        return str(ActivityState(self.state).label) if self.state else _("Not reported")

    @property
    def delivery_label(self) -> str:
        return delivery_labels()[self.delivery]


@dataclass
class AgencyPage:
    plan: Plan
    agency: Agency
    rows: list[JudgedIndicator]
    counts: StatusCounts
    activities: list[LedActivity]
    delivery: DeliveryCounts
    reports: MatrixRow | None
    columns: list[Column]

    @property
    def report_cells(self) -> list[tuple[Column, Cell]]:
        """Each quarter with the agency's report in it, newest first."""
        if self.reports is None:
            return []
        return list(zip(self.columns, self.reports.cells, strict=True))[::-1]

    @property
    def delivery_summary(self) -> list[tuple[str, int]]:
        labels = delivery_labels()
        return [(labels[kind], count) for kind in labels if (count := getattr(self.delivery, kind))]


def agency_page(
    plan: Plan,
    agency: Agency,
    *,
    user: User,
    as_of: Period,
    provisional: bool,
    today: datetime.date,
) -> AgencyPage:
    """What the agency owes (indicators judged on its own values, the activities it leads), what
    it reported (each quarter's report, on time or not) and how its activities are delivered."""
    own = indicator_progress(plan, as_of=as_of, provisional=provisional, agency=agency)
    own, shares = agency_shares(plan, agency, own, as_of=as_of, provisional=provisional)
    own, shares = _disclose_agency(plan, agency, own, shares, user, as_of, provisional)
    assessments = agency_assessments(
        plan,
        as_of=as_of,
        provisional=provisional,
        reports=reports_for_user(user, plan),
        agency=agency,
    )
    rows = judged(own, assessments, shares)
    counts = StatusCounts()
    for row in rows:
        if not row.is_contribution:  # a share without a target of its own has no status
            counts.add(row.status)
    day = _day(as_of)
    updates = _updates(plan, day)
    led = []
    delivery = DeliveryCounts()
    for activity in plan.activities.filter(lead_agency=agency).order_by("position", "code"):
        held = updates.get(activity.pk, [])
        kind = _delivery(activity, held, day)
        setattr(delivery, kind, getattr(delivery, kind) + 1)
        led.append(LedActivity(activity, held[-1][1] if held else "", kind))
    matrix = submission_matrix(plan, today=today)
    return AgencyPage(
        plan=plan,
        agency=agency,
        rows=rows,
        counts=counts,
        activities=led,
        delivery=delivery,
        reports=next((row for row in matrix.rows if row.agency.pk == agency.pk), None),
        columns=matrix.columns,
    )


def _disclose_agency(
    plan: Plan,
    agency: Agency,
    rows: list[IndicatorProgress],
    shares: dict[int, AgencyShare],
    user: User,
    as_of: Period,
    provisional: bool,
) -> tuple[list[IndicatorProgress], dict[int, AgencyShare]]:
    """The agency's figures of indicators counting victims, as the user may see them: as they
    are for the agency's own users, withheld for anyone else but the coordinator (one agency's
    part beside the national total gives another's); the national total beside them protected
    (`progress.selectors.disclosure`)."""
    hidden = disclosed(
        plan, [row.indicator for row in rows], as_of=as_of, provisional=provisional, user=user
    )
    if not hidden.ids:
        return rows, shares
    theirs = disclosure.sees_unprotected(user, agency.pk)
    result = []
    for row in rows:
        pk = row.indicator.pk
        if pk not in hidden.ids:
            result.append(row)
            continue
        if not theirs and row.actual is not None:
            row = replace(row, actual=None, progress=None, withheld=True)
        if (share := shares.get(pk)) is not None:
            national = (
                None if hidden.hides(row.indicator, share.national_period) else share.national
            )
            shares[pk] = replace(share, value=share.value if theirs else None, national=national)
        result.append(row)
    return result, shares
