"""Multiple systems estimation (issue 13): the exhaustive BIC search and the bootstrap.

Data: the five-list UK table of 2013 (UKdat_5: 2,744 potential victims of modern slavery on the
lists LA, NG, PFNCA, GO, GP; from the R package MultipleSystemsEstimation, as
../shared/reference/mse/UKdat_5.csv), as the tests hold it (tests/lib/mse_tables.py).
No database, no Django: `tipmonitor.lib.mse` is pure.

Measured, each as a worker's first estimate (the library's caches of models and design
matrices cleared before every run):
- the exhaustive BIC search over all 6,893 hierarchical models of 5 lists to order 4 (the
  published 25,311), and over the 6,212 to order 3 (the default for 5 lists); goal under 10 s;
- 1,000 bootstrap samples of the stepwise estimate (stepwise selection repeated in every
  sample), with the percentile interval, then with BCa (which adds the delete-one jackknife);
  goal under 2 minutes on 2 cores;
- 1,000 bootstrap samples of the BIC estimate to order 4 (each sample choosing among the 100
  best models of the table, as the package does), BCa: what `auto` costs for 5 lists.

Knobs (environment, as `bench/run.py` passes no arguments): BENCH_QUICK=1 (one run of each
search, 100 samples), BENCH_MSE_RUNS=N (runs of each search, default 3),
BENCH_MSE_SAMPLES=N (bootstrap samples, default 1,000), BENCH_MSE_BIC_SAMPLES=N (samples of the
BIC bootstrap, default as BENCH_MSE_SAMPLES; 0 skips it).
"""

import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

GOAL_SEARCH_S, GOAL_BOOTSTRAP_S = 10.0, 120.0
SEED = 2026


def _cold() -> None:
    """Forget what an earlier run computed, as a new worker process has nothing."""
    from tipmonitor.lib.mse import models

    models.hierarchical_models.cache_clear()
    models.columns.cache_clear()
    models.master_design.cache_clear()


def _timed(call: Callable[[], Any]) -> tuple[float, Any]:
    _cold()
    started = time.perf_counter()
    result = call()
    return time.perf_counter() - started, result


def _spread(seconds: list[float]) -> str:
    if len(seconds) == 1:
        return f"{seconds[0]:.2f}"
    return f"{statistics.median(seconds):.2f} ({min(seconds):.2f}–{max(seconds):.2f})"


def _interval(result: Any) -> str:
    return f"{result.estimate:,.0f} [{result.ci_low:,.0f}, {result.ci_high:,.0f}]"


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} × {cpu}, Python {platform.python_version()}"


def main() -> dict[str, Any]:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import statsmodels

    from tests.lib.mse_tables import UKDAT_5
    from tipmonitor.lib.mse import estimate_population

    quick = os.environ.get("BENCH_QUICK", "") not in ("", "0")
    runs = int(os.environ.get("BENCH_MSE_RUNS") or (1 if quick else 3))
    samples = int(os.environ.get("BENCH_MSE_SAMPLES") or (100 if quick else 1000))
    bic_samples = int(os.environ.get("BENCH_MSE_BIC_SAMPLES") or samples)
    table = UKDAT_5
    measured: dict[str, Any] = {"machine": _machine(), "statsmodels": statsmodels.__version__}

    for order, models in ((4, 6893), (3, 6212)):
        seconds = []
        for _ in range(runs):
            elapsed, result = _timed(
                lambda order=order: estimate_population(table, method="bic", max_order=order)
            )
            seconds.append(elapsed)
        measured[f"exhaustive BIC, {models:,} models to order {order}, s"] = _spread(seconds)
        measured[f"exhaustive BIC to order {order}: estimate, model"] = (
            f"{result.estimate:,.1f}, {' '.join(result.model)}"
        )
        if order == 4:
            measured[f"goal met (exhaustive < {GOAL_SEARCH_S:.0f} s)"] = (
                max(seconds) < GOAL_SEARCH_S
            )

    for ci in ("percentile", "bca"):
        elapsed, result = _timed(
            lambda ci=ci: estimate_population(
                table, method="stepwise", bootstrap=samples, seed=SEED, ci=ci
            )
        )
        measured[f"stepwise, {samples:,} bootstrap samples, {ci}, s"] = round(elapsed, 2)
        measured[f"stepwise {ci}: estimate [95 % interval]"] = _interval(result)
        measured[f"stepwise {ci}: samples without an estimate"] = result.bootstrap_failed
        if ci == "bca":
            measured[f"goal met (stepwise bootstrap < {GOAL_BOOTSTRAP_S:.0f} s)"] = (
                elapsed < GOAL_BOOTSTRAP_S and samples >= 1000
            )

    if bic_samples:
        elapsed, result = _timed(
            lambda: estimate_population(
                table, method="bic", max_order=4, bootstrap=bic_samples, seed=SEED, ci="bca"
            )
        )
        measured[f"BIC to order 4, {bic_samples:,} bootstrap samples, bca, s"] = round(elapsed, 2)
        measured["BIC bca: estimate [95 % interval]"] = _interval(result)
    return measured


if __name__ == "__main__":
    for measure, value in main().items():
        print(f"{measure}: {value}", flush=True)
