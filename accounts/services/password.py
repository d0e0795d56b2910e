"""A signed-in user changes their own password (ASVS 6.2.2, 6.2.3; notice: 6.3.7).

The current password is asked first and counted by the sign-in lockout like a sign-in, so a
stolen session is no way to guess it; the new one goes through AUTH_PASSWORD_VALIDATORS and
may not be the current one. Changing it changes the session hash Django keeps in every
session, so the user's other sessions end at their next request; the view keeps its own
(`update_session_auth_hash`). A SecurityEvent PASSWORD_CHANGED is written and the user is
e-mailed after the commit: a failing mail server does not undo the change, it is logged.
"""

import logging

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import override

from accounts.models import SecurityEvent, SecurityEventKind, User
from accounts.services.lockout import login_attempt_begin, login_attempt_succeeded
from accounts.services.people import LOCKED_MESSAGE

logger = logging.getLogger(__name__)

NO_CURRENT_MESSAGE = _lazy("Type your current password.")
WRONG_CURRENT_MESSAGE = _lazy("That is not your current password.")
NO_NEW_MESSAGE = _lazy("Type the new password.")
DIFFERENT_MESSAGE = _lazy("The two new passwords differ.")
SAME_MESSAGE = _lazy("The new password is your current one: choose another.")


def password_change(
    *, user: User, current: str, new: str, new_again: str, ip_address: str | None = None
) -> None:
    """Give `user` the password `new` (typed twice) after checking `current`.

    Bad input is a ValidationError keyed by field: "current_password", "new_password",
    "new_password_again". The current password is checked outside any transaction, so a
    wrong one stays counted by the lockout (by name and by `ip_address`, as on the sign-in
    page); once the lockout holds, it is not checked at all.
    """
    if not current:
        raise ValidationError({"current_password": NO_CURRENT_MESSAGE})
    attempt = login_attempt_begin(username=user.username, ip_address=ip_address)
    if attempt is None:
        raise ValidationError(
            {"current_password": LOCKED_MESSAGE % {"minutes": settings.LOGIN_LOCKOUT_MINUTES}}
        )
    if not user.check_password(current):
        raise ValidationError({"current_password": WRONG_CURRENT_MESSAGE})
    login_attempt_succeeded(attempt_id=attempt, username=user.username)
    _check_new(user, current=current, new=new, new_again=new_again)
    with transaction.atomic():
        user.set_password(new)
        user.save(update_fields=["password"])
        SecurityEvent.objects.create(
            kind=SecurityEventKind.PASSWORD_CHANGED, actor=user, subject=user, via="page"
        )
        user_id, changed_at = user.pk, timezone.now()
        transaction.on_commit(lambda: _send_notice(user_id=user_id, changed_at=changed_at))


def _check_new(user: User, *, current: str, new: str, new_again: str) -> None:
    errors: dict[str, list[str]] = {}
    if not new:
        errors["new_password"] = [str(NO_NEW_MESSAGE)]
    elif new == current:
        errors["new_password"] = [str(SAME_MESSAGE)]
    else:
        try:
            validate_password(new, user=user)
        except ValidationError as error:
            errors["new_password"] = error.messages
    if new and new != new_again:
        errors["new_password_again"] = [str(DIFFERENT_MESSAGE)]
    if errors:
        raise ValidationError(errors)


def _send_notice(*, user_id: int, changed_at) -> None:
    """Tell the owner of the account, in case it was not them (ASVS 6.3.7)."""
    user = User.objects.get(pk=user_id)
    if not user.email:
        logger.warning("User %s changed their password but has no e-mail address", user_id)
        return
    with override(settings.LANGUAGE_CODE):
        params = {
            "name": user.display_name,
            "username": user.username,
            "when": date_format(timezone.localtime(changed_at), "DATETIME_FORMAT"),
        }
        subject = _("TIP Monitor: your password was changed")
        body = _(
            "Hello %(name)s,\n\n"
            "The password of your TIP Monitor account %(username)s was changed on %(when)s. "
            "If you did this, there is nothing more to do.\n\n"
            "If you did not, someone else may be using your account: tell your agency's user "
            "manager or the national coordinator's office at once, so that they deactivate "
            "the account and reset its second factor. This message was sent to the address "
            "of your account; do not reply to it with any password."
        )
        message = body % params
    try:
        send_mail(subject, message, settings.DEFAULT_FROM_EMAIL, [user.email])
    except OSError:
        logger.exception("Could not e-mail user %s that their password was changed", user_id)
