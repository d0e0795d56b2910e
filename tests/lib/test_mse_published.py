"""Multiple systems estimation reproduces the published point estimates by the published method
(../shared/reference/mse/README.md): each within 0.5 %, with the model the authors report where
they report it. The tables are in tests/lib/mse_tables.py."""

import pytest

from tipmonitor.lib.mse import CaptureTable, Reason, estimate_population

from .mse_tables import ARTIFICIAL_3, UKDAT, UKDAT_5, WESTERN


def _close(value: float | None, published: float) -> bool:
    return value is not None and abs(value - published) <= 0.005 * published


def test_it_reproduces_western_by_stepwise_selection_of_a_e():
    # Chan, Silverman & Vincent (2021): stepwise, p < 0.02, selects A×E; 2,483.
    result = estimate_population(WESTERN, method="stepwise", p_threshold=0.02)
    assert result.exists
    assert result.model == ("A:E",)
    assert _close(result.estimate, 2483)
    assert result.observed == 345
    assert (result.method, result.search, result.max_order) == ("stepwise", "stepwise", 2)
    # The steps, the chosen model first.
    assert [a.terms for a in result.alternatives] == [("A:E",), ()]


def test_it_reproduces_ukdat_5_by_bic_over_all_models():
    # Silverman, Chan & Vincent (2024), table 6, "UK5 all models": 25,311 (maximum order 4).
    result = estimate_population(UKDAT_5, method="bic", max_order=4)
    assert result.exists
    assert result.search == "exhaustive"
    assert _close(result.estimate, 25311)
    assert result.model == ("LA:NG", "LA:PFNCA", "NG:PFNCA", "NG:GP", "PFNCA:GO", "LA:NG:PFNCA")
    assert result.generators == ("NG:GP", "PFNCA:GO", "LA:NG:PFNCA")
    assert len(result.alternatives) == 20
    bics = [a.bic for a in result.alternatives]
    assert bics == sorted(bics)
    assert result.alternatives[0].estimate == result.estimate


def test_it_reproduces_ukdat_5_by_bic_over_pairwise_models():
    # Table 6, "UK5 maxorder 2": 22,991.
    result = estimate_population(UKDAT_5, method="bic", max_order=2)
    assert _close(result.estimate, 22991)


def test_it_reproduces_ukdat_5_by_bic_downhill():
    # Table 6, downhill: 12,262 (a local minimum; the exhaustive search finds 25,311).
    result = estimate_population(UKDAT_5, method="bic", search="downhill")
    assert result.search == "downhill"
    assert result.max_order == 4  # lists - 1, the package's downhill_fit default
    assert _close(result.estimate, 12262)


def test_it_reproduces_ukdat_by_bic_downhill_for_six_lists():
    # Table 6, "UK all models": 12,350; BIC with six lists searches downhill.
    result = estimate_population(UKDAT, method="bic")
    assert (result.method, result.search, result.max_order) == ("bic", "downhill", 5)
    assert _close(result.estimate, 12350)
    # Within the Home Office's "between 10,000 and 13,000" for 2013.
    assert result.estimate is not None
    assert 10_000 <= result.estimate <= 13_000


@pytest.mark.parametrize(
    ("method", "options"),
    [
        ("auto", {}),
        ("bic", {}),
        ("bic", {"search": "downhill"}),
        ("stepwise", {}),
        ("fixed", {}),
        ("fixed", {"model": ["A:B"]}),
    ],
)
def test_it_refuses_artificial_3_by_every_method(method, options):
    # Chan, Silverman & Vincent (2021), table 2: list C overlaps no other list.
    result = estimate_population(ARTIFICIAL_3, method=method, **options)
    assert not result.exists
    assert result.reason == Reason.ISOLATED_LIST
    assert result.reason_detail == (
        "list C shares no person with any other list, so how many people it misses cannot be "
        "told from the overlaps"
    )
    assert result.estimate is None
    assert result.ci_low is None
    assert result.observed == 96


def _artificial_3_with_a_and_c() -> CaptureTable:
    return CaptureTable(ARTIFICIAL_3.lists, {**ARTIFICIAL_3.counts, (1, 0, 1): 1})


def test_it_refuses_a_model_whose_maximum_likelihood_estimate_does_not_exist():
    # One person on A and C more: C is no longer isolated, B and C still never overlap. With
    # A:B and A:C the margins force the cells B and C share to zero (the R package's
    # check_extended_MLE returns 1 for "[12,13]").
    table = _artificial_3_with_a_and_c()
    result = estimate_population(table, method="fixed", model=["A:B", "A:C"])
    assert not result.exists
    assert result.reason == Reason.NOT_EXIST
    assert "A:B, A:C" in result.reason_detail
    assert result.model == ("A:B", "A:C")
    assert result.alternatives[0].exists is False


def test_it_refuses_a_model_that_is_not_identifiable():
    # All three two-list interactions: the estimate exists but is not identifiable ("2").
    table = _artificial_3_with_a_and_c()
    result = estimate_population(table, method="fixed", model=["A:B", "B:C", "A:C"])
    assert result.reason == Reason.NOT_IDENTIFIABLE
    assert "A:B, A:C, B:C" in result.reason_detail


def test_it_estimates_that_table_with_the_models_that_exist():
    table = _artificial_3_with_a_and_c()
    alone = estimate_population(table, method="fixed", model=["A:B"])
    assert alone.exists
    assert alone.estimate is not None
    assert alone.estimate > table.observed
    for method in ("bic", "stepwise"):
        result = estimate_population(table, method=method)
        assert result.exists
        assert result.estimate is not None
        assert result.estimate > table.observed
    # The BIC search left out the models with no estimate.
    bic = estimate_population(table, method="bic")
    assert all(a.exists for a in bic.alternatives)
    assert ("A:B", "A:C") not in [a.terms for a in bic.alternatives]
    assert len(bic.alternatives) == 6  # of 8 models to order 2, one does not exist, one is not
    # identifiable
