"""Case records through the JSON API (docs/cases.md): an agency's file imported by upload, and
the records the user may read. `router` is mounted by tipmonitor/api.py.

Every operation goes through the permission getters of cases.selectors (403 for a role that
reads no case data, 404 for another agency's record) and writes the audit. Imports go
through `cases_import`, the service the command and the upload page use.
"""

from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from accounts.models import User
from agencies.models import Agency
from cases import schemas, services
from cases.importing import CasesInvalid
from cases.models import CaseRecord, Sex, TraffickingStatus
from cases.selectors import (
    RecordFilters,
    case_records_for_user,
    filter_case_records,
    get_case_record_for_user,
)
from tipmonitor.lib.pseudonyms import KEY_FIELDS
from tipmonitor.schemas import AUTH_ERRORS, READ_ERRORS, ErrorOut

router = Router(tags=["cases"])
MAX_LIMIT = 500


def _user(request: HttpRequest) -> User:
    # `django_auth` (tipmonitor.api) lets no anonymous request reach an operation.
    return cast(User, request.user)


def _refused() -> Status[dict[str, Any]]:
    return Status(403, {"detail": _("You may not read case records.")})


class RecordQuery(Schema):
    agency: str = ""
    status: TraffickingStatus | None = None
    sex: Sex | None = None
    nationality: str = ""
    exploitation: str = ""
    year: int | None = None
    offset: int = 0
    limit: int = 50


@router.get(
    "/cases/records",
    response={
        200: schemas.CaseRecordPageOut,
        403: ErrorOut,
        422: schemas.InvalidRequestOut,
        **AUTH_ERRORS,
    },
)
def list_case_records(request: HttpRequest, query: Query[RecordQuery]) -> Status[dict[str, Any]]:
    """The case records you may read, by agency and record id: every agency's for the
    coordinator, your agency's for its reporters and approvers. `limit` at most 500."""
    user = _user(request)
    try:
        records = case_records_for_user(user)
    except PermissionDenied:
        return _refused()
    filters = RecordFilters(
        agency=query.agency,
        status=query.status or "",
        sex=query.sex or "",
        nationality=query.nationality,
        exploitation=query.exploitation,
        year=query.year,
    )
    records = filter_case_records(records, filters)
    offset, limit = max(query.offset, 0), min(max(query.limit, 1), MAX_LIMIT)
    page = list(records[offset : offset + limit])
    target = f"api {filters.describe()} offset={offset}".strip()
    services.case_access_record(
        user=user, action=services.ACTION_LIST, target=target, records=len(page)
    )
    body = {"count": records.count(), "offset": offset, "limit": limit}
    return Status(200, {**body, "records": [record_out(record) for record in page]})


@router.get(
    "/cases/records/{record_pk}",
    response={200: schemas.CaseRecordOut, 403: ErrorOut, **READ_ERRORS},
)
def get_case_record(request: HttpRequest, record_pk: int) -> Status[dict[str, Any]]:
    """One case record: its categories and which linkage keys it has."""
    user = _user(request)
    try:
        record = get_case_record_for_user(user, record_pk)
    except PermissionDenied:
        return _refused()
    services.case_access_record(
        user=user, action=services.ACTION_DETAIL, target=f"api {record}", records=1
    )
    return Status(200, record_out(record))


@router.post(
    "/cases/import",
    response={
        200: schemas.CaseImportOut,
        400: schemas.CaseImportErrorOut,
        403: ErrorOut,
        422: schemas.InvalidRequestOut,
        **READ_ERRORS,
    },
)
def import_case_records(
    request: HttpRequest, agency: Form[str], file: File[UploadedFile]
) -> Status[dict[str, Any]]:
    """Import an agency's .csv or .xlsx file of case records (multipart: `agency`, the code,
    and `file`), as `tipmonitor import-cases` does. Any error rejects the whole file: nothing
    is stored, and every error is listed by row and column."""
    user = _user(request)
    target = Agency.objects.filter(code=agency).first()
    if target is None:
        return Status(404, {"detail": _("There is no such agency.")})
    try:
        result = services.cases_import(
            agency=target, file=file.read(), filename=file.name or "", user=user
        )
    except PermissionDenied:
        return Status(403, {"detail": _("You may not import case records for this agency.")})
    except CasesInvalid as invalid:
        errors = [
            {"row": line, "column": column, "message": message}
            for line, column, message in invalid.errors
        ]
        detail = ngettext(
            "The file was rejected (%(count)d error); nothing was stored.",
            "The file was rejected (%(count)d errors); nothing was stored.",
            len(errors),
        ) % {"count": len(errors)}
        return Status(400, {"detail": detail, "errors": errors})
    return Status(200, {"agency": target.code, **vars(result)})


def record_out(record: CaseRecord) -> dict[str, Any]:
    derived = {"agency", "keys_present", "person"}
    fields = {
        name: getattr(record, name)
        for name in schemas.CaseRecordOut.model_fields
        if name not in derived
    }
    return fields | {
        "agency": record.agency.code,
        "keys_present": [name for name in KEY_FIELDS if getattr(record, name)],
        "person": record.person.label if record.person else None,
    }
