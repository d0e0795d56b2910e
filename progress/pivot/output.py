"""The pivot's result as a downloadable `Table` and as a chart (Altair, as progress/charts.py)."""

import altair as alt
from django.utils.translation import gettext as _

from progress.charts import WIDTH, Spec, _finish, _group_axis, _number
from progress.pivot.compute import Figure, PivotResult
from tipmonitor.lib.tables import Table


def not_summed_note() -> str:
    return _(
        "Not summed: values of percentages, rates, averages or latest values, or of "
        "indicators in different units, do not add up."
    )


def not_summed_text() -> str:
    return _("not summed")


def figure_cell(figure: Figure) -> object:
    """A figure as a file holds it: the number, empty, or the words "not summed"."""
    if figure.not_summed:
        return not_summed_text()
    return figure.value


def _title(result: PivotResult, labels: dict[str, str]) -> str:
    rows = labels.get(result.rows_axis or "", "")
    if result.columns_axis:
        return _("Indicator values by %(rows)s and %(columns)s") % {
            "rows": rows.lower(),
            "columns": labels.get(result.columns_axis, "").lower(),
        }
    return _("Indicator values by %(rows)s") % {"rows": rows.lower()}


def pivot_table(result: PivotResult, labels: dict[str, str]) -> Table:
    """The grid as the page shows it: a row per row member, a column per column member, the
    row totals last and the column totals in the last row (where there are some)."""
    first = labels.get(result.rows_axis or "", "")
    if result.columns_axis:
        first = f"{first} \\ {labels.get(result.columns_axis, '')}"
        headers = [first, *(label for _key, label in result.columns)]
    else:
        headers = [first, _("Value")]
    if result.has_row_totals:
        headers.append(_("Total"))
    rows: list[list[object]] = []
    for key, label in result.rows:
        line = [label, *(figure_cell(result.cells[(key, c)]) for c, _l in result.columns)]
        if result.has_row_totals:
            line.append(figure_cell(result.row_totals[key]))
        rows.append(line)
    if result.has_column_totals:
        line = [_("Total"), *(figure_cell(result.column_totals[c]) for c, _l in result.columns)]
        if result.has_row_totals:
            line.append(figure_cell(result.grand_total))
        rows.append(line)
    notes = [not_summed_note()] if result.any_not_summed else []
    return Table(_title(result, labels), headers, rows, notes=notes)


def pivot_chart(result: PivotResult, labels: dict[str, str]) -> Spec | None:
    """Bars of each row's figures, grouped by column (a line over periods when the columns
    are periods); None when no cell has a number to draw."""
    data = [
        {"row": row_label, "column": column_label or _("Value"), "value": _number(figure.value)}
        for row_key, row_label in result.rows
        for column_key, column_label in result.columns
        if (figure := result.cells[(row_key, column_key)]).value is not None
    ]
    if not data:
        return None
    row_title = labels.get(result.rows_axis or "", "")
    column_title = labels.get(result.columns_axis or "", "") or _("Value")
    title = _title(result, labels)
    base = alt.Chart(alt.Data(values=data))
    tooltip = [
        alt.Tooltip("row:N", title=row_title),
        alt.Tooltip("column:N", title=column_title),
        alt.Tooltip("value:Q", title=_("Value")),
    ]
    if result.columns_axis == "period":
        chart = base.mark_line(point=True).encode(
            x=alt.X("column:O", title=column_title, sort=None),
            y=alt.Y("value:Q", title=_("Value")),
            color=alt.Color("row:N", title=row_title),
            tooltip=tooltip,
        )
    else:
        chart = base.mark_bar().encode(
            y=alt.Y("row:N", title=row_title, sort=None, axis=_group_axis(r["row"] for r in data)),
            yOffset=alt.YOffset("column:N", sort=None),
            x=alt.X("value:Q", title=_("Value")),
            color=alt.Color("column:N", title=column_title, sort=None),
            tooltip=tooltip,
        )
    chart = chart.properties(width=WIDTH)
    return _finish(
        chart,
        title=title,
        description=_("The pivot's figures: each row's value per column."),
        table={
            "columns": [row_title, column_title, _("Value")],
            "rows": [[r["row"], r["column"], r["value"]] for r in data],
        },
    )
