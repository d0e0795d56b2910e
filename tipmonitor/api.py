"""The JSON API, version 1, at /api/v1/ (docs/api.md).

Two ways of signing in (docs/api.md, "Signing in"): a personal API token (`Authorization:
Bearer tipm_…`, accounts.api_auth.TokenAuth, within its scope, never on case records), or the
session past the second factor (SecondFactorMiddleware answers 401 before a session that has
not passed it reaches an operation); `django_auth` checks the CSRF token on every unsafe
method of a session. The interactive documentation is Swagger UI served from our own static
files, so it runs under the site's Content Security Policy.
"""

import logging
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import (
    BadRequest,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
)
from django.http import HttpRequest, HttpResponse, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError
from ninja.openapi.docs import Swagger

from accounts.api_auth import API_AUTH
from agencies.api import router as agencies_router
from cases.api import router as cases_router
from cases.api_estimates import router as estimates_router
from coordination.api import router as coordination_router
from exchange.api import router as exchange_router
from jobs.selectors import get_job_for_user
from plans.api import router as plans_router
from progress.api import router as progress_router
from reporting.api import router as reporting_router
from tipmonitor.lib.uploads import file_too_large_message, request_too_large
from tipmonitor.schemas import READ_ERRORS, JobOut, PathId

logger = logging.getLogger("django.request")

api = NinjaAPI(
    title="TIP Monitor API",
    version="1",
    description="Read the National Action Plan and the agencies that carry it out.",
    urls_namespace="api",
    auth=API_AUTH,
    docs=Swagger(),
    docs_decorator=login_required,
)
api.add_router("", plans_router)
api.add_router("", agencies_router)
api.add_router("", reporting_router)
api.add_router("", progress_router)
api.add_router("", cases_router)
api.add_router("", estimates_router)
api.add_router("", coordination_router)
api.add_router("", exchange_router)


@api.get("/jobs/{job_id}", response={200: JobOut, **READ_ERRORS}, tags=["jobs"])
def get_job(request: HttpRequest, job_id: PathId) -> Any:
    """A background job (a case import's linkage, a document): where it is, why it failed, its
    result when done. Its requester's, and any job for the coordinator; 404 for anyone else."""
    return get_job_for_user(request.user, job_id)  # type: ignore[arg-type]


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    """What a permission getter refuses (`edit=True` for a non-coordinator) is a JSON 403."""
    return api.create_response(request, {"detail": _("You may not do this.")}, status=403)


@api.exception_handler(ValidationError)
def invalid_request(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """A request not as documented is a 422 saying where and what; but an upload larger than
    the server takes arrives without its file, and "field required" would mislead: 413."""
    if request_too_large(request):
        return api.create_response(request, {"detail": file_too_large_message()}, status=413)
    return api.create_response(request, {"detail": exc.errors}, status=422)


@api.exception_handler(RequestDataTooBig)
def body_too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    limit = filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    message = _("The request is too large: it may be at most %(limit)s.") % {"limit": limit}
    return api.create_response(request, {"detail": message}, status=413)


@api.exception_handler(MultiPartParserError)
@api.exception_handler(UnreadablePostError)
@api.exception_handler(BadRequest)
@api.exception_handler(SuspiciousOperation)
def unreadable_body(request: HttpRequest, exc: Exception) -> HttpResponse:
    """A body that cannot be parsed (JSON that is not JSON, multipart without a boundary, a
    broken upload, too many fields) is the client's error, never a 500. What Django counts as
    suspicious is logged where it logs it itself."""
    if isinstance(exc, SuspiciousOperation):
        logging.getLogger(f"django.security.{exc.__class__.__name__}").error(str(exc))
    message = _(
        "The request body could not be read: send JSON, or multipart/form-data with its "
        "boundary, as the operation documents."
    )
    return api.create_response(request, {"detail": message}, status=400)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # django-ninja answers a body its parser failed on with an untranslated 400 of its own.
    if exc.status_code == 400 and exc.__cause__ is not None:
        return unreadable_body(request, exc)
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


@api.exception_handler(Exception)
def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    """An unexpected failure answers JSON, as every other API answer does, and says nothing of
    the code (ASVS 7.4.1); the traceback goes to the log. With DEBUG on, Django's debug page."""
    if settings.DEBUG:
        raise exc
    logger.error(
        "Internal Server Error: %s",
        request.path,
        exc_info=exc,
        extra={"status_code": 500, "request": request},
    )
    message = _("Something went wrong on the server. Try again; if it happens again, tell us.")
    return api.create_response(request, {"detail": message}, status=500)
