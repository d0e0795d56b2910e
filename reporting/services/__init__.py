"""Writes to progress reports: open, save, submit, return, accept, correct, and bulk data values.

Every way in (web form, report workbook, bulk data values, API) ends here, so the same rules
(`reporting.validation`) and the same records (who, when, from where) apply to all of them. Each
service runs in one transaction: a refused save or file changes nothing.

Decisions where the issue is silent:
- `report_save` is a partial update: cells, entries and activity updates not listed are kept; a
  value of None deletes its cell. Only cells whose value or comment changed are re-stamped with
  who entered them and when, so a save of the whole grid does not claim every number.
- Optimistic locking: every change of a report (save, submit, return, accept, import) moves its
  revision on, so whoever acts on an older revision gets `ReportConflict` and nothing is written.
  A save that says what its page showed when loaded (`loaded`, the web form) is merged instead,
  field by field (`state`): it writes only what its person changed, and a conflict is two people
  changing the same field differently (`ReportConflict.clashes`, both values shown).
- A draft saved from the web form keeps values that break a rule of the grid (negative, sums,
  outliers without a comment): `report_problems` lists them, and `report_submit` refuses them,
  with everything missing, all at once. A workbook or a script is still refused whole.
- A return records what the report held (`ReportEvent.snapshot`), so the coordinator sees what
  the agency changed since when it comes back.
- A correction of an accepted report may be opened by the coordinator or by a reporter or
  approver of the agency (the clerk who finds a mistake); it copies everything, keeps who entered
  each value, and keeps the first submission date so timeliness is not rewritten.
- Bulk data values: the coordinator's import is recorded as accepted (or submitted when asked);
  anyone else's is recorded as submitted, and only for their own agency. A report already
  accepted gets a new version holding the imported values; a report awaiting review cannot take
  a reporter's import. A report the coordinator's import creates counts as received at import.
"""

from ._common import (
    ACTIVITY_FIELDS,
    BATCH,
    ENTRY_FIELDS,
    ActivityInput,
    EntryInput,
    ImportResult,
    ReportConflict,
    ValueInput,
    ValueRow,
    ValuesInvalid,
)
from .save import report_save
from .state import HEADER_FIELDS, as_text, changed_keys, comment_key, stored_state
from .values_import import values_import
from .values_queue import VALUES_IMPORT_SUBJECT, values_import_queue
from .workflow import (
    NO_APPROVER_MESSAGE,
    needs_approval,
    report_accept,
    report_approve,
    report_correct,
    report_open,
    report_problems,
    report_return,
    report_send_back,
    report_submit,
)

__all__ = [
    "ACTIVITY_FIELDS",
    "BATCH",
    "ENTRY_FIELDS",
    "HEADER_FIELDS",
    "NO_APPROVER_MESSAGE",
    "VALUES_IMPORT_SUBJECT",
    "ActivityInput",
    "EntryInput",
    "ImportResult",
    "ReportConflict",
    "ValueInput",
    "ValueRow",
    "ValuesInvalid",
    "as_text",
    "changed_keys",
    "comment_key",
    "needs_approval",
    "report_accept",
    "report_approve",
    "report_correct",
    "report_open",
    "report_problems",
    "report_return",
    "report_save",
    "report_send_back",
    "report_submit",
    "stored_state",
    "values_import",
    "values_import_queue",
]
