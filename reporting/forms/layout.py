"""The layout of a report, shared by the form and the read-only page, so both show the same grid
in the same order: per indicator a grid of its periods × its total and each category of each of
its dimensions, the comments on the totals, annex 5's fields; a row per activity."""

from dataclasses import dataclass, field
from typing import Any

from django.forms import BoundField
from django.utils.translation import gettext_lazy as _

from plans.models import Dimension
from reporting.selectors import IndicatorBlock, ReportContents, ValueCell
from reporting.services import comment_key
from reporting.validation import activity_key, entry_key, format_breakdown, value_key

# Fields are named by the keys the services use for their errors, so that a refusal lands at
# the cell it concerns without any translation between the two.
value_name = value_key
entry_name = entry_key
activity_name = activity_key


def comment_name(indicator_id: int, period: str) -> str:
    """The comment on a total (an outlier needs one), beside the total's value."""
    return comment_key(indicator_id, period, "")


@dataclass
class GridCell:
    name: str
    period: str
    stored: ValueCell | None
    field: BoundField | None = None
    # After a conflict: what is stored now, when another person changed it too.
    theirs: str | None = None


@dataclass
class GridRow:
    label: str
    breakdown: str
    cells: list[GridCell]


@dataclass
class GridGroup:
    """The total (dimension None) or the categories of one dimension."""

    dimension: Dimension | None
    rows: list[GridRow]


@dataclass
class BlockLayout:
    block: IndicatorBlock
    groups: list[GridGroup]
    comments: list[GridCell]
    # Cells stored with a key the grid does not show (several dimensions at once, from a bulk
    # import): listed read-only so nothing stored is hidden.
    extra_cells: list[ValueCell]
    entry_fields: dict[str, BoundField] = field(default_factory=dict)

    @property
    def indicator(self) -> Any:
        return self.block.indicator

    def grid_cells(self) -> list[GridCell]:
        return [cell for group in self.groups for row in group.rows for cell in row.cells]


@dataclass
class ActivityLayout:
    activity: Any
    update: Any
    fields: dict[str, BoundField] = field(default_factory=dict)


@dataclass
class ReportLayout:
    blocks: list[BlockLayout]
    activities: list[ActivityLayout]


def _breakdowns(block: IndicatorBlock) -> list[tuple[Dimension | None, str, str]]:
    """(dimension, breakdown key, row label) of the grid's rows: the total, then one row per
    category of each dimension."""
    rows: list[tuple[Dimension | None, str, str]] = [(None, "", str(_("Total")))]
    for dimension, categories in block.dimensions:
        rows += [
            (dimension, format_breakdown({dimension.code: cat.code}), cat.display_name)
            for cat in categories
        ]
    return rows


def _block_layout(block: IndicatorBlock) -> BlockLayout:
    stored = {(cell.period, cell.breakdown): cell for cell in block.cells}
    groups: list[GridGroup] = []
    shown: set[tuple[str, str]] = set()
    for dimension, breakdown, label in _breakdowns(block):
        if not groups or groups[-1].dimension != dimension:
            groups.append(GridGroup(dimension, []))
        cells = [
            GridCell(
                value_name(block.indicator.pk, period, breakdown),
                period,
                stored.get((period, breakdown)),
            )
            for period in block.periods
        ]
        shown.update((period, breakdown) for period in block.periods)
        groups[-1].rows.append(GridRow(label, breakdown, cells))
    comments = [
        GridCell(comment_name(block.indicator.pk, period), period, stored.get((period, "")))
        for period in block.periods
    ]
    extra = [
        cell
        for key, cell in stored.items()
        if key not in shown and (cell.value is not None or cell.withheld)
    ]
    return BlockLayout(block, groups, comments, extra)


def report_layout(contents: ReportContents) -> ReportLayout:
    return ReportLayout(
        blocks=[_block_layout(block) for block in contents.indicators],
        activities=[ActivityLayout(activity, update) for activity, update in contents.activities],
    )
