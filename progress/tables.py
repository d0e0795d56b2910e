"""The dashboards' tables as plain `Table`s to download (tipmonitor/lib/tables.py): built from
the same page objects the templates draw, so a file holds what the page shows — a figure the
page withholds (`withheld`) is withheld in the file too."""

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from progress.engine import Status
from progress.selectors import AgencyPage, BranchProgress, IndicatorPage, PlanOverview
from progress.selectors.assessments import AgencyAssessment, JudgedIndicator
from progress.selectors.rollups import StatusCounts
from tipmonitor.lib.tables import Table


def _status_headers() -> list[str]:
    return [str(status.label) for status in Status]


def _counts(counts: StatusCounts) -> list[object]:
    return [counts.counts.get(status, 0) for status in Status]


def _assessments(assessments: Sequence[AgencyAssessment]) -> str:
    return "; ".join(
        f"{a.agency.code} ({a.period}): {a.label}" + (f" — {a.comment}" if a.comment else "")
        for a in assessments
    )


def _percent(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal(1))


def indicator_table(rows: Sequence[JudgedIndicator], title: str) -> Table:
    """`progress/_indicator_table.html` as a table."""
    body: list[list[object]] = []
    for row in rows:
        progress = row.progress
        if row.is_contribution:
            status = _("Contribution, not judged")
        else:
            status = str(row.status.label)
            if row.share:
                status += " " + _("against its own target")
        if row.flagged:
            status += " · " + _("Flagged: the agency disagrees")
        body.append(
            [
                row.indicator.code,
                row.indicator.display_name,
                status,
                _("withheld: a small count") if progress.withheld else progress.actual,
                row.share.national if row.share else None,
                progress.expected,
                progress.end_target,
                _percent(row.progress_percent),
                row.indicator.display_unit,
                _assessments(row.assessments),
            ]
        )
    headers = [
        _("Code"),
        _("Indicator"),
        _("Status"),
        _("Actual"),
        _("National"),
        _("Expected"),
        _("End target"),
        _("Progress (%)"),
        _("Unit"),
        _("Agencies' own assessment"),
    ]
    if not any(row.share for row in rows):  # the national column only where a page has shares
        headers.pop(4)
        for line in body:
            line.pop(4)
    return Table(title, headers, body)


def chart_tables(charts: Sequence[dict[str, Any]]) -> dict[str, Table]:
    """Each chart's table view (`progress.views.chart_context`), keyed by the chart's id."""
    return {
        chart["id"]: Table(
            str(chart["table"].get("caption", "")),
            [str(column) for column in chart["table"].get("columns", [])],
            [list(row) for row in chart["table"].get("rows", [])],
        )
        for chart in charts
    }


def overview_tables(page: PlanOverview, charts: Sequence[dict[str, Any]]) -> dict[str, Table]:
    areas = Table(
        _("Indicators by status and strategic area"),
        [_("Code"), _("Strategic area"), *_status_headers(), _("Total"), _("Flagged")],
        [
            [s.area.code, s.area.display_name, *_counts(s.counts), s.counts.total, s.flagged]
            for s in page.areas
        ],
    )
    flagged = Table(
        _("Flagged indicators"),
        [_("Code"), _("Indicator"), _("Computed status"), _("Agency's assessment and comment")],
        [
            [
                row.indicator.code,
                row.indicator.display_name,
                str(row.status.label),
                _assessments(row.disagreeing),
            ]
            for row in page.flagged
        ],
    )
    indicators = indicator_table(
        page.rows, _("Every indicator with its computed status and its agencies' own assessment")
    )
    return {"areas": areas, "flagged": flagged, **chart_tables(charts), "indicators": indicators}


def branch_tables(page: BranchProgress) -> dict[str, Table]:
    objectives = Table(
        _("Indicators by status per objective (including its sub-objectives)"),
        [_("Code"), _("Objective"), _("Level"), *_status_headers(), _("Total")],
        [
            [
                s.objective.code,
                s.objective.display_name,
                s.depth,
                *_counts(s.counts),
                s.counts.total,
            ]
            for s in page.objectives
        ],
    )
    indicators = indicator_table(
        page.rows, _("Indicators with their computed status and their agencies' own assessment")
    )
    return {"objectives": objectives, "indicators": indicators}


def indicator_tables(page: IndicatorPage, charts: Sequence[dict[str, Any]]) -> dict[str, Table]:
    entries = Table(
        _("Narratives, ratings, assessments and comments from the agencies' reports, newest first"),
        [_("Quarter"), _("Agency"), _("Narrative"), _("Rating"), _("Assessment"), _("Comment")],
        [
            [
                entry.report.period,
                entry.report.agency.code,
                entry.narrative,
                entry.get_rating_display() if entry.rating else "",
                entry.get_assessment_display() if entry.assessment else "",
                entry.comment,
            ]
            for entry in page.entries
        ],
    )
    return {**chart_tables(charts), "entries": entries}


def agency_tables(page: AgencyPage, charts: Sequence[dict[str, Any]]) -> dict[str, Table]:
    activities = Table(
        _("Activities led by the agency and how they are delivered"),
        [
            _("Code"),
            _("Activity"),
            _("Starts"),
            _("Ends"),
            _("Latest reported status"),
            _("Delivery"),
        ],
        [
            [
                led.activity.code,
                led.activity.display_name,
                led.activity.starts_on,
                led.activity.ends_on,
                led.state_label,
                led.delivery_label,
            ]
            for led in page.activities
        ],
    )
    reports = Table(
        _("The agency's report for each quarter"),
        [_("Quarter"), _("Due on"), _("State"), _("Overdue")],
        [
            [column.code, cell.due_on, cell.label, _("Overdue") if cell.overdue else ""]
            for column, cell in page.report_cells
        ],
    )
    indicators = indicator_table(
        page.rows,
        _("Indicators the agency answers for, judged on its own values, with its own assessment"),
    )
    return {
        "indicators": indicators,
        **chart_tables(charts),
        "activities": activities,
        "reports": reports,
    }
