"""Model selection for multiple systems estimation: the catalogue of hierarchical models, the
stepwise path, the BIC searches, how `auto` resolves, the arguments refused, the result's JSON."""

import itertools
import json

import pytest

from tipmonitor.lib.mse import CaptureTable, Estimate, Reason, estimate_population
from tipmonitor.lib.mse.estimate import _resolve, _vector
from tipmonitor.lib.mse.fitting import Counts, Evaluator
from tipmonitor.lib.mse.models import (
    closure,
    hierarchical_models,
    is_hierarchical,
    model_names,
    neighbours,
    parse_model,
)
from tipmonitor.lib.mse.selection import exhaustive

from .mse_tables import UKDAT, UKDAT_5, WESTERN


@pytest.mark.parametrize(
    ("lists", "max_order", "count"),
    [
        (3, 1, 1),
        (3, 2, 8),
        (3, 3, 9),
        (4, 2, 64),
        (4, 3, 113),  # Kosovo's 113 candidate models (Silverman, Chan & Vincent 2024, table 2)
        (5, 2, 1024),
        (5, 3, 6212),
        (5, 4, 6893),
    ],
)
def test_it_counts_the_hierarchical_models(lists, max_order, count):
    models = hierarchical_models(lists, max_order)
    assert len(models) == count
    assert len(set(models)) == count
    assert all(is_hierarchical(m) for m in models)
    assert models[0] == frozenset()  # main effects first


def test_it_names_and_parses_terms_in_list_order():
    lists = ("LA", "NG", "PF", "GO")
    model = parse_model(["GO:NG:LA", "PF : LA", "NG"], lists)
    assert model == closure([0b1011, 0b0101])
    assert model_names(model, lists) == ("LA:NG", "LA:PF", "LA:GO", "NG:GO", "LA:NG:GO")
    with pytest.raises(ValueError, match="'XX', which is not one of the lists"):
        parse_model(["LA:XX"], lists)
    with pytest.raises(ValueError, match="twice"):
        parse_model(["LA:LA"], lists)


def test_it_finds_the_neighbours_of_a_model_as_the_package():
    # find_neighbour_hierarchies("[12,3]", 3): remove 12, or add 13 or 23.
    model = closure([0b011])
    found = neighbours(model, 3, max_order=2)
    assert found == [frozenset(), closure([0b011, 0b101]), closure([0b011, 0b110])]
    # With all pairs, the three-list term joins only up to order 3.
    full = closure([0b011, 0b101, 0b110])
    assert closure([0b111]) not in neighbours(full, 3, max_order=2)
    assert closure([0b111]) in neighbours(full, 3, max_order=3)


def test_it_takes_stepwise_steps_by_the_smallest_p_value():
    result = estimate_population(UKDAT_5, method="stepwise")
    steps = [a.terms for a in reversed(result.alternatives)]
    # Each step adds one two-list interaction to the one before.
    for before, after in itertools.pairwise(steps):
        assert set(before) < set(after)
        assert len(after) == len(before) + 1
    assert steps[0] == ()
    assert steps[-1] == result.model
    assert all(len(term.split(":")) == 2 for term in result.model)


def test_it_adds_nothing_when_the_threshold_is_zero():
    result = estimate_population(WESTERN, method="stepwise", p_threshold=0)
    assert result.model == ()
    assert result.exists
    assert result.estimate is not None
    assert result.p_threshold == 0


def test_it_resolves_auto_as_the_package():
    five = _resolve(WESTERN, "auto", None, None, None, "percentile", 0.02, 0.95, 0)
    assert (five.requested, five.method, five.search, five.max_order) == (
        "auto",
        "bic",
        "exhaustive",
        3,
    )
    six = estimate_population(UKDAT)
    assert (six.requested_method, six.method, six.search) == ("auto", "stepwise", "stepwise")
    three = estimate_population(
        CaptureTable(("A", "B", "C"), {(1, 0, 0): 9, (0, 1, 0): 8, (0, 0, 1): 7, (1, 1, 1): 2})
    )
    assert (three.method, three.search, three.max_order) == ("bic", "exhaustive", 2)
    assert three.alternatives
    assert all(a.exists for a in three.alternatives)


def test_it_keeps_the_best_models_exactly_while_skipping_those_that_cannot_win():
    pruned = exhaustive(Evaluator(Counts.from_vector(5, _vector(WESTERN))), 2, keep=20)
    everything = exhaustive(Evaluator(Counts.from_vector(5, _vector(WESTERN))), 2, keep=10**6)
    assert len(everything.considered) == 1024
    assert len(pruned.considered) < len(everything.considered)

    def best(selection):
        fits = sorted((f for _, f in selection.considered if f is not None), key=lambda f: f.bic)
        return [(f.model, round(f.bic, 8)) for f in fits[:20]]

    assert best(pruned) == best(everything)


