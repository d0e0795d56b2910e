"""An estimate of hidden victims in words, for people: the page (cases/views/estimates.py) and
the annual report's section (documents/estimation_section.py) say it the same way.

Everything here reads what `cases.estimation.selectors.estimate_figures` gives — true figures
for the coordinator, protected and rounded ones for everyone else — and decides nothing about
who sees what: a withheld count arrives as None and is said as withheld.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.formats import get_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agencies.models import Agency
from cases.estimation.overlap_chart import HistoryRow, history_label
from cases.models import EstimateStatus
from tipmonitor.lib.numbers import format_grouped

# Why no estimate exists (tipmonitor.lib.mse.Reason), in words.
REASONS = {
    "too_few_lists": gettext_lazy(
        "Fewer than three lists hold anybody: with two lists, how they depend on each other "
        "cannot be told apart from how many people neither holds."
    ),
    "too_many_lists": gettext_lazy("More than eight lists: choose at most eight."),
    "empty": gettext_lazy("Nobody of this year is on any of the lists."),
    "isolated_list": gettext_lazy(
        "A list shares no person with any other list, so nothing in the overlaps says how many "
        "people it misses. Group it with another list, or leave it out."
    ),
    "not_exist": gettext_lazy(
        "The overlaps do not bound the number of people no list holds: for the models "
        "considered the maximum likelihood estimate does not exist (some combination of lists "
        "the model needs holds nobody). Group sparse lists, or allow fewer interactions."
    ),
    "not_identifiable": gettext_lazy(
        "The model cannot be identified from these lists: it has more parameters than the "
        "overlaps can tell apart. Allow fewer interactions, or use more lists."
    ),
}
METHODS = {
    "auto": gettext_lazy("automatic"),
    "bic": gettext_lazy("BIC over hierarchical models"),
    "stepwise": gettext_lazy("stepwise, adding interactions of two lists while p < 0.02"),
    "fixed": gettext_lazy("a model given in advance"),
}
SEARCHES = {
    "exhaustive": gettext_lazy("every model fitted"),
    "downhill": gettext_lazy("a downhill search"),
    "stepwise": gettext_lazy("stepwise"),
    "fixed": gettext_lazy("none"),
}
INTERVALS = {
    "percentile": gettext_lazy("bootstrap percentile"),
    "bca": gettext_lazy("bootstrap BCa"),
}


def status_label(status: str) -> str:
    return str(EstimateStatus(status).label) if status in EstimateStatus.values else status


def number(value: float | int | None) -> str:
    """A count or an estimate as people read it: whole, grouped ("2 500"); "—" for none."""
    return "—" if value is None else format_grouped(value)


def rate(value: float | None) -> str:
    """A figure per 100,000 residents: at most two decimals under 10, one above, no trailing
    zeros ("2.44", "2.4", "12.5")."""
    if value is None:
        return "—"
    text = format_grouped(value, 2 if abs(value) < 10 else 1)
    separator = str(get_format("DECIMAL_SEPARATOR"))
    return text.rstrip("0").rstrip(separator) if separator in text else text


def interval(low: float | None, high: float | None) -> str:
    if low is None or high is None:
        return "—"
    return _("%(low)s to %(high)s") % {"low": number(low), "high": number(high)}


def term_words(term: str) -> str:
    """ "Law enforcement:NGOs" -> "Law enforcement × NGOs" (list names hold no ":")."""
    return " × ".join(term.split(":"))


def terms_words(terms: Sequence[str]) -> str:
    if not terms:
        return _("No interaction (the lists taken as independent)")
    return "; ".join(term_words(term) for term in terms)


def reason_words(reason: str | None) -> str:
    return str(REASONS.get(reason or "", _("No estimate exists for these lists.")))


def method_words(figures: Mapping[str, Any]) -> str:
    """ "BIC over hierarchical models (every model fitted; interactions of up to 2 lists),
    chosen automatically"."""
    method = str(METHODS.get(figures.get("method") or "", figures.get("method") or "—"))
    details = []
    if figures.get("search") and figures.get("search") not in ("stepwise", "fixed"):
        details.append(str(SEARCHES.get(figures["search"], figures["search"])))
    if figures.get("max_order"):
        details.append(_("interactions of up to %(order)d lists") % {"order": figures["max_order"]})
    words = f"{method} ({'; '.join(details)})" if details else method
    if figures.get("requested_method") == "auto":
        words = _("%(method)s, chosen automatically") % {"method": words}
    return words


