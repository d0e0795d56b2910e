"""People: inviting users, (de)activating them, setting their roles, resetting their second
factor (issue 11), and accepting an invitation through its link.

Each change is one transaction and one or more security events (actor `by`, subject, `via`).
`by` is the person acting on a page; None is the command line, which may do everything. Who
may do what is asked of `accounts.permissions` (`may_manage_users`, `may_manage_user`,
`grantable_roles`, `may_grant_role`): a refusal is PermissionDenied, bad input a
ValidationError keyed by field. Nobody is ever deleted: one who leaves is deactivated.

An invitation is a user without a usable password and an ActivationCode of channel
INVITATION, e-mailed as a link (`invitation_url`). The link's page sets the password (or, after
a reset of the second factor, asks the one they have) and then enrols the authenticator; the
code is used up when the password step succeeds, so the link works once.
"""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import override
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import permissions
from accounts.models import (
    ActivationChannel,
    ActivationCode,
    Role,
    SecurityEvent,
    SecurityEventKind,
    User,
)
from accounts.services.lockout import login_attempt_begin, login_attempt_succeeded
from accounts.services.second_factor import (
    activation_code_hash,
    activation_code_issue,
    activation_code_redeem,
    user_second_factor_reset,
)
from accounts.services.users import (
    ROLE_REFUSED_MESSAGE,
    role_grant,
    role_withdraw,
    user_create,
)
from agencies.models import Agency

logger = logging.getLogger(__name__)

INVALID_LINK_MESSAGE = _lazy(
    "This link does not work: it has been used already, it has expired, or it was replaced by a "
    "newer one. Ask your agency's user manager or the national coordinator's office to send "
    "you a new one."
)
NO_EMAIL_MESSAGE = _lazy("This user has no e-mail address to send the link to.")
INACTIVE_MESSAGE = _lazy("This user is deactivated: reactivate them first.")
ALREADY_ENROLLED_MESSAGE = _lazy(
    "This user has already set up two-factor sign-in; to send a new link, reset their second "
    "factor."
)
WRONG_PASSWORD_MESSAGE = _lazy("That is not your password.")
LOCKED_MESSAGE = _lazy(
    "Too many wrong passwords. Wait %(minutes)s minutes, then try again; ask your agency's "
    "user manager if you cannot wait."
)


