"""The dashboards' charts as Vega-Lite specifications, built with Altair.

Plain functions from what the selectors return to JSON-ready dicts (`chart.to_dict()`): the
pages embed them with vega-embed, the documents render the same dicts to PNG with vl-convert and
the public site embeds them too, so nothing here knows about requests or pages.

Every spec carries a title, a `description` (vega-embed and Vega give it to screen readers as the
chart's label) and, under `usermeta.table`, the same numbers as a table (`caption`, `columns`,
`rows`) so that every page can show the chart as a real <table> as well (`chart_table`). Numbers
are floats (Decimals are not JSON); missing values stay None, a gap in a line.
"""

import json
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

import altair as alt
from django.utils.formats import get_format
from django.utils.translation import gettext as _

from progress.engine import Status
from progress.selectors import delivery_labels
from tipmonitor.lib.numbers import THOUSANDS_SEPARATOR, rounded

if TYPE_CHECKING:
    from progress.selectors import (
        AgencyValue,
        BreakdownValue,
        DeliveryCounts,
        StatusCounts,
        StatusTrendPoint,
        TrendPoint,
    )
    from reporting.selectors.matrix import AreaRow, MatrixRow

Spec = dict[str, Any]

# Counts are whole numbers: no 0.5 ticks.
_COUNT_AXIS = alt.Axis(tickMinStep=1, format="d")

# Fixed width so vl-convert draws documents the same size; pages fit it to the container
# (`for_page`).
WIDTH = 560

# Group names (strategic areas, agencies) on an axis wrap onto lines of this many characters
# rather than being cut with "…" (`_group_axis`), up to this many pixels a line.
LABEL_CHARACTERS = 30
LABEL_LIMIT = 240

# Status colours: readable on white, told apart by people with red-green colour blindness
# (blue/orange/vermillion rather than green/red), greys for the statuses that are not a judgement.
STATUS_COLOURS: dict[Status, str] = {
    Status.ACHIEVED: "#1b5e9e",
    Status.ON_TRACK: "#4c9be8",
    Status.AT_RISK: "#e69f00",
    Status.OFF_TRACK: "#c0392b",
    Status.NO_DATA: "#9e9e9e",
    Status.NOT_APPLICABLE: "#d5d5d5",
}

# DeliveryCounts fields in the order a reader scans them: done, under way, behind, unknown,
# other. "Not reported" is the neutral grey of "No data" in the status charts: nobody said, so
# it is no judgement (issue 9 #6); cancelled is a darker grey, not due yet the lightest.
DELIVERY_COLOURS: dict[str, str] = {
    "completed_on_time": "#1b5e9e",
    "completed_late": "#4c9be8",
    "ongoing": "#9ecae1",
    "delayed": "#e69f00",
    "not_started_though_due": "#c0392b",
    "not_reported": STATUS_COLOURS[Status.NO_DATA],
    "not_due": "#d5d5d5",
    "cancelled": "#616161",
}
_DELIVERY_KINDS: list[tuple[str, str]] = list(DELIVERY_COLOURS.items())


def _number(value: Decimal | int | float | None) -> float | None:
    return None if value is None else float(value)


def _label(key: Any) -> str:
    return str(key)


def _finish(chart: alt.TopLevelMixin, *, title: str, description: str, table: Spec) -> Spec:
    """The chart as a dict with its title, description and table view."""
    chart = chart.properties(
        title=title, description=description, usermeta={"table": {"caption": title, **table}}
    )
    spec: Spec = chart.to_dict()
    config = spec.setdefault("config", {})
    config["locale"] = {"number": _number_locale()}
    config["legend"] = {"labelLimit": LABEL_LIMIT}
    return spec


def _number_locale() -> Spec:
    """Vega's number locale for the active language: figures in tooltips and on axes grouped
    and pointed as on the pages (`tipmonitor.lib.numbers.format_grouped`), never by a comma."""
    return {
        "decimal": str(get_format("DECIMAL_SEPARATOR")),
        "thousands": THOUSANDS_SEPARATOR,
        "grouping": [3],
        "currency": ["", ""],
    }


