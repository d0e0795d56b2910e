"""Reads of case records, and the one permission getter every page, API operation and command
goes through (`get_case_record_for_user`, with `case_records_for_user` for lists).

Who sees what (docs/cases.md):
- the coordinator (the secretariat's data officer) sees every agency's records and the audit;
- a case records officer of an agency sees and imports only that agency's records, without the
  person linkage put them in or its match probability (`user_sees_linkage`);
- everybody else (the agencies' reporters and approvers, viewers, administrators, users
  without an agency) is refused: 403. Case data is not public information, not even for
  people who may read the plan or write an agency's reports.
A record outside the user's agency answers 404, so its existence is not disclosed.

The callers write the audit (`services.case_access_record`) after each read: a selector only
reads.
"""

import dataclasses

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from accounts import permissions
from accounts.models import User
from agencies.models import Agency
from cases.models import CaseAccess, CaseRecord

PAGE_SIZE = 50


def user_sees_linkage(user: User) -> bool:
    """Whether the user sees which person a record was linked into and with what probability:
    the coordinator only. An agency that saw person ids would learn which other agency holds
    the same victim (docs/cases.md, "Who sees what")."""
    return permissions.may_see_case_linkage(user)


def case_records_for_user(user: User) -> QuerySet[CaseRecord]:
    """The records the user may read; PermissionDenied for a role that reads none."""
    if permissions.reads_all_cases(user):
        return CaseRecord.objects.all()
    agency_id = permissions.case_agency_id(user)
    if agency_id is None:
        raise PermissionDenied
    return CaseRecord.objects.filter(agency_id=agency_id)


def get_case_record_for_user(user: User, record_pk: int) -> CaseRecord:
    """One record, if the user may read it: 403 for a role without case access, 404 for a
    record of another agency (or none)."""
    record = (
        case_records_for_user(user).select_related("agency", "person").filter(pk=record_pk).first()
    )
    if record is None:
        raise Http404
    return record


def import_agencies_for_user(user: User) -> QuerySet[Agency]:
    """The agencies the user may import records for."""
    if permissions.reads_all_cases(user):
        return Agency.objects.order_by("code")
    agency_id = permissions.case_agency_id(user)
    if agency_id is None:
        raise PermissionDenied
    return Agency.objects.filter(pk=agency_id)


@dataclasses.dataclass(frozen=True)
class RecordFilters:
    """What the list of records may be narrowed by; every value a code (safe to audit)."""

    agency: str = ""
    status: str = ""
    sex: str = ""
    nationality: str = ""
    exploitation: str = ""
    year: int | None = None

    def describe(self) -> str:
        """The filters as the audit records them, e.g. "status=identified year=2025"."""
        return " ".join(
            f"{name}={value}"
            for name, value in dataclasses.asdict(self).items()
            if value not in ("", None)
        )


def filter_case_records(
    records: QuerySet[CaseRecord], filters: RecordFilters
) -> QuerySet[CaseRecord]:
    if filters.agency:
        records = records.filter(agency__code=filters.agency)
    if filters.status:
        records = records.filter(status=filters.status)
    if filters.sex:
        records = records.filter(sex=filters.sex)
    if filters.nationality:
        records = records.filter(nationality=filters.nationality.upper())
    if filters.exploitation:
        # The JSON list as text: '["labour", "sexual"]'; quoting the code matches it whole on
        # SQLite and PostgreSQL alike (neither containment lookup works on both).
        records = records.filter(exploitation__icontains=f'"{filters.exploitation}"')
    if filters.year is not None:
        records = records.filter(identified_on__year=filters.year)
    return records.select_related("agency", "person").order_by("agency__code", "record_id")


def case_access_log(user: User) -> QuerySet[CaseAccess]:
    """The audit of case data, newest first: the coordinator's to read."""
    if not permissions.reads_all_cases(user):
        raise PermissionDenied
    return CaseAccess.objects.select_related("user").order_by("-at", "-pk")
