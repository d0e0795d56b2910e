"""Login failures and lockout (ASVS 2.2.1), counted so that parallel attempts cannot outrun it.

Every attempt is recorded as a failure *before* its password is checked, inside a transaction
that holds a lock per name typed and per client address; the check that comes next counts it.
So twenty simultaneous wrong passwords queue on the lock, and only the first few get their
password checked at all. A right password turns its own row, and the failures counted before
it, into nothing; failures counted after it (a parallel burst) stay.
"""

import hashlib
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import LoginFailure

KEEP_FAILURES = timedelta(days=30)


def _window_start() -> datetime:
    return timezone.now() - timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)


def login_is_locked(*, username: str, ip_address: str | None = None) -> bool:
    """True while the account, or the address the attempt comes from, has had too many
    failures within the lockout window.

    Counted by the name typed, whether or not such a user exists, so the answer tells an
    attacker nothing about which accounts are real. The per-address count stops one machine
    trying one common password against many names (password spraying), which the per-name
    count alone would never notice.
    """
    recent = LoginFailure.objects.filter(at__gte=_window_start())
    if recent.filter(username__iexact=username).count() >= settings.LOGIN_LOCKOUT_ATTEMPTS:
        return True
    if ip_address is None:
        return False
    return recent.filter(ip_address=ip_address).count() >= settings.LOGIN_LOCKOUT_IP_ATTEMPTS


def _lock(keys: list[str]) -> None:
    """Serialise attempts on the same name or address until the transaction ends.

    PostgreSQL: a transaction-scoped advisory lock per key (no table that an attacker could
    grow by typing names), taken in one order so two attempts never wait on each other.
    SQLite: every transaction starts IMMEDIATE (settings), which already serialises writers.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for key in sorted(keys):
            digest = hashlib.sha256(key.encode()).digest()
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s)", [int.from_bytes(digest[:8], "big", signed=True)]
            )


def login_attempt_begin(*, username: str, ip_address: str | None) -> int | None:
    """Count an attempt before its password is checked: its row's id, or None when the name
    or the address is locked (then the password must not be checked at all)."""
    keys = [f"user:{username.lower()}"] + ([f"ip:{ip_address}"] if ip_address else [])
    with transaction.atomic():
        _lock(keys)
        if login_is_locked(username=username, ip_address=ip_address):
            return None
        attempt = LoginFailure.objects.create(username=username[:150], ip_address=ip_address)
    LoginFailure.objects.filter(at__lt=timezone.now() - KEEP_FAILURES).delete()
    return attempt.pk


def login_attempt_succeeded(*, attempt_id: int, username: str) -> None:
    """The password was right: forget this attempt and the failures counted before it. Those
    counted after it belong to attempts still running, and stay."""
    LoginFailure.objects.filter(username__iexact=username, pk__lte=attempt_id).delete()


def login_attempt_discard(*, attempt_id: int) -> None:
    """Neither a failure nor a success (a right password for an account that may not sign in
    here): the attempt does not count."""
    LoginFailure.objects.filter(pk=attempt_id).delete()


def login_failures_clear(*, username: str) -> None:
    LoginFailure.objects.filter(username__iexact=username).delete()
