"""`estimate_population`: how many persons no list holds, from how the lists overlap.

The one entry point: it checks the table (`existence.table_refusal`), resolves the method,
selects and fits the model (`selection`), and, when asked, bootstraps an interval with the
selection repeated in every sample (`bootstrap`). It never raises for what the data are: where
no estimate exists the answer says so (`exists` False, a `Reason` and an English
`reason_detail` naming the lists or terms concerned). It raises ValueError for arguments that
make no sense (an unknown method, a maximum order out of range, a term naming no list).

Methods, as the R package MultipleSystemsEstimation (docs/estimation.md):
- "bic": the smallest BIC over the hierarchical models up to `max_order`; every model is fitted
  up to 5 lists (`search="exhaustive"`), a downhill search from the main effects is made beyond
  (`search="downhill"`; either may be asked; exhaustive works up to 5 lists, and for 6 lists up
  to order 2 as the package's catalogue). Default maximum order as the package: 2 for 3 lists,
  3 for 4 or 5 (`estimate_population_bic`), lists - 1 for a downhill search (`downhill_fit`);
- "stepwise": two-list interactions added while their p-value is under `p_threshold` (0.02);
- "fixed": the given `model` (its terms, e.g. ["A:B", "B:C"]; lower-order terms implied),
  main effects only when none is given;
- "auto": "bic" up to 5 lists, "stepwise" from 6.
"""

import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import numpy.typing as npt

from .bootstrap import run_bootstrap
from .existence import Reason, Refusal, table_refusal
from .fitting import Counts, Evaluator, Fit
from .models import (
    MAIN_EFFECTS,
    Model,
    generators,
    model_names,
    model_order,
    parse_model,
    sorted_terms,
    term_name,
)
from .selection import Selection, downhill, exhaustive, fixed, restricted, stepwise
from .table import CaptureTable

METHODS = ("auto", "bic", "stepwise", "fixed")
SEARCHES = ("exhaustive", "downhill")
CI_METHODS = ("percentile", "bca")
MAX_ALTERNATIVES = 20
EXHAUSTIVE_MAX_LISTS = 5
# The package's defaults (estimate_population_bic): maximum order, and how many of the best
# models of the original table BIC chooses among in each bootstrap sample (ntopmodels).
BIC_MAX_ORDER = {3: 2, 4: 3, 5: 3, 6: 2}
BOOTSTRAP_TOP_MODELS = {4: 20, 5: 100, 6: 100}


@dataclass(frozen=True)
class Alternative:
    """A model considered: its interaction terms, BIC and estimate (None where its estimate
    does not exist)."""

    terms: tuple[str, ...]
    bic: float | None
    estimate: float | None
    exists: bool


