"""Case records as the JSON API shows and takes them (docs/cases.md). A record shows its
categories and which linkage keys it has; never a key's value."""

from datetime import date, datetime
from typing import Any

from ninja import Schema

from cases.models import DatePrecision, TraffickingStatus


class CaseRecordOut(Schema):
    id: int
    agency: str
    record_id: str
    identified_on: date | None
    status: TraffickingStatus
    status_decided_by: str
    sex: str
    age_at_exploitation: int | None
    birth_date_precision: DatePrecision
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


class CaseErrorOut(Schema):
    row: int
    column: str
    message: str


class CaseImportErrorOut(Schema):
    detail: str
    errors: list[CaseErrorOut]


class InvalidRequestOut(Schema):
    """A request that is not as documented (a parameter missing or of the wrong type)."""

    detail: list[dict[str, Any]]
