"""The checks of a bulk data values import: each row's target, then the grids."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from accounts import permissions
from accounts.models import User
from agencies.models import Agency
from plans.models import Indicator, Plan
from reporting import validation
from reporting.models import IndicatorValue, Report, ReportStatus
from reporting.selectors import (
    accepted_history,
    dimensions_of,
    indicator_rules,
    plan_quarters,
)
from tipmonitor.lib.numbers import NumberFormatError, to_number
from tipmonitor.lib.reporting_periods import Period, parse_period_code, quarter_of

from ._common import ValueRow, ValuesInvalid


@dataclass
class _Row:
    line: int
    indicator_id: int
    agency_id: int
    quarter: str
    period: str
    breakdown: str
    value: Decimal
    comment: str


def check_row_texts(rows: list[ValueRow]) -> None:
    """The text rules on every row (`validation.check_texts`), before any code is looked up:
    a code that is not text could not even be searched for, nor quoted in a message.
    ValuesInvalid with each problem."""
    errors = []
    for row in rows:
        columns = {
            "indicator": row.indicator_code,
            "period": row.period,
            "agency": row.agency_code,
            "value": row.value,
            "comment": row.comment,
        }
        errors += [(row.line, name, text) for name, text in validation.check_texts(columns).items()]
        for dimension, category in row.breakdown.items():
            if message := validation.check_characters(dimension):
                errors.append((row.line, "breakdown", message))
            elif message := validation.check_characters(category):
                errors.append((row.line, dimension, message))
    if errors:
        raise ValuesInvalid(errors)


@dataclass
class _ImportLookup:
    """The plan's codes resolved once, so a 100,000-row file costs a handful of queries."""

    plan: Plan
    user: User
    indicators: dict[str, Indicator]
    rules: dict[int, validation.IndicatorRules]
    responsible: set[tuple[int, int]]
    agencies: dict[str, int]
    quarters: set[str]
    periods: dict[str, Period | str]

    @classmethod
    def load(cls, plan: Plan, rows: list[ValueRow], user: User) -> "_ImportLookup":
        indicators = {i.code: i for i in plan.indicators.all()}
        dimensions = dimensions_of(list(indicators.values()))
        rules = {i.pk: indicator_rules(i, dimensions.get(i.pk, [])) for i in indicators.values()}
        through = Indicator.responsible_agencies.through.objects.filter(indicator__plan=plan)
        codes = {row.agency_code.strip() for row in rows}
        agencies = dict(Agency.objects.filter(code__in=codes).values_list("code", "pk"))
        return cls(
            plan=plan,
            user=user,
            indicators=indicators,
            rules=rules,
            responsible=set(through.values_list("indicator_id", "agency_id")),
            agencies=agencies,
            quarters={q.code for q in plan_quarters(plan)},
            periods={},
        )

    def period(self, text: str) -> Period | str:
        """The period, or why not (memoised: a file repeats a few dozen period codes)."""
        if text not in self.periods:
            try:
                self.periods[text] = parse_period_code(text)
            except ValueError as error:
                self.periods[text] = str(error)
        return self.periods[text]

    def resolve(self, rows: list[ValueRow]) -> tuple[list[_Row], list[tuple[int, str, str]]]:
        resolved: list[_Row] = []
        errors: list[tuple[int, str, str]] = []
        seen: dict[tuple[int, int, str, str], int] = {}
        for row in rows:
            found = self._resolve_row(row, errors)
            if found is None:
                continue
            key = (found.indicator_id, found.agency_id, found.period, found.breakdown)
            if key in seen:
                message = _("The same value is given on line %(line)s.") % {"line": seen[key]}
                errors.append((row.line, "value", message))
                continue
            seen[key] = row.line
            resolved.append(found)
        return resolved, errors

    def _resolve_row(self, row: ValueRow, errors: list) -> _Row | None:
        indicator = self.indicators.get(row.indicator_code.strip())
        agency_id = self.agencies.get(row.agency_code.strip())
        before = len(errors)
        if indicator is None:
            message = _("No indicator “%(code)s” in this plan.") % {"code": row.indicator_code}
            errors.append((row.line, "indicator", message))
        if agency_id is None:
            message = _("No agency “%(code)s”.") % {"code": row.agency_code}
            errors.append((row.line, "agency", message))
        elif not (permissions.may_review_reports(self.user) or agency_id == self.user.agency_id):
            message = _("You may import values of your own agency only.")
            errors.append((row.line, "agency", message))
        if len(errors) > before:
            return None
        assert indicator is not None
        assert agency_id is not None
        return self._resolve_value(row, indicator, agency_id, errors)

    def _resolve_value(
        self, row: ValueRow, indicator: Indicator, agency_id: int, errors: list
    ) -> _Row | None:
        rules = self.rules[indicator.pk]
        if (indicator.pk, agency_id) not in self.responsible:
            message = _("%(agency)s is not responsible for indicator %(code)s.") % {
                "agency": row.agency_code,
                "code": indicator.code,
            }
            errors.append((row.line, "agency", message))
            return None
        period = self._check_period(row, indicator, errors)
        breakdown = self._check_breakdown(row, rules, errors)
        if period is None or breakdown is None:
            return None
        try:
            value = to_number(row.value)
        except NumberFormatError as error:
            errors.append((row.line, "value", str(error)))
            return None
        if problem := validation.check_value(rules, period.code, breakdown, value):
            errors.append((row.line, "value", problem))
            return None
        return _Row(
            line=row.line,
            indicator_id=indicator.pk,
            agency_id=agency_id,
            quarter=quarter_of(period.end).code,
            period=period.code,
            breakdown=breakdown,
            value=value,
            comment=row.comment.strip(),
        )

    def _check_period(self, row: ValueRow, indicator: Indicator, errors: list) -> Period | None:
        period = self.period(row.period)
        if isinstance(period, str):
            errors.append((row.line, "period", period))
            return None
        if period.frequency != indicator.frequency:
            message = _("Indicator %(code)s is reported %(frequency)s; %(period)s is not.") % {
                "code": indicator.code,
                "frequency": indicator.get_frequency_display().lower(),
                "period": period.code,
            }
            errors.append((row.line, "period", message))
            return None
        if quarter_of(period.end).code not in self.quarters:
            message = _("%(period)s is outside the plan's period.") % {"period": period.code}
            errors.append((row.line, "period", message))
            return None
        return period

    def _check_breakdown(
        self, row: ValueRow, rules: validation.IndicatorRules, errors: list
    ) -> str | None:
        pairs = {}
        for dimension, category in row.breakdown.items():
            category = category.strip()
            if not category:
                continue
            if problem := validation.check_pair(rules, dimension, category):
                errors.append((row.line, dimension, problem))
                return None
            pairs[dimension] = category
        return validation.format_breakdown(pairs)