def _group_axis(names: Iterable[Any], **properties: Any) -> alt.Axis:
    """An axis of group names (areas, agencies) whose long names wrap onto several lines."""
    wrapped = {str(n): textwrap.wrap(str(n), LABEL_CHARACTERS) or [str(n)] for n in names}
    lines = {name: parts for name, parts in wrapped.items() if len(parts) > 1}
    label_expr = (
        f"{json.dumps(lines, ensure_ascii=False)}[datum.label] || datum.label"
        if lines
        else "datum.label"
    )
    return alt.Axis(labelExpr=label_expr, labelLimit=LABEL_LIMIT, **properties)


def _group_step(names: Iterable[Any]) -> alt.Step:
    """A band tall enough for the most lines a wrapped group name takes (`_group_axis`)."""
    lines = max((len(textwrap.wrap(str(name), LABEL_CHARACTERS)) for name in names), default=1)
    return alt.Step(max(20, 13 * lines + 8))


def for_page(spec: Spec) -> Spec:
    """The spec as a page draws it: as wide as its container (a phone's screen, a dashboard
    card), the title wrapped and the legend below the chart so that neither is cut off. The
    documents draw the spec as built, at the fixed `WIDTH`."""
    page = dict(spec)
    if isinstance(page.get("width"), int | float):
        page["width"] = "container"
        page["autosize"] = {"type": "fit-x", "contains": "padding", "resize": True}
    title = page.get("title")
    if isinstance(title, str):
        page["title"] = {"text": textwrap.wrap(title, 40) or [title], "anchor": "start"}
    config = dict(page.get("config", {}))
    config["legend"] = {**config.get("legend", {}), "orient": "bottom", "direction": "vertical"}
    page["config"] = config
    return page


def _status_scale() -> alt.Scale:
    return alt.Scale(
        domain=[str(status.label) for status in STATUS_COLOURS],
        range=list(STATUS_COLOURS.values()),
    )


def _status_rows(group: str, counts: "StatusCounts") -> list[Spec]:
    return [
        {
            "group": group,
            "status": str(status.label),
            "rank": rank,
            "count": counts.counts.get(status, 0),
        }
        for rank, status in enumerate(STATUS_COLOURS)
    ]


def _status_table(first: str, groups: list[tuple[str, "StatusCounts"]]) -> Spec:
    return {
        "columns": [first, *(str(status.label) for status in STATUS_COLOURS), _("Total")],
        "rows": [
            [name, *(counts.counts.get(status, 0) for status in STATUS_COLOURS), counts.total]
            for name, counts in groups
        ],
    }


def _stacked_status_bar(rows: list[Spec], *, group_title: str, horizontal: bool) -> alt.Chart:
    group = alt.Y if horizontal else alt.X
    amount = alt.X if horizontal else alt.Y
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar()
        .encode(
            group(
                "group:N",
                title=group_title,
                sort=None,
                axis=_group_axis(row["group"] for row in rows),
            ),
            amount("sum(count):Q", title=_("Indicators"), stack="zero", axis=_COUNT_AXIS),
            color=alt.Color("status:N", title=_("Status"), scale=_status_scale()),
            order=alt.Order("rank:Q"),
            tooltip=[
                alt.Tooltip("group:N", title=group_title),
                alt.Tooltip("status:N", title=_("Status")),
                alt.Tooltip("count:Q", title=_("Indicators")),
            ],
        )
        .properties(width=WIDTH)
    )
    if horizontal:
        chart = chart.properties(height=_group_step(row["group"] for row in rows))
    return chart


def status_by_area(groups: Mapping[Any, "StatusCounts"]) -> Spec:
    """A stacked bar per strategic area: how many of its indicators have each status.
    `groups` is `roll_up(rows, by="area")` (or by objective or agency), in the order given."""
    named = [(_label(key), counts) for key, counts in groups.items()]
    rows = [row for name, counts in named for row in _status_rows(name, counts)]
    chart = _stacked_status_bar(rows, group_title=_("Strategic area"), horizontal=True)
    return _finish(
        chart,
        title=_("Indicators by status and strategic area"),
        description=_(
            "Stacked bars, one per strategic area, counting its indicators by status: "
            "achieved, on track, at risk, off track, no data, not applicable."
        ),
        table=_status_table(_("Strategic area"), named),
    )


