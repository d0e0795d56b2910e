"""Two years of reported values for the demo plan, so its dashboards, flags and documents show
something a working group would recognise: most indicators on track, some at risk or off track,
a few without data, and two agencies whose own assessment disagrees with the computed status.

Everything goes through the services a real user calls: each agency's report is opened and the
status of the activities it leads saved in it (`statuses.activity_update`), then its values
are imported as submitted (by its own reporter where the demo has one, else by the
coordinator, who keys in what agencies send by e-mail), about one report in nine is returned
by the coordinator with a comment and sent again with the comment answered, and the
coordinator accepts them all; then two agencies correct their last report to add their own
assessment through the reporter's workflow.

An agency whose reports need sign-off (`Agency.requires_sign_off`, on for state bodies) and
whose demo reporter sends them (MOI-POLICE: demo users "reporter" and "approver") goes the
approval path: the reporter's import waits for the agency's approval, and its approver approves
it, now and then after sending it back once with a comment (`Fate.sent_back`); the report
reaches the coordinator — and its timeliness counts — from the approval. So that the approver
can approve it, such a report says in an indicator's comment why a value or a rating is
missing, as a real reporter must. The other state bodies keep sign-off on; the coordinator keys
in their reports, which reach it directly. `timeline.history_date` afterwards puts all of it
on a calendar around each deadline.
Values follow each indicator's expected line (`progress.engine.expected_at`) scaled by a
performance factor chosen per indicator; running it again changes nothing.
"""

import datetime
from collections import defaultdict
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal

from accounts import permissions
from accounts.models import Role, User
from agencies.models import Agency
from plans.models import Indicator, IndicatorType, Plan
from progress import engine
from progress.selectors import indicator_target
from reporting import services
from reporting.models import Report, ReportStatus
from reporting.selectors import ReportScope, report_scope, scope_of_report
from reporting.services import EntryInput, ValueRow
from tipmonitor.lib.reporting_periods import (
    Period,
    parse_period_code,
    periods_between,
    quarter_of,
)
from tipmonitor.sample.statuses import CLOSED, activity_update
from tipmonitor.sample.timeline import fate_of

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
RETURN_COMMENT = (
    "%(indicator)s, %(period)s: please say in the value's comment where the figure comes from; "
    "it cannot be published without a source."
)
ANSWER = "Demo data, checked against the agency's register."
# What a reporter of an agency that signs its reports off says of a value the demo leaves out.
NOT_COUNTED = "Not counted this quarter (demo data)."
SEND_BACK_COMMENT = (
    "Please check the figures against our register once more before this goes to the coordinator."
)
SENT_BACK_ANSWER = "Checked against the register again (demo data)."
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
    """Record the demo reports of every quarter ending by `until` (the `late` agencies' none of
    the quarter `until` falls in), returning and accepting them as their fates say; returns how
    many values were recorded. Nothing when the plan has reports already."""
    if Report.objects.filter(plan=plan).exists():
        return 0
    by_report: dict[tuple[str, str], list[ValueRow]] = defaultdict(list)
    for row in _rows(plan, until, late):
        by_report[row.agency_code, quarter_of(parse_period_code(row.period).end).code].append(row)
    senders = _senders(coordinator, {agency for agency, _quarter in by_report})
    _statuses_save(plan, coordinator, senders, by_report)
    created = 0
    for sender, keys in _grouped(by_report, senders).items():
        rows = [row for key in keys for row in by_report[key]]
        created += _send(plan, sender or coordinator, rows).values_created
    _approve_waiting(plan, by_report, senders)
    for (agency, quarter), rows in sorted(by_report.items()):
        if fate_of(agency, quarter).returned:
            _return_and_resend(plan, coordinator, senders.get(agency, coordinator), rows)
    _approve_waiting(plan, by_report, senders, send_back=False)
    submitted = Report.objects.filter(plan=plan, is_current=True, status=ReportStatus.SUBMITTED)
    for report in submitted.order_by("period_start", "agency__code"):
        services.report_accept(report=report, user=coordinator)
    return created


def _senders(coordinator: User, agencies: set[str]) -> dict[str, User]:
    """Each agency's demo reporter, where it has one: it sends its own reports."""
    reporters = User.objects.filter(
        agency__code__in=agencies, is_active=True, role_grants__role=Role.REPORTER
    ).select_related("agency")
    senders: dict[str, User] = {}
    for user in reporters.order_by("username"):
        assert user.agency is not None
        senders.setdefault(user.agency.code, user)
    return senders