@dataclass
class _Target:
    """Where the values of one agency and quarter go."""

    agency_id: int
    quarter: str
    current: Report | None  # the current version, if any
    rows: list[_Row] = field(default_factory=list)
    report: Report | None = None  # set when written

    @property
    def needs_new_version(self) -> bool:
        return self.current is None or self.current.status == ReportStatus.ACCEPTED


def _import_targets(plan: Plan, resolved: list[_Row], user: User) -> dict[tuple[int, str], _Target]:
    """One target per agency and quarter; the current reports locked for the transaction."""
    targets: dict[tuple[int, str], _Target] = {}
    for row in resolved:
        key = (row.agency_id, row.quarter)
        if key not in targets:
            targets[key] = _Target(row.agency_id, row.quarter, None)
        targets[key].rows.append(row)
    current = Report.objects.select_for_update().filter(
        plan=plan,
        is_current=True,
        agency_id__in={agency_id for agency_id, _quarter in targets},
        period__in={quarter for _agency_id, quarter in targets},
    )
    for report in current:
        if (report.agency_id, report.period) in targets:
            targets[(report.agency_id, report.period)].current = report
    errors = []
    if not permissions.may_review_reports(user):
        for target in targets.values():
            if message := _busy_message(target):
                errors += [(row.line, "period", message) for row in target.rows]
    if errors:
        raise ValuesInvalid(errors)
    return targets


