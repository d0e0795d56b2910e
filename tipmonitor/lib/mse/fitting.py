"""Fitting a hierarchical Poisson log-linear model to the counts of a capture table.

As the R package MultipleSystemsEstimation's `fit_hier_model`: the count of each observed
history c (1..2^t-1) is Poisson with log mean the sum of the parameters of the sets inside c
(intercept, main effects, the model's interaction terms). A parameter whose set no observed
person holds whole (N* = 0) has the extended maximum likelihood estimate minus infinity: it is
fixed there and the cells holding its set (whose fitted count is then 0) are left out; the rest
is fitted by statsmodels' GLM (Poisson family, log link, IRLS). The estimated number of people
on no list is exp(intercept), the fitted count of the all-zero history with every other effect
at 0, and the population estimate is that plus the persons observed.

BIC = k log(n) - 2 log L, with k every parameter of the model (intercept, main effects, terms,
those at minus infinity included), n the number of persons observed (the Rcapture convention,
the package's `bicRcap = TRUE`), L the Poisson likelihood of the counts.

An `Evaluator` holds one table's counts and caches, per model, the existence check and the fit;
a fit can start from another fit's parameters (a smaller model's, or the same model's on the
original table when the counts are a bootstrap sample), which saves most IRLS iterations.
"""

import warnings
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt
from scipy.special import gammaln
from statsmodels.genmod.families import Poisson
from statsmodels.genmod.generalized_linear_model import GLM
from statsmodels.tools.sm_exceptions import ConvergenceWarning, PerfectSeparationWarning

from .existence import ExistenceCache, Status, full_rank
from .models import Model, columns, master_design

_POISSON = Poisson()
MAX_ITERATIONS = 100

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Counts:
    """The counts of one table (or bootstrap sample) by history: y[c - 1] for cell c."""

    lists: int
    y: FloatArray
    nstar: FloatArray  # nstar[m]: the persons whose history holds every list of m
    observed: float
    log_factorials: float
    saturated_loglik: float  # the largest log likelihood any model can reach: mu = y

    @classmethod
    def from_vector(cls, lists: int, y: npt.ArrayLike) -> "Counts":
        values = np.asarray(y, dtype=np.float64)
        if values.shape != ((1 << lists) - 1,):
            raise ValueError("one count for each history but the all-zero one")
        total = np.zeros(1 << lists)
        total[1:] = values
        for lower, upper in _superset_steps(lists):  # sums over supersets, a list at a time
            total[lower] += total[upper]
        positive = values[values > 0]
        log_factorials = float(gammaln(values + 1).sum())
        return cls(
            lists=lists,
            y=values,
            nstar=total,
            observed=float(values.sum()),
            log_factorials=log_factorials,
            saturated_loglik=float((positive * np.log(positive) - positive).sum()) - log_factorials,
        )


@dataclass(frozen=True)
class Prepared:
    """A model as fitted to given counts: its sets at minus infinity left out with their cells."""

    columns: tuple[int, ...]  # the design columns estimated (sets with N* > 0)
    infinite: tuple[int, ...]  # the sets fixed at minus infinity
    kept: npt.NDArray[np.bool_]  # the cells fitted
    key: tuple[int, int, int]  # (estimated columns, cells kept, kept cells that are empty)


@dataclass(frozen=True)
class Fit:
    model: Model
    estimate: float  # persons observed + exp(intercept)
    bic: float
    loglik: float
    params: dict[int, float]  # design column (set) -> coefficient; sets at -inf left out
    fitted: FloatArray  # expected count of each cell (0 where left out)


@dataclass(frozen=True)
class _Core:
    params: dict[int, float]
    fitted: FloatArray
    loglik: float


@lru_cache(maxsize=16)
def _superset_steps(lists: int) -> tuple[tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]], ...]:
    """For each list, the sets without it and the same sets with it."""
    sets = np.arange(1 << lists)
    steps = []
    for i in range(lists):
        lower = sets[(sets >> i) & 1 == 0]
        steps.append((lower, lower | (1 << i)))
    return tuple(steps)


def _bits(flags: npt.NDArray[np.bool_]) -> int:
    return int.from_bytes(np.packbits(flags, bitorder="little").tobytes(), "little")


