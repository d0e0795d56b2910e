"""The content builder: a plan, a year or quarter and a language in, what the annual monitoring
report (annex 6) or the quarterly progress summary says out (documents/content.py).

Numbers, tables and charts come from the data (the progress engine, the accepted reports, the
submission matrix); only the narrative sections come from the coordinator's drafts. A fixed
number of queries whatever the plan's size (about twenty-five).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from accounts.models import User
from documents import selectors as s
from documents.content import (
    AreaContent,
    Assessment,
    Chart,
    Comment,
    DocumentContent,
    Figure,
    Table,
)
from documents.coordination_section import coordination_content
from documents.dates import document_date
from documents.estimation_section import estimation_content
from documents.models import DocumentKind
from documents.sections import area_key, sections_for
from plans.models import Activity, Indicator, Objective, Plan, StrategicArea
from plans.templatetags.plan_format import format_indicator_figure
from progress import charts
from progress.engine import Status
from progress.selectors import (
    IndicatorProgress,
    StatusCounts,
    activity_delivery,
    delivery_labels,
    disclose_rows_for,
    indicator_progress,
    roll_up,
)
from reporting.matrix import Rates
from reporting.models import ActivityState, Rating
from reporting.selectors import counting_updates
from reporting.selectors.matrix import area_agencies, submission_matrix
from tipmonitor.lib.reporting_periods import Period

# The statuses an objective's and an area's tables count, in reading order.
_COUNTED = [Status.ACHIEVED, Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK, Status.NO_DATA]


def document_content(
    *,
    plan: Plan,
    kind: str,
    period: Period,
    language: str,
    user: User | None = None,
    today: datetime.date | None = None,
    charts: bool = True,
    estimate: bool | None = None,
) -> DocumentContent:
    """What the document of `kind` for `period` says, every text in `language`; without the
    charts' specifications when `charts` is false (the preparation page's preview); with the
    published estimate of hidden victims unless `estimate` is False (the annual report)."""
    with translation.override(language):
        builder = _Builder(plan, kind, period, language, user, today or s.today())
        content = builder.build(with_charts=charts)
        if kind == DocumentKind.ANNUAL:
            content.estimation = estimation_content(period, include=estimate, user=user)
        return content


@dataclass
class _ActivityFacts:
    state: str = ""
    percent: int | None = None
    spent: Decimal | None = None


class _Builder:
    def __init__(
        self,
        plan: Plan,
        kind: str,
        period: Period,
        language: str,
        user: User | None,
        today: datetime.date,
    ) -> None:
        self.plan, self.kind, self.period = plan, kind, period
        self.language, self.user, self.today = language, user, today
        self.areas = list(plan.areas.order_by("position", "code"))
        self.objectives = {o.pk: o for o in Objective.objects.filter(plan=plan).order_by()}
        # The document may be published: counts of victims pass disclosure control.
        self.rows = disclose_rows_for(
            plan, indicator_progress(plan, as_of=period), as_of=period, provisional=False, user=None
        )

    def build(self, *, with_charts: bool) -> DocumentContent:
        sections = sections_for(self.kind, self.areas)
        drafts = s.narrative_drafts(self.plan, self.kind, self.period.code, self.language)
        narratives = s.narrative_blocks(sections, drafts)
        by_area = roll_up(self.rows, by="area")
        delivery = activity_delivery(self.plan, as_of=self.period)
        reporting, summary, area_rates = self._reporting()
        return DocumentContent(
            kind=self.kind,
            period=self.period.code,
            language=self.language,
            title=self._title(),
            subtitle=f"{self.plan.display_title} ({self.plan.code})",
            generated_on=self.today,
            facts=self._facts(),
            reporting=reporting,
            reporting_summary=summary,
            narratives=narratives,
            overall=[self._overall(by_area), self._delivery(delivery)],
            areas=self._areas(narratives),
            charts=self._charts(by_area, delivery, area_rates) if with_charts else [],
            headings=_headings(self.kind),
            paper_size=self.plan.paper_size,
            coordination=(
                coordination_content(self.plan, self.period, self.today)
                if self.kind == DocumentKind.ANNUAL
                else None
            ),
        )

    def _charts(self, by_area: Any, delivery: Any, area_rates: list[Any]) -> list[Chart]:
        return [
            Chart(_("Indicators by status and strategic area"), charts.status_by_area(by_area)),
            Chart(_("Activity delivery by strategic area"), charts.activity_delivery(delivery)),
            Chart(
                _("Reporting completeness and timeliness"),
                charts.reporting_completeness(area_rates),
            ),
        ]

    # --- Introduction -------------------------------------------------------------------------

    def _title(self) -> str:
        if self.kind == DocumentKind.ANNUAL:
            return _(
                "Annual monitoring report on the implementation of the National Action Plan "
                "and general developments in the area of trafficking in human beings, %(year)s"
            ) % {"year": self.period.code}
        return _("Quarterly progress summary of the National Action Plan, %(quarter)s") % {
            "quarter": self.period.code
        }

    def _facts(self) -> list[Figure]:
        pairs = [
            (_("Action plan"), f"{self.plan.display_title} ({self.plan.code})"),
            (_("Country"), self.plan.country),
            (_("Plan period"), _date_range(self.plan.starts_on, self.plan.ends_on)),
            (_("Reporting period"), _date_range(self.period.start, self.period.end)),
            (_("Figures as of"), _date(self.period.end)),
            (_("Prepared on"), _date(self.today)),
        ]
        if self.user is not None and self.user.agency_id:
            pairs.append((_("Reporting institution"), str(self.user.agency)))
        if self.user is not None:
            pairs.append((_("Contact person"), self.user.display_name))
        pairs.append((_("Reports counted"), _("Accepted reports of the agencies")))
        return s.figures(pairs)

    def _reporting(self) -> tuple[Table, str, list[Any]]:
        """Who has been part of the reporting: each agency's reports expected, received and
        received on time in the period; and the same rates by area, for the chart."""
        matrix = submission_matrix(self.plan, year=self.period.year, today=self.today)
        codes = set(s.quarter_codes(self.period))
        keep = [i for i, column in enumerate(matrix.columns) if column.code in codes]
        by_agency: dict[int, Rates] = {}
        rows: list[list[str]] = []
        on_time: list[str] = []
        behind: list[str] = []
        for row in matrix.rows:
            rates = Rates()
            for i in keep:
                rates.add(row.cells[i])
            if not rates.expected:
                continue
            by_agency[row.agency.pk] = rates
            name = row.agency.short_name or row.agency.name
            (on_time if rates.on_time == rates.expected else behind).append(name)
            rows.append([name, str(rates.expected), str(rates.received), str(rates.on_time)])
        summary = _("%(on_time)s of %(total)s agencies sent every report due on time.") % {
            "on_time": len(on_time),
            "total": len(rows),
        }
        if behind:
            summary += " " + _("Late or missing: %(names)s.") % {"names": ", ".join(behind)}
        columns = [_("Agency"), _("Reports due"), _("Received"), _("On time")]
        caption = _("Who has been part of the reporting")
        return (
            s.table(caption, columns, rows, {1, 2, 3}, 0, "reporting"),
            summary,
            self._area_rates(by_agency),
        )

    def _area_rates(self, by_agency: dict[int, Rates]) -> list[Any]:
        members = area_agencies(self.plan)
        result = []
        for area in self.areas:
            rates = Rates()
            for agency_id in members.get(area.pk, set()):
                if agency_id in by_agency:
                    rates.merge(by_agency[agency_id])
            result.append(_AreaRates(area=area, rates=rates))
        return result

    # --- Overall results ----------------------------------------------------------------------

    def _overall(self, by_area: dict[Any, StatusCounts]) -> Table:
        total = StatusCounts()
        rows = []
        for area in self.areas:
            counts = by_area.get(area, StatusCounts())
            rows.append([str(area), *_count_cells(counts)])
            for row in self.rows:
                if self._area_of(row.indicator) == area.pk:
                    total.add(row.status)
        rows.append([_("Whole plan"), *_count_cells(total)])
        columns = [_("Strategic area"), _("Indicators"), *(str(st.label) for st in _COUNTED)]
        caption = _("Indicators by status, as of %(date)s") % {"date": _date(self.period.end)}
        return s.table(caption, columns, rows, set(range(1, len(columns))), 0, "overall")

    def _delivery(self, delivery: dict[tuple[str, Any], Any]) -> Table:
        # The dashboards' categories and words, "Not reported" included (issue 9 #6).
        kinds = list(delivery_labels().items())
        rows = []
        for area in self.areas:
            counts = delivery.get(("area", area))
            if counts is not None:
                rows.append([str(area), *(str(getattr(counts, k)) for k, _l in kinds)])
        columns = [_("Strategic area"), *(label for _k, label in kinds)]
        caption = _("Activity delivery, as of %(date)s") % {"date": _date(self.period.end)}
        return s.table(caption, columns, rows, set(range(1, len(columns))), 0, "overall")

    # --- Areas --------------------------------------------------------------------------------

    def _area_of(self, indicator: Indicator) -> int | None:
        objective_id = indicator.objective_id
        if objective_id is None and indicator.activity is not None:
            objective_id = indicator.activity.objective_id
        objective = self.objectives.get(objective_id or 0)
        return objective.area_id if objective is not None else None

    def _areas(self, narratives: dict[str, Any]) -> list[AreaContent]:
        activities = list(
            Activity.objects.filter(plan=self.plan)
            .select_related("lead_agency", "objective")
            .order_by("position", "code")
        )
        facts = self._activity_facts()
        money = s.indicator_money(self.plan, self.period)
        codes: dict[tuple[str, str], int | None] = {
            ("indicator", row.indicator.code): self._area_of(row.indicator) for row in self.rows
        }
        codes.update({("activity", a.code): a.objective.area_id for a in activities})
        comments = s.off_track_comments(self.plan, self.period, area_of=codes)
        by_objective = roll_up(self.rows, by="objective")
        return [
            self._area(
                area,
                narratives[area_key(area)].text,
                [row for row in self.rows if self._area_of(row.indicator) == area.pk],
                [a for a in activities if a.objective.area_id == area.pk],
                facts,
                money,
                comments.get(area.pk, []),
                by_objective,
            )
            for area in self.areas
        ]

    def _activity_facts(self) -> dict[int, _ActivityFacts]:
        """Activity id -> its latest reported state and percentage by the period's end, and
        the money spent on it in the period. One query."""
        quarters = set(s.quarter_codes(self.period))
        updates = (
            counting_updates(plan=self.plan, starting_by=self.period.end)
            .order_by("report__period_start")
            .values_list("activity_id", "report__period", "state", "percent_done", "spent")
        )
        facts: dict[int, _ActivityFacts] = defaultdict(_ActivityFacts)
        for activity_id, quarter, state, percent_done, spent in updates:
            held = facts[activity_id]
            held.state = state
            held.percent = percent_done if percent_done is not None else held.percent
            if quarter in quarters and spent is not None:
                held.spent = (held.spent or Decimal(0)) + spent
        return facts

    def _area(
        self,
        area: StrategicArea,
        narrative: str,
        rows: list[IndicatorProgress],
        activities: list[Activity],
        facts: dict[int, _ActivityFacts],
        money: dict[int, tuple[Decimal, int, int, set[str]]],
        comments: list[Comment],
        by_objective: dict[Any, StatusCounts],
    ) -> AreaContent:
        running = [a for a in activities if self._runs(a) or a.pk in facts]
        return AreaContent(
            code=area.code,
            # The name alone: the heading's number says where the area is.
            title=area.display_name,
            narrative=narrative,
            objectives=self._objective_table(area, by_objective),
            indicators=self._indicator_table(rows, money),
            activities=self._activity_table(running, facts),
            assessment=_assessment(rows),
            comments=comments,
            resources=self._resources(running, rows, facts, money),
        )

    def _runs(self, activity: Activity) -> bool:
        started = activity.starts_on is None or activity.starts_on <= self.period.end
        return started and (activity.ends_on is None or activity.ends_on >= self.period.start)

    def _objective_table(self, area: StrategicArea, by_objective: dict[Any, StatusCounts]) -> Table:
        objectives = sorted(
            (o for o in self.objectives.values() if o.area_id == area.pk),
            key=lambda o: (o.position, o.code),
        )
        rows = [
            [o.code, o.display_name, *_count_cells(by_objective.get(o, StatusCounts()))]
            for o in objectives
        ]
        columns = [_("Code"), _("Objective / outcome"), _("Indicators")]
        columns += [str(status.label) for status in _COUNTED]
        return s.table(
            _("Objectives and outcomes"),
            columns,
            rows,
            set(range(2, len(columns))),
            1,
            "objectives",
        )

    def _indicator_table(
        self, rows: list[IndicatorProgress], money: dict[int, tuple[Decimal, int, int, set[str]]]
    ) -> Table:
        lines = []
        for row in rows:
            indicator = row.indicator
            _spent, on, off, _donors = money.get(indicator.pk, (Decimal(0), 0, 0, set()))
            lines.append(
                [
                    indicator.code,
                    indicator.display_name
                    + (f" ({indicator.display_unit})" if indicator.display_unit else ""),
                    *_indicator_numbers(row),
                    str(row.status.label),
                    _self_assessment(on, off),
                ]
            )
        columns = [
            _("Code"),
            _("Indicator"),
            _("Baseline"),
            _("End target"),
            _("Expected"),
            _("Actual"),
            _("Progress"),
            _("Status"),
            _("Agencies' assessment (on / off track)"),
        ]
        return s.table(
            _("Achievements: indicators"), columns, lines, {2, 3, 4, 5, 6}, 1, "indicators"
        )

    def _activity_table(
        self, activities: list[Activity], facts: dict[int, _ActivityFacts]
    ) -> Table:
        rows = []
        for activity in activities:
            held = facts.get(activity.pk, _ActivityFacts())
            state = str(ActivityState(held.state).label) if held.state else _("Not reported")
            lead = activity.lead_agency
            rows.append(
                [
                    activity.code,
                    activity.display_name,
                    (lead.short_name or lead.name) if lead is not None else "—",
                    state,
                    s.percent(Decimal(held.percent) / 100 if held.percent is not None else None),
                    s.money(held.spent, self.plan.currency),
                    s.money(activity.budget, self.plan.currency),
                ]
            )
        columns = [
            _("Code"),
            _("Activity"),
            _("Lead agency"),
            _("Status"),
            _("Done"),
            _("Spent in the period"),
            _("Budget"),
        ]
        return s.table(_("Activities implemented"), columns, rows, {4, 5, 6}, 1, "activities")

    def _resources(
        self,
        activities: list[Activity],
        rows: list[IndicatorProgress],
        facts: dict[int, _ActivityFacts],
        money: dict[int, tuple[Decimal, int, int, set[str]]],
    ) -> list[Figure]:
        currency = self.plan.currency
        on_activities = sum(
            (facts[a.pk].spent or 0 for a in activities if a.pk in facts), Decimal(0)
        )
        on_indicators = sum(
            (money[r.indicator.pk][0] for r in rows if r.indicator.pk in money), Decimal(0)
        )
        budget = sum((a.budget or 0 for a in activities), Decimal(0))
        donors = sorted({d for r in rows for d in money.get(r.indicator.pk, (0, 0, 0, set()))[3]})
        return s.figures(
            [
                (
                    _("Spent on activities in the period (activity reports)"),
                    s.money(on_activities, currency),
                ),
                (_("Spent in the period (indicator reports)"), s.money(on_indicators, currency)),
                (_("Budget of these activities (whole plan period)"), s.money(budget, currency)),
                (_("Donors named"), ", ".join(donors) or "—"),
            ]
        )


@dataclass
class _AreaRates:
    """An area's reporting rates over the document's period, shaped as the chart wants."""

    area: StrategicArea
    rates: Rates


def _count_cells(counts: StatusCounts) -> list[str]:
    return [str(counts.total), *(str(counts.counts.get(status, 0)) for status in _COUNTED)]


def _indicator_numbers(row: IndicatorProgress) -> list[str]:
    """Baseline, end target, expected, actual, progress."""
    indicator = row.indicator
    if indicator.is_qualitative:
        rating = str(Rating(row.rating).label) if row.rating else "—"
        return [
            indicator.baseline_text or "—",
            indicator.end_target_text or "—",
            "—",
            rating,
            "—",
        ]
    figures = [indicator.baseline, indicator.end_target, row.expected, row.actual]
    cells = [format_indicator_figure(indicator, figure, unit=False) or "—" for figure in figures]
    if row.withheld:  # a small count of victims (progress.selectors.disclosure)
        cells[3] = _("withheld: a small count")
    return [*cells, s.percent(row.progress)]


def _self_assessment(on: int, off: int) -> str:
    if not (on or off):
        return "—"
    return f"{on} / {off}"


def _assessment(rows: list[IndicatorProgress]) -> Assessment:
    judged = [r for r in rows if r.status not in (Status.NO_DATA, Status.NOT_APPLICABLE)]
    good = sum(1 for r in judged if r.status in (Status.ACHIEVED, Status.ON_TRACK))
    missing = len(rows) - len(judged)
    if not judged:
        return Assessment("", _("Not judged: no indicator of this area has data."), "")
    value = "on_track" if 2 * good >= len(judged) else "off_track"
    label = _("On track") if value == "on_track" else _("Off track")
    basis = _(
        "%(good)s of the %(judged)s indicators that can be judged are achieved or on track "
        "(%(missing)s without data or not applicable)."
    ) % {"good": good, "judged": len(judged), "missing": missing}
    return Assessment(value, label, basis)


def _date(day: datetime.date) -> str:
    return document_date(day)


def _date_range(start: datetime.date, end: datetime.date) -> str:
    return _("%(start)s to %(end)s") % {"start": _date(start), "end": _date(end)}


def _headings(kind: str) -> dict[str, str]:
    """The fixed headings of the document, in its language."""
    return {
        "reporting": _("Who has been part of the reporting"),
        "progress": _("Progress in the implementation of the National Action Plan"),
        "detailed": _("Detailed progress of the implementation"),
        "overall": _("Overall results and achievements in the reporting period"),
        "objectives": _("Objectives and outcomes"),
        "achievements": _("Achievements"),
        "activities": _("Activities implemented"),
        "assessment": _(
            "Assessment: the implementation in this area is (measured against the fulfilment "
            "of the indicators)"
        ),
        "comments": _("Comments (further information where the implementation is off track)"),
        "no_comments": _("No agency assessed anything in this area as off track."),
        "resources": _("Resources spent"),
        "charts": _("Charts"),
        "empty": _("(No text yet.)"),
        "page": _("Page"),
        "contents": _("Contents"),
        "meetings": _("Meetings held"),
        "attendance": _("Attendance"),
        "actions": _("Actions passed"),
    }
