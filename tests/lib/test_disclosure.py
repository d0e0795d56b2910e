"""`tipmonitor.lib.disclosure`: no published count lies in 1..threshold, and no withheld count
can be recomputed from the published cells and the table's sums. The derivability check here is
written independently of the module's: a withheld count is derivable iff appending its unit
vector to the equations (restricted to the withheld positive counts) leaves the rank unchanged."""

import itertools
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tipmonitor.lib.disclosure import (
    TOTAL,
    Reason,
    all_keys,
    complete_counts,
    equations,
    is_sensitive,
    protect,
    protect_family,
)


def _echelon(rows: list[list[Fraction]]) -> list[tuple[int, list[Fraction]]]:
    """A basis of the row space in echelon form: (pivot column, row with a 1 there)."""
    basis: list[tuple[int, list[Fraction]]] = []
    for row in rows:
        reduced = _reduce(row, basis)
        pivot = next((i for i, value in enumerate(reduced) if value), None)
        if pivot is not None:
            basis.append((pivot, [value / reduced[pivot] for value in reduced]))
    return basis


def _reduce(row: list[Fraction], basis: list[tuple[int, list[Fraction]]]) -> list[Fraction]:
    row = list(row)
    for pivot, base in basis:
        if row[pivot]:
            factor = row[pivot]
            row = [a - factor * b for a, b in zip(row, base, strict=True)]
    return row


def _recomputable(table) -> list:
    """Withheld positive counts whose unit vector lies in the row space of the equations
    restricted to the withheld positive counts (withheld zeros are taken as known)."""
    unknowns = sorted(k for k in table.suppressed if table.counts[k] > 0)
    index = {key: i for i, key in enumerate(unknowns)}
    rows = []
    for total, parts in equations(table.categories):
        row = [Fraction(0)] * len(unknowns)
        for key, sign in ((total, -1), *((p, 1) for p in parts)):
            if key in index:
                row[index[key]] += sign
        rows.append(row)
    basis = _echelon(rows)
    found = []
    for key, i in index.items():
        unit = [Fraction(int(j == i)) for j in range(len(unknowns))]
        if not any(_reduce(unit, basis)):
            found.append(key)
    return found


def _rref(rows: list[list[Fraction]], width: int) -> dict[int, list[Fraction]]:
    """Reduced row echelon form: pivot column -> its row (1 at the pivot)."""
    basis: dict[int, list[Fraction]] = {}
    for row in rows:
        row = list(row)
        for pivot, base in basis.items():
            if row[pivot]:
                row = [a - row[pivot] * b for a, b in zip(row, base, strict=True)]
        lead = next((i for i in range(width) if row[i]), None)
        if lead is None:
            continue
        row = [value / row[lead] for value in row]
        for pivot, base in basis.items():
            if base[lead]:
                basis[pivot] = [a - base[lead] * b for a, b in zip(base, row, strict=True)]
        basis[lead] = row
    return basis


def _another_table(table, cell) -> dict:
    """A table that agrees with every published count and every sum, has no negative count,
    and differs from the true one in `cell`: proof that its feasible range is not one value."""
    unknowns = sorted(k for k in table.suppressed if table.counts[k] > 0)
    index = {key: i for i, key in enumerate(unknowns)}
    rows = []
    for total, parts in equations(table.categories):
        row = [Fraction(0)] * len(unknowns)
        for key, sign in ((total, -1), *((p, 1) for p in parts)):
            if key in index:
                row[index[key]] += sign
        rows.append(row)
    basis = _rref(rows, len(unknowns))
    c = index[cell]
    # A direction in the null space that moves `cell`: free it, or a free column of its row.
    free = c if c not in basis else next(f for f, v in enumerate(basis[c]) if v and f != c)
    direction = [Fraction(0)] * len(unknowns)
    direction[free] = Fraction(1)
    for pivot, row in basis.items():
        direction[pivot] = -row[free]
    step = min(Fraction(table.counts[k]) for k in unknowns) / (2 * max(map(abs, direction)))
    other = {key: Fraction(value) for key, value in table.counts.items()}
    for key, i in index.items():
        other[key] += step * direction[i]
    return other


def _counts():
    # Mostly small counts, where suppression has work to do, with zeros and large ones.
    return st.one_of(st.just(0), st.integers(1, 12), st.integers(11, 200))