def interval_words(figures: Mapping[str, Any]) -> str:
    """ "1 000 bootstrap samples (bootstrap percentile, 3 failed), seed 1"."""
    samples = figures.get("bootstrap")
    if not samples:
        return _("no interval (no bootstrap samples asked for)")
    kind = str(INTERVALS.get(figures.get("ci_method") or "", figures.get("ci_method") or ""))
    words = _("%(samples)s bootstrap samples, the model chosen again in each (%(kind)s)") % {
        "samples": number(samples),
        "kind": kind,
    }
    if figures.get("bootstrap_failed"):
        words += "; " + _("%(failed)s samples gave no estimate") % {
            "failed": number(figures["bootstrap_failed"])
        }
    if figures.get("seed") is not None:
        words += "; " + _("seed %(seed)s") % {"seed": figures["seed"]}
    return words


@dataclass(frozen=True)
class ListRow:
    name: str
    agencies: list[str]
    persons: int | None


@dataclass(frozen=True)
class Alternative:
    terms: str
    bic: str
    estimate: str
    chosen: bool
    exists: bool


@dataclass
class Presented:
    """What the page and the report show of one estimate's figures."""

    figures: Mapping[str, Any]
    lists: list[ListRow]
    histories: list[HistoryRow]
    alternatives: list[Alternative]
    withheld: bool
    caveats: list[Mapping[str, str]] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        return [row.name for row in self.lists]

    @property
    def protected(self) -> bool:
        return bool(self.figures["overlaps"]["protected"])

    @property
    def threshold(self) -> int | None:
        threshold = self.figures["overlaps"]["threshold"]
        return int(threshold) if threshold is not None else None

    def history_rows(self) -> list[tuple[str, int | None]]:
        """The overlaps as a table: which lists, how many persons (None: withheld); persons
        on no other list first, as `overlaps.histories` orders them."""
        return [(history_label(self.names, row.history), row.persons) for row in self.histories]


def agency_names(codes: Iterable[str]) -> dict[str, str]:
    """Agency code -> name (the code itself for an agency no longer there). One query."""
    wanted = set(codes)
    return dict(Agency.objects.filter(code__in=wanted).values_list("code", "name"))


def present(figures: Mapping[str, Any], names: Mapping[str, str] | None = None) -> Presented:
    """`figures` (estimate_figures) arranged for people: lists with their agencies' names and
    sizes, the overlaps (histories of nobody left out of neither: a zero is a published count),
    the alternatives with the chosen model marked."""
    overlaps = figures["overlaps"]
    codes = [code for item in figures["lists"] for code in item["agencies"]]
    names = names if names is not None else agency_names(codes)
    sizes = {entry["list"]: entry["persons"] for entry in overlaps["list_sizes"]}
    lists = [
        ListRow(
            name=item["name"],
            agencies=[names.get(code, code) for code in item["agencies"]],
            persons=sizes.get(item["name"]),
        )
        for item in figures["lists"]
    ]
    histories = [
        HistoryRow(tuple(int(v) for v in entry["history"]), entry["persons"])
        for entry in overlaps["histories"]
    ]
    withheld = any(row.persons is None for row in histories) or any(
        row.persons is None for row in lists
    )
    chosen = list(figures.get("model") or [])
    alternatives = [
        Alternative(
            terms=terms_words(entry["terms"]),
            bic="—" if entry.get("bic") is None else format_grouped(entry["bic"], 1),
            estimate=number(entry.get("estimate")) if entry.get("exists") else _("none"),
            chosen=list(entry["terms"]) == chosen and bool(figures.get("exists")),
            exists=bool(entry.get("exists")),
        )
        for entry in figures.get("alternatives") or []
    ]
    return Presented(
        figures=figures,
        lists=lists,
        histories=histories,
        alternatives=alternatives,
        withheld=withheld or overlaps["observed"]["withheld"],
        caveats=list(figures.get("caveats") or []),
    )
