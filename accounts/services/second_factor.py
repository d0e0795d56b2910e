"""The second factor: enrolling an authenticator with a one-time activation code, checking its
codes, and resetting it (ASVS 2.5, 2.7, 2.8)."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _lazy
from django_otp import devices_for_user
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import (
    ActivationChannel,
    ActivationCode,
    SecurityEvent,
    SecurityEventKind,
    User,
)

WRONG_CODE_MESSAGE = _lazy("That code is not right. Check your device's clock and try again.")
WAIT_MESSAGE = _lazy("Too many wrong codes. Wait a minute, then type the code your app shows now.")
WRONG_ACTIVATION_MESSAGE = _lazy(
    "That activation code is not valid: it may be mistyped, already used or expired. "
    "Ask your administrator for a new one."
)

# No 0/O, 1/I/L: the code is read aloud or copied from paper. 16 of 31 symbols: 79 bits.
ACTIVATION_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
ACTIVATION_LENGTH = 16


def activation_code_normalise(code: str) -> str:
    """What was typed, without the spaces and dashes people add, in capitals."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def activation_code_hash(code: str) -> str:
    return hashlib.sha256(activation_code_normalise(code).encode()).hexdigest()


@transaction.atomic
def activation_code_issue(
    *, user: User, channel: ActivationChannel = ActivationChannel.PRINTED
) -> str:
    """A new activation code for `user`, returned once in clear and kept only as a hash.

    Any earlier unused code stops working, so only the last one handed out is good. Valid for
    ACTIVATION_CODE_HOURS; an invitation link carries the same code.
    """
    now = timezone.now()
    ActivationCode.objects.filter(user=user, used_at__isnull=True).update(used_at=now)
    raw = "".join(secrets.choice(ACTIVATION_ALPHABET) for _ in range(ACTIVATION_LENGTH))
    ActivationCode.objects.create(
        user=user,
        code_hash=activation_code_hash(raw),
        channel=channel,
        expires_at=now + timedelta(hours=settings.ACTIVATION_CODE_HOURS),
    )
    return "-".join(raw[i : i + 4] for i in range(0, ACTIVATION_LENGTH, 4))


@transaction.atomic
def activation_code_redeem(*, user: User, code: str) -> TOTPDevice:
    """Use `user`'s activation code, once: a fresh device to enrol, else ValidationError.

    The code row is locked and marked used in one transaction, so two sessions racing with the
    same code cannot both pass. Devices left unconfirmed from before are removed: a QR code
    anyone saw earlier enrols nothing.
    """
    found = (
        ActivationCode.objects.select_for_update()
        .filter(user=user, code_hash=activation_code_hash(code), used_at__isnull=True)
        .first()
    )
    now = timezone.now()
    if found is None or found.expires_at <= now:
        raise ValidationError(WRONG_ACTIVATION_MESSAGE, code="wrong_activation")
    found.used_at = now
    found.save(update_fields=["used_at"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="default", confirmed=False)


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
def user_second_factor_reset(
    *,
    user: User,
    by: User | None = None,
    via: str = "command",
    channel: ActivationChannel = ActivationChannel.PRINTED,
) -> tuple[int, str]:
    """Remove every second-factor device of `user` (a lost phone) and issue the activation code
    that enrols the next one; returns how many devices went, and the code (shown once). A
    SECOND_FACTOR_RESET security event records who did it (`by`, None for the command line).

    Who may is the caller's to check (`accounts.services.people.user_second_factor_reset_by`
    for the pages). Sessions verified with a removed device stop counting as verified at once
    (django-otp looks the device up on every request).
    """
    devices = list(devices_for_user(user, confirmed=None))
    for device in devices:
        device.delete()
    SecurityEvent.objects.create(
        kind=SecurityEventKind.SECOND_FACTOR_RESET, actor=by, subject=user, via=via
    )
    return len(devices), activation_code_issue(user=user, channel=channel)
