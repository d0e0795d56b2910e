"""Reads about progress reports, and the one permission getter every view, download and API
operation goes through (`get_report_for_user`).

Who sees what:
- the coordinator sees every report of every agency, drafts included;
- a user of agency A sees every report of agency A, drafts included;
- a viewer sees submitted and accepted reports of every agency (drafts and reports returned for
  rework are the agency's work in progress);
- nobody else sees a report: it answers 404, so its existence is not disclosed.
Who edits: a draft or returned, current version, by a reporter or approver of its agency or the
coordinator (403 otherwise).
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.models import Role, User
from agencies.models import Agency
from plans.models import (
    Activity,
    Dimension,
    DimensionCategory,
    Frequency,
    Indicator,
    Plan,
    PlanStatus,
)
from plans.selectors import plans_visible_to, user_can_edit_plans, user_sees_draft_plans
from reporting.matrix import due_date
from reporting.models import (
    ActivityState,
    ActivityUpdate,
    IndicatorEntry,
    IndicatorValue,
    Report,
    ReportEvent,
    ReportStatus,
)
from reporting.validation import IndicatorRules, parse_breakdown, value_key
from tipmonitor.lib.reporting_periods import (
    Period,
    parse_period_code,
    periods_between,
    periods_ending_in,
)

PUBLISHED = [ReportStatus.SUBMITTED, ReportStatus.ACCEPTED]
EDITABLE = [ReportStatus.DRAFT, ReportStatus.RETURNED]


def user_can_review(user: User) -> bool:
    """Return and accept reports: the coordinator's job, the same role that edits plans."""
    return user_can_edit_plans(user)


def user_edits_for_agency(user: User, agency_id: int) -> bool:
    """A reporter or approver of the agency (or the coordinator) may write its reports."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_coordinator:
        return True
    own = user.agency_id == agency_id
    return own and (user.has_role(Role.REPORTER) or user.has_role(Role.APPROVER))


def user_submits_for_agency(user: User, agency_id: int) -> bool:
    """Submitting is the agency's own act: its reporters and approvers, not the coordinator."""
    if not (user.is_authenticated and user.is_active) or user.agency_id != agency_id:
        return False
    return user.has_role(Role.REPORTER) or user.has_role(Role.APPROVER)


def _visible_filter(user: User) -> Q | None:
    """None: everything; Q(pk__in=[]): nothing."""
    if not (user.is_authenticated and user.is_active):
        return Q(pk__in=[])
    if user.is_coordinator:
        return None
    visible = Q(pk__in=[])
    if user.agency_id is not None:
        visible |= Q(agency_id=user.agency_id)
    if user.has_role(Role.VIEWER):
        visible |= Q(status__in=PUBLISHED)
    if not user_sees_draft_plans(user):
        visible &= ~Q(plan__status=PlanStatus.DRAFT)
    return visible


def reports_visible_to(user: User) -> QuerySet[Report]:
    visible = _visible_filter(user)
    reports = Report.objects.select_related("agency", "plan")
    return reports if visible is None else reports.filter(visible)


def reports_for_user(user: User, plan: Plan) -> QuerySet[Report]:
    """The reports of `plan` that `user` may see, every version, by quarter and agency."""
    return reports_visible_to(user).filter(plan=plan)


def get_report_for_user(user: User, report_id: int, *, edit: bool = False) -> Report:
    """The report, if `user` may see it (and change it, with `edit`); else 404 or 403."""
    try:
        report = reports_visible_to(user).get(pk=report_id)
    except Report.DoesNotExist:
        raise Http404 from None
    if edit and not report_is_editable_by(report, user):
        raise PermissionDenied
    return report


def report_is_editable_by(report: Report, user: User) -> bool:
    if report.is_locked or report.status not in EDITABLE:
        return False
    return user_edits_for_agency(user, report.agency_id)


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


# --- What a report holds ---------------------------------------------------------------------


@dataclass
class ScopedIndicator:
    indicator: Indicator
    periods: list[str]
    dimensions: list[tuple[Dimension, list[DimensionCategory]]]

    @property
    def rules(self) -> IndicatorRules:
        return indicator_rules(self.indicator, self.dimensions)


