"""The annual report's optional section on hidden victims (issue 13): the published estimate of
how many victims of the report's year no agency found (multiple systems estimation,
docs/estimation.md) — a short text, the lists with their agencies and sizes, how the lists
overlap, the estimate and its 95 % interval, the figure per 100,000 residents, the model in
words and the caveats.

A document is read by others than the coordinator once issued, so the section shows only what
is published: the year's published estimate (`published_estimate_for_year`), through
`estimate_figures(..., full=False)` — the overlaps under disclosure control (small counts
withheld), the estimate, its interval and the figure per 100,000 rounded. Never the true
counts.

The coordinator chooses whether to print it when generating the report ("Include the estimate
of hidden victims", ticked by default when the year has a published estimate; absent when it
has none). Without a published estimate there is no section, whatever is asked.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from accounts.models import User
from cases.estimation import wording
from cases.estimation.selectors import (
    estimate_figures,
    published_estimate_for_year,
    published_estimate_read,
)
from documents import selectors as s
from documents.content import Figure, Table
from documents.models import DocumentKind
from tipmonitor.lib.reporting_periods import Period


@dataclass
class EstimationContent:
    """The section in the document's language; every figure as published."""

    year: int
    text: str
    lists: Table
    overlaps: Table
    withheld_note: str
    figures: list[Figure]
    model: str
    caveats: list[Figure]
    headings: dict[str, str] = field(default_factory=dict)


def estimation_available(kind: str, period: Period) -> bool:
    """Whether the report may include the section: an annual report of a year with a published
    estimate (the generate form offers the box only then)."""
    return kind == DocumentKind.ANNUAL and published_estimate_for_year(period.year) is not None


def estimation_content(
    period: Period, *, include: bool | None = None, user: User | None = None
) -> EstimationContent | None:
    """The section for the annual report of `period`, in the active language (the builder's
    `translation.override`); None when not asked for (`include` False) or when the year has no
    published estimate. `include` None: printed whenever there is one (the command line). The
    read is audited, as `user`'s (none: the command line)."""
    if include is False:
        return None
    estimate = published_estimate_read(
        period.year, user=user, purpose=f"annual report {period.code}"
    )
    if estimate is None:
        return None
    figures = estimate_figures(estimate, full=False)
    shown = wording.present(figures)
    year = estimate.year
    withheld = _("withheld")

    def count(value: int | None) -> str:
        return withheld if value is None else wording.number(value)

    lists = s.table(
        _("The lists"),
        [_("List"), _("Agencies"), _("Persons on the list")],
        [[row.name, ", ".join(row.agencies), count(row.persons)] for row in shown.lists],
        {2},
        1,
        "estimation-lists",
    )
    overlaps = s.table(
        _("Persons by the lists that hold them (on exactly these lists)"),
        [_("Lists"), _("Persons")],
        [[label, count(persons)] for label, persons in shown.history_rows()],
        {1},
        0,
        "estimation-overlaps",
    )
    note = _(
        "Withheld: a count from 1 to %(threshold)s, or a count from which one could be worked "
        "out with the list sizes and the total. Zeros are shown."
    ) % {"threshold": shown.threshold or 10}
    return EstimationContent(
        year=year,
        text=_text(figures, year, len(shown.lists)),
        lists=lists,
        overlaps=overlaps,
        withheld_note=note,
        figures=s.figures(_figure_pairs(figures, year)),
        model=_model_text(figures),
        caveats=s.figures([(c["title"], c["text"]) for c in shown.caveats]),
        headings={
            "lists": _("The lists and how they overlap"),
            "estimate": _("The estimate"),
            "caveats": _("Assumptions and caveats"),
        },
    )


def _text(figures: Mapping[str, Any], year: int, lists: int) -> str:
    observed = figures["observed"]
    text = _(
        "The number of victims of trafficking in %(year)s whom no agency found was estimated "
        "by multiple systems estimation: from how the %(lists)s lists of victims below overlap "
        "— each person counted once, however many agencies recorded them — a model of the "
        "lists tells how many people none of them holds."
    ) % {"year": year, "lists": lists}
    if observed is not None:
        text += " " + _(
            "%(observed)s persons were on at least one list; the estimate of all victims, found "
            "or not, is about %(estimate)s (95 %% interval %(interval)s)."
        ) % {
            "observed": wording.number(observed),
            "estimate": wording.number(figures["estimate"]),
            "interval": wording.interval(figures["ci_low"], figures["ci_high"]),
        }
    return (
        text
        + " "
        + _(
            "The estimate, its interval and the figure per 100,000 residents are rounded to two "
            "significant figures, the estimate and its interval to tens at least; overlaps of a "
            "few persons are withheld."
        )
    )


def _figure_pairs(figures: Mapping[str, Any], year: int) -> list[tuple[str, str]]:
    observed = figures["observed"]
    rate = wording.rate(figures["per_100k"])
    if figures["population"] is None:
        rate = _("population not set for %(year)s") % {"year": year}
    elif figures.get("population_source"):
        rate = _("%(rate)s (population %(population)s, %(source)s)") % {
            "rate": rate,
            "population": wording.number(figures["population"]),
            "source": figures["population_source"],
        }
    return [
        (
            _("Persons on at least one list (observed)"),
            _("withheld") if observed is None else wording.number(observed),
        ),
        (_("Estimated victims, found or not"), wording.number(figures["estimate"])),
        # xgettext:no-python-format (the % is a percent sign, nothing is formatted)
        (_("95 % interval"), wording.interval(figures["ci_low"], figures["ci_high"])),
        (_("Not found by any list"), wording.number(figures["unobserved"])),
        (_("Per 100,000 residents"), rate),
    ]


def _model_text(figures: Mapping[str, Any]) -> str:
    if figures["model"]:
        model = _("The model lets these lists depend on each other: %(terms)s.") % {
            "terms": wording.terms_words(figures["model"])
        }
    else:
        model = _("The model takes the lists as independent of each other.")
    return (
        model
        + " "
        + _("How the model was chosen: %(method)s. The interval: %(interval)s.")
        % {"method": wording.method_words(figures), "interval": wording.interval_words(figures)}
    )
