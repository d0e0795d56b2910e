import io
from base64 import b32encode

import qrcode
import qrcode.image.svg
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Role, User


def totp_device_for_login(*, user: User) -> TOTPDevice:
    """The user's confirmed device, else the pending one made for enrolment."""
    device = TOTPDevice.objects.filter(user=user).order_by("-confirmed", "id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="default", confirmed=False)
    return device


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
