"""Bootstrap intervals for a population estimate, with the model chosen anew in every sample.

As the R package MultipleSystemsEstimation (`estimate_population_stepwise`, `bootstrapcal`,
`downhill_bootstrapcal`, `bcaconfvalues`; Silverman, Chan & Vincent 2024): each sample is a
multinomial draw of as many persons as were observed, over the observed capture histories with
the observed proportions (a nonparametric bootstrap of the persons), drawn with numpy's
`default_rng(seed)`, so the same seed gives the same samples. The whole estimate - model
selection included - is repeated on each sample. A sample on which no model's estimate exists
is counted as failed and left out of the interval.

- percentile: the sample quantiles at (1 - level)/2 and (1 + level)/2;
- BCa (Efron 1987; DiCiccio & Efron 1996): the quantiles at Φ(z0 + (z + z0)/(1 - a(z + z0)))
  for z = Φ⁻¹ of those levels, where z0 = Φ⁻¹(the share of samples below the point estimate)
  and the acceleration a comes from the delete-one jackknife over persons: the estimate with
  one person of history h left out, weighted by the persons of h (the package's formula). If
  some jackknife estimate does not exist, a cannot be estimated and the interval is the
  percentile one (`ci_method` says which was computed).

Quantiles are Hyndman & Fan's type 8, as the package's `quantile(..., type = 8)`.
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.special import ndtr, ndtri

Estimator = Callable[[npt.NDArray[np.float64]], float | None]


@dataclass(frozen=True)
class BootstrapResult:
    estimates: npt.NDArray[np.float64]  # of the samples whose estimate exists
    failed: int
    ci_low: float | None
    ci_high: float | None
    ci_method: str  # "percentile" | "bca" | "" (no sample had an estimate)
    acceleration: float | None = None


def resample(
    counts: npt.NDArray[np.float64], samples: int, rng: np.random.Generator
) -> npt.NDArray[np.float64]:
    """`samples` multinomial draws of sum(counts) persons over the cells with probabilities
    counts / sum(counts); one row per sample."""
    total = round(float(counts.sum()))
    draws = rng.multinomial(total, counts / counts.sum(), size=samples)
    return np.asarray(draws, dtype=np.float64)


def quantiles(values: npt.NDArray[np.float64], probs: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """Hyndman & Fan type 8 (median-unbiased), R's `quantile(type = 8)`."""
    levels = np.asarray(probs, dtype=np.float64)
    return np.asarray(np.quantile(values, levels, method="median_unbiased"), dtype=np.float64)


def _levels(level: float) -> npt.NDArray[np.float64]:
    return np.array([(1 - level) / 2, (1 + level) / 2])


def percentile_interval(estimates: npt.NDArray[np.float64], level: float) -> tuple[float, float]:
    low, high = quantiles(estimates, _levels(level))
    return float(low), float(high)


def bca_interval(
    estimates: npt.NDArray[np.float64], point: float, acceleration: float, level: float
) -> tuple[float, float]:
    """The package's `bcaconfvalues`. The share below the point estimate is kept within
    [1/(2B), 1 - 1/(2B)] so that z0 stays finite when every sample lies on one side."""
    count = len(estimates)
    share = float(np.mean(estimates < point))
    share = min(max(share, 0.5 / count), 1 - 0.5 / count)
    z0 = float(ndtri(share))
    z = ndtri(_levels(level)) + z0
    adjusted = ndtr(z0 + z / (1 - acceleration * z))
    low, high = quantiles(estimates, adjusted)
    return float(low), float(high)


def jackknife_acceleration(counts: npt.NDArray[np.float64], estimator: Estimator) -> float | None:
    """The BCa acceleration from the delete-one jackknife over persons, or None when the
    estimate without some person does not exist."""
    cells = np.flatnonzero(counts > 0)
    leave_one_out = np.zeros(len(cells))
    for i, cell in enumerate(cells):
        reduced = counts.copy()
        reduced[cell] -= 1
        estimate = estimator(reduced)
        if estimate is None:
            return None
        leave_one_out[i] = estimate
    weights = counts[cells]
    residuals = (weights * leave_one_out).sum() / weights.sum() - leave_one_out
    spread = float((weights * residuals**2).sum())
    if spread <= 0:
        return 0.0
    return float((weights * residuals**3).sum() / (6 * spread**1.5))


def run_bootstrap(
    counts: npt.NDArray[np.float64],
    estimator: Estimator,
    *,
    samples: int,
    seed: int,
    point: float,
    ci: str,
    level: float,
) -> BootstrapResult:
    """`estimator` (the whole estimate, model selection included, on a vector of counts by
    history; None when no estimate exists) on `samples` resamples of `counts`."""
    rng = np.random.default_rng(seed)
    draws = resample(counts, samples, rng)
    found = [estimator(row) for row in draws]
    estimates = np.array([e for e in found if e is not None], dtype=np.float64)
    failed = samples - len(estimates)
    if len(estimates) == 0:
        return BootstrapResult(estimates, failed, None, None, "")
    if ci == "bca":
        acceleration = jackknife_acceleration(counts, estimator)
        if acceleration is not None:
            low, high = bca_interval(estimates, point, acceleration, level)
            return BootstrapResult(estimates, failed, low, high, "bca", acceleration)
    low, high = percentile_interval(estimates, level)
    return BootstrapResult(estimates, failed, low, high, "percentile")
