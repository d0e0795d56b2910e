"""The agency's progress report as a web form (`report`), the layout it shares with the
read-only page (`layout`), the coordinator's review and the agency's sign-off (`review`)."""

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
from .review import ApproveForm, Change, ReturnForm, SendBackForm, changes_since

__all__ = [
    "ActivityLayout",
    "ApproveForm",
    "BlockLayout",
    "Change",
    "GridCell",
    "GridGroup",
    "GridRow",
    "ReportForm",
    "ReportLayout",
    "ReturnForm",
    "SendBackForm",
    "Summary",
    "activity_name",
    "changes_since",
    "comment_name",
    "entry_name",
    "report_layout",
    "value_name",
]