def _refuse_unless(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _may_manage(by: User | None, user: User) -> bool:
    return by is None or permissions.may_manage_user(by, user)


def _event(kind: SecurityEventKind, *, by: User | None, user: User, via: str) -> None:
    SecurityEvent.objects.create(kind=kind, actor=by, subject=user, via=via)


def _roles(roles: Iterable[Role | str]) -> list[Role]:
    try:
        return list(dict.fromkeys(Role(role) for role in roles))
    except ValueError:
        raise ValidationError({"roles": _lazy("Choose roles from the list.")}) from None


def _refuse_roles(by: User | None, allowed: list[Role], wanted: Iterable[Role]) -> None:
    if by is None:
        return
    for role in wanted:
        if role not in allowed:
            raise PermissionDenied(ROLE_REFUSED_MESSAGE % {"role": role.label})


# --- Reads --------------------------------------------------------------------------------


def invitation_url(code: str) -> str:
    """The absolute address of an invitation link, on TIPMONITOR_SITE_URL."""
    return settings.TIPMONITOR_SITE_URL.rstrip("/") + reverse("accounts:invitation", args=[code])


def pending_invitation(user: User) -> ActivationCode | None:
    """The link sent to `user` that still works (unused, unexpired), if any: the newest."""
    codes = ActivationCode.objects.filter(
        user=user,
        channel=ActivationChannel.INVITATION,
        used_at__isnull=True,
        expires_at__gt=timezone.now(),
    )
    return codes.order_by("-created_at", "-pk").first()


def invitation_lookup(code: str) -> ActivationCode | None:
    """The invitation a link's code opens (with its user), or None when the link does not
    work: unknown, used, replaced, expired, or its user deactivated."""
    return (
        ActivationCode.objects.select_related("user")
        .filter(
            code_hash=activation_code_hash(code),
            channel=ActivationChannel.INVITATION,
            used_at__isnull=True,
            expires_at__gt=timezone.now(),
            user__is_active=True,
            user__is_service_account=False,  # tokens only: no password to set
        )
        .first()
    )


def awaits_enrolment(user: User) -> bool:
    """Has not set up an authenticator yet: never accepted, or after a reset."""
    return not TOTPDevice.objects.filter(user=user, confirmed=True).exists()


# --- The invitation e-mail ------------------------------------------------------------------


def _send_link(*, user_id: int, code: str, by_id: int | None) -> None:
    """E-mail the link: an invitation, or (to someone who has a password: after a reset of
    the second factor) a link to enrol again. Runs after the commit: a failing mail server
    must not undo the user, whose page then offers to send the link again; it is logged."""
    user = User.objects.select_related("agency").get(pk=user_id)
    by = User.objects.filter(pk=by_id).first() if by_id else None
    with override(settings.LANGUAGE_CODE):
        params = {
            "name": user.display_name,
            "username": user.username,
            "agency": str(user.agency or "-"),
            "by": by.display_name if by else _("the system administrator"),
            "url": invitation_url(code),
            "hours": settings.ACTIVATION_CODE_HOURS,
        }
        if user.has_usable_password():
            subject = _("TIP Monitor: set up your two-factor sign-in")
            body = _(
                "Hello %(name)s,\n\n"
                "%(by)s sent you a link to set up the two-factor sign-in of your TIP Monitor "
                "account %(username)s (after a reset, or to finish setting it up). Open it, "
                "type your password, then set up your authenticator app:\n\n%(url)s\n\n"
                "The link works once, within %(hours)d hours. If you did not ask for this, "
                "tell your agency's user manager or the national coordinator's office."
            )
        else:
            subject = _("TIP Monitor: your invitation")
            body = _(
                "Hello %(name)s,\n\n"
                "%(by)s invited you to TIP Monitor for %(agency)s. Your user name is "
                "%(username)s. Open this link to choose your password and set up two-factor "
                "sign-in with an authenticator app on your phone:\n\n%(url)s\n\n"
                "The link works once, within %(hours)d hours. If you did not expect this "
                "message, ignore it."
            )
        message = body % params
    try:
        send_mail(subject % params, message, settings.DEFAULT_FROM_EMAIL, [user.email])
    except OSError:
        logger.exception("Could not e-mail the link of user %s", user_id)


def _issue_link(*, by: User | None, user: User) -> None:
    code = activation_code_issue(user=user, channel=ActivationChannel.INVITATION)
    by_id = by.pk if by else None
    transaction.on_commit(lambda: _send_link(user_id=user.pk, code=code, by_id=by_id))


def _require_email(user: User) -> None:
    if not user.email:
        raise ValidationError({"email": NO_EMAIL_MESSAGE})


# --- Writes ---------------------------------------------------------------------------------


@transaction.atomic
def user_invite(
    *,
    by: User | None,
    username: str,
    email: str,
    first_name: str = "",
    last_name: str = "",
    agency: Agency | None,
    roles: Iterable[Role | str],
    via: str = "page",
) -> User:
    """Create a user of `agency` holding `roles`, without a password, and e-mail them the link
    that sets it and their second factor. Events: a ROLE_GRANTED per role and INVITED."""
    if by is not None and not permissions.may_manage_users(by):
        raise PermissionDenied
    username, email = username.strip(), email.strip()
    errors: dict[str, list[str]] = {}
    if problems := username_problems(username):
        errors["username"] = problems
    if not email:
        errors["email"] = [_("Type the e-mail address the invitation goes to.")]
    else:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = [_("That is not an e-mail address.")]
    if agency is None:
        errors["agency"] = [_("Choose the user's agency.")]
    try:
        wanted = _roles(roles)
    except ValidationError as error:
        errors.update(error.message_dict)
    else:
        if not wanted:
            errors["roles"] = [_("Give the user at least one role.")]
    if errors:
        raise ValidationError(errors)
    assert agency is not None
    if by is not None:
        _refuse_roles(by, permissions.grantable_roles(by, agency.pk), wanted)
    user = user_create(
        username=username,
        password=None,
        agency=agency,
        roles=wanted,
        email=email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        created_by=by,
        via=via,
    )
    _event(SecurityEventKind.INVITED, by=by, user=user, via=via)
    _issue_link(by=by, user=user)
    return user


@transaction.atomic
def invitation_send(*, by: User | None, user: User, via: str = "page") -> None:
    """E-mail `user` a new link (the one sent before stops working): for someone who has not
    accepted yet, or has not enrolled again after a reset of their second factor."""
    _refuse_unless(_may_manage(by, user))
    if not user.is_active:
        raise ValidationError(INACTIVE_MESSAGE, code="inactive")
    _require_email(user)
    if not awaits_enrolment(user):
        raise ValidationError(ALREADY_ENROLLED_MESSAGE, code="enrolled")
    _event(SecurityEventKind.INVITED, by=by, user=user, via=via)
    _issue_link(by=by, user=user)


@transaction.atomic
def user_deactivate(*, by: User | None, user: User, via: str = "page") -> None:
    """Close the account (never deleted: their work and history stay). Their sessions end at
    their next request (Django refuses an inactive user), and any link sent stops working."""
    _refuse_unless(_may_manage(by, user))
    if not user.is_active:
        return
    user.is_active = False
    user.save(update_fields=["is_active"])
    ActivationCode.objects.filter(user=user, used_at__isnull=True).update(used_at=timezone.now())
    _event(SecurityEventKind.DEACTIVATED, by=by, user=user, via=via)


@transaction.atomic
def user_reactivate(*, by: User | None, user: User, via: str = "page") -> None:
    """Open a deactivated account again, with the roles and authenticator it had."""
    _refuse_unless(_may_manage(by, user))
    if user.is_active:
        return
    user.is_active = True
    user.save(update_fields=["is_active"])
    _event(SecurityEventKind.REACTIVATED, by=by, user=user, via=via)


@transaction.atomic
def user_roles_set(
    *, by: User | None, user: User, roles: Iterable[Role | str], via: str = "page"
) -> None:
    """Make `user` hold exactly `roles`: the difference is granted and withdrawn (an event
    each). Every role added or taken away must be one `by` may grant."""
    _refuse_unless(_may_manage(by, user))
    wanted = set(_roles(roles))
    if not wanted:
        raise ValidationError({"roles": _lazy("Give the user at least one role.")})
    held = {Role(role) for role in user.role_grants.values_list("role", flat=True)}
    added, withdrawn = wanted - held, held - wanted
    if by is not None:
        allowed = [role for role in Role if permissions.may_grant_role(by, user, role)]
        _refuse_roles(by, allowed, sorted(added | withdrawn))
    for role in sorted(withdrawn):
        role_withdraw(user=user, role=role, withdrawn_by=by, via=via)
    for role in sorted(added):
        role_grant(user=user, role=role, granted_by=by, via=via)
    if Role.ADMINISTRATOR in added | withdrawn:
        user.is_staff = user.is_superuser = Role.ADMINISTRATOR in wanted
        user.save(update_fields=["is_staff", "is_superuser"])


@transaction.atomic
def user_second_factor_reset_by(*, by: User | None, user: User, via: str = "page") -> int:
    """Remove `user`'s authenticators (a lost phone) and e-mail them a link that enrols a new
    one after their password; returns how many devices went. Event SECOND_FACTOR_RESET."""
    _refuse_unless(_may_manage(by, user))
    if not user.is_active:
        raise ValidationError(INACTIVE_MESSAGE, code="inactive")
    _require_email(user)
    removed, code = user_second_factor_reset(
        user=user, by=by, via=via, channel=ActivationChannel.INVITATION
    )
    by_id = by.pk if by else None
    transaction.on_commit(lambda: _send_link(user_id=user.pk, code=code, by_id=by_id))
    return removed


def invitation_redeem(
    *, code: str, password: str, password_again: str | None = None
) -> tuple[User, TOTPDevice]:
    """The password step of a link: the user and the unconfirmed device they enrol next.

    A user without a usable password (an invitation) chooses one (`password`, typed twice,
    through the password validators); one who has a password (after a reset of the second
    factor) types it, counted by the sign-in lockout like a sign-in, so a read mailbox is no
    way to guess it. Then the code is used up (the link works once) and a fresh device made
    for the authenticator step: INVITATION_ACCEPTED event. A link that does not work is a
    ValidationError with code "invalid_link", saying nothing about whose it was.
    """
    found = invitation_lookup(code)
    if found is None:
        raise ValidationError(INVALID_LINK_MESSAGE, code="invalid_link")
    if found.user.has_usable_password():
        _check_current_password(found.user, password)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=found.user_id)
        if not user.has_usable_password():
            _set_first_password(user, password, password_again)
        try:
            device = activation_code_redeem(user=user, code=code)
        except ValidationError:  # used by a parallel request since the lookup
            raise ValidationError(INVALID_LINK_MESSAGE, code="invalid_link") from None
        _event(SecurityEventKind.INVITATION_ACCEPTED, by=user, user=user, via="page")
    return user, device


