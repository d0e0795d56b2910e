import io
from base64 import b32encode
from dataclasses import dataclass

import qrcode
import qrcode.image.svg
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, NullIf
from django.http import Http404
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import permissions
from accounts.models import (
    ActivationChannel,
    ActivationCode,
    ApiToken,
    Role,
    RoleGrant,
    SecurityEvent,
    User,
)
from agencies.models import Agency


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


# --- People pages: the users a coordinator or an agency's user manager manages -----------------

PEOPLE_PAGE_SIZE = 50
PERSON_EVENTS_PAGE_SIZE = 25


@dataclass(frozen=True)
class PeopleFilters:
    """What the people list is narrowed to; empty values narrow nothing."""

    agency_id: int | None = None
    role: str = ""
    status: str = ""  # "active", "inactive" or "" for both
    search: str = ""


def people_scope(user: User) -> QuerySet[User]:
    """Every user `user` may look up on the people pages: every user for the coordinator, the
    users of their own agency for a user manager. PermissionDenied for anyone else."""
    if not permissions.may_manage_users(user):
        raise PermissionDenied
    agency_id = permissions.managed_agency_id(user)
    users = User.objects.all()
    if agency_id is not None:
        users = users.filter(agency_id=agency_id)
    return users


def people_for(user: User, filters: PeopleFilters) -> QuerySet[User]:
    """The people list: name, agency, roles, last sign-in, second factor and invitation, in
    a fixed number of queries however many users there are."""
    people = people_scope(user)
    if filters.agency_id is not None:
        people = people.filter(agency_id=filters.agency_id)
    if filters.role:
        people = people.filter(role_grants__role=filters.role)
    if filters.status == "active":
        people = people.filter(is_active=True)
    elif filters.status == "inactive":
        people = people.filter(is_active=False)
    for word in filters.search.split():
        people = people.filter(
            Q(username__icontains=word)
            | Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(email__icontains=word)
        )
    return (
        _with_account_state(people)
        .select_related("agency")
        .prefetch_related(Prefetch("role_grants", RoleGrant.objects.order_by("role")))
        # By family name; someone without names (a bare username) by their username.
        .order_by(
            Coalesce(NullIf("last_name", Value("")), "username"), "first_name", "username", "pk"
        )
    )


def person_for(user: User, person_id: int) -> User:
    """One person as the people pages show them; Http404 when `user` may not look them up
    (another agency's user is not even said to exist)."""
    scope = _with_account_state(people_scope(user))
    person = scope.select_related("agency").filter(pk=person_id).first()
    if person is None:
        raise Http404
    return person


def person_to_manage(user: User, person_id: int) -> User:
    """A person `user` may change (roles, deactivation, second factor, invitation):
    Http404 outside their reach, PermissionDenied for one they may only look at (themselves,
    or someone holding a role they may not grant)."""
    person = person_for(user, person_id)
    if not permissions.may_manage_user(user, person):
        raise PermissionDenied
    return person


def person_events_for(user: User, person: User) -> QuerySet[SecurityEvent]:
    """The audit trail of `person`: what was done to them and what they did, newest first.
    What they did to users outside `user`'s reach stays out (it would name those users)."""
    scope = people_scope(user)
    done = Q(actor=person)
    if permissions.managed_agency_id(user) is not None:
        done &= Q(subject__in=scope)
    events = SecurityEvent.objects.filter(Q(subject=person) | done)
    return events.select_related("actor", "subject").order_by("-at", "-pk")


def invitation_of(person: User) -> ActivationCode | None:
    """The newest invitation link not used yet, expired or not: what the person page says
    about it (sent, expires or expired)."""
    codes = ActivationCode.objects.filter(
        user=person, channel=ActivationChannel.INVITATION, used_at__isnull=True
    )
    return codes.order_by("-created_at", "-pk").first()


def agencies_for_people(user: User) -> QuerySet[Agency]:
    """The agencies a manager picks from: every agency for the coordinator, their own for a
    user manager."""
    agency_id = permissions.managed_agency_id(user)
    agencies = Agency.objects.order_by("code")
    if agency_id is not None:
        agencies = agencies.filter(pk=agency_id)
    return agencies


def _with_account_state(users: QuerySet[User]) -> QuerySet[User]:
    """Annotate `has_second_factor` and `invitation_expires_at` (of the newest unused
    invitation link; None when there is none)."""
    invitations = ActivationCode.objects.filter(
        user=OuterRef("pk"), channel=ActivationChannel.INVITATION, used_at__isnull=True
    ).order_by("-created_at", "-pk")
    return users.annotate(
        has_second_factor=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
        invitation_expires_at=Subquery(invitations.values("expires_at")[:1]),
    )


# --- API tokens and service accounts ------------------------------------------------------------


def tokens_of(user: User, owner: User) -> QuerySet[ApiToken]:
    """`owner`'s tokens as `user` lists them (prefix, name, scope, dates; never a secret),
    newest first. PermissionDenied unless `user` manages them."""
    if not permissions.may_manage_tokens_of(user, owner):
        raise PermissionDenied
    return ApiToken.objects.filter(user=owner).order_by("-created_at", "-pk")


def service_accounts_for(user: User) -> QuerySet[User]:
    """The service accounts, with their tokens, for the coordinator; none for anyone else."""
    if not permissions.may_create_service_accounts(user):
        return User.objects.none()
    tokens = Prefetch("api_tokens", ApiToken.objects.order_by("-created_at", "-pk"))
    accounts = User.objects.filter(is_service_account=True).select_related("agency")
    return accounts.prefetch_related(tokens).order_by("username")


def token_owner_for(user: User, owner_id: int | None) -> User:
    """Whose token `user` is making: themselves (no id), or a service account the
    coordinator names; Http404 for any other id (another person is not said to exist)."""
    if owner_id is None or owner_id == user.pk:
        return user
    owner = service_accounts_for(user).filter(pk=owner_id).first()
    if owner is None:
        raise Http404
    return owner


def token_to_revoke(user: User, token_id: int) -> ApiToken:
    """A token `user` may revoke (their own, or a service account's for the coordinator);
    Http404 for any other."""
    token = ApiToken.objects.select_related("user").filter(pk=token_id).first()
    if token is None or not permissions.may_manage_tokens_of(user, token.user):
        raise Http404
    return token
