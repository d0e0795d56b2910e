"""The overlap of the lists as an UpSet-style chart (Vega-Lite, built with Altair as the
dashboards' charts are, progress/charts.py): one row per capture history — a dot matrix of the
lists that hold its persons, and a bar of how many persons that is.

The rows run down the page, the lists across, so that the chart stays narrow on a phone
however many histories there are (up to 255 with 8 lists): it grows in height, not in width.
The histories given are those to show (the coordinator's true counts, or the protected ones
anyone else sees): a withheld count has no bar and reads "withheld". The spec carries the same
figures as a table under `usermeta.table`, as every chart of the project does, for the page's
table view (`progress/_chart.html`).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import altair as alt
from django.utils.formats import get_format
from django.utils.translation import gettext as _

from tipmonitor.lib.numbers import THOUSANDS_SEPARATOR

Spec = dict[str, Any]

# One row (history) and one column (list) of the dot matrix, in pixels.
STEP = 20
# The bars' width: the matrix (8 lists at most) and the bars fit a phone's 360 pixels.
BAR_WIDTH = 170
# A list's name above its column is cut at this many pixels (the table view has it whole).
LABEL_LIMIT = 110
IN_LIST = "#1b1f24"
NOT_IN_LIST = "#d5d5d5"
BAR = "#0b5394"


@dataclass(frozen=True)
class HistoryRow:
    """One capture history: which lists hold its persons (0/1 per list, in list order), how
    many persons (None where withheld) and, where withheld, why (a short note for the table)."""

    history: tuple[int, ...]
    persons: int | None
    note: str = ""


def history_label(lists: Sequence[str], history: Sequence[int]) -> str:
    """ "Police + NGOs": the lists that hold the persons of the history."""
    return " + ".join(name for name, flag in zip(lists, history, strict=True) if flag)


def _ordered(rows: Sequence[HistoryRow]) -> list[HistoryRow]:
    """Most persons first; withheld histories after the published ones, fewest lists first;
    histories of nobody left out (no bar to draw)."""
    shown = [row for row in rows if row.persons != 0]
    return sorted(
        shown,
        key=lambda r: (r.persons is None, -(r.persons or 0), sum(r.history), r.history[::-1]),
    )


def overlap_chart(lists: Sequence[str], rows: Sequence[HistoryRow], *, title: str = "") -> Spec:
    """The chart of `rows` (the persons of each capture history over `lists`)."""
    title = title or _("Persons by the lists that hold them")
    withheld = _("withheld")
    ordered = _ordered(rows)
    keys = [str(index) for index in range(len(ordered))]
    dots = []
    bars = []
    for key, row in zip(keys, ordered, strict=True):
        label = history_label(lists, row.history)
        held = [i for i, flag in enumerate(row.history) if flag]
        for position, name in enumerate(lists):
            dots.append(
                {
                    "row": key,
                    "list": name,
                    "in": bool(row.history[position]),
                    "history": label,
                    "first": lists[held[0]],
                    "last": lists[held[-1]],
                }
            )
        shown = withheld if row.persons is None else _grouped(row.persons)
        bars.append({"row": key, "persons": row.persons, "text": shown, "history": label})
    height = alt.Step(STEP)
    y = alt.Y("row:N", sort=keys, axis=None, title=None)
    history_tip = alt.Tooltip("history:N", title=_("Lists"))
    # The lists in their order (a nominal domain would otherwise be sorted by name).
    columns = alt.Scale(type="point", domain=list(lists), padding=0.5)
    top = alt.Axis(
        orient="top", labelAngle=-90, labelLimit=LABEL_LIMIT, domain=False, ticks=False, title=None
    )
    matrix = alt.layer(
        alt.Chart(alt.Data(values=[d for d in dots if d["in"]]))
        .mark_rule(color=IN_LIST, strokeWidth=2)
        .encode(x=alt.X("first:N", scale=columns, axis=top), x2="last:N", y=y),
        alt.Chart(alt.Data(values=dots))
        .mark_circle(size=110, opacity=1)
        .encode(
            x=alt.X("list:N", title=None, scale=columns, axis=top),
            y=y,
            color=alt.Color(
                "in:N",
                scale=alt.Scale(domain=[True, False], range=[IN_LIST, NOT_IN_LIST]),
                legend=None,
            ),
            tooltip=[history_tip],
        ),
    ).properties(width=STEP * max(len(lists), 1), height=height)
    persons = alt.X(
        "persons:Q",
        title=_("Persons"),
        axis=alt.Axis(tickMinStep=1, format=",d", orient="top", grid=False),
    )
    bar_tips = [history_tip, alt.Tooltip("text:N", title=_("Persons"))]
    base = alt.Chart(alt.Data(values=bars))
    counts = alt.layer(
        base.mark_bar(color=BAR).encode(x=persons, y=y, tooltip=bar_tips),
        base.mark_text(align="left", dx=3, baseline="middle", fontSize=11).encode(
            x="persons:Q",
            y=y,
            text="text:N",
            tooltip=bar_tips,
        ),
        base.transform_filter("datum.persons === null")
        .mark_text(align="left", baseline="middle", fontSize=11, fontStyle="italic")
        .encode(x=alt.datum(0), y=y, text="text:N"),
    ).properties(width=BAR_WIDTH, height=height)
    chart = alt.hconcat(matrix, counts, spacing=6).resolve_scale(y="shared")
    table = {
        "caption": title,
        "columns": [_("Lists"), _("Persons")],
        "rows": [
            [history_label(lists, row.history), row.persons if row.persons is not None else None]
            for row in ordered
        ],
    }
    description = _(
        "One row per combination of lists, most persons first: dots mark the lists that hold "
        "those persons, and the bar counts them."
    )
    spec: Spec = chart.properties(
        title=title, description=description, usermeta={"table": table}
    ).to_dict()
    spec.setdefault("config", {})["locale"] = {"number": _number_locale()}
    spec["config"]["view"] = {"stroke": None}
    return spec


def _grouped(value: int) -> str:
    return f"{value:,}".replace(",", THOUSANDS_SEPARATOR)


def _number_locale() -> Spec:
    """Figures grouped and pointed as on the pages (as progress/charts.py does)."""
    return {
        "decimal": str(get_format("DECIMAL_SEPARATOR")),
        "thousands": THOUSANDS_SEPARATOR,
        "grouping": [3],
        "currency": ["", ""],
    }
