"""Case records through the JSON API (docs/cases.md): an agency's file imported by upload, and
the records the user may read. `router` is mounted by tipmonitor/api.py.

Every operation goes through the permission getters of cases.selectors (403 for a role that
reads no case data, 404 for another agency's record) and writes the audit. Imports go
through `cases_import`, the service the command and the upload page use.
"""

from typing import Annotated, Any, cast

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja import Field, File, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.params import functions as param

from accounts.models import User
from agencies.models import Agency
from cases import schemas, services
from cases.api_auth import CASES_AUTH
from cases.importing import CasesInvalid
from cases.models import CaseRecord, Sex, TraffickingStatus
from cases.selectors import (
    RecordFilters,
    case_records_for_user,
    filter_case_records,
    get_case_record_for_user,
    user_sees_linkage,
)
from tipmonitor.lib.pseudonyms import KEY_FIELDS
from tipmonitor.lib.uploads import file_too_large, file_too_large_message
from tipmonitor.schemas import (
    AUTH_ERRORS,
    INVALID,
    READ_ERRORS,
    TOO_LARGE,
    ErrorOut,
    PathId,
    row_errors,
)

router = Router(tags=["cases"], auth=CASES_AUTH)  # no API token reads case records
MAX_LIMIT = 500
AGENCY_CODE_LENGTH = 40  # Agency.code's max_length


def _user(request: HttpRequest) -> User:
    # `django_auth` (tipmonitor.api) lets no anonymous request reach an operation.
    return cast(User, request.user)


def _refused() -> Status[dict[str, Any]]:
    return Status(403, {"detail": _("You may not read case records.")})


# Bounds of the list's parameters: a year a record can have, an offset a database can take.
MIN_YEAR, MAX_YEAR = 1900, 9999
MAX_OFFSET = 10_000_000


class RecordQuery(Schema):
    agency: str = Field("", max_length=AGENCY_CODE_LENGTH)
    status: TraffickingStatus | None = None
    sex: Sex | None = None
    nationality: str = Field("", max_length=3)
    exploitation: str = Field("", max_length=40)
    year: int | None = Field(None, ge=MIN_YEAR, le=MAX_YEAR, description="of identification")
    offset: int = Field(0, ge=0, le=MAX_OFFSET)
    limit: int = Field(50, ge=1, le=MAX_LIMIT)


@router.get(
    "/cases/records",
    response={
        200: schemas.CaseRecordPageOut,
        403: ErrorOut,
        **AUTH_ERRORS,
        **INVALID,
    },
)
def list_case_records(request: HttpRequest, query: Query[RecordQuery]) -> Status[dict[str, Any]]:
    """The case records you may read, by agency and record id: every agency's for the
    coordinator, your agency's for its case records officers. `limit` at most 500."""
    user = _user(request)
    try:
        records = case_records_for_user(user)
    except PermissionDenied:
        services.case_access_refused(user=user, target="api records", status=403)
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
    offset, limit = query.offset, query.limit
    page = list(records[offset : offset + limit])
    target = f"api {filters.describe()} offset={offset}".strip()
    services.case_access_record(
        user=user, action=services.ACTION_LIST, target=target, records=len(page)
    )
    body = {"count": records.count(), "offset": offset, "limit": limit}
    linkage = user_sees_linkage(user)
    return Status(200, {**body, "records": [record_out(r, linkage=linkage) for r in page]})


@router.get(
    "/cases/records/{record_pk}",
    response={200: schemas.CaseRecordOut, 403: ErrorOut, **READ_ERRORS},
)
def get_case_record(request: HttpRequest, record_pk: PathId) -> Status[dict[str, Any]]:
    """One case record: its categories and which linkage keys it has."""
    user = _user(request)
    try:
        record = get_case_record_for_user(user, record_pk)
    except PermissionDenied:
        services.case_access_refused(user=user, target=f"api record {record_pk}", status=403)
        return _refused()
    except Http404:
        services.case_access_refused(user=user, target=f"api record {record_pk}", status=404)
        raise
    services.case_access_record(
        user=user, action=services.ACTION_DETAIL, target=f"api {record}", records=1
    )
    return Status(200, record_out(record, linkage=user_sees_linkage(user)))


@router.post(
    "/cases/import",
    response={
        200: schemas.CaseImportOut,
        400: schemas.CaseImportErrorOut,
        403: ErrorOut,
        **READ_ERRORS,
        **TOO_LARGE,
    },
)
def import_case_records(
    request: HttpRequest,
    agency: Annotated[str, param.Form(min_length=1, max_length=AGENCY_CODE_LENGTH)],
    file: File[UploadedFile],
) -> Status[dict[str, Any]]:
    """Import an agency's .csv or .xlsx file of case records (multipart: `agency`, the code,
    and `file`, at most the upload limit: 20 MB unless configured), as `tipmonitor
    import-cases` does. Any error rejects the whole file: nothing is stored, and every error
    is listed by row and column. A larger file is refused with 413."""
    if file_too_large(file.size):
        return Status(413, {"detail": file_too_large_message()})
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
        errors = row_errors(invalid.errors)
        detail = ngettext(
            "The file was rejected (%(count)d error); nothing was stored.",
            "The file was rejected (%(count)d errors); nothing was stored.",
            len(errors),
        ) % {"count": len(errors)}
        return Status(400, {"detail": detail, "errors": errors})
    body = {"agency": target.code, "created": result.created, "updated": result.updated}
    body |= {"unchanged": result.unchanged, "linkage_queued": True}
    result.linkage_job.refresh_from_db()  # the immediate backend (no worker) has run it
    return Status(200, {**body, "linkage_job": result.linkage_job})


def record_out(record: CaseRecord, *, linkage: bool) -> dict[str, Any]:
    """A record as the API shows it; `person` and `match_probability` only with `linkage`
    (the coordinator), null for an agency's roles."""
    derived = {"agency", "keys_present", "person", "match_probability"}
    fields = {
        name: getattr(record, name)
        for name in schemas.CaseRecordOut.model_fields
        if name not in derived
    }
    return fields | {
        "agency": record.agency.code,
        "keys_present": [name for name in KEY_FIELDS if getattr(record, name)],
        "person": record.person.label if linkage and record.person else None,
        "match_probability": record.match_probability if linkage else None,
    }
