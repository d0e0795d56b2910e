"""Whether an estimate can exist: checks of the whole table, then of each model.

The whole table first (every method refuses these, before any model is fitted):
- EMPTY: nobody is on any list;
- TOO_MANY_LISTS: more than 8 lists (the models and their overlaps grow as 2^lists);
- TOO_FEW_LISTS: fewer than 3 lists hold anybody (with two lists every model that allows their
  dependence has as many parameters as cells);
- ISOLATED_LIST: a list shares no person with any other list (an empty list included). How many
  people it misses can then only come from an assumption the overlaps cannot test: every model
  that lets the list depend on another sets that dependence to minus infinity (Chan, Silverman
  & Vincent 2021, section 2), and the main-effects estimate is the independence assumption
  alone. The R package would still print a number for the models that pass its per-model
  checks; we refuse (docs/estimation.md).

Then each model, as the R package MultipleSystemsEstimation's `check_extended_MLE`:
- a term that no observed person holds whole (its count N* is 0) has the extended maximum
  likelihood estimate minus infinity: it is fixed there and the cells holding it are left out;
- the Fienberg-Rinaldo condition (Fienberg & Rinaldo 2012): the maximum likelihood estimate of
  the rest exists if and only if some table with every remaining cell positive has the same
  sufficient statistics (margins) as the data. The package asks lpSolve for the largest s such
  that x >= s, A x = A y; here, equivalently and with the same answer, scipy's linprog (HiGHS)
  asks whether some d with A d = 0 is positive on every remaining empty cell (then x = y + e d
  is such a table for a small e > 0, and x - y is such a d), whose optimum is 0 or 1 whatever
  the counts;
- identifiability: the remaining design matrix has full column rank.

Both conditions only depend on the model and on which remaining cells are empty, and existence
is monotone (if a model's estimate exists, so does that of every smaller model with the same
cells left out, and if it does not, nor does any larger one's), which `ExistenceCache` uses to
skip most of the linear programs in a search over thousands of models.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import numpy.typing as npt
from scipy.optimize import linprog

MIN_LISTS = 3
MAX_LISTS = 8


class Reason(StrEnum):
    """Why no estimate: the table as a whole, then the model(s)."""

    TOO_FEW_LISTS = "too_few_lists"
    TOO_MANY_LISTS = "too_many_lists"
    EMPTY = "empty"
    ISOLATED_LIST = "isolated_list"
    NOT_EXIST = "not_exist"
    NOT_IDENTIFIABLE = "not_identifiable"


@dataclass(frozen=True)
class Refusal:
    reason: Reason
    detail: str


def _and_join(names: Sequence[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def table_refusal(
    lists: Sequence[str], sizes: Mapping[str, int], shared: Mapping[str, int]
) -> Refusal | None:
    """The reason the whole table cannot be estimated from, or None. `sizes` are the list
    sizes, `shared` for each list the persons it shares with at least one other list."""
    if sum(sizes.values()) == 0:
        return Refusal(Reason.EMPTY, "no person is on any list")
    if len(lists) > MAX_LISTS:
        return Refusal(
            Reason.TOO_MANY_LISTS,
            f"{len(lists)} lists; at most {MAX_LISTS} can be estimated from (group agencies "
            "into fewer lists)",
        )
    holding = [name for name in lists if sizes[name] > 0]
    if len(holding) < MIN_LISTS:
        which = _and_join(holding) if holding else "none"
        return Refusal(
            Reason.TOO_FEW_LISTS,
            f"only {len(holding)} of the lists hold anybody ({which}); at least {MIN_LISTS} "
            "are needed",
        )
    empty = [name for name in lists if sizes[name] == 0]
    isolated = [name for name in lists if sizes[name] > 0 and shared[name] == 0]
    if empty or isolated:
        parts = []
        if isolated:
            subject = (
                f"list {isolated[0]} shares"
                if len(isolated) == 1
                else (f"lists {_and_join(isolated)} share")
            )
            pronoun = "it misses" if len(isolated) == 1 else "they miss"
            parts.append(
                f"{subject} no person with any other list, so how many people {pronoun} "
                "cannot be told from the overlaps"
            )
        if empty:
            subject = (
                f"list {empty[0]} holds" if len(empty) == 1 else (f"lists {_and_join(empty)} hold")
            )
            parts.append(f"{subject} nobody")
        return Refusal(Reason.ISOLATED_LIST, "; ".join(parts))
    return None


def fienberg_rinaldo(design: npt.NDArray[np.float64], empty: npt.NDArray[np.bool_]) -> bool:
    """Whether the maximum likelihood estimate exists for the model whose design matrix
    (remaining cells x parameters) is `design`, the cells in `empty` having count 0: whether
    some d with design.T @ d = 0 is positive on every empty cell."""
    if not empty.any():
        return True  # the data themselves are a positive table with their own margins
    cells, parameters = design.shape
    # Variables d (one per cell, free) and s <= 1; maximise s subject to design.T @ d = 0 and
    # d >= s on the empty cells. d = 0, s = 0 is feasible; if some d is positive on every
    # empty cell, scaling it reaches s = 1, so the optimum is 0 or 1.
    objective = np.zeros(cells + 1)
    objective[-1] = -1.0
    count = int(empty.sum())
    bounds_rows = np.zeros((count, cells + 1))
    bounds_rows[np.arange(count), np.flatnonzero(empty)] = -1.0
    bounds_rows[:, -1] = 1.0
    result = linprog(
        objective,
        A_ub=bounds_rows,
        b_ub=np.zeros(count),
        A_eq=np.hstack([design.T, np.zeros((parameters, 1))]),
        b_eq=np.zeros(parameters),
        bounds=[(None, None)] * cells + [(None, 1.0)],
        method="highs",
    )
    if result.status != 0:  # pragma: no cover - a bounded feasible LP always solves
        raise RuntimeError(f"the existence check's linear program failed: {result.message}")
    return bool(-result.fun > 0.5)


def full_rank(design: npt.NDArray[np.float64]) -> bool:
    """Identifiability: the design matrix has full column rank."""
    if design.shape[0] < design.shape[1]:
        return False
    return bool(np.linalg.matrix_rank(design) == design.shape[1])


@dataclass(frozen=True)
class Status:
    exists: bool  # the Fienberg-Rinaldo condition holds
    identifiable: bool

    @property
    def ok(self) -> bool:
        return self.exists and self.identifiable


class ExistenceCache:
    """The Fienberg-Rinaldo answers already known, by (cells left out, empty cells): within one
    such group, the parameter sets (bitsets of design columns) known to exist and known not to.
    A set inside a known existing one exists; a set holding a known failing one fails. Shared
    by the bootstrap samples of one estimate, whose empty cells repeat."""

    def __init__(self) -> None:
        self._groups: dict[tuple[int, int], tuple[list[int], list[int]]] = {}
        self.programs = 0  # linear programs solved, for tests and benchmarks

    def exists(
        self,
        group: tuple[int, int],
        parameters: int,
        design: npt.NDArray[np.float64],
        empty: npt.NDArray[np.bool_],
    ) -> bool:
        if not empty.any():
            return True
        existing, failing = self._groups.setdefault(group, ([], []))
        if any(parameters & ~known == 0 for known in existing):
            return True
        if any(known & ~parameters == 0 for known in failing):
            return False
        self.programs += 1
        answer = fienberg_rinaldo(design, empty)
        (existing if answer else failing).append(parameters)
        return answer
