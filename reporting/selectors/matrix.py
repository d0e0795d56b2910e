"""Reads for the coordinator's view: the submission matrix (agencies × quarters), the submission
status list built from it, and the list of agencies needing attention in one quarter.

The matrix is read in a fixed number of queries whatever the number of agencies, quarters and
values: it never touches IndicatorValue (two million rows at national scale), only the narrow
report table, and assembles rows in Python. Coordinators and viewers see it; viewers read it
only (the matrix shows states, never a draft's contents).
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import permissions
from accounts.models import User
from agencies.models import Agency
from plans.models import Activity, Indicator, IndicatorType, Plan, StrategicArea
from plans.selectors import get_plan_for_user
from reporting.matrix import (
    Cell,
    CellState,
    Rates,
    ReportVersion,
    cell_state,
    due_date,
    fold_versions,
    rates_of,
)
from reporting.models import Assessment, IndicatorEntry, IndicatorValue, ReminderSent, Report
from reporting.models import ReportStatus as Status
from tipmonitor.lib.reporting_periods import Period, periods_ending_in

from .quarters import due_quarters, plan_quarters


def get_matrix_plan_for_user(user: User, plan_id: int) -> Plan:
    """The plan whose matrix `user` asks for: 403 for anyone but a coordinator or viewer, 404 for
    a plan they may not see."""
    if not permissions.may_see_matrix(user):
        raise PermissionDenied
    return get_plan_for_user(user, plan_id)


@dataclass(frozen=True)
class Column:
    quarter: Period
    due_on: datetime.date

    @property
    def code(self) -> str:
        return self.quarter.code


@dataclass
class MatrixRow:
    agency: Agency
    cells: list[Cell]
    rates: Rates
    # The contact person named in the agency's newest report, for the status list.
    contact_person: str = ""
    last_reminder: datetime.datetime | None = None


@dataclass
class AreaRow:
    area: StrategicArea
    agencies: int
    rates: Rates


@dataclass
class SubmissionMatrix:
    plan: Plan
    year: int | None
    today: datetime.date
    years: list[int]
    columns: list[Column]
    rows: list[MatrixRow]
    areas: list[AreaRow]
    national: Rates
    # How many cells are in each state, for the summary above the table.
    state_counts: dict[CellState, int] = field(default_factory=dict)


def submission_matrix(
    plan: Plan, *, year: int | None = None, today: datetime.date
) -> SubmissionMatrix:
    """Every agency with something to report in the plan's quarters (of `year`, or all), each
    quarter's state on `today`, and completeness and timeliness per agency, area and nation."""
    quarters = plan_quarters(plan)
    columns = [
        Column(quarter, due_date(quarter.end, plan.report_deadline_days))
        for quarter in quarters
        if year is None or quarter.year == year
    ]
    codes = {column.code for column in columns}
    due = {
        agency_id: {quarter.code for quarter in agency_quarters} & codes
        for agency_id, agency_quarters in due_quarters(plan).items()
    }
    versions, contacts = _report_versions(plan, codes)
    agency_ids = {agency_id for agency_id, due_codes in due.items() if due_codes}
    agency_ids |= {agency_id for agency_id, _code in versions}
    reminders = _last_reminders(plan, agency_ids)
    rows = [
        _row(agency, columns, due.get(agency.pk, set()), versions, today)
        for agency in Agency.objects.filter(pk__in=agency_ids).order_by("code")
    ]
    for row in rows:
        row.contact_person = contacts.get(row.agency.pk, "")
        row.last_reminder = reminders.get(row.agency.pk)
    return SubmissionMatrix(
        plan=plan,
        year=year,
        today=today,
        years=sorted({quarter.year for quarter in quarters}),
        columns=columns,
        rows=rows,
        areas=_area_rows(plan, rows),
        national=_merged(row.rates for row in rows),
        state_counts=_state_counts(rows),
    )


def _report_versions(
    plan: Plan, codes: set[str]
) -> tuple[dict[tuple[int, str], list[ReportVersion]], dict[int, str]]:
    """All versions of the quarters' reports by (agency, quarter), and the contact person of
    each agency's newest report: one query on the report table."""
    versions: dict[tuple[int, str], list[ReportVersion]] = defaultdict(list)
    contacts: dict[int, str] = {}
    rows = (
        Report.objects.filter(plan=plan, period__in=codes)
        .order_by("period_start", "version")
        .values_list(
            "agency_id",
            "period",
            "pk",
            "status",
            "version",
            "first_submitted_at",
            "accepted_at",
            "contact_person",
        )
    )
    for agency_id, code, pk, status, version, first_submitted, accepted, contact in rows:
        versions[agency_id, code].append(
            ReportVersion(pk, status, version, first_submitted, accepted)
        )
        if contact:
            contacts[agency_id] = contact
    return versions, contacts


