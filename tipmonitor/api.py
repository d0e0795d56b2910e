"""The JSON API, version 1, at /api/v1/ (docs/api.md).

Signed-in sessions only, past the second factor (SecondFactorMiddleware answers 401 before a
session that has not passed it reaches an operation); `django_auth` checks the CSRF token on
every unsafe method. The interactive documentation is Swagger UI served from our own static
files, so it runs under the site's Content Security Policy.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.openapi.docs import Swagger
from ninja.security import django_auth

from agencies.api import router as agencies_router
from cases.api import router as cases_router
from plans.api import router as plans_router
from progress.api import router as progress_router
from reporting.api import router as reporting_router

api = NinjaAPI(
    title="TIP Monitor API",
    version="1",
    description="Read the National Action Plan and the agencies that carry it out.",
    urls_namespace="api",
    auth=django_auth,
    docs=Swagger(),
    docs_decorator=login_required,
)
api.add_router("", plans_router)
api.add_router("", agencies_router)
api.add_router("", reporting_router)
api.add_router("", progress_router)
api.add_router("", cases_router)


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    """What a permission getter refuses (`edit=True` for a non-coordinator) is a JSON 403."""
    return api.create_response(request, {"detail": _("You may not do this.")}, status=403)