class Evaluator:
    """Existence checks and fits of models on one set of counts, cached. `reference` is the
    evaluator of the original table when these counts are a resample of it: its fits of the
    same model are the starting values here."""

    def __init__(
        self,
        counts: Counts,
        *,
        cache: ExistenceCache | None = None,
        reference: "Evaluator | None" = None,
    ) -> None:
        self.counts = counts
        self.lists = counts.lists
        self.cache = cache if cache is not None else ExistenceCache()
        self.reference = reference
        self._design = master_design(counts.lists)
        self._prepared: dict[Model, Prepared] = {}
        self._status: dict[Model, Status] = {}
        self._cores: dict[tuple[int, int, int], _Core | None] = {}
        self._fits: dict[Model, Fit | None] = {}
        self.fits = 0  # GLM fits run, for tests and benchmarks

    def prepare(self, model: Model) -> Prepared:
        found = self._prepared.get(model)
        if found is not None:
            return found
        nstar = self.counts.nstar
        sets = columns(model, self.lists)
        infinite = tuple(m for m in sets[1:] if nstar[m] == 0)
        estimated = tuple(m for m in sets if nstar[m] > 0)
        if infinite:
            kept = ~(self._design[:, list(infinite)].any(axis=1))
        else:
            kept = np.ones(self._design.shape[0], dtype=bool)
        empty = kept & (self.counts.y == 0)
        key = (sum(1 << m for m in estimated), _bits(kept), _bits(empty))
        found = Prepared(columns=estimated, infinite=infinite, kept=kept, key=key)
        self._prepared[model] = found
        return found

    def design(self, prepared: Prepared) -> FloatArray:
        return self._design[np.ix_(prepared.kept, list(prepared.columns))]

    def status(self, model: Model) -> Status:
        found = self._status.get(model)
        if found is not None:
            return found
        prepared = self.prepare(model)
        design = self.design(prepared)
        empty = self.counts.y[prepared.kept] == 0
        exists = self.cache.exists(prepared.key[1:], prepared.key[0], design, empty)
        found = Status(exists=exists, identifiable=full_rank(design))
        self._status[model] = found
        return found

    def fit(self, model: Model, start_from: Model | None = None) -> Fit | None:
        """The fit of `model`, or None when its estimate does not exist or is not identifiable
        (or, which the checks should make impossible, IRLS does not converge)."""
        if model in self._fits:
            return self._fits[model]
        if not self.status(model).ok:
            self._fits[model] = None
            return None
        prepared = self.prepare(model)
        if prepared.key not in self._cores:
            self._cores[prepared.key] = self._fit_core(prepared, self._start(model, start_from))
        core = self._cores[prepared.key]
        fit = None
        if core is not None:
            npars = 1 + self.lists + len(model)
            n = self.counts.observed
            estimate = n + float(np.exp(core.params[0]))
            bic = npars * float(np.log(n)) - 2 * core.loglik
            if np.isfinite(estimate) and np.isfinite(bic):
                fit = Fit(model, estimate, bic, core.loglik, core.params, core.fitted)
        self._fits[model] = fit
        return fit

    def bic_bound(self, model: Model) -> float:
        """A lower bound of the BIC of `model`, known without fitting it: its penalty plus
        -2 times the saturated log likelihood (no model fits the counts better than mu = y;
        a cell left out has y = 0, which mu = 0 fits exactly too). A model whose bound is
        not below the best BIC found need not be fitted: it cannot win."""
        n = self.counts.observed
        return (1 + self.lists + len(model)) * float(np.log(n)) - 2 * self.counts.saturated_loglik

    def fitted(self, model: Model) -> Fit | None:
        """The fit of `model` if it has been fitted, without fitting it."""
        return self._fits.get(model)

    def _start(self, model: Model, start_from: Model | None) -> dict[int, float] | None:
        if self.reference is not None:
            known = self.reference.fitted(model)
            if known is not None:
                return known.params
        if start_from is not None:
            known = self._fits.get(start_from)
            if known is not None:
                return known.params
        return None

    def _fit_core(self, prepared: Prepared, start: dict[int, float] | None) -> _Core | None:
        y = self.counts.y[prepared.kept]
        design = self.design(prepared)
        start_params = None
        if start is not None:
            start_params = np.array([start.get(m, 0.0) for m in prepared.columns])
        self.fits += 1
        glm = GLM(y, design, family=_POISSON)
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            # An exact fit (as many parameters as cells left) is expected, not a warning; a
            # fit that does not converge is refused below.
            warnings.simplefilter("ignore", PerfectSeparationWarning)
            warnings.simplefilter("ignore", ConvergenceWarning)
            result = glm.fit(start_params=start_params, maxiter=MAX_ITERATIONS)
            mu = np.asarray(glm.mu, dtype=np.float64)
            params = np.asarray(result.params, dtype=np.float64)
            if not result.converged or not (np.isfinite(mu).all() and np.isfinite(params).all()):
                if start_params is None:
                    return None
                return self._fit_core(prepared, None)  # once more from statsmodels' own start
            positive = y > 0
            loglik = float(
                (y[positive] * np.log(mu[positive])).sum() - mu.sum() - self.counts.log_factorials
            )
        fitted = np.zeros_like(self.counts.y)
        fitted[prepared.kept] = mu
        return _Core(
            params=dict(zip(prepared.columns, params.tolist(), strict=True)),
            fitted=fitted,
            loglik=loglik,
        )