def status_trend(points: Sequence["StatusTrendPoint"]) -> Spec:
    """A stacked bar per quarter: how many of the plan's indicators had each status then."""
    named = [(point.period, point.counts) for point in points]
    rows = [row for name, counts in named for row in _status_rows(name, counts)]
    chart = _stacked_status_bar(rows, group_title=_("Quarter"), horizontal=False)
    return _finish(
        chart,
        title=_("Indicators by status over time"),
        description=_(
            "Stacked bars, one per quarter, counting the plan's indicators by the status "
            "they had at the end of that quarter."
        ),
        table=_status_table(_("Quarter"), named),
    )


def _target_text(target: Decimal, places: int) -> str:
    return f"{rounded(target, places).normalize():f}"


def figure_format(places: int) -> str:
    """The d3 format of an indicator's figures in tooltips and on axes: grouped, rounded to
    `places` decimals (`plans.templatetags.plan_format.figure_places`), trailing zeros dropped."""
    return f",.{places}~f"


def indicator_trend(
    points: Sequence["TrendPoint"],
    *,
    title: str,
    end_target: Decimal | None,
    unit: str = "",
    places: int = 2,
) -> Spec:
    """The actual value against the expected line over the indicator's periods, with the end
    target as a horizontal rule. Figures show `places` decimals (`figure_places`)."""
    actual, expected = _("Actual"), _("Expected")
    rows = [
        {"period": point.period, "end": point.end.isoformat(), "series": series, "value": value}
        for point in points
        for series, value in ((actual, _number(point.actual)), (expected, _number(point.expected)))
    ]
    value_title = unit or _("Value")
    number = figure_format(places)
    lines = (
        alt.Chart(alt.Data(values=rows))
        .mark_line(point=True)
        .encode(
            x=alt.X("period:O", title=_("Period"), sort=None),
            # The axis format also rounds the value in the marks' accessible labels.
            y=alt.Y("value:Q", title=value_title, axis=alt.Axis(format=number)),
            # One title for the series (the legend shows the names only), so that tooltips and
            # accessible labels name it once, translated.
            color=alt.Color(
                "series:N",
                title=_("Series"),
                legend=alt.Legend(title=None),
                scale=alt.Scale(domain=[actual, expected], range=["#1b5e9e", "#9e9e9e"]),
            ),
            strokeDash=alt.StrokeDash(
                "series:N",
                title=_("Series"),
                legend=alt.Legend(title=None),
                scale=alt.Scale(domain=[actual, expected], range=[[1, 0], [6, 4]]),
            ),
            tooltip=[
                alt.Tooltip("period:O", title=_("Period")),
                alt.Tooltip("series:N", title=_("Series")),
                alt.Tooltip("value:Q", title=value_title, format=number),
            ],
        )
    )
    layers: list[alt.Chart | alt.LayerChart] = [lines]
    if end_target is not None:
        target = [{"label": _("End target"), "value": _number(end_target)}]
        rule = alt.Chart().encode(
            y=alt.Y("value:Q", axis=alt.Axis(format=number)),
            tooltip=[alt.Tooltip("value:Q", title=_("End target"), format=number)],
        )
        # The rule is named on the chart itself (the legend names only the lines).
        # The text repeats the rule's name: hidden from screen readers, which read the rule's.
        label = rule.mark_text(align="left", dx=4, dy=-6, color="#c0392b", aria=False)
        rule_label = _("End target: %(target)s") % {"target": _target_text(end_target, places)}
        layers.append(
            alt.LayerChart(
                layer=[
                    rule.mark_rule(color="#c0392b", strokeDash=[2, 2], description=rule_label),
                    label.encode(x=alt.value(0), text="label:N"),
                ],
                data=alt.Data(values=target),
            )
        )
    chart = alt.layer(*layers).properties(width=WIDTH, height=260)
    target_text = _("none") if end_target is None else _target_text(end_target, places)
    return _finish(
        chart,
        title=title,
        description=_(
            "Line chart of the actual value against the expected value per period; the end "
            "target (%(target)s) is a horizontal line."
        )
        % {"target": target_text},
        table={
            "columns": [_("Period"), actual, expected, _("End target")],
            "rows": [
                [p.period, _number(p.actual), _number(p.expected), _number(end_target)]
                for p in points
            ],
        },
    )


