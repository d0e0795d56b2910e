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

Families (`protect_family`): tables published together — status by sex, status by age group,
status by quarter — share cells (the persons of each status, presumed, identified and both). A
count withheld in one table could be worked out with another (issue 10 #3: Child presumed =
presumed 21 − (Adult of both 48 − Adult identified 28)), so the family is protected as one
system: a shared cell is one unknown, withheld in every table or in none, and the exact check
runs over the equations of all tables at once. When the tables share only such a margin, any
set of tables consistent with it comes from some population of persons, so these equations are
all a reader of the family can know.
"""

import itertools
import math
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeVar

DEFAULT_THRESHOLD = 10
# The coordinate of a dimension's total in a cell key.
TOTAL = "_total"

Key = tuple[str, ...]
# A cell of the system being protected: a table's key, or (table, key) in a family.
C = TypeVar("C", bound=Hashable)
System = list[tuple[C, list[C]]]


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
    suppressed = _suppress(counts, equations(axes), threshold, cost=_totals_in)
    return ProtectedTable(categories=axes, counts=counts, suppressed=suppressed)


def _totals_in(key: Key) -> int:
    """What withholding a cell costs a reader: interior cells are cheaper than totals."""
    return key.count(TOTAL)


def _suppress(
    counts: Mapping[C, int], system: "System[C]", threshold: int, *, cost: Callable[[C], int]
) -> dict[C, Reason]:
    """Primary suppression, the line pass, then complements until the exact check finds no
    withheld count the published cells and the equations determine."""
    suppressed = {key: Reason.PRIMARY for key, v in counts.items() if is_sensitive(v, threshold)}
    _protect_lines(counts, system, suppressed, cost)
    while exposed := derivable(counts, system, suppressed):
        # One complement for every exposed count before checking again: each check is an
        # elimination over the whole system.
        added = [_add_complement(counts, system, suppressed, key, cost) for key in exposed]
        if not any(added):
            # Only possible when given totals break the sums (persons in several categories):
            # withhold every positive count rather than publish one that can be worked out.
            suppressed.update(
                {k: Reason.SECONDARY for k, v in counts.items() if v > 0 and k not in suppressed}
            )
            break
    return suppressed


def _protect_lines(
    counts: Mapping[C, int],
    system: "System[C]",
    suppressed: dict[C, Reason],
    cost: Callable[[C], int],
) -> None:
    """The cheap first pass: no equation may hold exactly one withheld positive count."""
    changed = True
    while changed:
        changed = False
        for total, parts in system:
            line = [total, *parts]
            hidden = [k for k in line if k in suppressed and counts[k] > 0]
            if len(hidden) == 1 and (choice := _best(counts, line, suppressed, cost)) is not None:
                suppressed[choice] = Reason.SECONDARY
                changed = True


def _best(
    counts: Mapping[C, int], keys: Iterable[C], suppressed: Mapping, cost: Callable[[C], int]
) -> C | None:
    """The cheapest complement among `keys`: a published positive count, interior cells first,
    the smallest first."""
    candidates = [k for k in keys if k not in suppressed and counts[k] > 0]
    if not candidates:
        return None
    return min(candidates, key=lambda k: (cost(k), counts[k], k))


def _add_complement(
    counts: Mapping[C, int],
    system: "System[C]",
    suppressed: dict[C, Reason],
    exposed: C,
    cost: Callable[[C], int],
) -> bool:
    near = [k for total, parts in system if exposed in (total, *parts) for k in (total, *parts)]
    choice = _best(counts, near, suppressed, cost)
    if choice is None:
        # Every neighbour is withheld already: widen to any equation touching a withheld count.
        hidden = {k for k in suppressed if counts[k] > 0}
        wider = [
            k
            for total, parts in system
            if hidden.intersection((total, *parts))
            for k in (total, *parts)
        ]
        choice = _best(counts, wider, suppressed, cost)
    if choice is None:
        return False
    suppressed[choice] = Reason.SECONDARY
    return True


def derivable(
    counts: Mapping[C, int],
    system: Sequence[tuple[C, Sequence[C]]],
    suppressed: Mapping[C, object],
) -> list[C]:
    """The withheld positive counts that the published cells and the equations determine.

    Unknowns are the withheld positive counts (withheld zeros count as known). A variable is
    determined iff, in the reduced row echelon form of the equations restricted to the
    unknowns, its pivot row has no other non-zero entry."""
    unknowns: list[C] = sorted((k for k in suppressed if counts[k] > 0), key=_as_is)
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


def _as_is(key: object) -> Any:
    return key  # cells are tuples of text: they sort


# --- Families of tables -------------------------------------------------------------------


def protect_family(
    tables: Mapping[str, tuple[Sequence[Sequence[str]], Mapping[Key, int]]],
    *,
    shared: Callable[[Key], bool],
    threshold: int = DEFAULT_THRESHOLD,
) -> dict[str, ProtectedTable]:
    """Protect tables published together as one system: `tables` maps a name to (categories,
    cells) as `protect` takes them; a key for which `shared(key)` holds is one and the same
    cell in every table that has it (a margin they share: the persons of each status, in
    tables of status by sex, by age group, …), so it is withheld in all or in none, and the
    exact check runs over every table's equations at once. A withheld count is then never
    determined by the published cells of the whole family (docs/disclosure.md, "Published
    tables"). ValueError when a shared cell's count differs between tables."""
    if threshold < 1:
        raise ValueError("The threshold is at least 1.")
    counts: dict[tuple[str, Key], int] = {}
    system: System[tuple[str, Key]] = []
    axes_of: dict[str, tuple[tuple[str, ...], ...]] = {}
    for name, (categories, cells) in tables.items():
        axes = axes_of[name] = tuple(tuple(axis) for axis in categories)

        def cell(key: Key, name: str = name) -> tuple[str, Key]:
            return ("", key) if shared(key) else (name, key)

        for key, value in complete_counts(cells, axes).items():
            if counts.setdefault(cell(key), value) != value:
                raise ValueError(f"The shared cell {key} differs in table {name}.")
        system += [(cell(total), [cell(p) for p in parts]) for total, parts in equations(axes)]
    unique = list({(total, tuple(parts)): None for total, parts in system})
    suppressed = _suppress(
        counts, [(t, list(p)) for t, p in unique], threshold, cost=lambda c: _totals_in(c[1])
    )
    return {name: _part(name, axes, counts, suppressed, shared) for name, axes in axes_of.items()}


def _part(
    name: str,
    axes: tuple[tuple[str, ...], ...],
    counts: Mapping[tuple[str, Key], int],
    suppressed: Mapping[tuple[str, Key], Reason],
    shared: Callable[[Key], bool],
) -> ProtectedTable:
    """One table of a protected family."""
    ids = {key: ("" if shared(key) else name, key) for key in all_keys(axes)}
    return ProtectedTable(
        categories=axes,
        counts={key: counts[cell] for key, cell in ids.items()},
        suppressed={key: suppressed[cell] for key, cell in ids.items() if cell in suppressed},
    )


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
