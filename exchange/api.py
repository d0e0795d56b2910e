"""`POST /api/v1/dataValueSets`: DHIS2's data values import, so that a DHIS2 job or script can
push to us unchanged (docs/exchange.md). The body is `dataValueSets` JSON, DHIS2's CSV
(`application/csv`, `text/csv`) or ADX (`application/adx+xml`, `application/xml`); the answer
is DHIS2's import summary: 200 for SUCCESS or WARNING, 409 for ERROR (nothing stored)."""

from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from accounts import permissions
from accounts.models import User
from reporting.validation import check_characters
from tipmonitor.schemas import READ_ERRORS, TOO_LARGE, ErrorOut

from .formats import READERS, DataValue, FormatError
from .selectors import plan_for_import
from .services import dhis2_import, error_summary

router = Router(tags=["dhis2"])
Strategy = Literal["CREATE_AND_UPDATE", "CREATE", "UPDATE", "DELETE"]

FORMAT_OF = {
    "application/json": "dhis2-json",
    "application/csv": "dhis2-csv",
    "text/csv": "dhis2-csv",
    "application/adx+xml": "adx",
    "application/xml": "adx",
    "text/xml": "adx",
}


class ImportCountOut(Schema):
    imported: int
    updated: int
    ignored: int
    deleted: int


class ConflictOut(Schema):
    object: str
    value: str


class ImportOptionsOut(Schema):
    dryRun: bool  # noqa: N815 (DHIS2's names)
    importStrategy: str  # noqa: N815


class ImportSummaryOut(Schema):
    responseType: str  # noqa: N815
    status: Literal["SUCCESS", "WARNING", "ERROR"]
    description: str
    importOptions: ImportOptionsOut  # noqa: N815
    importCount: ImportCountOut  # noqa: N815
    conflicts: list[ConflictOut]
    dataSetComplete: str  # noqa: N815


_VALUE_SCHEMA = {
    "type": "object",
    "properties": {
        name: {"type": "string"}
        for name in (
            "dataElement",
            "period",
            "orgUnit",
            "categoryOptionCombo",
            "attributeOptionCombo",
            "value",
            "comment",
        )
    },
}
_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["dataValues"],
                    "properties": {
                        "dataSet": {"type": "string"},
                        "period": {"type": "string"},
                        "orgUnit": {"type": "string"},
                        "attributeOptionCombo": {"type": "string"},
                        "dataValues": {"type": "array", "items": _VALUE_SCHEMA},
                    },
                }
            },
            "application/csv": {"schema": {"type": "string"}},
            "application/adx+xml": {"schema": {"type": "string"}},
        },
    }
}


@router.post(
    "/dataValueSets",
    response={
        200: ImportSummaryOut,
        409: ImportSummaryOut,
        403: ErrorOut,
        **READ_ERRORS,
        **TOO_LARGE,
    },
    openapi_extra=_BODY,
)
def post_data_value_sets(
    request: HttpRequest,
    dryRun: bool = False,  # noqa: N803 (DHIS2's parameter names)
    importStrategy: Strategy = "CREATE_AND_UPDATE",  # noqa: N803
    plan: str = "",
) -> Status[dict[str, Any]]:
    """Import DHIS2 data values as `tipmonitor import-dhis2` does: through the plan's mappings
    and the values import's checks, all or nothing. `plan` (a plan's code) is needed only when
    the data set does not name the plan. The coordinator imports every agency's values (as
    accepted); an agency's reporters and approvers only their own agency's (for review)."""
    user: User = request.user  # type: ignore[assignment]
    if not permissions.may_import_values(user):
        raise PermissionDenied
    content_type = (request.content_type or "application/json").lower()
    fmt = FORMAT_OF.get(content_type, "")
    if not fmt:
        message = _("Send application/json, application/csv or application/adx+xml, not %(type)s.")
        return _answer(
            error_summary(
                message % {"type": content_type}, count=0, dry_run=dryRun, strategy=importStrategy
            )
        )
    try:
        values = READERS[fmt](request.body)
    except FormatError as error:
        return _answer(error_summary(str(error), count=0, dry_run=dryRun, strategy=importStrategy))
    if problem := check_characters(plan):
        return _answer(
            error_summary(problem, count=len(values), dry_run=dryRun, strategy=importStrategy)
        )
    target = plan_for_import(user, code=plan, data_set=_data_set(values))
    if target is None and plan:
        raise Http404
    if target is None:
        message = _(
            "Which plan? No plan has this data set mapped (or several have): add ?plan=CODE."
        )
        return _answer(
            error_summary(message, count=len(values), dry_run=dryRun, strategy=importStrategy)
        )
    summary = dhis2_import(
        plan=target, values=values, user=user, dry_run=dryRun, strategy=importStrategy
    )
    return _answer(summary)


def _data_set(values: list[DataValue]) -> str:
    sets = {value.data_set for value in values if value.data_set}
    return sets.pop() if len(sets) == 1 else ""


def _answer(summary: Any) -> Status[dict[str, Any]]:
    return Status(409 if summary.status == "ERROR" else 200, summary.as_dhis2())