def indicator_breakdown(values: Sequence["BreakdownValue"], *, title: str, places: int = 2) -> Spec:
    """A bar per category, the categories of each disaggregation dimension together and named
    with it ("Sex: Female"). One view rather than a facet per dimension, so that a page can fit
    it to its container (`for_page`). Figures show `places` decimals."""
    rows = [
        {
            "dimension": v.dimension,
            "category": v.category,
            "label": _("%(dimension)s: %(category)s")
            % {"dimension": v.dimension, "category": v.category},
            "value": _number(v.value),
        }
        for v in values
    ]
    number = figure_format(places)
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar(color="#1b5e9e")
        .encode(
            y=alt.Y(
                "label:N",
                title=None,
                sort=None,
                axis=_group_axis(row["label"] for row in rows),
            ),
            x=alt.X("value:Q", title=_("Value"), axis=alt.Axis(format=number)),
            tooltip=[
                alt.Tooltip("dimension:N", title=_("Dimension")),
                alt.Tooltip("category:N", title=_("Category")),
                alt.Tooltip("value:Q", title=_("Value"), format=number),
            ],
        )
        .properties(width=WIDTH, height=_group_step(row["label"] for row in rows))
    )
    return _finish(
        chart,
        title=title,
        description=_("Bar charts of the value by category, one for each disaggregation."),
        table={
            "columns": [_("Dimension"), _("Category"), _("Value")],
            "rows": [[row["dimension"], row["category"], row["value"]] for row in rows],
        },
    )


def values_by_agency(values: Sequence["AgencyValue"], *, title: str, places: int = 2) -> Spec:
    """Grouped bars: each agency's total per period, figures with `places` decimals."""
    number = figure_format(places)
    rows = [
        {"agency": _label(v.agency), "period": v.period, "value": _number(v.value)} for v in values
    ]
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar()
        .encode(
            x=alt.X("period:O", title=_("Period"), sort=None),
            xOffset=alt.XOffset("agency:N"),
            y=alt.Y("value:Q", title=_("Value"), axis=alt.Axis(format=number)),
            color=alt.Color("agency:N", title=_("Agency")),
            tooltip=[
                alt.Tooltip("agency:N", title=_("Agency")),
                alt.Tooltip("period:O", title=_("Period")),
                alt.Tooltip("value:Q", title=_("Value"), format=number),
            ],
        )
        .properties(width=WIDTH, height=220)
    )
    return _finish(
        chart,
        title=title,
        description=_("Grouped bars of each reporting agency's value per period."),
        table={
            "columns": [_("Period"), _("Agency"), _("Value")],
            "rows": [[row["period"], row["agency"], row["value"]] for row in rows],
        },
    )


