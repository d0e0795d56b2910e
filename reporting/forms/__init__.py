"""The agency's progress report as a web form (`report`), the layout it shares with the
read-only page (`layout`), and the coordinator's review (`review`)."""

from .layout import (
    ActivityLayout,
    BlockLayout,
    GridCell,
    GridGroup,
    GridRow,
    ReportLayout,
    activity_name,
    comment_name,
    entry_name,
    report_layout,
    value_name,
)
from .report import ReportForm, Summary
from .review import Change, ReturnForm, changes_since

__all__ = [
    "ActivityLayout",
    "BlockLayout",
    "Change",
    "GridCell",
    "GridGroup",
    "GridRow",
    "ReportForm",
    "ReportLayout",
    "ReturnForm",
    "Summary",
    "activity_name",
    "changes_since",
    "comment_name",
    "entry_name",
    "report_layout",
    "value_name",
]
