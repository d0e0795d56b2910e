"""Case records as the JSON API shows and takes them (docs/cases.md). A record shows its
categories and which linkage keys it has; never a key's value."""

from datetime import date, datetime
from typing import Annotated

from ninja import Field, Schema
from pydantic import WithJsonSchema

from cases.models import DatePrecision, TraffickingStatus
from tipmonitor.schemas import JobOut

# How precisely a birth date was known. Written out in place rather than as a component: the
# OpenAPI schema names components by class name, and plans have a DatePrecision of their own
# (day, quarter, year) that this one (day, month, year, unknown) would hide or be hidden by.
BirthDatePrecision = Annotated[
    DatePrecision,
    WithJsonSchema({"title": "BirthDatePrecision", "type": "string", "enum": DatePrecision.values}),
]


class CaseRecordOut(Schema):
    id: int
    agency: str
    record_id: str
    identified_on: date | None
    status: TraffickingStatus
    status_decided_by: str
    sex: str
    age_at_exploitation: int | None
    birth_date_precision: BirthDatePrecision
    nationality: str
    country_of_exploitation: str
    region: str
    exploitation: list[str]
    means_of_control: list[str]
    recruiter_relationship: str
    referral_stage: str
    services: list[str]
    consent_to_share: bool | None
    # The names of the key fields that hold a key, e.g. ["key_last", "key_birth_year"].
    keys_present: list[str]
    # The person linkage put the record in and its match probability: the coordinator's only;
    # null for an agency's case records officers (and for a record not linked yet).
    person: str | None
    match_probability: float | None
    imported_at: datetime


class CaseRecordPageOut(Schema):
    count: int
    offset: int
    limit: int
    records: list[CaseRecordOut]


class CaseImportOut(Schema):
    agency: str
    created: int
    updated: int
    unchanged: int
    linkage_queued: bool
    # The linkage of the records, queued for the worker: follow it at /api/v1/jobs/{id}.
    linkage_job: JobOut


class CaseErrorOut(Schema):
    row: int
    column: str
    message: str


class CaseImportErrorOut(Schema):
    detail: str
    # The rows at fault; none when the request as a whole could not be read.
    errors: list[CaseErrorOut] = Field(default_factory=list)
