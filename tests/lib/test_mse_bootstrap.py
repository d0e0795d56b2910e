"""Bootstrap intervals of the population estimate (model selection repeated in every sample),
and properties of the fit on random tables. Few samples: these check behaviour, not coverage."""

import numpy as np
import pytest
import statsmodels.api as sm
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import brentq

from tipmonitor.lib.mse import CaptureTable, estimate_population
from tipmonitor.lib.mse.bootstrap import (
    bca_interval,
    jackknife_acceleration,
    percentile_interval,
    quantiles,
)

from .mse_tables import ARTIFICIAL_3, UKDAT_5, WESTERN


def test_it_is_reproducible_with_a_seed():
    first = estimate_population(WESTERN, method="stepwise", bootstrap=40, seed=7)
    again = estimate_population(WESTERN, method="stepwise", bootstrap=40, seed=7)
    assert first == again
    assert (first.bootstrap, first.seed, first.ci_method) == (40, 7, "percentile")
    other = estimate_population(WESTERN, method="stepwise", bootstrap=40, seed=8)
    assert (other.ci_low, other.ci_high) != (first.ci_low, first.ci_high)
    assert other.estimate == first.estimate  # the point estimate does not depend on the seed


def test_it_records_the_seed_it_drew():
    drawn = estimate_population(WESTERN, method="stepwise", bootstrap=10)
    assert drawn.seed is not None
    again = estimate_population(WESTERN, method="stepwise", bootstrap=10, seed=drawn.seed)
    assert (again.ci_low, again.ci_high) == (drawn.ci_low, drawn.ci_high)
    assert estimate_population(WESTERN, method="stepwise").seed is None  # no bootstrap


@pytest.mark.parametrize("ci", ["percentile", "bca"])
def test_it_gives_an_interval_around_the_estimate(ci):
    result = estimate_population(WESTERN, method="stepwise", bootstrap=60, seed=1, ci=ci)
    assert result.ci_method == ci
    assert result.ci_low is not None
    assert result.ci_high is not None
    assert result.estimate is not None
    assert result.ci_low < result.estimate < result.ci_high
    assert result.bootstrap_failed == 0
    assert result.ci_low > result.observed


def test_it_gives_intervals_with_bic_selection_and_with_a_downhill_search():
    three = CaptureTable(
        ("A", "B", "C"),
        {(1, 0, 0): 60, (0, 1, 0): 50, (0, 0, 1): 40, (1, 1, 0): 12, (1, 0, 1): 9,
         (0, 1, 1): 7, (1, 1, 1): 3},
    )  # fmt: skip
    for search in ("exhaustive", "downhill"):
        result = estimate_population(
            three, method="bic", search=search, bootstrap=30, seed=2, ci="bca"
        )
        assert result.ci_method == "bca"
        assert result.ci_low < result.estimate < result.ci_high


def test_it_leaves_out_and_counts_the_samples_without_an_estimate():
    # One person on A and C: a sample without them leaves C isolated, and the model A:B has no
    # estimate there (check_extended_MLE "[12,3]" on Artificial_3).
    table = CaptureTable(ARTIFICIAL_3.lists, {**ARTIFICIAL_3.counts, (1, 0, 1): 1})
    result = estimate_population(table, method="fixed", model=["A:B"], bootstrap=60, seed=4)
    assert result.exists
    # P(nobody on A and C in a sample) = (1 - 1/97)^97, about 0.37.
    assert 8 <= result.bootstrap_failed <= 40
    assert result.ci_low is not None
    assert result.ci_method == "percentile"
    # BCa needs the jackknife; without that person the estimate does not exist either, so the
    # interval falls back to the percentile one and says so.
    bca = estimate_population(table, method="fixed", model=["A:B"], bootstrap=60, seed=4, ci="bca")
    assert bca.ci_method == "percentile"
    assert (bca.ci_low, bca.ci_high) == (result.ci_low, result.ci_high)


def test_it_bootstraps_no_table_it_refuses():
    result = estimate_population(ARTIFICIAL_3, bootstrap=50, seed=1)
    assert not result.exists
    assert (result.bootstrap, result.ci_low, result.ci_method) == (0, None, "")


def test_it_repeats_the_stepwise_selection_in_every_sample_quickly():
    result = estimate_population(UKDAT_5, method="stepwise", bootstrap=25, seed=5, ci="bca")
    assert result.ci_method == "bca"
    assert result.ci_low < result.estimate < result.ci_high


def test_it_takes_quantiles_of_type_8():
    # R: quantile(1:10, c(0.1, 0.5, 0.9), type = 8) is 1.366667, 5.5, 9.633333
    assert quantiles(np.arange(1.0, 11.0), [0.1, 0.5, 0.9]) == pytest.approx(
        [1.3666667, 5.5, 9.6333333]
    )


def test_it_computes_bca_as_the_percentile_interval_without_bias_or_acceleration():
    rng = np.random.default_rng(0)
    values = rng.normal(100, 10, size=2001)
    median = float(np.median(values))
    assert bca_interval(values, median, 0.0, 0.95) == pytest.approx(
        percentile_interval(values, 0.95), rel=1e-3
    )
    # A point estimate below most samples pulls the interval down.
    low, _ = bca_interval(values, median - 5, 0.0, 0.95)
    assert low < percentile_interval(values, 0.95)[0]


def test_it_estimates_no_acceleration_when_leaving_one_out_changes_nothing():
    counts = np.array([5.0, 3.0, 0.0, 2.0])
    assert jackknife_acceleration(counts, lambda y: 10.0) == 0.0
    assert jackknife_acceleration(counts, lambda y: None) is None


def _independence_total(sizes: list[int], observed: int) -> float:
    """Darroch (1958): under independence of the lists the estimate N solves
    N - observed = N * prod(1 - n_i / N)."""
    return brentq(
        lambda n: n - observed - n * np.prod([1 - s / n for s in sizes]),
        observed + 1e-9,
        1e12,
        xtol=1e-12,
        rtol=1e-14,
    )


cell_counts = st.lists(st.integers(1, 400), min_size=7, max_size=7)


@pytest.mark.filterwarnings("ignore::statsmodels.tools.sm_exceptions.PerfectSeparationWarning")
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cell_counts)
def test_it_estimates_three_lists_with_every_overlap_as_the_closed_form_and_statsmodels(counts):
    histories = [(1, 0, 0), (0, 1, 0), (1, 1, 0), (0, 0, 1), (1, 0, 1), (0, 1, 1), (1, 1, 1)]
    table = CaptureTable(("A", "B", "C"), dict(zip(histories, counts, strict=True)))
    independence = estimate_population(table, method="fixed")
    assert independence.exists
    assert independence.estimate is not None
    sizes = list(table.list_sizes().values())
    assert independence.estimate == pytest.approx(
        _independence_total(sizes, table.observed), rel=1e-6
    )
    design = np.array([[1, *h] for h in histories], dtype=float)
    direct = sm.GLM(np.array(counts, dtype=float), design, family=sm.families.Poisson()).fit()
    assert independence.estimate == pytest.approx(
        table.observed + np.exp(direct.params[0]), rel=1e-6
    )
    # Every model to order 2 exists here, so every method gives an estimate above the observed.
    for method in ("bic", "stepwise"):
        result = estimate_population(table, method=method)
        assert result.exists
        assert result.estimate is not None
        assert result.estimate > table.observed