def _busy_message(target: _Target) -> str | None:
    """Why an agency's import may not touch the report now, if it may not: it is with the
    coordinator for review, or with the agency's approver (who approves it or sends it back on
    the report page, as nobody edits a report awaiting approval). The coordinator's import
    may."""
    status = target.current.status if target.current is not None else None
    if status == ReportStatus.SUBMITTED:
        return _(
            "The report for %(quarter)s is submitted and awaits review; it takes no new "
            "values until it is returned or accepted."
        ) % {"quarter": target.quarter}
    if status == ReportStatus.AWAITING_APPROVAL:
        return _(
            "The report for %(quarter)s awaits the agency's approval; it takes no new values "
            "until an approver approves it or sends it back."
        ) % {"quarter": target.quarter}
    return None


def _check_imported_grids(
    plan: Plan,
    lookup: _ImportLookup,
    resolved: list[_Row],
    targets: dict[tuple[int, str], _Target],
) -> dict[tuple[int, int, str, str], tuple[Decimal, str]]:
    """Sums over the merged grid (stored values plus imported ones) and the outlier rule.
    Returns the cells already stored: (agency, indicator, period, breakdown) -> (value,
    comment)."""
    report_ids = {t.current.pk for t in targets.values() if t.current is not None}
    indicator_ids = {row.indicator_id for row in resolved}
    stored = IndicatorValue.objects.filter(report_id__in=report_ids, indicator_id__in=indicator_ids)
    agency_of = {t.current.pk: t.agency_id for t in targets.values() if t.current is not None}
    grids: dict[tuple[int, int], dict] = defaultdict(dict)
    for report_id, indicator_id, period, breakdown, value, comment in stored.values_list(
        "report_id", "indicator_id", "period", "breakdown", "value", "comment"
    ):
        grids[(agency_of[report_id], indicator_id)][(period, breakdown)] = (value, comment, None)
    stored_cells = {
        (agency_id, indicator_id, period, breakdown): (value, comment)
        for (agency_id, indicator_id), grid in grids.items()
        for (period, breakdown), (value, comment, _line) in grid.items()
    }
    for row in resolved:
        grids[(row.agency_id, row.indicator_id)][(row.period, row.breakdown)] = (
            row.value,
            row.comment,
            row.line,
        )
    history = accepted_history(
        plan=plan,
        agency_ids={t.agency_id for t in targets.values()},
        indicator_ids=indicator_ids,
        exclude_reports=report_ids,
    )
    errors = []
    for (agency_id, indicator_id), grid in grids.items():
        errors += _grid_errors(
            lookup.rules[indicator_id], grid, history.get((agency_id, indicator_id), [])
        )
    if errors:
        raise ValuesInvalid(errors)
    return stored_cells


def _grid_errors(
    rules: validation.IndicatorRules, grid: dict, history: list[tuple[str, Decimal]]
) -> list[tuple[int, str, str]]:
    cells = [
        validation.Cell(period=p, breakdown=b, value=value, comment=comment)
        for (p, b), (value, comment, _line) in grid.items()
    ]
    errors = []
    for problem in validation.check_cells(rules, cells, history):
        line = (
            grid[(problem.period, problem.breakdown)][2]
            if ((problem.period, problem.breakdown) in grid)
            else None
        )
        if line is None:
            # A sum over stored cells: blame the first imported row of that period.
            lines = [ln for (p, _b), (_v, _c, ln) in grid.items() if p == problem.period and ln]
            line = min(lines) if lines else 0
        errors.append((line, "value", problem.message))
    return errors
