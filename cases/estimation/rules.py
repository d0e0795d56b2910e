"""What of a multiple systems estimate may be shown to whom, and how (issue 13, one home for
the page, the API, the command and the annual report).

- The coordinator sees the true figures: the capture histories, the estimate as computed.
- Everyone else sees a published estimate only, as `figures(..., full=False)` gives it: the
  overlap counts through `protected_overlaps` (disclosure control, docs/disclosure.md), the
  estimate, its interval and the figure per 100,000 rounded by `publication_round`, the chosen
  model and none of the alternatives, nor the bootstrap's seed. Every model's estimate is a
  function of the withheld counts: a reader trying the few tables the withheld cells allow
  finds the one that gives the figures shown. Twenty alternatives rounded to two significant
  figures gave a whole withheld table back; so does one estimate rounded to the unit, which two
  significant figures are below 100 — hence tens at least.
- `CAVEATS`: the assumptions and caveats said beside every estimate.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tipmonitor.lib.disclosure import DEFAULT_THRESHOLD, TOTAL, protect_family
from tipmonitor.lib.mse import CaptureTable, Estimate

SIGNIFICANT_FIGURES = 2
# A published estimate is never more precise than this many persons (DEFAULT_THRESHOLD).
PUBLICATION_QUANTUM = 10
PER = 100_000


def round_significant(x: float, figures: int = SIGNIFICANT_FIGURES) -> float:
    """`x` to `figures` significant figures, halves away from zero (345 -> 350)."""
    if x == 0 or not math.isfinite(x):
        return x
    exponent = math.floor(math.log10(abs(x))) - figures + 1
    quantum = Decimal(1).scaleb(exponent)
    return float(Decimal(repr(x)).quantize(quantum, rounding=ROUND_HALF_UP))


def publication_round(x: float) -> int:
    """An estimate as it is published: two significant figures, and to tens at least, halves up
    (2,483 -> 2,500; 25,311 -> 25,000; 345 -> 350; 73 -> 70; 47.5 -> 50; 7.4 -> 10)."""
    if x <= 0:
        return 0
    quantum = Decimal(PUBLICATION_QUANTUM)
    if x >= PUBLICATION_QUANTUM * 10:
        quantum = Decimal(1).scaleb(math.floor(math.log10(x)) - SIGNIFICANT_FIGURES + 1)
    steps = (Decimal(repr(x)) / quantum).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return max(int(steps * quantum), PUBLICATION_QUANTUM)


def per_100k(estimate: float | None, population: int | None) -> float | None:
    """Victims per 100,000 residents (SDG indicator 16.2.2); None without both figures."""
    if estimate is None or not population or population <= 0:
        return None
    return estimate * PER / population


# --- Assumptions and caveats -----------------------------------------------------------------


@dataclass(frozen=True)
class Caveat:
    code: str
    title: Any  # a lazy translation
    text: Any


CAVEATS: tuple[Caveat, ...] = (
    Caveat(
        "closed_population",
        gettext_lazy("A closed population"),
        gettext_lazy(
            "The estimate assumes that the same people could have been found by every list over "
            "the whole year: nobody entered or left the population of victims in between. "
            "People exploited only for part of the year, or who left the country, make the "
            "estimate less certain than its interval says."
        ),
    ),
    Caveat(
        "dependence",
        gettext_lazy("Dependence between lists"),
        gettext_lazy(
            "Lists are rarely independent: one agency refers victims to another, so being on "
            "one list makes being on the other more likely. The model allows the dependences "
            "its interaction terms name and assumes every other one away; where lists depend "
            "on each other in a way the model does not include, the estimate is biased — "
            "positive dependence makes it too low, negative dependence too high."
        ),
    ),
    Caveat(
        "heterogeneity",
        gettext_lazy("Some victims are harder to find"),
        gettext_lazy(
            "Victims differ in how likely any list is to find them (the form of exploitation, "
            "the region, whether they seek help). Where the same people are hard to find for "
            "every list, the model cannot see them and the estimate is too low."
        ),
    ),
    Caveat(
        "linkage",
        gettext_lazy("Linkage errors"),
        gettext_lazy(
            "Persons are what record linkage made of the agencies' records. Two records of one "
            "person left apart count as two people, each on fewer lists, and raise the "
            "estimate; two people joined into one lower it. The estimate is as good as the "
            "linkage and the decisions of the review queue."
        ),
    ),
    Caveat(
        "definitions",
        gettext_lazy("What the lists count"),
        gettext_lazy(
            "A list holds the presumed and identified victims its agencies recorded as "
            "identified that year. Agencies that define or record victims differently, or "
            "changed how they do it, change the estimate; people no agency in the lists could "
            "ever meet are outside what it estimates."
        ),
    ),
)


def caveats(model: Sequence[str] = (), lists: Sequence[str] = ()) -> list[dict[str, str]]:
    """The caveats in the active language, the one on dependence saying which dependences the
    chosen model (its interaction terms, e.g. ("A:B",)) allows."""
    result = []
    for caveat in CAVEATS:
        text = str(caveat.text)
        if caveat.code == "dependence" and lists:
            text += " " + model_dependence(model, lists)
        result.append({"code": caveat.code, "title": str(caveat.title), "text": text})
    return result


def model_dependence(model: Sequence[str], lists: Sequence[str]) -> str:
    """One sentence: which lists the chosen model lets depend on each other."""
    if not model:
        return _("The chosen model allows no dependence: the lists are taken as independent.")
    terms = "; ".join(" × ".join(term.split(":")) for term in model)
    return _("The chosen model allows these dependences: %(terms)s; no other.") % {"terms": terms}


# --- Overlaps and disclosure control ---------------------------------------------------------


@dataclass(frozen=True)
class OverlapCount:
    """A count of the overlaps: None where withheld."""

    persons: int | None

    @property
    def withheld(self) -> bool:
        return self.persons is None


@dataclass(frozen=True)
class ProtectedOverlaps:
    """The overlaps of the lists as they may be shown: every capture history (all but the one
    of nobody's list, in order of how many lists hold it, then of the lists), each list's size
    and the observed total. `protected`: counts 1 to `threshold` withheld and more where they
    would give one back (None); otherwise the true counts (the coordinator's)."""

    lists: tuple[str, ...]
    histories: tuple[tuple[tuple[int, ...], OverlapCount], ...]
    list_sizes: tuple[tuple[str, OverlapCount], ...]
    observed: OverlapCount
    protected: bool
    threshold: int | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "lists": list(self.lists),
            "protected": self.protected,
            "threshold": self.threshold,
            "observed": _cell(self.observed),
            "list_sizes": [{"list": name, **_cell(count)} for name, count in self.list_sizes],
            "histories": [
                {
                    "history": list(history),
                    "lists": [name for name, on in zip(self.lists, history, strict=True) if on],
                    **_cell(count),
                }
                for history, count in self.histories
            ],
        }


def _cell(count: OverlapCount) -> dict[str, Any]:
    return {"persons": count.persons, "withheld": count.withheld}


def every_history(width: int) -> list[tuple[int, ...]]:
    """Every capture history of `width` lists but the all-zero one: those on more lists first,
    then in the lists' order (1,0,0 before 0,1,0)."""
    histories = [
        tuple((number >> (width - 1 - i)) & 1 for i in range(width))
        for number in range(1, 2**width)
    ]
    return sorted(histories, key=lambda h: (-sum(h), [-v for v in h]))


def _name(history: tuple[int, ...]) -> str:
    return "".join(str(v) for v in history)


def _system(
    table: CaptureTable,
) -> dict[str, tuple[Sequence[Sequence[str]], Mapping[tuple[str, ...], int]]]:
    """The histories, the list sizes and the total as a family of one-way tables sharing the
    history cells: the table "all" (every history; its total the observed persons) and one
    table per list (the histories on it; its total the list's size). Their equations are the
    whole system a reader knows: the total and each list's size are sums of histories."""
    histories = every_history(len(table.lists))
    counts = {_name(h): int(table.counts.get(h, 0)) for h in histories}
    tables: dict[str, tuple[Sequence[Sequence[str]], Mapping[tuple[str, ...], int]]] = {
        "all": ([list(counts)], {(name,): n for name, n in counts.items()})
    }
    for index in range(len(table.lists)):
        on = [_name(h) for h in histories if h[index]]
        tables[f"list {index}"] = ([on], {(name,): counts[name] for name in on})
    return tables


def protected_overlaps(
    table: CaptureTable, *, threshold: int = DEFAULT_THRESHOLD
) -> ProtectedOverlaps:
    """The overlaps as they may leave the coordinator: counts from 1 to `threshold` withheld,
    and more (complements) until none of them can be worked out from the published histories,
    list sizes and total (tipmonitor.lib.disclosure.protect_family over the system of the
    histories and their sums; a history is one cell shared by every table that holds it)."""
    family = protect_family(_system(table), shared=lambda key: key[0] != TOTAL, threshold=threshold)
    everything = family["all"]
    histories = tuple(
        (h, OverlapCount(everything.published((_name(h),))))
        for h in every_history(len(table.lists))
    )
    sizes = tuple(
        (name, OverlapCount(family[f"list {index}"].published((TOTAL,))))
        for index, name in enumerate(table.lists)
    )
    return ProtectedOverlaps(
        lists=tuple(table.lists),
        histories=histories,
        list_sizes=sizes,
        observed=OverlapCount(everything.published((TOTAL,))),
        protected=True,
        threshold=threshold,
    )


def true_overlaps(table: CaptureTable) -> ProtectedOverlaps:
    """The overlaps as they are: the coordinator's."""
    sizes = table.list_sizes()
    return ProtectedOverlaps(
        lists=tuple(table.lists),
        histories=tuple(
            (h, OverlapCount(int(table.counts.get(h, 0)))) for h in every_history(len(table.lists))
        ),
        list_sizes=tuple((name, OverlapCount(int(sizes[name]))) for name in table.lists),
        observed=OverlapCount(int(table.observed)),
        protected=False,
        threshold=None,
    )


# --- The figures of an estimate ----------------------------------------------------------------


def figures(
    estimate: Estimate | None,
    table: CaptureTable,
    *,
    full: bool,
    population: int | None = None,
) -> dict[str, Any]:
    """An estimate's figures as the API, the command and the pages show them (JSON-safe).
    `full`: the coordinator's true figures; otherwise the published ones (module docstring).
    `estimate` None: not computed yet (every figure None, the overlaps shown)."""
    overlaps = true_overlaps(table) if full else protected_overlaps(table)
    observed = overlaps.observed.persons
    shown: dict[str, Any] = dict.fromkeys(
        ("estimate", "unobserved", "ci_low", "ci_high", "per_100k", "reason")
    )
    shown |= {"exists": None, "reason_detail": "", "model": [], "alternatives": []}
    shown |= dict.fromkeys(("method", "requested_method", "search", "ci_method"), "")
    shown |= {"max_order": None, "bootstrap": None, "bootstrap_failed": None, "seed": None}
    if estimate is not None:
        shown |= _estimate_figures(estimate, observed=observed, full=full, population=population)
    return {
        "lists": list(table.lists),
        "observed": observed,
        **shown,
        "rounded": not full,
        "population": population,
        "caveats": caveats(shown["model"], table.lists),
        "overlaps": overlaps.to_dict(),
    }


def _estimate_figures(
    estimate: Estimate, *, observed: int | None, full: bool, population: int | None
) -> dict[str, Any]:
    value, low, high = estimate.estimate, estimate.ci_low, estimate.ci_high
    if not full:
        value = _published(value, observed)
        low, high = _published(low, observed), _published(high, observed)
    unobserved = None
    if value is not None and observed is not None:
        unobserved = max(value - observed, 0)
    rate = per_100k(value, population)
    return {
        "exists": estimate.exists,
        "reason": estimate.reason.value if estimate.reason else None,
        "reason_detail": estimate.reason_detail,
        "estimate": value,
        "unobserved": unobserved,
        "ci_low": low,
        "ci_high": high,
        "per_100k": rate if full or rate is None else round_significant(rate),
        "method": estimate.method,
        "requested_method": estimate.requested_method,
        "search": estimate.search,
        "max_order": estimate.max_order,
        "model": list(estimate.model),
        # The alternatives and the seed are the coordinator's (module docstring).
        "alternatives": [
            {
                "terms": list(alternative.terms),
                "bic": alternative.bic,
                "estimate": alternative.estimate,
                "exists": alternative.exists,
            }
            for alternative in (estimate.alternatives if full else ())
        ],
        "bootstrap": estimate.bootstrap,
        "bootstrap_failed": estimate.bootstrap_failed if full else None,
        "seed": estimate.seed if full else None,
        "ci_method": estimate.ci_method,
    }


def _published(value: float | None, observed: int | None) -> int | None:
    """A figure rounded for publication, never below the persons observed."""
    if value is None or not math.isfinite(value):
        return None
    rounded = publication_round(value)
    return max(rounded, observed) if observed is not None else rounded
