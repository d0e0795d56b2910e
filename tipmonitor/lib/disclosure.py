"""Disclosure control for tables of counts of persons (docs/disclosure.md). Pure functions.

A table has one or more dimensions; every dimension has its categories and a total, so a
two-dimensional table carries its interior, its row and column totals and the grand total, a
three-dimensional one all its marginal tables. The additive equations tie them: every cell whose
coordinate on one dimension is the total equals the sum over that dimension's categories.

- Primary suppression: a count from 1 to the threshold (both included; default 10, so that every
  published group holds at least 11 persons, as CTDC's k=11 rule) is not published. Zeros are
  published: an empty cell names nobody.
- Secondary suppression: more cells are withheld until no suppressed count can be recomputed from
  the published cells and the equations. "Recomputed" is decided exactly: a suppressed count is
  derivable when its unit vector lies in the row space of the equations restricted to the
  suppressed cells (exact Gauss-Jordan elimination in integers). Suppressed zeros are treated as
  known (an attacker may guess them from non-negativity), so every suppressed count must move
  together with other positive suppressed counts: its feasible range is never one value.

Complements are chosen cheaply: the smallest positive published cell sharing an equation with
the exposed cell, interior cells before totals. The result is safe, not minimal.
"""

import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

DEFAULT_THRESHOLD = 10
# The coordinate of a dimension's total in a cell key.
TOTAL = "_total"

Key = tuple[str, ...]


class Reason(StrEnum):
    PRIMARY = "primary"  # the count itself is small
    SECONDARY = "secondary"  # withheld so that a small count cannot be recomputed


@dataclass(frozen=True)
class ProtectedTable:
    """Every cell of the table (interior and totals) with its true count, and the cells that
    must not be published with why."""

    categories: tuple[tuple[str, ...], ...]
    counts: Mapping[Key, int]
    suppressed: Mapping[Key, Reason] = field(default_factory=dict)

    def published(self, key: Key) -> int | None:
        """The count to publish, or None where it is withheld."""
        return None if key in self.suppressed else self.counts[key]


def is_sensitive(count: int, threshold: int = DEFAULT_THRESHOLD) -> bool:
    """Whether a count is small enough to point at a person (primary suppression)."""
    return 1 <= count <= threshold


def all_keys(categories: Sequence[Sequence[str]]) -> list[Key]:
    """Every cell of the table, totals included, in a stable order (totals last per axis)."""
    return list(itertools.product(*[[*axis, TOTAL] for axis in categories]))


def _with(key: Key, axis: int, category: str) -> Key:
    return (*key[:axis], category, *key[axis + 1 :])


def equations(categories: Sequence[Sequence[str]]) -> list[tuple[Key, list[Key]]]:
    """The additive equations: (total cell, its parts), for every dimension and every cell
    that is a total on that dimension."""
    result = []
    for key in all_keys(categories):
        for axis, coordinate in enumerate(key):
            if coordinate == TOTAL:
                parts = [_with(key, axis, c) for c in categories[axis]]
                result.append((key, parts))
    return result


def complete_counts(
    cells: Mapping[Key, int], categories: Sequence[Sequence[str]]
) -> dict[Key, int]:
    """All cells of the table: interior cells missing from `cells` are zero; totals missing
    from it are the sums of their parts. Totals given (a count of persons where a person may
    fall in several categories) are kept as given."""
    counts: dict[Key, int] = {}
    # Keys ordered by how many totals they hold, so the parts of a sum are known before it.
    for key in sorted(all_keys(categories), key=lambda k: k.count(TOTAL)):
        if key in cells:
            counts[key] = int(cells[key])
        elif TOTAL not in key:
            counts[key] = 0
        else:
            axis = key.index(TOTAL)
            counts[key] = sum(counts[_with(key, axis, c)] for c in categories[axis])
    if any(value < 0 for value in counts.values()):
        raise ValueError("Counts cannot be negative.")
    return counts


def protect(
    cells: Mapping[Key, int],
    categories: Sequence[Sequence[str]],
    *,
    threshold: int = DEFAULT_THRESHOLD,
) -> ProtectedTable:
    """The table with primary and secondary suppression applied (see the module's docstring).
    `cells` maps keys (one category or TOTAL per dimension) to counts."""
    if threshold < 1:
        raise ValueError("The threshold is at least 1.")
    axes = tuple(tuple(axis) for axis in categories)
    counts = complete_counts(cells, axes)
    suppressed = {key: Reason.PRIMARY for key, v in counts.items() if is_sensitive(v, threshold)}
    system = equations(axes)
    _protect_lines(counts, system, suppressed)
    while exposed := derivable(counts, system, suppressed):
        # One complement for every exposed count before checking again: each check is an
        # elimination over the whole table.
        added = [_add_complement(counts, system, suppressed, key) for key in exposed]
        if not any(added):
            # Only possible when given totals break the sums (persons in several categories):
            # withhold every positive count rather than publish one that can be worked out.
            suppressed.update(
                {k: Reason.SECONDARY for k, v in counts.items() if v > 0 and k not in suppressed}
            )
            break
    return ProtectedTable(categories=axes, counts=counts, suppressed=suppressed)


