"""Progress reports and data values as the JSON API shows and takes them (docs/data-values.md).

Reports refer to their plan and agency by code, as the files do. Decimal numbers are strings, so
no precision is lost on the way; a posted value may be a JSON number or a string.
"""

from datetime import date, datetime
from typing import Literal

from ninja import Field, Schema
from pydantic import StrictFloat, StrictInt, StrictStr

from reporting.models import ActivityState, EventKind, ReportStatus, ValueSource
from tipmonitor.schemas import MAX_ID


class ReportOut(Schema):
    id: int
    plan: str
    agency: str
    period: str
    period_start: date
    period_end: date
    due_on: date
    version: int
    is_current: bool
    status: ReportStatus
    revision: int
    first_submitted_at: datetime | None
    submitted_at: datetime | None
    # Who sent it on last: the reporter who sent it for the agency's approval, or whoever
    # submitted it (an approval submits it in the approver's name).
    submitted_by: str | None = Field(description="The username of who sent it on last.")
    # The agency's sign-off (annex 5's signature line); null when not approved.
    approved_by: str | None = Field(description="The username of the agency's approver.")
    approved_at: datetime | None
    accepted_at: datetime | None


class RevisionIn(Schema):
    revision: int = Field(
        ge=0,
        le=MAX_ID,
        description=(
            "The report's `revision` as you read it; if someone changed the report since, "
            "nothing is done and the answer is 409."
        ),
    )


class SendBackIn(RevisionIn):
    comment: str = Field(description="What the reporter must change (required).")


class ValueOut(Schema):
    indicator: str
    period: str
    breakdown: dict[str, str]
    # None where withheld: one agency's count of victims, to anyone but the coordinator and
    # the agency (reporting.disclosure).
    value: str | None
    withheld: bool = False
    comment: str
    source: ValueSource
    entered_by: str
    entered_at: datetime


class EntryOut(Schema):
    indicator: str
    narrative: str
    rating: str | None
    outputs_achieved: str
    activities_implemented: str
    budget_spent: str | None
    donors: str
    assessment: str | None
    comment: str


class ActivityUpdateOut(Schema):
    activity: str
    state: ActivityState
    percent_done: int | None
    spent: str | None
    comment: str


class EventOut(Schema):
    kind: EventKind
    by: str
    at: datetime
    comment: str


class ReportDetailOut(ReportOut):
    contact_person: str
    general_observations: str
    values: list[ValueOut]
    entries: list[EntryOut]
    activities: list[ActivityUpdateOut]
    events: list[EventOut]


class DataValueIn(Schema):
    indicator: str = Field(description="The indicator's code.")
    period: str = Field(description="2025-03, 2025-Q1, 2025-S1, 2025 (or 202503, 2025Q1, 2025S1).")
    agency: str = Field(description="The reporting agency's code.")
    # Strict: JSON true is not the number 1.
    value: StrictStr | StrictInt | StrictFloat = Field(
        description=(
            "A JSON number, or a string: spaces between thousands (1 200), a decimal comma or "
            "point (12,5). Strings whose meaning depends on the reader's language (1,200 or "
            "1.200) and commas or points between thousands are refused."
        )
    )
    comment: str = ""
    breakdown: dict[str, str] = Field(
        default_factory=dict,
        description="Dimension code -> category code; empty for the total.",
    )


class DataValuesIn(Schema):
    plan: str = Field(description="The plan's code.")
    status: Literal["submitted", "accepted"] | None = Field(
        default=None,
        description=(
            "submitted or accepted; by default accepted when a coordinator posts, "
            "submitted otherwise."
        ),
    )
    values: list[DataValueIn]


class ImportOut(Schema):
    status: ReportStatus
    reports: int
    values_created: int
    values_updated: int


class RowErrorOut(Schema):
    row: int = Field(description="The value's position in `values`, from 1; 0 for the request.")
    column: str
    message: str


class ValuesErrorOut(Schema):
    detail: str
    # The rows at fault; none when the request as a whole could not be read.
    errors: list[RowErrorOut] = Field(default_factory=list)