@st.composite
def tables(draw, max_dims=3):
    dims = draw(st.integers(1, max_dims))
    categories = [
        [f"d{d}c{c}" for c in range(draw(st.integers(1, 4 if dims < 3 else 3)))]
        for d in range(dims)
    ]
    interior = [key for key in all_keys(categories) if TOTAL not in key]
    cells = {key: draw(_counts()) for key in interior}
    return cells, categories


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table=tables(), threshold=st.sampled_from([3, 10]))
def test_it_publishes_no_small_count_and_none_can_be_recomputed(table, threshold):
    cells, categories = table
    protected = protect(cells, categories, threshold=threshold)
    for key, value in protected.counts.items():
        published = protected.published(key)
        assert published is None or not is_sensitive(published, threshold)
        assert published is None or published == value
    assert _recomputable(protected) == []
    for cell in protected.suppressed:
        other = _another_table(protected, cell)
        assert other[cell] != protected.counts[cell]
        assert min(other.values()) >= 0
        for key, value in protected.counts.items():
            assert key in protected.suppressed or other[key] == value
        for total, parts in equations(protected.categories):
            assert other[total] == sum(other[p] for p in parts)


@settings(max_examples=100, deadline=None)
@given(table=tables(max_dims=2))
def test_it_withholds_exactly_the_small_counts_as_primary(table):
    cells, categories = table
    protected = protect(cells, categories)
    primary = {key for key, why in protected.suppressed.items() if why == Reason.PRIMARY}
    assert primary == {key for key, value in protected.counts.items() if 1 <= value <= 10}
    # Zeros are published: a secondary suppression always hides a positive count.
    assert all(protected.counts[key] > 0 for key in protected.suppressed)


def test_it_publishes_a_table_without_small_counts_whole():
    protected = protect({("F",): 40, ("M",): 25, ("X",): 0}, [["F", "M", "X"]])
    assert protected.suppressed == {}
    assert protected.published((TOTAL,)) == 65
    assert protected.published(("X",)) == 0


def test_it_hides_a_second_cell_of_a_one_dimensional_table():
    protected = protect({("F",): 40, ("M",): 25, ("X",): 3}, [["F", "M", "X"]])
    assert protected.suppressed == {("X",): Reason.PRIMARY, ("M",): Reason.SECONDARY}
    assert protected.published((TOTAL,)) == 68


def test_it_suppresses_a_small_total_and_its_only_part():
    protected = protect({("F",): 7, ("M",): 0}, [["F", "M"]])
    assert protected.suppressed == {("F",): Reason.PRIMARY, (TOTAL,): Reason.PRIMARY}


def test_it_protects_a_small_cell_of_a_two_way_table_with_a_rectangle():
    cells = {("F", "child"): 4, ("F", "adult"): 40, ("M", "child"): 30, ("M", "adult"): 50}
    protected = protect(cells, [["F", "M"], ["child", "adult"]])
    hidden = set(protected.suppressed)
    assert hidden == {("F", "child"), ("F", "adult"), ("M", "child"), ("M", "adult")}
    assert protected.published(("F", TOTAL)) == 44
    assert protected.published((TOTAL, TOTAL)) == 124


def test_it_catches_what_the_line_rule_misses():
    """After the line pass every row and column with a withheld count holds two of them, yet
    one is still the difference of published cells: only the exact check finds it."""
    categories = [["r0", "r1", "r2"], ["c0", "c1", "c2"]]
    rows = [[0, 0, 2], [20, 0, 5], [2, 5, 20]]
    cells = {(f"r{i}", f"c{j}"): value for i, row in enumerate(rows) for j, value in enumerate(row)}
    protected = protect(cells, categories)
    assert _recomputable(protected) == []
    assert any(why == Reason.SECONDARY for why in protected.suppressed.values())


def test_it_keeps_given_totals_of_persons_in_several_categories():
    given = {("sexual",): 30, ("labour",): 20, (TOTAL,): 45}
    counts = complete_counts(given, [["sexual", "labour"]])
    assert counts[(TOTAL,)] == 45


def test_it_refuses_negative_counts_and_a_threshold_below_one():
    with pytest.raises(ValueError, match="negative"):
        protect({("F",): -1}, [["F"]])
    with pytest.raises(ValueError, match="threshold"):
        protect({("F",): 1}, [["F"]], threshold=0)


# --- Families of tables (issue 10 #3) ------------------------------------------------------

STATUSES = ["presumed", "identified"]


def _shared(key) -> bool:
    return key[1] == TOTAL  # the persons of a status (or of both): the same in every table