def _statuses_save(
    plan: Plan,
    coordinator: User,
    senders: dict[str, User],
    by_report: dict[tuple[str, str], list[ValueRow]],
) -> None:
    """Each report (agency, quarter) opened as a draft by whoever sends it, with the status of
    every activity its scope asks for, oldest quarter first: an activity the agency reported
    completed or cancelled in an earlier report leaves its later ones, as the scope has it once
    that report is in. A report its agency's approver must approve also says why each missing
    value or rating is missing (`_gaps_explained`)."""
    keys = sorted(by_report)
    agencies = {a.code: a for a in Agency.objects.filter(code__in={key[0] for key in keys})}
    signing = {code for code, agency in agencies.items() if _through_approver(agency, senders)}
    closed: set[int] = set()
    for agency_code, quarter in keys:
        period = parse_period_code(quarter)
        scope = report_scope(plan, agencies[agency_code], period)
        updates = [
            activity_update(activity, period)
            for activity in scope.activities
            if activity.pk not in closed
        ]
        entries = (
            _gaps_explained(scope, by_report[agency_code, quarter])
            if agency_code in signing
            else []
        )
        if not (updates or entries):
            continue
        closed |= {update.activity_id for update in updates if update.state in CLOSED}
        user = senders.get(agency_code, coordinator)
        report = services.report_open(
            plan=plan, agency=agencies[agency_code], period=quarter, user=user
        )
        services.report_save(
            report=report,
            user=user,
            revision=report.revision,
            contact_person=report.contact_person,
            general_observations=report.general_observations,
            values=[],
            entries=entries,
            activities=updates,
        )


def _through_approver(agency: Agency, senders: dict[str, User]) -> bool:
    """Whether the agency's demo reporter sends its reports for its approver's approval."""
    sender = senders.get(agency.code)
    return (
        sender is not None
        and agency.requires_sign_off
        and not permissions.may_approve_for(sender, agency)
    )


def _gaps_explained(scope: ReportScope, rows: list[ValueRow]) -> list[EntryInput]:
    """A comment on each indicator of the report whose values the demo leaves out (or that has
    no rating), so that the report is complete and its approver may approve it."""
    given = {(row.indicator_code, row.period) for row in rows}
    return [
        EntryInput(indicator_id=item.indicator.pk, comment=NOT_COUNTED)
        for item in scope.indicators
        if item.indicator.is_qualitative
        or any((item.indicator.code, period) not in given for period in item.periods)
    ]


def _approve_waiting(
    plan: Plan,
    by_report: dict[tuple[str, str], list[ValueRow]],
    senders: dict[str, User],
    *,
    send_back: bool = True,
) -> None:
    """Each report awaiting its agency's approval approved by the agency's approver, oldest
    first; one whose fate says so is first sent back with a comment and sent again (with
    `send_back`: only on its first way to the coordinator)."""
    waiting = Report.objects.filter(
        plan=plan, is_current=True, status=ReportStatus.AWAITING_APPROVAL
    ).select_related("agency")
    for report in waiting.order_by("period_start", "agency__code"):
        approver = permissions.approvers_of(report.agency_id).order_by("username").first()
        assert approver is not None  # the import refuses to send for approval without one
        rows = by_report.get((report.agency.code, report.period), [])
        if send_back and rows and fate_of(report.agency.code, report.period).sent_back:
            services.report_send_back(
                report=report, user=approver, comment=SEND_BACK_COMMENT, revision=report.revision
            )
            sender = senders[report.agency.code]
            _send(plan, sender, [replace(rows[0], comment=SENT_BACK_ANSWER), *rows[1:]])
            report = Report.objects.get(pk=report.pk)
        services.report_approve(report=report, user=approver, revision=report.revision)


def _grouped(
    by_report: dict[tuple[str, str], list[ValueRow]], senders: dict[str, User]
) -> dict[User | None, list[tuple[str, str]]]:
    """The reports each sender sends (None: the coordinator)."""
    grouped: dict[User | None, list[tuple[str, str]]] = defaultdict(list)
    for key in sorted(by_report):
        grouped[senders.get(key[0])].append(key)
    return grouped


def _send(plan: Plan, user: User, rows: list[ValueRow]) -> services.ImportResult:
    """Values recorded as submitted: an agency's reporter can record nothing else, and the
    coordinator's own keying-in waits for review like the agencies' reports."""
    numbered = [replace(row, line=line) for line, row in enumerate(rows, start=2)]
    return services.values_import(
        plan=plan, rows=numbered, user=user, status=ReportStatus.SUBMITTED
    )


def _return_and_resend(plan: Plan, coordinator: User, sender: User, rows: list[ValueRow]) -> None:
    """The coordinator asks where the first figure comes from; the agency answers in the
    value's comment and sends the report again."""
    first = rows[0]
    report = Report.objects.get(
        plan=plan,
        agency__code=first.agency_code,
        period=quarter_of(parse_period_code(first.period).end).code,
        is_current=True,
    )
    comment = RETURN_COMMENT % {"indicator": first.indicator_code, "period": first.period}
    services.report_return(report=report, user=coordinator, comment=comment)
    _send(plan, sender, [replace(first, comment=ANSWER), *rows[1:]])


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
    # The activities' statuses were reported with the report; the correction keeps them.
    report = services.report_save(
        report=report,
        user=reporter,
        revision=report.revision,
        contact_person=reporter.display_name,
        general_observations=comment,
        values=[],
        entries=entries,
        activities=[],
    )
    report = services.report_submit(report=report, user=reporter, revision=report.revision)
    if report.status == ReportStatus.AWAITING_APPROVAL:
        approver = permissions.approvers_of(report.agency_id).order_by("username").first()
        assert approver is not None  # report_submit refuses to send for approval without one
        report = services.report_approve(report=report, user=approver, revision=report.revision)
    return services.report_accept(report=report, user=coordinator)
