"""What a report holds: its scope, its value grids, its versions and accepted history."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from agencies.models import Agency
from plans.models import Activity, Dimension, DimensionCategory, Indicator, Plan
from reporting.models import (
    ActivityState,
    ActivityUpdate,
    IndicatorEntry,
    IndicatorValue,
    Report,
    ReportEvent,
)
from reporting.validation import IndicatorRules, parse_breakdown, value_key
from tipmonitor.lib.reporting_periods import Period, parse_period_code, periods_ending_in

from .counting import counting_updates, counting_values
from .quarters import _activity_runs_in

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
    closed = counting_updates(provisional=True, plan=plan, agency=agency_id).filter(
        activity_id__in=past_end,
        state__in=[ActivityState.COMPLETED, ActivityState.CANCELLED],
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
    # A value counting victims that the person looking may not see (`report_contents_for_user`).
    withheld: bool = False

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
                label = f"{dimension.display_name}: {category.display_name}"
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
    values = counting_values(plan=plan).filter(
        report__agency_id__in=agency_ids, indicator_id__in=indicator_ids, breakdown=""
    )
    if excluded := set(exclude_reports):
        values = values.exclude(report_id__in=excluded)
    history: dict[tuple[int, int], list[tuple[str, Decimal]]] = defaultdict(list)
    for agency_id, indicator_id, period, value in values.values_list(
        "report__agency_id", "indicator_id", "period", "value"
    ):
        history[(agency_id, indicator_id)].append((period, value))
    return history
