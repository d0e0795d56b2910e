"""Rows into a checked plan description, every error collected with its place.

Nothing here writes: `validate_workbook` returns a `PlanDraft` (plain data, codes as references)
or raises WorkbookInvalid listing everything wrong, so the user fixes the file in one go.
Agencies and dimensions already in TIP Monitor come in as `Known`, read by the caller.
"""

from ._common import Cells, Refs
from .schema import (
    CODE_RE,
    COLUMNS,
    NONE_NEEDED_WORDS,
    OPTIONAL_SHEETS,
    PLAN_FIELDS,
    SETTING_ROWS,
    STATE_BUDGET_WORDS,
    AgencyDraft,
    DimensionDraft,
    Known,
    PlanDraft,
    titles,
    wanted_headers,
)
from .structure import validate_workbook

__all__ = [
    "CODE_RE",
    "COLUMNS",
    "NONE_NEEDED_WORDS",
    "OPTIONAL_SHEETS",
    "PLAN_FIELDS",
    "SETTING_ROWS",
    "STATE_BUDGET_WORDS",
    "AgencyDraft",
    "Cells",
    "DimensionDraft",
    "Known",
    "PlanDraft",
    "Refs",
    "titles",
    "validate_workbook",
    "wanted_headers",
]
