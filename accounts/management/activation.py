"""What `add-user` and `reset-2fa` print about the activation code they issue."""

from django.conf import settings
from django.utils.translation import gettext as _

from accounts.models import User


def activation_message(user: User, code: str) -> str:
    return _(
        "Activation code for %(username)s: %(code)s\n"
        "Shown only now. Give it to them apart from the password (in person or by phone); "
        "they type it once, before setting up their authenticator app. It expires in "
        "%(hours)d hours; `reset-2fa %(username)s` issues a new one."
    ) % {"username": user.username, "code": code, "hours": settings.ACTIVATION_CODE_HOURS}