def _without_list_e(table: CaptureTable) -> CaptureTable:
    counts: dict[tuple[int, ...], int] = {}
    for history, n in table.counts.items():
        if any(history[:4]):
            counts[history[:4]] = counts.get(history[:4], 0) + n
    return CaptureTable(table.lists[:4], counts)


def test_it_answers_existence_from_known_models_as_the_linear_program_would():
    table = _without_list_e(WESTERN)
    counts = Counts.from_vector(4, _vector(table))
    cached = Evaluator(counts)
    models = hierarchical_models(4, 3)
    for model in reversed(models):
        cached.status(model)
    assert cached.cache.programs < len(models)
    for model in models:
        direct = Evaluator(counts)  # a cache of its own: one linear program per model
        assert direct.status(model) == cached.status(model), model
    assert {cached.status(m).exists for m in models} == {True, False}


@pytest.mark.parametrize(
    ("options", "says"),
    [
        ({"method": "mle"}, "method is one of"),
        ({"max_order": 0}, "max_order is from 1 to 4"),
        ({"max_order": 5}, "max_order is from 1 to 4"),
        ({"method": "bic", "search": "everything"}, "search is one of"),
        ({"method": "stepwise", "search": "downhill"}, "search applies to method 'bic'"),
        ({"method": "fixed", "model": ["A:F"]}, "'F', which is not one of the lists"),
        ({"method": "fixed", "model": "A:B"}, "not one string"),
        ({"method": "bic", "model": ["A:B"]}, "only with method 'fixed'"),
        ({"ci": "normal"}, "ci is one of"),
        ({"bootstrap": -1}, "bootstrap"),
        ({"level": 1.0}, "level"),
        ({"p_threshold": 2}, "p_threshold"),
    ],
)
def test_it_refuses_arguments_that_make_no_sense(options, says):
    with pytest.raises(ValueError, match=says):
        estimate_population(WESTERN, **options)


def test_it_refuses_an_exhaustive_search_beyond_the_catalogue():
    with pytest.raises(ValueError, match="exhaustive BIC search"):
        estimate_population(UKDAT, method="bic", search="exhaustive", max_order=3)


def test_it_refuses_tables_as_a_whole():
    few = CaptureTable(("A", "B", "C"), {(1, 0, 0): 5, (1, 1, 0): 3})
    assert estimate_population(few).reason == Reason.TOO_FEW_LISTS
    assert "only 2 of the lists hold anybody (A and B)" in estimate_population(few).reason_detail
    many = CaptureTable(tuple("ABCDEFGHI"), {(1,) * 9: 1, (1,) + (0,) * 8: 2})
    assert estimate_population(many).reason == Reason.TOO_MANY_LISTS
    empty = CaptureTable(("A", "B", "C"), {})
    assert estimate_population(empty).reason == Reason.EMPTY
    # A list with nobody, beside three that overlap.
    nobody = CaptureTable(
        ("A", "B", "C", "D"), {(1, 0, 0, 0): 5, (0, 1, 0, 0): 4, (0, 0, 1, 0): 3, (1, 1, 1, 0): 2}
    )
    refused = estimate_population(nobody)
    assert refused.reason == Reason.ISOLATED_LIST
    assert refused.reason_detail == "list D holds nobody"


def test_it_says_why_when_a_list_holds_everybody():
    table = CaptureTable(("A", "B", "C"), {(1, 0, 0): 5, (1, 1, 0): 4, (1, 0, 1): 3, (1, 1, 1): 1})
    result = estimate_population(table, method="stepwise")
    assert result.reason == Reason.NOT_EXIST
    assert "list A holds every person observed" in result.reason_detail
    assert estimate_population(table).reason == Reason.NOT_EXIST


def test_it_gives_its_result_as_json_and_back():
    result = estimate_population(WESTERN, method="stepwise", bootstrap=20, seed=3)
    data = json.loads(json.dumps(result.to_dict()))
    assert set(data) >= {
        "lists", "observed", "exists", "reason", "reason_detail", "estimate", "ci_low",
        "ci_high", "method", "requested_method", "search", "max_order", "model",
        "alternatives", "bootstrap", "bootstrap_failed", "seed", "ci_method",
    }  # fmt: skip
    assert data["model"] == ["A:E"]
    assert data["alternatives"][0]["terms"] == ["A:E"]
    assert Estimate.from_dict(data) == result
    assert result.unobserved == pytest.approx(result.estimate - 345)
    refused = estimate_population(
        CaptureTable(("A", "B", "C"), {(1, 0, 0): 5, (0, 1, 0): 3, (0, 0, 1): 1})
    )
    assert Estimate.from_dict(json.loads(json.dumps(refused.to_dict()))) == refused
    assert refused.to_dict()["reason"] == "isolated_list"
