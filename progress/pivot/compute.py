"""The pivot of indicator values, pure: facts in, a grid with totals out (docs/progress.md,
"Analysis and downloads"). No database, no request.

A fact is one counted value: an indicator's value for one of its periods, from one agency,
as a total or for one category of each dimension it is broken down by. The rows and the
columns are chosen among the axes (period, agency, strategic area, objective, indicator and
each dimension); a cell holds the facts that fall in it.

What a cell shows, the one rule for cells and totals alike (a total is the cell of a whole row,
column or table): one fact's value as it is; several facts' sum only where summing means
something — every fact is of an indicator that counts (a number added up over periods and over
agencies: `summable`) and all share one unit. Anything else (percentages, rates, averages,
latest values, or counts in different units) is "not summed": the cell says so instead of
showing a figure nobody should read.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

# The fixed axes; a dimension's axis is "dim:<code>".
FIXED_AXES = ("period", "agency", "area", "objective", "indicator")
DIMENSION_PREFIX = "dim:"


@dataclass(frozen=True)
class Fact:
    """One value, with the label of each axis it falls on (a key → display label)."""

    value: Decimal
    indicator_id: int
    # Whether values of this indicator add up over periods and agencies (a count).
    summable: bool
    unit: str
    # axis name → (sort key, label), e.g. "agency": ("MOI", "MOI – Ministry of Interior").
    keys: dict[str, tuple[str, str]]


@dataclass(frozen=True)
class Figure:
    """What a cell shows: a number, nothing (no fact), or "not summed"."""

    value: Decimal | None
    facts: int
    not_summed: bool = False

    @property
    def empty(self) -> bool:
        return self.facts == 0


def combine(facts: Sequence[Fact]) -> Figure:
    """The module's rule: one fact as it is; a sum of facts that all count in one unit; else
    not summed."""
    if not facts:
        return Figure(None, 0)
    if len(facts) == 1:
        return Figure(facts[0].value, 1)
    if all(f.summable for f in facts) and len({f.unit for f in facts}) == 1:
        return Figure(sum((f.value for f in facts), Decimal(0)), len(facts))
    return Figure(None, len(facts), not_summed=True)


@dataclass
class PivotResult:
    rows_axis: str | None
    columns_axis: str | None
    # (key, label) of each row and column, in order; one ("", "") where no axis is chosen.
    rows: list[tuple[str, str]]
    columns: list[tuple[str, str]]
    cells: dict[tuple[str, str], Figure]
    row_totals: dict[str, Figure]
    column_totals: dict[str, Figure]
    grand_total: Figure
    facts: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def has_row_totals(self) -> bool:
        """Row totals only where columns split the rows (else a row's total is its cell)."""
        return self.columns_axis is not None

    @property
    def has_column_totals(self) -> bool:
        return self.rows_axis is not None

    @property
    def any_not_summed(self) -> bool:
        figures = [*self.cells.values(), *self.row_totals.values(), *self.column_totals.values()]
        return any(f.not_summed for f in [*figures, self.grand_total])


def _members(facts: Iterable[Fact], axis: str | None) -> list[tuple[str, str]]:
    if axis is None:
        return [("", "")]
    found: dict[str, str] = {}
    for fact in facts:
        key, label = fact.keys[axis]
        found.setdefault(key, label)
    return sorted(found.items())


def _key(fact: Fact, axis: str | None) -> str:
    return "" if axis is None else fact.keys[axis][0]


def pivot(facts: Sequence[Fact], rows: str | None, columns: str | None) -> PivotResult:
    """The grid of `facts` with `rows` and `columns` (axis names, or None), with row, column
    and grand totals, each combined by `combine`."""
    by_cell: dict[tuple[str, str], list[Fact]] = defaultdict(list)
    by_row: dict[str, list[Fact]] = defaultdict(list)
    by_column: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        row, column = _key(fact, rows), _key(fact, columns)
        by_cell[(row, column)].append(fact)
        by_row[row].append(fact)
        by_column[column].append(fact)
    row_members = _members(facts, rows)
    column_members = _members(facts, columns)
    return PivotResult(
        rows_axis=rows,
        columns_axis=columns,
        rows=row_members,
        columns=column_members,
        cells={
            (r, c): combine(by_cell.get((r, c), []))
            for r, _rl in row_members
            for c, _cl in column_members
        },
        row_totals={r: combine(by_row.get(r, [])) for r, _l in row_members},
        column_totals={c: combine(by_column.get(c, [])) for c, _l in column_members},
        grand_total=combine(facts),
        facts=len(facts),
    )
