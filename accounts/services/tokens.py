"""Personal API tokens and service accounts (docs/api.md, "Signing in").

A token is `tipm_<prefix>_<secret>`: the prefix (public, 12 characters) finds the row and
names the token in lists and logs; the secret (32 random bytes) is kept only as its SHA-256
and compared in constant time. The whole token is returned once, by `token_create`.
"""

import hashlib
import hmac
import logging
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import permissions
from accounts.models import (
    ApiToken,
    Role,
    SecurityEvent,
    SecurityEventKind,
    TokenScope,
    User,
)
from accounts.services.people import username_problems
from accounts.services.users import role_grant
from agencies.models import Agency

logger = logging.getLogger("tipmonitor.api.tokens")

TOKEN_PREFIX = "tipm"  # noqa: S105 (the tokens' public marker, no secret)
DEFAULT_DAYS = 90
MAX_DAYS = 365
# last_used_at is written at most this often per token: a busy script must not write a row
# per request.
LAST_USE_EVERY = timedelta(minutes=1)
_TOKEN = re.compile(r"tipm_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})")


@dataclass(frozen=True)
class CreatedToken:
    token: ApiToken
    # The whole token: shown once, never stored.
    plain: str


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _new_prefix() -> str:
    alphabet = "abcdefghijkmnopqrstuvwxyz23456789"  # no 0/O, 1/l
    return "".join(secrets.choice(alphabet) for _unused in range(12))


def _expiry(days: int | None) -> timedelta:
    days = DEFAULT_DAYS if days is None else days
    if not 1 <= days <= MAX_DAYS:
        raise ValidationError(
            {"days": [_("A token lasts from 1 to %(max)d days.") % {"max": MAX_DAYS}]}
        )
    return timedelta(days=days)


def _event(kind: str, *, by: User | None, subject: User, via: str) -> None:
    SecurityEvent.objects.create(kind=kind, actor=by, subject=subject, via=via)


@transaction.atomic
def token_create(
    *, by: User, owner: User, name: str, scope: str, days: int | None = None, via: str = "tokens"
) -> CreatedToken:
    """A new token of `owner` (oneself, or a service account for the coordinator); refused
    with PermissionDenied otherwise and with a ValidationError (by field) for a bad name,
    scope or lifetime. Event TOKEN_CREATED."""
    if not permissions.may_manage_tokens_of(by, owner):
        raise PermissionDenied
    name = name.strip()
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [_("Name the token after what uses it (a script, a server).")]
    elif len(name) > ApiToken._meta.get_field("name").max_length:  # type: ignore[operator]
        errors["name"] = [_("A token's name has at most 100 characters.")]
    if scope not in TokenScope.values:
        errors["scope"] = [_("Choose what the token may do.")]
    try:
        lifetime = _expiry(days)
    except ValidationError as error:
        errors |= error.message_dict
    if errors:
        raise ValidationError(errors)
    prefix = _new_prefix()
    while ApiToken.objects.filter(prefix=prefix).exists():
        prefix = _new_prefix()
    secret = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=owner,
        name=name,
        prefix=prefix,
        secret_hash=secret_hash(secret),
        scope=scope,
        created_by=by,
        expires_at=timezone.now() + lifetime,
    )
    _event(SecurityEventKind.TOKEN_CREATED, by=by, subject=owner, via=via)
    return CreatedToken(token=token, plain=f"{TOKEN_PREFIX}_{prefix}_{secret}")


@transaction.atomic
def token_revoke(*, by: User, token: ApiToken, via: str = "tokens") -> None:
    """Revoke a token at once (already revoked: nothing happens). Event TOKEN_REVOKED."""
    if not permissions.may_manage_tokens_of(by, token.user):
        raise PermissionDenied
    if token.revoked_at is not None:
        return
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    _event(SecurityEventKind.TOKEN_REVOKED, by=by, subject=token.user, via=via)


def token_authenticate(raw: str, *, ip_address: str | None) -> ApiToken | None:
    """The token `raw` names, if it is well formed, known, not revoked, not expired and its
    user active; else None, with a TOKEN_REFUSED event for a token whose prefix names its
    user (a wrong secret too); an unknown or malformed one names nobody and is only logged.
    Records the last use at most once a minute."""
    match = _TOKEN.fullmatch(raw.strip())
    if match is None:
        logger.warning("api token refused: malformed")
        return None
    prefix, secret = match.groups()
    token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
    if token is None:
        logger.warning("api token refused: unknown prefix=%s", prefix)
        return None
    now = timezone.now()
    reason = (
        "wrong secret"
        if not hmac.compare_digest(token.secret_hash, secret_hash(secret))
        else "revoked"
        if token.revoked_at is not None
        else "expired"
        if token.expires_at <= now
        else "inactive user"
        if not token.user.is_active
        else ""
    )
    if reason:
        logger.warning("api token refused: %s prefix=%s", reason, prefix)
        _event(SecurityEventKind.TOKEN_REFUSED, by=None, subject=token.user, via="api")
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USE_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now, last_used_ip=ip_address)
        token.last_used_at, token.last_used_ip = now, ip_address
    return token


@transaction.atomic
def service_account_create(*, by: User, username: str, agency: Agency | None) -> User:
    """A service account of `agency` (the coordinator only): no password, no e-mail, the
    agency reporter role; it signs in nowhere and reaches the API only with the tokens the
    coordinator makes for it. Events SERVICE_ACCOUNT_CREATED and ROLE_GRANTED."""
    if not permissions.may_create_service_accounts(by):
        raise PermissionDenied
    username = username.strip()
    errors: dict[str, list[str]] = {}
    if problems := username_problems(username):
        errors["username"] = problems
    if agency is None:
        errors["agency"] = [_("Choose the agency the service account reports for.")]
    if errors:
        raise ValidationError(errors)
    account = User(username=username, agency=agency, is_service_account=True)
    account.set_unusable_password()
    account.save()
    _event(SecurityEventKind.SERVICE_ACCOUNT_CREATED, by=by, subject=account, via="tokens")
    role_grant(user=account, role=Role.REPORTER, granted_by=by, via="tokens")
    return account
