"""Reads of case records, and the one permission getter every page, API operation and command
goes through (`get_case_record_for_user`, with `case_records_for_user` for lists).

Who sees what (docs/cases.md):
- the coordinator (the secretariat's data officer) sees every agency's records and the audit;
- a reporter or approver of an agency sees and imports only that agency's records;
- everybody else (viewers, administrators, users without an agency) is refused: 403. Case
  data is not public information, not even for people who may read the plan.
A record outside the user's agency answers 404, so its existence is not disclosed.

The callers write the audit (`services.case_access_record`) after each read: a selector only
reads.
"""

import dataclasses

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from accounts.models import Role, User
from agencies.models import Agency
from cases.models import CaseAccess, CaseQuery, CaseRecord
from progress.selectors import IndicatorProgress
from tipmonitor.lib.disclosure import is_sensitive

PAGE_SIZE = 50


def user_reads_all_cases(user: User) -> bool:
    return bool(user.is_authenticated and user.is_coordinator)


def _own_agency_id(user: User) -> int | None:
    """The agency whose records the user works with, if a reporter or approver of it."""
    if not (user.is_authenticated and user.is_active) or user.agency_id is None:
        return None
    if user.has_role(Role.REPORTER) or user.has_role(Role.APPROVER):
        return user.agency_id
    return None


def user_may_read_cases(user: User) -> bool:
    return user_reads_all_cases(user) or _own_agency_id(user) is not None


def user_may_import_cases(user: User, agency: Agency) -> bool:
    return user_reads_all_cases(user) or _own_agency_id(user) == agency.pk


def case_records_for_user(user: User) -> QuerySet[CaseRecord]:
    """The records the user may read; PermissionDenied for a role that reads none."""
    if user_reads_all_cases(user):
        return CaseRecord.objects.all()
    agency_id = _own_agency_id(user)
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
    if user_reads_all_cases(user):
        return Agency.objects.order_by("code")
    agency_id = _own_agency_id(user)
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
    if not user_reads_all_cases(user):
        raise PermissionDenied
    return CaseAccess.objects.select_related("user").order_by("-at", "-pk")


def case_counts_disclosed(
    rows: list[IndicatorProgress],
) -> tuple[list[IndicatorProgress], frozenset[int]]:
    """The rows as they may leave the coordinator, and the ids of the indicators counted from
    case records (bound to a case query): such a total between 1 and the disclosure threshold
    is withheld, with the progress figure that would give it back with the target
    (docs/disclosure.md). One query."""
    ids = [row.indicator.pk for row in rows]
    fed = CaseQuery.objects.filter(indicator_id__in=ids).values_list("indicator_id", flat=True)
    from_cases = frozenset(fed)
    return [_disclosed(row) if row.indicator.pk in from_cases else row for row in rows], from_cases


def _disclosed(row: IndicatorProgress) -> IndicatorProgress:
    if row.actual is None or not is_sensitive(int(row.actual)):
        return row
    return dataclasses.replace(row, actual=None, progress=None)