def _protect_lines(
    counts: Mapping[Key, int], system: list[tuple[Key, list[Key]]], suppressed: dict[Key, Reason]
) -> None:
    """The cheap first pass: no equation may hold exactly one withheld positive count."""
    changed = True
    while changed:
        changed = False
        for total, parts in system:
            line = [total, *parts]
            hidden = [k for k in line if k in suppressed and counts[k] > 0]
            if len(hidden) == 1 and (choice := _best(counts, line, suppressed)) is not None:
                suppressed[choice] = Reason.SECONDARY
                changed = True


def _best(counts: Mapping[Key, int], keys: Iterable[Key], suppressed: Mapping) -> Key | None:
    """The cheapest complement among `keys`: a published positive count, interior cells first,
    the smallest first."""
    candidates = [k for k in keys if k not in suppressed and counts[k] > 0]
    if not candidates:
        return None
    return min(candidates, key=lambda k: (k.count(TOTAL), counts[k], k))


def _add_complement(
    counts: Mapping[Key, int],
    system: list[tuple[Key, list[Key]]],
    suppressed: dict[Key, Reason],
    exposed: Key,
) -> bool:
    near = [k for total, parts in system if exposed in (total, *parts) for k in (total, *parts)]
    choice = _best(counts, near, suppressed)
    if choice is None:
        # Every neighbour is withheld already: widen to any equation touching a withheld count.
        hidden = {k for k in suppressed if counts[k] > 0}
        wider = [
            k
            for total, parts in system
            if hidden.intersection((total, *parts))
            for k in (total, *parts)
        ]
        choice = _best(counts, wider, suppressed)
    if choice is None:
        return False
    suppressed[choice] = Reason.SECONDARY
    return True


def derivable(
    counts: Mapping[Key, int],
    system: Sequence[tuple[Key, Sequence[Key]]],
    suppressed: Mapping[Key, object],
) -> list[Key]:
    """The withheld positive counts that the published cells and the equations determine.

    Unknowns are the withheld positive counts (withheld zeros count as known). A variable is
    determined iff, in the reduced row echelon form of the equations restricted to the
    unknowns, its pivot row has no other non-zero entry."""
    unknowns = sorted(k for k in suppressed if counts[k] > 0)
    column = {key: i for i, key in enumerate(unknowns)}
    rows = []
    for total, parts in system:
        row: dict[int, int] = {}
        for key, sign in ((total, -1), *((p, 1) for p in parts)):
            if key in column:
                row[column[key]] = row.get(column[key], 0) + sign
        if row := {col: value for col, value in row.items() if value}:
            rows.append(row)
    return [unknowns[i] for i in determined_columns(rows)]


def determined_columns(rows: Iterable[Mapping[int, int]]) -> list[int]:
    """The columns x_i that the homogeneous system `rows · x = 0` fixes (whose unit vector
    lies in the row space). Rows are sparse ({column: integer coefficient}); Gauss-Jordan
    elimination in exact integer arithmetic (rows scaled by their gcd keep numbers small)
    keeps the basis in reduced row echelon form as rows are added."""
    basis: dict[int, dict[int, int]] = {}  # pivot column -> its row
    for given in rows:
        row = dict(given)
        for pivot in [col for col in row if col in basis]:
            if pivot in row:
                row = _eliminate(row, basis[pivot], pivot)
        if not row:
            continue
        pivot = min(row)
        for other, base in basis.items():
            if pivot in base:
                basis[other] = _eliminate(base, row, pivot)
        basis[pivot] = row
    return sorted(col for col, row in basis.items() if len(row) == 1)


def _eliminate(row: dict[int, int], base: Mapping[int, int], col: int) -> dict[int, int]:
    """`row` with its entry in `col` removed by a multiple of `base`, in integers, divided by
    the gcd of what is left."""
    a, b = base[col], row[col]
    combined = {k: a * v for k, v in row.items()}
    for k, v in base.items():
        combined[k] = combined.get(k, 0) - b * v
    kept = {k: v for k, v in combined.items() if v}
    divisor = math.gcd(*kept.values()) if kept else 1
    return {k: v // divisor for k, v in kept.items()}
