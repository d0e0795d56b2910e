import io
from base64 import b32encode

import qrcode
import qrcode.image.svg
from django.core.exceptions import PermissionDenied
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import permissions
from accounts.models import Role, SecurityEvent, User


def confirmed_totp_device(*, user: User) -> TOTPDevice | None:
    """The device the user enrolled, if any: the one whose codes sign them in."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id").first()


def enrolment_device(*, user: User, device_id: object) -> TOTPDevice | None:
    """The unconfirmed device an activation code made for this session, if still there."""
    if not isinstance(device_id, int):
        return None
    return TOTPDevice.objects.filter(user=user, pk=device_id, confirmed=False).first()


def totp_qr_svg(*, device: TOTPDevice) -> str:
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    buffer = io.BytesIO()
    image.save(buffer)
    # Inlined into an HTML page, where an XML declaration has no place.
    return buffer.getvalue().decode().split("?>", 1)[-1].strip()


def totp_secret_base32(*, device: TOTPDevice) -> str:
    return b32encode(device.bin_key).decode()


def only_coordinator() -> User | None:
    """The instance's coordinator when there is exactly one active: whom a command or a
    scheduled job acts for when nobody is named."""
    coordinators = list(
        User.objects.filter(is_active=True, role_grants__role=Role.COORDINATOR).distinct()[:2]
    )
    return coordinators[0] if len(coordinators) == 1 else None


SECURITY_EVENTS_SHOWN = 100


def security_events_for(user: User) -> list[SecurityEvent]:
    """The latest changes to who may do what, newest first: the coordinator's to read, on the
    audit page beside the reads of case data (the roles that open them)."""
    if not permissions.reads_all_cases(user):
        raise PermissionDenied
    events = SecurityEvent.objects.select_related("actor", "subject", "subject__agency")
    return list(events.order_by("-at", "-pk")[:SECURITY_EVENTS_SHOWN])