@dataclass(frozen=True)
class Estimate:
    lists: tuple[str, ...]
    observed: int
    exists: bool
    reason: Reason | None
    reason_detail: str  # English, names the lists or terms concerned; "" when exists
    estimate: float | None
    ci_low: float | None
    ci_high: float | None
    method: str  # what ran: "bic" | "stepwise" | "fixed"
    requested_method: str  # "auto" | "bic" | "stepwise" | "fixed"
    search: str  # "exhaustive" | "downhill" | "stepwise" | "fixed"
    max_order: int
    model: tuple[str, ...]  # every interaction term of the model chosen, lower orders first
    alternatives: tuple[Alternative, ...] = ()  # best first, at most 20
    bootstrap: int = 0  # samples drawn
    bootstrap_failed: int = 0  # samples without an estimate, left out of the interval
    seed: int | None = None
    ci_method: str = ""  # "percentile" | "bca" | "" (no interval)
    level: float = 0.95  # of the interval
    p_threshold: float | None = None  # stepwise only

    @property
    def unobserved(self) -> float | None:
        """The estimated persons on no list."""
        return None if self.estimate is None else self.estimate - self.observed

    @property
    def generators(self) -> tuple[str, ...]:
        """The model's maximal terms (the R package's notation [12,345] names these)."""
        masks = [_mask(term, self.lists) for term in self.model]
        return tuple(term_name(m, self.lists) for m in generators(frozenset(masks)))

    def to_dict(self) -> dict[str, Any]:
        return {
            "lists": list(self.lists),
            "observed": self.observed,
            "exists": self.exists,
            "reason": None if self.reason is None else self.reason.value,
            "reason_detail": self.reason_detail,
            "estimate": self.estimate,
            "ci_low": self.ci_low,
            "ci_high": self.ci_high,
            "method": self.method,
            "requested_method": self.requested_method,
            "search": self.search,
            "max_order": self.max_order,
            "model": list(self.model),
            "alternatives": [
                {"terms": list(a.terms), "bic": a.bic, "estimate": a.estimate, "exists": a.exists}
                for a in self.alternatives
            ],
            "bootstrap": self.bootstrap,
            "bootstrap_failed": self.bootstrap_failed,
            "seed": self.seed,
            "ci_method": self.ci_method,
            "level": self.level,
            "p_threshold": self.p_threshold,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Estimate":
        reason = data.get("reason")
        return cls(
            lists=tuple(data["lists"]),
            observed=int(data["observed"]),
            exists=bool(data["exists"]),
            reason=None if reason is None else Reason(reason),
            reason_detail=str(data.get("reason_detail", "")),
            estimate=_float(data.get("estimate")),
            ci_low=_float(data.get("ci_low")),
            ci_high=_float(data.get("ci_high")),
            method=str(data["method"]),
            requested_method=str(data.get("requested_method", data["method"])),
            search=str(data.get("search", "")),
            max_order=int(data.get("max_order", 2)),
            model=tuple(data.get("model", ())),
            alternatives=tuple(
                Alternative(
                    terms=tuple(a["terms"]),
                    bic=_float(a.get("bic")),
                    estimate=_float(a.get("estimate")),
                    exists=bool(a.get("exists", True)),
                )
                for a in data.get("alternatives", ())
            ),
            bootstrap=int(data.get("bootstrap", 0)),
            bootstrap_failed=int(data.get("bootstrap_failed", 0)),
            seed=None if data.get("seed") is None else int(data["seed"]),
            ci_method=str(data.get("ci_method", "")),
            level=float(data.get("level", 0.95)),
            p_threshold=_float(data.get("p_threshold")),
        )


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _mask(term: str, lists: Sequence[str]) -> int:
    return sum(1 << lists.index(name) for name in term.split(":"))


@dataclass
class _Plan:
    """The arguments resolved against the table."""

    requested: str
    method: str
    search: str
    max_order: int
    model: Model = MAIN_EFFECTS
    top_models: int | None = None


def estimate_population(
    table: CaptureTable,
    *,
    method: str = "auto",
    max_order: int | None = None,
    model: Sequence[str] | None = None,
    bootstrap: int = 0,
    seed: int | None = None,
    ci: str = "percentile",
    p_threshold: float = 0.02,
    level: float = 0.95,
    search: str | None = None,
    top_models: int | None = None,
) -> Estimate:
    """The population estimate of `table` (see the module's docstring for the methods).

    `bootstrap` samples give the interval (`ci` "percentile" or "bca", at `level`); `seed`
    makes them reproducible (when None, one is drawn and recorded in the result). With BIC,
    each sample chooses among the `top_models` best models of the original table (the package's
    default: all for 3 lists, 20 for 4, 100 for 5 and 6; a downhill search is repeated whole).
    Samples whose estimate does not exist are counted in `bootstrap_failed` and left out."""
    plan = _resolve(table, method, max_order, model, search, ci, p_threshold, level, bootstrap)
    t = len(table.lists)
    if top_models is not None and top_models < 1:
        raise ValueError("top_models is at least 1")

    def refused(refusal: Refusal, alternatives: tuple[Alternative, ...] = ()) -> Estimate:
        return Estimate(
            lists=table.lists,
            observed=table.observed,
            exists=False,
            reason=refusal.reason,
            reason_detail=refusal.detail,
            estimate=None,
            ci_low=None,
            ci_high=None,
            method=plan.method,
            requested_method=plan.requested,
            search=plan.search,
            max_order=plan.max_order,
            model=model_names(plan.model, table.lists) if plan.method == "fixed" else (),
            alternatives=alternatives,
            seed=seed,
            level=level,
            p_threshold=p_threshold if plan.method == "stepwise" else None,
        )

    refusal = table_refusal(table.lists, table.list_sizes(), table.shared())
    if refusal is not None:
        return refused(refusal)

    counts = Counts.from_vector(t, _vector(table))
    evaluator = Evaluator(counts)
    keep = MAX_ALTERNATIVES
    if bootstrap and plan.search == "exhaustive":
        keep = max(keep, top_models or BOOTSTRAP_TOP_MODELS.get(t, 0))
    selection = _select(evaluator, plan, p_threshold, keep)
    alternatives = _alternatives(selection, plan, table.lists)
    if selection.fit is None:
        return refused(_why_none(evaluator, selection, plan, table), alternatives)
    chosen = selection.fit

    result = Estimate(
        lists=table.lists,
        observed=table.observed,
        exists=True,
        reason=None,
        reason_detail="",
        estimate=chosen.estimate,
        ci_low=None,
        ci_high=None,
        method=plan.method,
        requested_method=plan.requested,
        search=plan.search,
        max_order=plan.max_order,
        model=model_names(chosen.model, table.lists),
        alternatives=alternatives,
        seed=seed,
        level=level,
        p_threshold=p_threshold if plan.method == "stepwise" else None,
    )
    if bootstrap == 0:
        return result

    if seed is None:
        seed = secrets.randbits(31)
    sample_models: list[Model] = []
    if plan.method == "bic" and plan.search == "exhaustive":
        ranked = sorted(
            ((m, f) for m, f in selection.considered if f is not None), key=lambda mf: mf[1].bic
        )
        limit = top_models or BOOTSTRAP_TOP_MODELS.get(t, len(ranked))
        plan.top_models = min(limit, len(ranked))
        sample_models = [m for m, _ in ranked[: plan.top_models]]
    cache = evaluator.cache

    def estimator(y: npt.NDArray[np.float64]) -> float | None:
        sample = Evaluator(Counts.from_vector(t, y), cache=cache, reference=evaluator)
        if plan.method == "bic" and plan.search == "exhaustive":
            found = restricted(sample, sample_models)
        else:
            found = _select(sample, plan, p_threshold)
        return None if found.fit is None else found.fit.estimate

    boot = run_bootstrap(
        counts.y,
        estimator,
        samples=bootstrap,
        seed=seed,
        point=chosen.estimate,
        ci=ci,
        level=level,
    )
    return replace(
        result,
        ci_low=boot.ci_low,
        ci_high=boot.ci_high,
        bootstrap=bootstrap,
        bootstrap_failed=boot.failed,
        seed=seed,
        ci_method=boot.ci_method,
    )


def _vector(table: CaptureTable) -> list[float]:
    y = [0.0] * ((1 << len(table.lists)) - 1)
    for history, count in table.counts.items():
        cell = sum(bit << i for i, bit in enumerate(history))
        y[cell - 1] = float(count)
    return y


def _resolve(
    table: CaptureTable,
    method: str,
    max_order: int | None,
    model: Sequence[str] | None,
    search: str | None,
    ci: str,
    p_threshold: float,
    level: float,
    bootstrap: int,
) -> _Plan:
    if method not in METHODS:
        raise ValueError(f"method is one of {', '.join(METHODS)}, not {method!r}")
    if search is not None and search not in SEARCHES:
        raise ValueError(f"search is one of {', '.join(SEARCHES)}, not {search!r}")
    if ci not in CI_METHODS:
        raise ValueError(f"ci is one of {', '.join(CI_METHODS)}, not {ci!r}")
    if isinstance(bootstrap, bool) or not isinstance(bootstrap, int) or bootstrap < 0:
        raise ValueError("bootstrap is a whole number of samples, 0 or more")
    if not 0 < level < 1:
        raise ValueError("level is between 0 and 1")
    if not 0 <= p_threshold <= 1:
        raise ValueError("p_threshold is between 0 and 1")
    if model is not None and method != "fixed":
        raise ValueError("a model is given only with method 'fixed'")
    if isinstance(model, str):
        raise ValueError("model is a sequence of terms such as ['A:B', 'B:C'], not one string")
    if search is not None and method in ("stepwise", "fixed"):
        raise ValueError(f"search applies to method 'bic', not {method!r}")
    t = len(table.lists)
    if max_order is not None:
        if isinstance(max_order, bool) or not isinstance(max_order, int):
            raise ValueError("max_order is a whole number")
        if not 1 <= max_order <= max(t - 1, 1):
            raise ValueError(
                f"max_order is from 1 to {max(t - 1, 1)} for {t} lists (the model of all "
                f"{t}-list interactions has as many parameters as the table has cells)"
            )
    resolved = method
    if method == "auto":
        resolved = "bic" if t <= EXHAUSTIVE_MAX_LISTS else "stepwise"
    if resolved == "fixed":
        terms = parse_model(model or (), table.lists)
        return _Plan(method, "fixed", "fixed", model_order(terms), model=terms)
    if resolved == "stepwise":
        return _Plan(method, "stepwise", "stepwise", 2)
    chosen_search = search or ("exhaustive" if t <= EXHAUSTIVE_MAX_LISTS else "downhill")
    if chosen_search == "exhaustive":
        order = max_order or BIC_MAX_ORDER.get(t, 2)
        order = min(order, max(t - 1, 1))
        if t > 6 or (t == 6 and order > 2):
            raise ValueError(
                "an exhaustive BIC search is made up to 5 lists, or 6 lists up to order 2 (the "
                "R package's catalogue); use search='downhill'"
            )
        return _Plan(method, "bic", "exhaustive", order)
    return _Plan(method, "bic", "downhill", max_order or max(t - 1, 1))


def _select(
    evaluator: Evaluator, plan: _Plan, p_threshold: float, keep: int = MAX_ALTERNATIVES
) -> Selection:
    if plan.method == "stepwise":
        return stepwise(evaluator, p_threshold)
    if plan.method == "fixed":
        return fixed(evaluator, plan.model)
    if plan.search == "exhaustive":
        return exhaustive(evaluator, plan.max_order, keep)
    return downhill(evaluator, plan.max_order)


def _alternatives(
    selection: Selection, plan: _Plan, lists: Sequence[str]
) -> tuple[Alternative, ...]:
    def alternative(model: Model, fit: Fit | None) -> Alternative:
        return Alternative(
            terms=model_names(model, lists),
            bic=None if fit is None else fit.bic,
            estimate=None if fit is None else fit.estimate,
            exists=fit is not None,
        )

    if plan.method == "fixed":
        return tuple(alternative(m, f) for m, f in selection.considered)
    if plan.method == "stepwise":
        # The model of each step, the last (the one chosen) first.
        return tuple(alternative(m, f) for m, f in reversed(selection.considered))[
            :MAX_ALTERNATIVES
        ]
    fitted = [(m, f) for m, f in selection.considered if f is not None]
    fitted.sort(key=lambda mf: mf[1].bic)
    return tuple(alternative(m, f) for m, f in fitted[:MAX_ALTERNATIVES])


def _describe(model: Model, lists: Sequence[str]) -> str:
    if not model:
        return "the main-effects model (no interaction)"
    return "the model with " + ", ".join(term_name(t, lists) for t in sorted_terms(model))


def _everyone_on(table: CaptureTable) -> list[str]:
    sizes = table.list_sizes()
    return [name for name in table.lists if sizes[name] == table.observed]


def _why_none(
    evaluator: Evaluator, selection: Selection, plan: _Plan, table: CaptureTable
) -> Refusal:
    lists = table.lists
    statuses = [evaluator.status(m) for m, _ in selection.considered]
    everyone = _everyone_on(table)
    hint = ""
    if everyone:
        hint = (
            f"; list {everyone[0]} holds every person observed, so nobody is known to be "
            "missed by it"
        )
    if plan.method == "bic" and plan.search == "exhaustive":
        identifiable_only = all(s.exists for s in statuses)
        return Refusal(
            Reason.NOT_IDENTIFIABLE if identifiable_only else Reason.NOT_EXIST,
            f"no hierarchical model of lists {', '.join(lists)} up to order {plan.max_order} "
            "has a maximum likelihood estimate that exists and is identifiable" + hint,
        )
    model, _ = selection.considered[0]
    status = statuses[0]
    described = _describe(model, lists)
    if not status.exists:
        return Refusal(
            Reason.NOT_EXIST,
            f"the maximum likelihood estimate does not exist for {described}: no table with "
            "every cell positive has the overlaps' margins this model fits (the "
            "Fienberg-Rinaldo condition), so its fit runs off to infinity" + hint,
        )
    if not status.identifiable:
        return Refusal(
            Reason.NOT_IDENTIFIABLE,
            f"{described} is not identifiable from these lists: the overlaps observed cannot "
            "tell all its parameters apart",
        )
    return Refusal(  # pragma: no cover - IRLS converges once the checks pass
        Reason.NOT_EXIST, f"the fit of {described} did not converge"
    )


__all__ = ["Alternative", "Estimate", "Reason", "estimate_population"]