def indicator_rules(
    indicator: Indicator, dimensions: list[tuple[Dimension, list[DimensionCategory]]]
) -> IndicatorRules:
    """What `validation` needs to know of an indicator, from `dimensions_of`'s answer for it."""
    return IndicatorRules(
        code=indicator.code,
        type=indicator.type,
        dimensions={dim.code: [cat.code for cat in cats] for dim, cats in dimensions},
    )


@dataclass
class ReportScope:
    """What an agency reports on for one quarter: its indicators with a period ending in it,
    the activities it leads that run in it, and those it leads that should have ended before
    it but were not reported completed or cancelled (`overdue`, their ids)."""

    indicators: list[ScopedIndicator]
    activities: list[Activity]
    overdue: set[int] = field(default_factory=set)

    @property
    def indicator_by_id(self) -> dict[int, ScopedIndicator]:
        return {item.indicator.pk: item for item in self.indicators}

    @property
    def activity_by_id(self) -> dict[int, Activity]:
        return {activity.pk: activity for activity in self.activities}


def dimensions_of(indicators: list[Indicator]) -> dict[int, list[tuple[Dimension, list]]]:
    """Indicator id -> its dimensions with their categories, in two queries."""
    through = Indicator.dimensions.through.objects.filter(indicator__in=indicators)
    links = list(through.values_list("indicator_id", "dimension_id"))
    dimension_ids = {dimension_id for _indicator_id, dimension_id in links}
    dimensions = Dimension.objects.filter(pk__in=dimension_ids).prefetch_related("categories")
    by_id = {
        dimension.pk: (dimension, list(dimension.categories.all())) for dimension in dimensions
    }
    result: dict[int, list[tuple[Dimension, list]]] = defaultdict(list)
    for indicator_id, dimension_id in links:
        result[indicator_id].append(by_id[dimension_id])
    for pairs in result.values():
        pairs.sort(key=lambda pair: (pair[0].position, pair[0].code))
    return result


def _still_open(
    plan: Plan, agency_id: int, quarter: Period, activities: list[Activity]
) -> set[int]:
    """The ids of the `activities` the agency leads planned to end before `quarter` that no
    earlier current submitted or accepted report of the agency says are completed or cancelled:
    they stay in its reports until one does, so a late completion can be reported and the
    coordinator sees the delay. One query, none when there is nothing to check."""
    past_end = {a.pk for a in activities if a.ends_on is not None and a.ends_on < quarter.start}
    if not past_end:
        return set()
    closed = ActivityUpdate.objects.filter(
        activity_id__in=past_end,
        state__in=[ActivityState.COMPLETED, ActivityState.CANCELLED],
        report__plan=plan,
        report__agency_id=agency_id,
        report__is_current=True,
        report__status__in=PUBLISHED,
        report__period_start__lt=quarter.start,
    )
    return past_end - set(closed.values_list("activity_id", flat=True))


def report_scope(plan: Plan, agency: Agency | int, quarter: Period) -> ReportScope:
    """Four queries, whatever the plan's size (five when the agency leads an activity planned to
    end before the quarter)."""
    agency_id = agency if isinstance(agency, int) else agency.pk
    indicators = list(
        plan.indicators.filter(responsible_agencies=agency_id).order_by("position", "code")
    )
    dimensions = dimensions_of(indicators)
    scoped = []
    for indicator in indicators:
        periods = [p.code for p in periods_ending_in(indicator.frequency, quarter)]
        if periods:
            scoped.append(ScopedIndicator(indicator, periods, dimensions.get(indicator.pk, [])))
    led = list(plan.activities.filter(lead_agency_id=agency_id).order_by("position", "code"))
    overdue = _still_open(plan, agency_id, quarter, led)
    activities = [a for a in led if _activity_runs_in(a, quarter) or a.pk in overdue]
    return ReportScope(indicators=scoped, activities=activities, overdue=overdue)


def scope_of_report(report: Report) -> ReportScope:
    return report_scope(report.plan, report.agency_id, parse_period_code(report.period))


