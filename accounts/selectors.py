import io
from base64 import b32encode

import qrcode
import qrcode.image.svg
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User


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