def _check_current_password(user: User, password: str) -> None:
    """Outside any transaction: a wrong password must stay counted."""
    attempt = login_attempt_begin(username=user.username, ip_address=None)
    if attempt is None:
        raise ValidationError(
            {"password": LOCKED_MESSAGE % {"minutes": settings.LOGIN_LOCKOUT_MINUTES}}
        )
    if not user.check_password(password):
        raise ValidationError({"password": WRONG_PASSWORD_MESSAGE})
    login_attempt_succeeded(attempt_id=attempt, username=user.username)


def _set_first_password(user: User, password: str, password_again: str | None) -> None:
    if password != (password_again or ""):
        raise ValidationError({"password_again": _("The two passwords differ.")})
    try:
        validate_password(password, user=user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from None
    user.set_password(password)
    user.save(update_fields=["password"])


def invitation_accept(*, code: str, password: str, password_again: str | None = None) -> User:
    """`invitation_redeem` for callers that need only the user."""
    user, _device = invitation_redeem(code=code, password=password, password_again=password_again)
    return user


def username_problems(username: str) -> list[str]:
    """Why `username` (already stripped) cannot name a new user, or []: the one rule for the
    invitation, the user import and a service account."""
    if not username:
        return [_("Type a user name.")]
    try:
        User.username_validator(username)
        if len(username) > 150:
            raise ValidationError(_("A user name has at most 150 characters."))
    except ValidationError as error:
        return list(error.messages)
    if User.objects.filter(username__iexact=username).exists():
        return [_("That user name is taken; choose another.")]
    return []
