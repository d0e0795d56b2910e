"""Hierarchical log-linear models of a capture table: their terms, names and design matrices.

Lists are numbered 0..t-1 and a set of lists is a bitmask (bit i: list i). A capture history is
the set of lists holding a person; the cells of the table are the histories 1..2^t-1 (the
all-zero history, people on no list, is what is estimated). A *term* is a set of two or more
lists: its parameter is added to the log of the expected count of every cell that contains it.
The intercept (the empty set) and the main effects (single lists) belong to every model.

A model is the frozenset of its interaction terms; it is *hierarchical* when every set of two or
more lists inside one of its terms is a term too. This is the representation of the R package
MultipleSystemsEstimation (`convert_from_hierarchy`, `make_master_design`), with terms as
bitmasks instead of its 1-based encoded histories.
"""

import itertools
from collections.abc import Iterable, Sequence
from functools import lru_cache

import numpy as np
import numpy.typing as npt

Model = frozenset[int]
MAIN_EFFECTS: Model = frozenset()


def size(mask: int) -> int:
    """How many lists the set `mask` holds."""
    return mask.bit_count()


def members(mask: int) -> tuple[int, ...]:
    """The lists of `mask`, in list order."""
    return tuple(i for i in range(mask.bit_length()) if mask >> i & 1)


def term_key(mask: int) -> tuple[int, tuple[int, ...]]:
    """The order terms are written in: by size, then in list order (A:B before A:C before B:C)."""
    return size(mask), members(mask)


def model_order(model: Model) -> int:
    """The highest order of interaction in `model` (1 for main effects only)."""
    return max((size(term) for term in model), default=1)


def closure(terms: Iterable[int]) -> Model:
    """The smallest hierarchical model holding `terms`: every subset of two or more lists of
    each term is added."""
    result: set[int] = set()
    for term in terms:
        lists = members(term)
        for k in range(2, len(lists) + 1):
            for subset in itertools.combinations(lists, k):
                result.add(sum(1 << i for i in subset))
    return frozenset(result)


def is_hierarchical(model: Model) -> bool:
    return closure(model) == model


def generators(model: Model) -> tuple[int, ...]:
    """The maximal terms of `model` (those inside no other term), in writing order."""
    maximal = [t for t in model if not any(o != t and o & t == t for o in model)]
    return tuple(sorted(maximal, key=term_key))


def sorted_terms(model: Iterable[int]) -> tuple[int, ...]:
    return tuple(sorted(model, key=term_key))


def term_name(mask: int, lists: Sequence[str]) -> str:
    """`A:B:E`: the names of the term's lists joined by ":" in list order."""
    return ":".join(lists[i] for i in members(mask))


def model_names(model: Model, lists: Sequence[str]) -> tuple[str, ...]:
    """Every interaction term of `model`, lower orders first, each as `term_name`."""
    return tuple(term_name(term, lists) for term in sorted_terms(model))


def parse_term(text: str, lists: Sequence[str]) -> int:
    """The set of lists a term such as `A:E` names (names in any order, spaces around them
    ignored). ValueError names what is wrong: an unknown list, a list named twice."""
    names = [name.strip() for name in text.split(":")]
    mask = 0
    for name in names:
        if name not in lists:
            raise ValueError(f"the term {text!r} names {name!r}, which is not one of the lists")
        bit = 1 << lists.index(name)
        if mask & bit:
            raise ValueError(f"the term {text!r} names the list {name!r} twice")
        mask |= bit
    return mask


def parse_model(terms: Iterable[str], lists: Sequence[str]) -> Model:
    """The hierarchical model holding the named terms: the lower-order terms they imply are
    added (`A:B:C` brings `A:B`, `A:C` and `B:C`), single lists are main effects (in every
    model anyway)."""
    masks = [parse_term(text, lists) for text in terms]
    return closure(mask for mask in masks if size(mask) >= 2)


@lru_cache(maxsize=16)
def hierarchical_models(lists: int, max_order: int) -> tuple[Model, ...]:
    """Every hierarchical model of `lists` lists whose terms join at most `max_order` lists,
    main effects always included, fewer terms first (so that a model comes after the model
    without its last term, which `parent` names). 3 lists to order 2: 8 models; 4 to order 3:
    113; 5 to order 2: 1,024; 5 to order 3: 6,212; 5 to order 4: 6,893 (the R package's
    `hiermodels` catalogue)."""
    by_size = {
        k: [sum(1 << i for i in c) for c in itertools.combinations(range(lists), k)]
        for k in range(2, lists + 1)
    }
    found: list[Model] = []

    def extend(k: int, chosen: frozenset[int]) -> None:
        candidates = (
            [
                term
                for term in by_size.get(k, [])
                if k == 2 or all(term & ~(1 << i) in chosen for i in members(term))
            ]
            if k <= max_order
            else []
        )
        if not candidates:
            found.append(chosen)
            return
        for r in range(len(candidates) + 1):
            for subset in itertools.combinations(candidates, r):
                extend(k + 1, chosen | frozenset(subset))

    extend(2, frozenset())
    return tuple(sorted(found, key=lambda m: (len(m), sorted(map(term_key, m)))))


def last_term(model: Model) -> int:
    """The term whose removal leaves the `parent` model: a generator of the highest order, the
    last in writing order."""
    return max(model, key=term_key)


def parent(model: Model) -> Model | None:
    """`model` without its `last_term` (hierarchical again), or None for main effects."""
    if not model:
        return None
    return model - {last_term(model)}


def neighbours(model: Model, lists: int, max_order: int) -> list[Model]:
    """The models one step away in the R package's downhill search
    (`find_neighbour_hierarchies` with main effects kept): `model` without one of its
    generators, then `model` with one more term all of whose subsets it holds, up to
    `max_order`."""
    inner = [model - {term} for term in generators(model)]
    outer = []
    for k in range(2, max_order + 1):
        for combo in itertools.combinations(range(lists), k):
            term = sum(1 << i for i in combo)
            if term in model:
                continue
            if k == 2 or all(term & ~(1 << i) in model for i in combo):
                outer.append(model | {term})
    return inner + outer


def pair_terms(lists: int) -> list[int]:
    """The two-list terms in the R package's order (`combn`): A:B, A:C, ..., B:C, ..."""
    return [(1 << i) | (1 << j) for i, j in itertools.combinations(range(lists), 2)]


@lru_cache(maxsize=16)
def master_design(lists: int) -> npt.NDArray[np.float64]:
    """The 0/1 matrix whose row c-1 is cell c (histories 1..2^t-1) and column m the set m
    (0 the intercept, single lists the main effects, the rest interaction terms): 1 where the
    cell holds every list of m. Read-only; every model's design matrix is a selection of it."""
    cells = np.arange(1, 1 << lists)
    sets = np.arange(1 << lists)
    design = ((cells[:, None] & sets[None, :]) == sets[None, :]).astype(np.float64)
    design.flags.writeable = False
    return design


@lru_cache(maxsize=1 << 16)
def columns(model: Model, lists: int) -> tuple[int, ...]:
    """The design columns of `model`: intercept, main effects in list order, its terms in
    writing order."""
    return (0, *(1 << i for i in range(lists)), *sorted_terms(model))
