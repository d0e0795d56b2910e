"""Tokens never read case records (docs/api.md, "Signing in"): the case routers sign in with
the session only, and a request bearing an API token is refused with 403 and written to the
case audit as a refused read, like any other refusal (cases.services.case_access_refused)."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import django_auth

from accounts.api_auth import is_token_request, token_user
from cases.services import case_access_refused


def refuse_tokens(request: HttpRequest) -> Any:
    """Nothing for a request without a token (the session is asked next); for one with a
    token: 401 if the token is not valid, else the refusal audited and 403. A plain function,
    not a security scheme, so the schema lists only the session for these operations."""
    if not is_token_request(request):
        return None
    user = token_user(request, scoped=False)
    case_access_refused(user=user, target=f"api token {request.method} {request.path}", status=403)
    raise HttpError(403, _("API tokens may not read case records: sign in on the site to do so."))


CASES_AUTH = [refuse_tokens, django_auth]
