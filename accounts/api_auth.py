"""How the JSON API knows who asks (docs/api.md, "Signing in"): a personal API token, or the
session of a user past the second factor.

A request that carries `Authorization: Bearer …` is a token request, whatever else it
carries: the token alone decides (an invalid one is a 401, never a fall-back to a session
cookie sent beside it), so a token cannot lend a session what it lacks, nor a session a token.
Token requests need no CSRF token (no browser adds the header by itself; `django_auth`, which
checks CSRF, is not reached); SecondFactorMiddleware lets them through to here, the token
standing in for both factors (it was made behind them, by its user or the coordinator).
"""

import logging
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import HttpBearer, django_auth

from accounts import permissions
from accounts.forms import client_ip
from accounts.models import User
from accounts.services.tokens import token_authenticate

logger = logging.getLogger("tipmonitor.api.tokens")


def bearer_token(request: HttpRequest) -> str | None:
    """The token of an `Authorization: Bearer …` header ("" when it is empty); None when the
    request carries no bearer token (it is then a session's, or anonymous)."""
    scheme, _space, token = request.headers.get("Authorization", "").strip().partition(" ")
    if scheme.lower() != "bearer":
        return None
    return token.strip()


def is_token_request(request: HttpRequest) -> bool:
    return bearer_token(request) is not None


def _api_path(request: HttpRequest) -> str:
    return "/" + request.path.removeprefix(reverse("api:api-root"))


def token_user(request: HttpRequest, *, scoped: bool = True) -> User:
    """The user of the request's token: 401 for a token that is malformed, unknown, expired,
    revoked or whose user is deactivated; with `scoped`, 403 for a request beyond the token's
    scope. Makes the token's user `request.user` and logs the use (the audit line)."""
    raw = bearer_token(request) or ""
    token = token_authenticate(raw, ip_address=client_ip(request))
    if token is None:
        raise HttpError(
            401, _("The API token is not valid: it is unknown, malformed, expired or revoked.")
        )
    allowed = permissions.token_may_request(token.scope, request.method or "", _api_path(request))
    logger.info(
        "api token use prefix=%s user=%s %s %s%s",
        token.prefix,
        token.user.username,
        request.method,
        request.path,
        "" if allowed or not scoped else " refused: scope",
    )
    if scoped and not allowed:
        raise HttpError(403, _("This API token may not do this: its scope does not allow it."))
    request.user = token.user
    return token.user


class TokenAuth(HttpBearer):
    """`Authorization: Bearer tipm_<prefix>_<secret>`: a personal API token."""

    openapi_bearerFormat = "tipm_<prefix>_<secret>"  # noqa: N815 (OpenAPI's name)
    openapi_description = (
        "A personal API token, made on the API tokens page and shown once. A `read` token "
        "reads; a `read_write_values` token also posts values. Tokens never read case records."
    )

    def __call__(self, request: HttpRequest) -> Any:
        if not is_token_request(request):
            return None
        return self.authenticate(request, bearer_token(request) or "")

    def authenticate(self, request: HttpRequest, token: str) -> User:
        return token_user(request)


# Every operation: a token or the session (the session's CSRF check stays on).
API_AUTH = [TokenAuth(), django_auth]
