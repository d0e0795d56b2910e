"""Writes about accounts: login failures and lockout, users and their roles."""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _lazy
from django_otp import devices_for_user
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import LoginFailure, Role, RoleGrant, User
from agencies.models import Agency


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


def login_failure_record(*, username: str, ip_address: str | None) -> None:
    LoginFailure.objects.create(username=username[:150], ip_address=ip_address)
    LoginFailure.objects.filter(at__lt=timezone.now() - timedelta(days=30)).delete()


def login_failures_clear(*, username: str) -> None:
    LoginFailure.objects.filter(username__iexact=username).delete()


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str | None,
    agency: Agency | None,
    roles: list[Role],
    email: str = "",
    first_name: str = "",
    last_name: str = "",
) -> User:
    """Create a user holding `roles`; administrators also get Django admin access.

    `password` must pass the password validators (ASVS 2.1: at least 12 characters, not a
    common or all-numeric one, not like the user's name); None leaves the account without a
    usable password until one is set. Refused with a ValidationError, nothing stored, when the
    name is taken, no role is given or the password is weak.
    """
    if not roles:
        raise ValidationError(_lazy("Give the user at least one role."), code="no_role")
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(
            _lazy("A user named %(username)s already exists."),
            code="duplicate",
            params={"username": username},
        )
    is_admin = Role.ADMINISTRATOR in roles
    user = User(
        username=username,
        agency=agency,
        email=email,
        first_name=first_name,
        last_name=last_name,
        is_staff=is_admin,
        is_superuser=is_admin,
    )
    if password is not None:
        validate_password(password, user=user)
    user.password = make_password(password)
    user.save()
    RoleGrant.objects.bulk_create([RoleGrant(user=user, role=role) for role in set(roles)])
    return user


WRONG_CODE_MESSAGE = _lazy("That code is not right. Check your device's clock and try again.")
WAIT_MESSAGE = _lazy("Too many wrong codes. Wait a minute, then type the code your app shows now.")


def second_factor_verify(*, device: TOTPDevice, token: str) -> None:
    """Accept `token` from `device`, confirming a device being enrolled; else ValidationError.

    django-otp refuses a code already used (ASVS 2.8.4) and, after each wrong code, every code
    for an exponentially growing delay (ASVS 2.2.1), so six digits cannot be guessed. Not
    atomic on purpose: a wrong code must leave its throttling count behind.
    """
    allowed, _details = device.verify_is_allowed()
    if not allowed:
        raise ValidationError(WAIT_MESSAGE, code="throttled")
    if not device.verify_token(token):
        raise ValidationError(WRONG_CODE_MESSAGE, code="wrong_code")
    totp_device_confirm(device=device)


def totp_device_confirm(*, device: TOTPDevice) -> None:
    if not device.confirmed:
        device.confirmed = True
        device.save(update_fields=["confirmed"])


@transaction.atomic
def user_second_factor_reset(*, user: User) -> int:
    """Remove every second-factor device of `user` (a lost phone); returns how many.

    Sessions verified with a removed device stop counting as verified at once (django-otp
    looks the device up on every request), and the next sign-in enrols a new device.
    """
    devices = list(devices_for_user(user, confirmed=None))
    for device in devices:
        device.delete()
    return len(devices)