def _row(
    agency: Agency,
    columns: list[Column],
    due_codes: set[str],
    versions: dict[tuple[int, str], list[ReportVersion]],
    today: datetime.date,
) -> MatrixRow:
    cells = [
        cell_state(
            facts=fold_versions(versions.get((agency.pk, column.code), [])),
            expected=column.code in due_codes,
            quarter_end=column.quarter.end,
            due_on=column.due_on,
            today=today,
        )
        for column in columns
    ]
    return MatrixRow(agency=agency, cells=cells, rates=rates_of(cells))


def _last_reminders(plan: Plan, agency_ids: set[int]) -> dict[int, datetime.datetime]:
    rows = (
        ReminderSent.objects.filter(plan=plan, agency_id__in=agency_ids)
        .values("agency_id")
        .annotate(last=Max("sent_at"))
        .values_list("agency_id", "last")
    )
    return dict(rows)


def area_agencies(plan: Plan) -> dict[int, set[int]]:
    """Area id → the agencies responsible in it: responsible for one of its indicators (on an
    objective or on an activity) or leading one of its activities."""
    members: dict[int, set[int]] = defaultdict(set)
    links = Indicator.responsible_agencies.through.objects.filter(indicator__plan=plan)
    # Distinct: many indicators share an agency and an area, and only the pair matters.
    for agency_id, objective_area, activity_area in (
        links.values_list(
            "agency_id", "indicator__objective__area_id", "indicator__activity__objective__area_id"
        )
        .order_by()
        .distinct()
    ):
        members[objective_area or activity_area].add(agency_id)
    leads = Activity.objects.filter(plan=plan, lead_agency__isnull=False)
    for agency_id, area_id in (
        leads.values_list("lead_agency_id", "objective__area_id").order_by().distinct()
    ):
        members[area_id].add(agency_id)
    return members


def _area_rows(plan: Plan, rows: list[MatrixRow]) -> list[AreaRow]:
    by_agency = {row.agency.pk: row.rates for row in rows}
    members = area_agencies(plan)
    result = []
    for area in StrategicArea.objects.filter(plan=plan).order_by("position", "code"):
        agencies = [by_agency[pk] for pk in members.get(area.pk, set()) if pk in by_agency]
        result.append(AreaRow(area=area, agencies=len(agencies), rates=_merged(agencies)))
    return result


def _merged(all_rates: Iterable[Rates]) -> Rates:
    total = Rates()
    for rates in all_rates:
        total.merge(rates)
    return total


def _state_counts(rows: list[MatrixRow]) -> dict[CellState, int]:
    counts = dict.fromkeys(CellState, 0)
    for row in rows:
        for cell in row.cells:
            counts[cell.state] += 1
    return counts


# --- The submission status list ----------------------------------------------------------------


def cell_text(cell: Cell) -> str:
    """A cell as words, for the list circulated before the working-group meeting."""
    if cell.overdue:
        return _("%(state)s (overdue)") % {"state": cell.label}
    return cell.label


def status_list_table(matrix: SubmissionMatrix) -> tuple[list[str], list[list[object]]]:
    """The matrix as a header and rows of plain values: agency, contact, each quarter's state,
    completeness and timeliness in per cent (empty when nothing is expected yet), last
    reminder."""
    header = [
        _("Agency code"),
        _("Agency"),
        _("Contact person"),
        _("Contact e-mail"),
        *(column.code for column in matrix.columns),
        _("Completeness (%)"),
        _("Timeliness (%)"),
        _("Last reminder"),
    ]
    rows: list[list[object]] = []
    for row in matrix.rows:
        reminder = row.last_reminder
        rows.append(
            [
                row.agency.code,
                row.agency.name,
                row.contact_person,
                row.agency.email,
                *(cell_text(cell) for cell in row.cells),
                row.rates.completeness_percent,
                row.rates.timeliness_percent,
                timezone.localtime(reminder).strftime("%Y-%m-%d %H:%M") if reminder else "",
            ]
        )
    return [str(text) for text in header], rows


# --- Agencies needing attention in one quarter -------------------------------------------------


@dataclass(frozen=True)
class MissingValue:
    indicator: Indicator
    period: str


@dataclass
class AttentionRow:
    agency: Agency
    # The status of the agency's current report for the quarter, None when it has none.
    status: str | None
    received: bool
    due_indicators: int
    # The received (submitted or accepted) version judged here, which viewers may read too.
    report_id: int | None = None
    off_track: list[IndicatorEntry] = field(default_factory=list)
    missing: list[MissingValue] = field(default_factory=list)

    @property
    def awaiting_approval(self) -> bool:
        """Sent by the agency's reporter, not yet approved by its approver: not received."""
        return self.status == Status.AWAITING_APPROVAL

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label) if self.status else str(_("No report"))


