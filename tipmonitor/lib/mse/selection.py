"""Choosing the model: stepwise by p-values, or the smallest BIC over the hierarchical models
(all of them, or by a downhill search). Each follows the R package MultipleSystemsEstimation.

- `stepwise` (Chan, Silverman & Vincent 2021; the package's `.stepwise_estimate`): start from
  the main effects; under the current fit, the p-value of each two-list interaction not yet in
  the model is the two-sided Poisson tail of the observed overlap of its two lists given the
  fitted one, min(P(X <= n), P(X >= n)); the interaction with the smallest p-value (the first
  in list order among equal ones) is added while that p-value is under the threshold, among the
  interactions whose model's estimate exists and is identifiable; then refit and repeat. Only
  two-list interactions are candidates.
- `exhaustive` (Silverman, Chan & Vincent 2024; `assemble_bic`): every hierarchical model up to
  the maximum order whose estimate exists and is identifiable is fitted; the smallest BIC wins.
  (A model whose BIC provably cannot be among the best kept is not fitted: `bic_bound`.)
- `downhill` (the same paper, section 5.2; `downhill_fit`): from the main effects, fit every
  model one step away not seen yet (without one of the current model's generators, or with one
  more term up to the maximum order); move to the best if its BIC is smaller than the current
  one, else stop (at most 20 moves). It finds a local minimum: on the five-list UK data 12,262
  (the paper's downhill figure), where the exhaustive search finds 25,311.
- `restricted`: the smallest BIC among given models (the best of the original table), which is
  how the package repeats BIC selection in each bootstrap sample (`bootstrapcal`, `ntopmodels`).

Each returns a `Selection`: the fit chosen (None if no model's estimate exists) and the models
considered, each with its fit or None.
"""

import heapq
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.special import pdtr, pdtrc

from .fitting import Evaluator, Fit
from .models import (
    MAIN_EFFECTS,
    Model,
    hierarchical_models,
    neighbours,
    pair_terms,
    parent,
)

DOWNHILL_MOVES = 20


@dataclass
class Selection:
    fit: Fit | None
    considered: list[tuple[Model, Fit | None]] = field(default_factory=list)
    steps: list[Model] = field(default_factory=list)  # stepwise: the models of each step


def _best(fits: Iterable[Fit | None]) -> Fit | None:
    best: Fit | None = None
    for fit in fits:
        if fit is not None and (best is None or fit.bic < best.bic):
            best = fit
    return best


def stepwise(evaluator: Evaluator, p_threshold: float) -> Selection:
    lists = evaluator.lists
    pairs = pair_terms(lists)
    current = MAIN_EFFECTS
    fit = evaluator.fit(current)
    selection = Selection(fit=fit, considered=[(current, fit)], steps=[current])
    if fit is None or p_threshold <= 0:
        return selection
    if p_threshold >= 1:
        # The package's special case: every two-list interaction at once, if that model's
        # estimate exists; otherwise the steps as for any threshold.
        every = frozenset(pairs)
        if evaluator.status(every).ok:
            every_fit = evaluator.fit(every, start_from=current)
            if every_fit is not None:
                return Selection(
                    fit=every_fit,
                    considered=[(current, fit), (every, every_fit)],
                    steps=[current, every],
                )
    observed = evaluator.counts.nstar[pairs]
    # holds[c, j]: cell c holds both lists of pair j
    cells = np.arange(1, 1 << lists)[:, None]
    holds = (cells & np.array(pairs)[None, :]) == np.array(pairs)[None, :]
    while True:
        expected = fit.fitted @ holds
        lower = pdtr(observed, expected)
        upper = np.where(observed > 0, pdtrc(np.maximum(observed - 1, 0), expected), 1.0)
        pvalues = np.minimum(lower, upper)
        order = sorted((p, j) for j, p in enumerate(pvalues.tolist()) if pairs[j] not in current)
        chosen = None
        for p, j in order:
            if p >= p_threshold:
                break
            candidate = current | {pairs[j]}
            if evaluator.status(candidate).ok:
                chosen = candidate
                break
        if chosen is None:
            return selection
        new_fit = evaluator.fit(chosen, start_from=current)
        if new_fit is None:  # pragma: no cover - the checks passed, so IRLS converges
            return selection
        current, fit = chosen, new_fit
        selection.fit = fit
        selection.considered.append((current, fit))
        selection.steps.append(current)


def exhaustive(evaluator: Evaluator, max_order: int, keep: int = 1) -> Selection:
    """Every model up to `max_order`, fewer terms first, each fit starting from its parent's
    parameters. A model is not fitted when its `bic_bound` shows it cannot be among the `keep`
    best: as the models come with more and more terms, and the bound grows with them, the
    search then stops. The `keep` best are exactly those of fitting every model."""
    models = hierarchical_models(evaluator.lists, max_order)
    # Existence checks from the largest models down, so that a model inside one whose estimate
    # exists needs no linear program (ExistenceCache).
    for model in reversed(models):
        evaluator.status(model)
    best: list[float] = []  # the `keep` smallest BICs so far, as a max-heap (negated)
    considered: list[tuple[Model, Fit | None]] = []
    for model in models:
        if len(best) == keep and evaluator.bic_bound(model) >= -best[0]:
            break
        fit = evaluator.fit(model, start_from=parent(model))
        considered.append((model, fit))
        if fit is not None:
            if len(best) < keep:
                heapq.heappush(best, -fit.bic)
            elif fit.bic < -best[0]:
                heapq.heapreplace(best, -fit.bic)
    return Selection(fit=_best(fit for _, fit in considered), considered=considered)


def downhill(evaluator: Evaluator, max_order: int, start: Model = MAIN_EFFECTS) -> Selection:
    best_model = start
    best = evaluator.fit(start)
    considered: list[tuple[Model, Fit | None]] = [(start, best)]
    if best is None:
        return Selection(fit=None, considered=considered)
    seen = {start}
    for _ in range(DOWNHILL_MOVES):
        new = [m for m in neighbours(best_model, evaluator.lists, max_order) if m not in seen]
        if not new:
            break
        seen.update(new)
        # A neighbour whose BIC cannot be below the current one's cannot be the move.
        hopeful = [m for m in new if evaluator.bic_bound(m) < best.bic]
        fits = [evaluator.fit(m, start_from=best_model) for m in hopeful]
        considered.extend(zip(hopeful, fits, strict=True))
        candidate = _best(fits)
        if candidate is None or candidate.bic >= best.bic:
            break
        best_model, best = candidate.model, candidate
    return Selection(fit=best, considered=considered)


def restricted(evaluator: Evaluator, models: Sequence[Model]) -> Selection:
    """The smallest BIC among `models`, the first of equal ones (the package's
    `.cumulative_bic_estimates`); a model whose `bic_bound` is not below the best so far is
    not fitted."""
    considered: list[tuple[Model, Fit | None]] = []
    best: Fit | None = None
    for model in models:
        if best is not None and evaluator.bic_bound(model) >= best.bic:
            continue
        fit = evaluator.fit(model, start_from=parent(model))
        considered.append((model, fit))
        if fit is not None and (best is None or fit.bic < best.bic):
            best = fit
    return Selection(fit=best, considered=considered)


def fixed(evaluator: Evaluator, model: Model) -> Selection:
    fit = evaluator.fit(model)
    return Selection(fit=fit, considered=[(model, fit)])


__all__ = [
    "Selection",
    "downhill",
    "exhaustive",
    "fixed",
    "restricted",
    "stepwise",
]