def activity_delivery(
    groups: Mapping[tuple[str, Any], "DeliveryCounts"], *, by: Literal["area", "agency"] = "area"
) -> Spec:
    """A stacked bar per strategic area (or lead agency): its activities by how they are
    delivered. `groups` is the `activity_delivery` selector's result, whose keys say which."""
    labels = delivery_labels()
    named = [(_label(key), counts) for (kind, key), counts in groups.items() if kind == by]
    rows = [
        {"group": name, "kind": labels[kind], "rank": rank, "count": getattr(counts, kind)}
        for name, counts in named
        for rank, (kind, _colour) in enumerate(_DELIVERY_KINDS)
    ]
    group_title = _("Strategic area") if by == "area" else _("Lead agency")
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar()
        .encode(
            y=alt.Y(
                "group:N", title=group_title, sort=None, axis=_group_axis(n for n, _c in named)
            ),
            x=alt.X("sum(count):Q", title=_("Activities"), stack="zero", axis=_COUNT_AXIS),
            color=alt.Color(
                "kind:N",
                title=_("Delivery"),
                scale=alt.Scale(
                    domain=[labels[kind] for kind, _c in _DELIVERY_KINDS],
                    range=[colour for _k, colour in _DELIVERY_KINDS],
                ),
            ),
            order=alt.Order("rank:Q"),
            tooltip=[
                alt.Tooltip("group:N", title=group_title),
                alt.Tooltip("kind:N", title=_("Delivery")),
                alt.Tooltip("count:Q", title=_("Activities")),
            ],
        )
        .properties(width=WIDTH, height=_group_step(name for name, _c in named))
    )
    title = (
        _("Activity delivery by strategic area")
        if by == "area"
        else _("Activity delivery by lead agency")
    )
    return _finish(
        chart,
        title=title,
        description=_(
            "Stacked bars counting activities completed on time, completed late, ongoing, "
            "delayed, not started though due, not reported, not due yet and cancelled."
        ),
        table={
            "columns": [group_title, *(labels[kind] for kind, _c in _DELIVERY_KINDS), _("Total")],
            "rows": [
                [name, *(getattr(counts, kind) for kind, _c in _DELIVERY_KINDS), counts.total]
                for name, counts in named
            ],
        },
    )


def _rate_owner(row: "MatrixRow | AreaRow") -> str:
    return _label(getattr(row, "agency", None) or getattr(row, "area", ""))


def reporting_completeness(rows: Sequence["MatrixRow | AreaRow"]) -> Spec:
    """Completeness and timeliness (per cent of expected reports received, and received by the
    deadline) per agency or area: `submission_matrix(...).rows` or `.areas`. Agencies or areas
    with nothing expected yet are listed in the table without bars."""
    completeness, timeliness = _("Completeness"), _("Timeliness")
    data = [
        {"group": _rate_owner(row), "measure": measure, "percent": percent}
        for row in rows
        for measure, percent in (
            (completeness, row.rates.completeness_percent),
            (timeliness, row.rates.timeliness_percent),
        )
        if percent is not None
    ]
    chart = (
        alt.Chart(alt.Data(values=data))
        .mark_bar()
        .encode(
            y=alt.Y("group:N", title=None, sort=None, axis=_group_axis(r["group"] for r in data)),
            yOffset=alt.YOffset("measure:N", sort=[completeness, timeliness]),
            x=alt.X("percent:Q", title=_("Per cent"), scale=alt.Scale(domain=[0, 100])),
            color=alt.Color(
                "measure:N",
                title=None,
                scale=alt.Scale(domain=[completeness, timeliness], range=["#1b5e9e", "#e69f00"]),
            ),
            tooltip=[
                alt.Tooltip("group:N", title=_("Name")),
                alt.Tooltip("measure:N", title=_("Measure")),
                alt.Tooltip("percent:Q", title=_("Per cent"), format=",.2~f"),
            ],
        )
        .properties(width=WIDTH, height=_group_step(r["group"] for r in data))
    )
    return _finish(
        chart,
        title=_("Reporting completeness and timeliness"),
        description=_(
            "Paired bars per agency: the share of expected reports received, and the share "
            "received by the deadline, in per cent."
        ),
        table={
            "columns": [_("Name"), _("Completeness (%)"), _("Timeliness (%)")],
            "rows": [
                [
                    _rate_owner(row),
                    row.rates.completeness_percent,
                    row.rates.timeliness_percent,
                ]
                for row in rows
            ],
        },
    )


def chart_table(spec: Spec) -> Spec:
    """The table view of a spec built here: {"caption", "columns", "rows"}."""
    table: Spec = spec.get("usermeta", {}).get("table", {})
    return table


def data_rows(spec: Spec) -> list[Spec]:
    """Every inline data row of a spec, layers included, in order: for tests and for consumers
    that want the numbers without the table."""
    rows: list[Spec] = list(spec.get("data", {}).get("values", []))
    for values in spec.get("datasets", {}).values():
        rows.extend(values)
    for part in ("layer", "vconcat", "hconcat", "concat"):
        for child in spec.get(part, []):
            rows.extend(data_rows(child))
    if "spec" in spec:
        rows.extend(data_rows(spec["spec"]))
    return rows
