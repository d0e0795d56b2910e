"""Users and their roles. Every role granted or withdrawn is a security event; one that opens
case data is also e-mailed to the coordinators (ASVS 7.1.3, 4.1.3). Nobody grants a role to
themselves, whatever the way in (admin, service, command), and nobody grants a role that
`accounts.permissions.may_grant_role` does not allow them (the command line asks nobody)."""

import logging

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import override

from accounts import permissions
from accounts.models import Role, RoleGrant, SecurityEvent, SecurityEventKind, User
from agencies.models import Agency

logger = logging.getLogger(__name__)

# The roles that open victims' case records (accounts.permissions decides who grants them).
CASE_READING_ROLES = permissions.CASE_READING_ROLES

SELF_GRANT_MESSAGE = _lazy("Nobody may grant or withdraw a role of their own.")
ROLE_REFUSED_MESSAGE = _lazy(
    "You may not grant or withdraw the role %(role)s for this user. Roles that open case "
    "records are the coordinator's to grant; an agency's user manager grants the reporting "
    "roles to the users of that agency."
)


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
    created_by: User | None = None,
    via: str = "command",
) -> User:
    """Create a user holding `roles`; administrators also get Django admin access.

    `password` must pass the password validators (ASVS 2.1: at least 12 characters, not a
    common or all-numeric one, not like the user's name); None leaves the account without a
    usable password until one is set. Refused with a ValidationError, nothing stored, when the
    name is taken, no role is given or the password is weak. Each role is granted through
    `role_grant`, so it is logged (and reported) like any other.
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
    for role in sorted(set(roles)):
        role_grant(user=user, role=role, granted_by=created_by, via=via)
    return user


def _refuse_self(*, user: User, by: User | None, role: Role, via: str) -> None:
    if by is None:  # a command run on the server by whoever may run it
        return
    if by.pk == user.pk:
        SecurityEvent.objects.create(
            kind=SecurityEventKind.ROLE_REFUSED, actor=by, subject=user, role=role, via=via
        )
        raise ValidationError(SELF_GRANT_MESSAGE, code="self_grant")
    if not permissions.may_grant_role(by, user, role):
        raise PermissionDenied(ROLE_REFUSED_MESSAGE % {"role": Role(role).label})


def _forget_roles(user: User) -> None:
    if hasattr(user, "_roles_cache"):
        del user._roles_cache


def role_grant(*, user: User, role: Role, granted_by: User | None, via: str) -> RoleGrant:
    """Give `user` the role (nothing happens if they hold it): a security event, e-mailed to
    the coordinators when the role opens case data. Refused when `granted_by` is `user`
    (ValidationError, logged) or may not grant it (PermissionDenied); None is the command
    line."""
    _refuse_self(user=user, by=granted_by, role=role, via=via)  # the refusal stays logged
    with transaction.atomic():
        grant, created = RoleGrant.objects.get_or_create(user=user, role=role)
        _forget_roles(user)
        if created:
            event = SecurityEvent.objects.create(
                kind=SecurityEventKind.ROLE_GRANTED,
                actor=granted_by,
                subject=user,
                role=role,
                via=via,
            )
            if role in CASE_READING_ROLES:
                transaction.on_commit(lambda: _tell_coordinators(event.pk))
    return grant


def role_withdraw(*, user: User, role: Role, withdrawn_by: User | None, via: str) -> None:
    """Take the role from `user`: a security event. Refused like `role_grant`."""
    _refuse_self(user=user, by=withdrawn_by, role=role, via=via)
    with transaction.atomic():
        deleted, _rows = RoleGrant.objects.filter(user=user, role=role).delete()
        _forget_roles(user)
        if not deleted:
            return
        SecurityEvent.objects.create(
            kind=SecurityEventKind.ROLE_WITHDRAWN,
            actor=withdrawn_by,
            subject=user,
            role=role,
            via=via,
        )


def coordinators_emails() -> list[str]:
    users = User.objects.filter(is_active=True, role_grants__role=Role.COORDINATOR).exclude(
        email=""
    )
    return sorted(set(users.values_list("email", flat=True)))


def _tell_coordinators(event_id: int) -> None:
    """E-mail the coordinators that a role opening case data was granted. A failing mail
    server must not undo the grant, which is logged either way."""
    event = SecurityEvent.objects.select_related("actor", "subject").get(pk=event_id)
    recipients = coordinators_emails()
    if not recipients:
        return
    with override(settings.LANGUAGE_CODE):
        params = {
            "role": Role(event.role).label,
            "username": event.subject.username,
            "agency": str(event.subject.agency or "-"),
            "by": event.actor.username if event.actor else _("a command on the server"),
            "via": event.via_label,
            "at": timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M %Z"),
        }
        subject = _("TIP Monitor: %(username)s was given the role %(role)s") % params
        body = (
            _(
                "%(username)s (%(agency)s) was given the role %(role)s, which opens victims' case "
                "records, by %(by)s through %(via)s at %(at)s.\n\n"
                "If you did not expect this, withdraw the role and tell your administrator. "
                "Every role change is listed in the audit log."
            )
            % params
        )
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    except OSError:
        logger.exception("Could not e-mail the coordinators about security event %s", event_id)
