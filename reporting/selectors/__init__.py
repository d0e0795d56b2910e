"""Reads about progress reports, and the one permission getter every view, download and API
operation goes through (`get_report_for_user`).

Who sees what:
- the coordinator sees every report of every agency, drafts included;
- a user of agency A sees every report of agency A, drafts included;
- a viewer sees submitted and accepted reports of every agency (drafts and reports returned for
  rework are the agency's work in progress);
- nobody else sees a report: it answers 404, so its existence is not disclosed.
Who edits: a draft or returned, current version, by a reporter or approver of its agency or the
coordinator (403 otherwise).

`counting` holds the one rule of which reports' contents count (current version; accepted, or
also submitted when provisional) for progress, documents and the public site.

`withheld` applies disclosure control to a report's values counting victims for whoever looks
at it (issue 10 #4): the report page, its workbook and the reports API.

`matrix` holds the coordinator's reads: the submission matrix (agencies × quarters), the
submission status list built from it, and the agencies needing attention in one quarter.
"""

from .access import (
    EDITABLE,
    PUBLISHED,
    get_report_for_user,
    report_is_editable_by,
    reports_for_user,
    reports_visible_to,
)
from .contents import (
    IndicatorBlock,
    ReportContents,
    ReportScope,
    ScopedIndicator,
    ValueCell,
    accepted_history,
    dimensions_of,
    indicator_rules,
    report_contents,
    report_scope,
    report_versions,
    scope_of_report,
)
from .counting import (
    counted_statuses,
    counting_entries,
    counting_reports,
    counting_reports_q,
    counting_updates,
    counting_values,
)
from .matrix import (
    AreaRow,
    AttentionList,
    AttentionRow,
    Column,
    MatrixRow,
    MissingValue,
    SubmissionMatrix,
    area_agencies,
    attention_list,
    cell_text,
    default_quarter,
    get_matrix_plan_for_user,
    status_list_table,
    submission_matrix,
)
from .my_reports import (
    NOT_STARTED,
    PlanReports,
    QuarterRow,
    quarter_rows_for_user,
    reports_awaiting_approval_by,
)
from .quarters import due_quarters, plan_quarters, quarter_in_plan
from .withheld import report_contents_for_user, withheld_indicator_ids

__all__ = [
    "EDITABLE",
    "NOT_STARTED",
    "PUBLISHED",
    "AreaRow",
    "AttentionList",
    "AttentionRow",
    "Column",
    "IndicatorBlock",
    "MatrixRow",
    "MissingValue",
    "PlanReports",
    "QuarterRow",
    "ReportContents",
    "ReportScope",
    "ScopedIndicator",
    "SubmissionMatrix",
    "ValueCell",
    "accepted_history",
    "area_agencies",
    "attention_list",
    "cell_text",
    "counted_statuses",
    "counting_entries",
    "counting_reports",
    "counting_reports_q",
    "counting_updates",
    "counting_values",
    "default_quarter",
    "dimensions_of",
    "due_quarters",
    "get_matrix_plan_for_user",
    "get_report_for_user",
    "indicator_rules",
    "plan_quarters",
    "quarter_in_plan",
    "quarter_rows_for_user",
    "report_contents",
    "report_contents_for_user",
    "report_is_editable_by",
    "report_scope",
    "report_versions",
    "reports_awaiting_approval_by",
    "reports_for_user",
    "reports_visible_to",
    "scope_of_report",
    "status_list_table",
    "submission_matrix",
    "withheld_indicator_ids",
]