@dataclass
class ValueCell:
    indicator_id: int
    period: str
    breakdown: str
    label: str
    value: Decimal | None
    comment: str = ""

    @property
    def key(self) -> str:
        return value_key(self.indicator_id, self.period, self.breakdown)


@dataclass
class IndicatorBlock:
    indicator: Indicator
    periods: list[str]
    dimensions: list[tuple[Dimension, list[DimensionCategory]]]
    cells: list[ValueCell]
    entry: IndicatorEntry  # unsaved, empty when the agency has not written one yet

    @property
    def rows(self) -> list[tuple[str, list[ValueCell]]]:
        """The cells grouped by period, in period order: one row of the grid each."""
        return [(period, [c for c in self.cells if c.period == period]) for period in self.periods]


@dataclass
class ReportContents:
    report: Report
    indicators: list[IndicatorBlock]
    activities: list[tuple[Activity, ActivityUpdate | None]]
    events: list[ReportEvent] = field(default_factory=list)
    # Ids of the activities shown because they are past their planned end, not yet done.
    overdue_activity_ids: set[int] = field(default_factory=set)


def _grid(item: ScopedIndicator, stored: dict[tuple[str, str], IndicatorValue]) -> list[ValueCell]:
    """The total and one cell per category of each dimension, per period; then any other
    stored cell (a multi-dimension key from bulk data), so nothing stored is hidden."""
    indicator_id = item.indicator.pk
    keys: list[tuple[str, str, str]] = []
    for period in item.periods:
        keys.append((period, "", _("Total")))
        for dimension, categories in item.dimensions:
            for category in categories:
                label = f"{dimension.name}: {category.name}"
                keys.append((period, f"{dimension.code}={category.code}", label))
    known = {(period, breakdown) for period, breakdown, _label in keys}
    keys += [(p, b, _breakdown_label(b)) for p, b in sorted(stored) if (p, b) not in known]
    cells = []
    for period, breakdown, label in keys:
        value = stored.get((period, breakdown))
        cells.append(
            ValueCell(
                indicator_id=indicator_id,
                period=period,
                breakdown=breakdown,
                label=label,
                value=value.value if value else None,
                comment=value.comment if value else "",
            )
        )
    return cells


def _breakdown_label(breakdown: str) -> str:
    try:
        return ", ".join(f"{dim}: {cat}" for dim, cat in parse_breakdown(breakdown).items())
    except ValueError:
        return breakdown


def _with_stored_indicators(
    scope: ReportScope, values: list[IndicatorValue], entries: dict[int, IndicatorEntry]
) -> list[ScopedIndicator]:
    """The scope's indicators plus any the report holds values for that are no longer in scope
    (an agency taken off an indicator later): an old report keeps showing what it said."""
    items = list(scope.indicators)
    in_scope = {item.indicator.pk for item in items}
    extra_ids = ({v.indicator_id for v in values} | set(entries)) - in_scope
    if extra_ids:
        extra = list(Indicator.objects.filter(pk__in=extra_ids).order_by("position", "code"))
        dimensions = dimensions_of(extra)
        for indicator in extra:
            periods = sorted({v.period for v in values if v.indicator_id == indicator.pk})
            items.append(ScopedIndicator(indicator, periods, dimensions.get(indicator.pk, [])))
    return items


def report_contents(report: Report) -> ReportContents:
    """Everything the report form and page show, in a fixed number of queries."""
    scope = scope_of_report(report)
    values = list(report.values.all())
    entries = {entry.indicator_id: entry for entry in report.entries.all()}
    stored: dict[int, dict[tuple[str, str], IndicatorValue]] = defaultdict(dict)
    for value in values:
        stored[value.indicator_id][(value.period, value.breakdown)] = value
    blocks = []
    for item in _with_stored_indicators(scope, values, entries):
        indicator = item.indicator
        entry = entries.get(indicator.pk) or IndicatorEntry(report=report, indicator=indicator)
        cells = _grid(item, stored.get(indicator.pk, {}))
        blocks.append(IndicatorBlock(indicator, item.periods, item.dimensions, cells, entry))
    updates = {u.activity_id: u for u in report.activity_updates.select_related("activity")}
    activities = [(activity, updates.pop(activity.pk, None)) for activity in scope.activities]
    activities += [(update.activity, update) for update in updates.values()]
    events = list(report.events.select_related("by"))
    return ReportContents(report, blocks, activities, events, scope.overdue)


