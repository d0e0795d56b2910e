"""Two years of reported values for the demo plan, so its dashboards, flags and documents show
something a working group would recognise: most indicators on track, some at risk or off track,
a few without data, and two agencies whose own assessment disagrees with the computed status.

Everything goes through the services a real user calls (`values_import` as the coordinator, then
a correction with the agency's own assessment through the reporter's workflow), so the demo
shows exactly what the application does with such data. Values follow each indicator's
expected line (`progress.engine.expected_at`) scaled by a performance factor chosen per
indicator; running it again changes nothing.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from accounts.models import User
from plans.models import Activity, Indicator, IndicatorType, Plan
from progress import engine
from progress.selectors import indicator_target
from reporting import services
from reporting.models import ActivityState, Assessment, Report, ReportStatus
from reporting.selectors import scope_of_report
from reporting.services import ActivityInput, EntryInput, ValueRow
from tipmonitor.lib.reporting_periods import Period, periods_between, quarter_of

# Cycled over the indicators in plan order: 1.0 follows the line, 0.4 falls well behind;
# None leaves the indicator unreported (its status is "no data").
FACTORS: tuple[Decimal | None, ...] = (
    Decimal("1.05"),
    Decimal("0.95"),
    Decimal("0.75"),
    Decimal("1.2"),
    Decimal("0.4"),
    Decimal("1"),
    None,
    Decimal("0.98"),
)
COMMENT = "Demo data."
WHOLE = Decimal(1)


def _wanted(indicator: Indicator, plan: Plan, day: datetime.date, factor: Decimal) -> Decimal:
    """The actual value the indicator should show on `day`: `factor` of the way along its line."""
    target = indicator_target(indicator, plan)
    expected = engine.expected_at(target, day)
    assert expected is not None
    assert target.baseline is not None
    return target.baseline + (expected - target.baseline) * factor


def _series(
    indicator: Indicator, plan: Plan, periods: list[Period], factor: Decimal, agencies: int
) -> list[Decimal]:
    """One agency's per-period values: their aggregation over time and across the `agencies`
    gives the wanted actual at each period end."""
    wanted = [_wanted(indicator, plan, period.end, factor) for period in periods]
    if engine.effective_agency_aggregation(indicator.type, indicator.agency_aggregation) == "sum":
        wanted = [value / agencies for value in wanted]
    if indicator.type == IndicatorType.PERCENTAGE:
        wanted = [min(max(value, Decimal(0)), Decimal(100)) for value in wanted]
    rounded = [value.quantize(WHOLE, ROUND_HALF_UP) for value in wanted]
    if (
        engine.effective_time_aggregation(indicator.type, indicator.time_aggregation)
        != "cumulative"
    ):
        return rounded
    # The first period carries the baseline, so the running sum starts where the line does;
    # differences of the rounded running sum keep whole numbers without drifting.
    previous = [Decimal(0), *rounded[:-1]]
    return [max(now - before, Decimal(0)) for now, before in zip(rounded, previous, strict=True)]


def _rows(plan: Plan, until: datetime.date, late: frozenset[str]) -> list[ValueRow]:
    rows: list[ValueRow] = []
    last_quarter_start = quarter_of(until).start
    indicators = plan.indicators.prefetch_related("responsible_agencies", "milestones").order_by(
        "position"
    )
    for number, indicator in enumerate(indicators):
        factor = FACTORS[number % len(FACTORS)]
        if indicator.is_qualitative or factor is None or indicator.end_target is None:
            continue
        if indicator.baseline is None:
            continue
        periods = periods_between(indicator.frequency, plan.starts_on, until)
        periods = [period for period in periods if period.end <= until]
        agencies = list(indicator.responsible_agencies.all())
        values = _series(indicator, plan, periods, factor, len(agencies))
        for agency in agencies:
            rows += [
                ValueRow(
                    line=len(rows) + n + 2,
                    indicator_code=indicator.code,
                    period=period.code,
                    agency_code=agency.code,
                    value=str(value),
                    comment=COMMENT,
                )
                for n, (period, value) in enumerate(zip(periods, values, strict=True))
                if not (agency.code in late and period.end >= last_quarter_start)
            ]
    return rows


def history_load(
    *, plan: Plan, coordinator: User, until: datetime.date, late: frozenset[str] = frozenset()
) -> int:
    """Record the demo values of every period ending by `until` (the `late` agencies' none of
    the quarter `until` falls in); returns how many values were new."""
    rows = _rows(plan, until, late)
    result = services.values_import(plan=plan, rows=rows, user=coordinator)
    return result.values_created


def assessment_add(
    *, plan: Plan, reporter: User, coordinator: User, period: str, assessment: str, comment: str
) -> Report | None:
    """The reporter's agency corrects its accepted report of `period` to add its own
    assessment of each of its indicators; the coordinator accepts it. Nothing when the report
    is missing or already carries assessments."""
    report = Report.objects.filter(
        plan=plan, agency=reporter.agency, period=period, is_current=True
    ).first()
    if report is None or report.status != ReportStatus.ACCEPTED:
        return None
    if report.entries.exclude(assessment="").exists():
        return None
    report = services.report_correct(report=report, user=reporter)
    scope = scope_of_report(report)
    entries = [
        EntryInput(indicator_id=item.indicator.pk, assessment=assessment, comment=comment)
        for item in scope.indicators
        if not item.indicator.is_qualitative
    ]
    behind = assessment == Assessment.OFF_TRACK
    activities = [_activity_update(activity, report, behind) for activity in scope.activities]
    report = services.report_save(
        report=report,
        user=reporter,
        revision=report.revision,
        contact_person=reporter.get_full_name() or reporter.username,
        general_observations=comment,
        values=[],
        entries=entries,
        activities=activities,
    )
    report = services.report_submit(report=report, user=reporter, revision=report.revision)
    return services.report_accept(report=report, user=coordinator)


def _activity_update(activity: Activity, report: Report, behind: bool) -> ActivityInput:
    """Finished when its planned end has passed (delayed for an agency that is behind),
    otherwise ongoing as far along as the time elapsed."""
    start, end = activity.starts_on, activity.ends_on
    if start is None or end is None or end <= report.period_end:
        state = ActivityState.DELAYED if behind else ActivityState.COMPLETED
        return ActivityInput(
            activity_id=activity.pk, state=state, percent_done=70 if behind else 100
        )
    elapsed = max((report.period_end - start).days, 0) / max((end - start).days, 1)
    percent = int(elapsed * (50 if behind else 100))
    return ActivityInput(activity_id=activity.pk, state=ActivityState.ONGOING, percent_done=percent)