@dataclass
class AttentionList:
    plan: Plan
    quarter: Period
    rows: list[AttentionRow]
    # Agencies with something due in the quarter and nothing to flag.
    fine: int


def default_quarter(plan: Plan, today: datetime.date) -> Period:
    """The newest of the plan's quarters that has ended by `today` (the first if none has)."""
    quarters = plan_quarters(plan)
    ended = [quarter for quarter in quarters if quarter.end < today]
    return ended[-1] if ended else quarters[0]


def attention_list(plan: Plan, *, quarter: Period) -> AttentionList:
    """Agencies whose received report for `quarter` assesses an indicator off track or lacks a
    value it owes, and agencies with nothing received yet.

    Only submitted and accepted reports are judged — a draft, or a report awaiting its agency's
    approval, is work in progress, and viewers may not read either. For an accepted report being
    corrected, the accepted version counts."""
    due_agencies = [
        agency_id
        for agency_id, quarters in due_quarters(plan).items()
        if quarter.code in {due.code for due in quarters}
    ]
    current, received = _quarter_reports(plan, quarter.code)
    owed = _owed_indicators(plan, quarter, set(due_agencies))
    report_ids = list(received.values())
    totals = set(
        IndicatorValue.objects.filter(report_id__in=report_ids, breakdown="").values_list(
            "report_id", "indicator_id", "period"
        )
    )
    described = set(
        IndicatorEntry.objects.filter(report_id__in=report_ids)
        .exclude(narrative="", rating="")
        .values_list("report_id", "indicator_id")
    )
    off_track: dict[int, list[IndicatorEntry]] = defaultdict(list)
    entries = IndicatorEntry.objects.filter(
        report_id__in=report_ids, assessment=Assessment.OFF_TRACK
    ).select_related("indicator")
    for entry in entries.order_by("indicator__position", "indicator__code"):
        off_track[entry.report_id].append(entry)
    rows, fine = [], 0
    for agency in Agency.objects.filter(pk__in=due_agencies).order_by("code"):
        report_id = received.get(agency.pk)
        row = AttentionRow(
            agency=agency,
            status=current.get(agency.pk),
            received=report_id is not None,
            report_id=report_id,
            due_indicators=len({indicator.pk for indicator, _p in owed[agency.pk]}),
        )
        if report_id is not None:
            row.off_track = off_track[report_id]
            row.missing = [
                MissingValue(indicator, period)
                for indicator, period in owed[agency.pk]
                if not _has_value(indicator, period, report_id, totals, described)
            ]
        if row.received and not row.off_track and not row.missing:
            fine += 1
        else:
            rows.append(row)
    return AttentionList(plan=plan, quarter=quarter, rows=rows, fine=fine)


def _quarter_reports(plan: Plan, code: str) -> tuple[dict[int, str], dict[int, int]]:
    """For each agency: its current report's status, and the newest received (submitted or
    accepted) version's id."""
    current: dict[int, str] = {}
    received: dict[int, int] = {}
    rows = (
        Report.objects.filter(plan=plan, period=code)
        .order_by("version")
        .values_list("pk", "agency_id", "status", "is_current")
    )
    for pk, agency_id, status, is_current in rows:
        if is_current:
            current[agency_id] = status
        if status in (Status.SUBMITTED, Status.ACCEPTED):
            received[agency_id] = pk
    return current, received


def _owed_indicators(
    plan: Plan, quarter: Period, agency_ids: set[int]
) -> dict[int, list[tuple[Indicator, str]]]:
    """Agency id → (indicator, period code) for each value it owes in the quarter's report."""
    owed: dict[int, list[tuple[Indicator, str]]] = defaultdict(list)
    links = (
        Indicator.responsible_agencies.through.objects.filter(
            indicator__plan=plan, agency_id__in=agency_ids
        )
        .select_related("indicator")
        .order_by("indicator__position", "indicator__code")
    )
    for link in links:
        indicator = link.indicator
        for period in periods_ending_in(indicator.frequency, quarter):
            owed[link.agency_id].append((indicator, period.code))
    return owed


def _has_value(
    indicator: Indicator,
    period: str,
    report_id: int,
    totals: set[tuple[int, int, str]],
    described: set[tuple[int, int]],
) -> bool:
    if indicator.type == IndicatorType.QUALITATIVE:
        return (report_id, indicator.pk) in described
    return (report_id, indicator.pk, period) in totals