def report_versions(report: Report) -> QuerySet[Report]:
    """Every version of the report's plan, agency and quarter, newest first."""
    return Report.objects.filter(
        plan_id=report.plan_id, agency_id=report.agency_id, period=report.period
    ).order_by("-version")


def accepted_history(
    *,
    plan: Plan,
    agency_ids: set[int],
    indicator_ids: set[int],
    exclude_reports: Iterable[int] = (),
) -> dict[tuple[int, int], list[tuple[str, Decimal]]]:
    """(agency id, indicator id) -> [(period, total)] of the current accepted reports: what the
    outlier rule compares a new total with. One query."""
    values = IndicatorValue.objects.filter(
        report__plan=plan,
        report__agency_id__in=agency_ids,
        report__status=ReportStatus.ACCEPTED,
        report__is_current=True,
        indicator_id__in=indicator_ids,
        breakdown="",
    )
    if excluded := set(exclude_reports):
        values = values.exclude(report_id__in=excluded)
    history: dict[tuple[int, int], list[tuple[str, Decimal]]] = defaultdict(list)
    for agency_id, indicator_id, period, value in values.values_list(
        "report__agency_id", "indicator_id", "period", "value"
    ):
        history[(agency_id, indicator_id)].append((period, value))
    return history


# The "my reports" list ---------------------------------------------------------------------


NOT_STARTED = "not_started"


@dataclass
class QuarterRow:
    agency: Agency
    quarter: Period
    due_on: datetime.date
    report: Report | None
    overdue: bool

    @property
    def state(self) -> str:
        return self.report.status if self.report else NOT_STARTED


@dataclass
class PlanReports:
    plan: Plan
    rows: list[QuarterRow] = field(default_factory=list)


def follows_every_agency(user: User) -> bool:
    """Coordinators and viewers follow every agency; reporters and approvers their own."""
    if user.is_coordinator:
        return True
    return not (user.has_role(Role.REPORTER) or user.has_role(Role.APPROVER))


def _plan_quarter_rows(
    user: User, plan: Plan, today: datetime.date, agency_id: int | None
) -> list[QuarterRow]:
    """The quarters due so far in `plan` for the agencies the page shows, newest first."""
    due = due_quarters(plan)
    if agency_id is not None:
        due = {agency_id: due.get(agency_id, [])}
    agencies = Agency.objects.in_bulk(list(due))
    current = reports_for_user(user, plan).filter(is_current=True, agency_id__in=list(due))
    reports = {(report.agency_id, report.period): report for report in current}
    rows = []
    for pk, quarters in due.items():
        for quarter in (quarter for quarter in quarters if quarter.start <= today):
            report = reports.get((pk, quarter.code))
            due_on = due_date(quarter.end, plan.report_deadline_days)
            late = today > due_on and (report is None or report.first_submitted_at is None)
            rows.append(QuarterRow(agencies[pk], quarter, due_on, report, late))
    rows.sort(key=lambda row: (-row.quarter.start.toordinal(), row.agency.code))
    return rows


def quarter_rows_for_user(
    user: User, *, today: datetime.date, status: str = ""
) -> list[PlanReports]:
    """The "my reports" list: per adopted or closed plan the user may see, the quarters due so
    far for their agency (every agency for coordinators and viewers), optionally only those in
    `status` (a ReportStatus or NOT_STARTED)."""
    everyone = follows_every_agency(user)
    plans = plans_visible_to(user).exclude(status=PlanStatus.DRAFT).order_by("-starts_on", "code")
    sections = []
    for plan in plans:
        rows = _plan_quarter_rows(user, plan, today, None if everyone else user.agency_id)
        sections.append(
            PlanReports(plan, [row for row in rows if row.state == status or not status])
        )
    return sections