@st.composite
def families(draw):
    """Persons by status and by two or three attributes, and the family of tables status ×
    attribute published from them (the tables share the status margin)."""
    sizes = draw(st.lists(st.integers(1, 3), min_size=2, max_size=3))
    axes = [[f"a{d}c{c}" for c in range(size)] for d, size in enumerate(sizes)]
    atoms = {key: draw(_counts()) for key in itertools.product(STATUSES, *axes)}
    tables = {}
    for d, axis in enumerate(axes):
        cells = {(s, c): 0 for s in STATUSES for c in axis}
        for key, value in atoms.items():
            cells[(key[0], key[1 + d])] += value
        tables[f"d{d}"] = ([STATUSES, axis], cells)
    return tables


def _family_system(protected: dict) -> tuple[dict, list]:
    """Every cell of the family once (shared cells under one name) and every table's sums."""

    def cell(name, key):
        return ("*", key) if _shared(key) else (name, key)

    counts: dict = {}
    system = []
    for name, table in protected.items():
        for key, value in table.counts.items():
            assert counts.setdefault(cell(name, key), value) == value
        for total, parts in equations(table.categories):
            system.append((cell(name, total), [cell(name, p) for p in parts]))
    return counts, system


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(family=families(), threshold=st.sampled_from([3, 10]))
def test_it_leaves_no_withheld_count_of_a_family_derivable_from_all_its_tables(family, threshold):
    protected = protect_family(family, shared=_shared, threshold=threshold)
    counts, system = _family_system(protected)
    hidden = {
        ("*", key) if _shared(key) else (name, key)
        for name, table in protected.items()
        for key in table.suppressed
    }
    for table in protected.values():
        for key, value in table.counts.items():
            published = table.published(key)
            assert published is None or published == value
            assert published is None or not is_sensitive(published, threshold)
    unknowns = sorted(k for k in hidden if counts[k] > 0)
    index = {key: i for i, key in enumerate(unknowns)}
    rows = []
    for total, parts in system:
        row = [Fraction(0)] * len(unknowns)
        for key, sign in ((total, -1), *((p, 1) for p in parts)):
            if key in index:
                row[index[key]] += sign
        rows.append(row)
    basis = _echelon(rows)
    for key, i in index.items():
        unit = [Fraction(int(j == i)) for j in range(len(unknowns))]
        assert any(_reduce(unit, basis)), f"{key} is the difference of published cells"
    # And for each, another family agreeing with every published cell and every sum of every
    # table, no count negative, that differs there.
    reduced = _rref(rows, len(unknowns))
    for key, c in index.items():
        free = c if c not in reduced else next(f for f, v in enumerate(reduced[c]) if v and f != c)
        direction = [Fraction(0)] * len(unknowns)
        direction[free] = Fraction(1)
        for pivot, row in reduced.items():
            direction[pivot] = -row[free]
        step = min(Fraction(counts[k]) for k in unknowns) / (2 * max(map(abs, direction)))
        other = {k: Fraction(v) for k, v in counts.items()}
        for k, i in index.items():
            other[k] += step * direction[i]
        assert other[key] != counts[key]
        assert min(other.values()) >= 0
        assert all(other[k] == v for k, v in counts.items() if k not in hidden)
        assert all(other[t] == sum(other[p] for p in parts) for t, parts in system)


def test_it_withholds_a_shared_margin_in_every_table_or_in_none():
    age = {("presumed", "child"): 1, ("presumed", "adult"): 20,
           ("identified", "child"): 15, ("identified", "adult"): 28}  # fmt: skip
    sex = {("presumed", "F"): 14, ("presumed", "M"): 7,
           ("identified", "F"): 30, ("identified", "M"): 13}  # fmt: skip
    family = {"age": ([STATUSES, ["child", "adult"]], age), "sex": ([STATUSES, ["F", "M"]], sex)}
    protected = protect_family(family, shared=_shared)
    for key in (("presumed", TOTAL), ("identified", TOTAL), (TOTAL, TOTAL)):
        assert len({protected[name].published(key) is None for name in family}) == 1
    assert protected["age"].published(("presumed", "child")) is None
    # Alone, each table would be protected without regard to the other.
    with pytest.raises(ValueError, match="differs"):
        protect_family(
            {**family, "sex": ([STATUSES, ["F"]], {("presumed", "F"): 1, ("identified", "F"): 2})},
            shared=_shared,
        )
