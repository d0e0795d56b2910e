"""accounts.services.people (issue 11): every service refuses whoever may not, writes its
security events, and the command line (by=None) may do everything."""

import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services
from accounts.models import (
    ActivationChannel,
    ActivationCode,
    Role,
    SecurityEvent,
    SecurityEventKind,
    User,
)
from tests import factories

ACTORS = ["coordinator", "user_manager_a", "approver_a", "administrator", "case_officer_a"]
ALLOWED = {"coordinator", "user_manager_a"}


@pytest.fixture
def actors(personas, case_officer_a, user_manager_a) -> dict[str, User]:
    return {**personas, "case_officer_a": case_officer_a, "user_manager_a": user_manager_a}


@pytest.fixture
def invited(agency_a) -> User:
    """A reporter of agency A who has not accepted yet: no password, no device."""
    return factories.UserFactory.create(
        username="newcomer", agency=agency_a, roles=[Role.REPORTER], password="!"
    )


def _kinds(user: User) -> list[str]:
    return list(SecurityEvent.objects.filter(subject=user).values_list("kind", flat=True))


def _run(service, *, by, user):
    if service == "user_deactivate":
        services.user_deactivate(by=by, user=user)
    elif service == "user_reactivate":
        User.objects.filter(pk=user.pk).update(is_active=False)
        user.is_active = False
        services.user_reactivate(by=by, user=user)
    elif service == "user_roles_set":
        services.user_roles_set(by=by, user=user, roles=[Role.REPORTER, Role.APPROVER])
    elif service == "user_second_factor_reset_by":
        services.user_second_factor_reset_by(by=by, user=user)
    elif service == "invitation_send":
        services.invitation_send(by=by, user=user)


SERVICES = [
    ("user_deactivate", SecurityEventKind.DEACTIVATED),
    ("user_reactivate", SecurityEventKind.REACTIVATED),
    ("user_roles_set", SecurityEventKind.ROLE_GRANTED),
    ("user_second_factor_reset_by", SecurityEventKind.SECOND_FACTOR_RESET),
    ("invitation_send", SecurityEventKind.INVITED),
]


@pytest.mark.parametrize(("service", "kind"), SERVICES)
@pytest.mark.parametrize("actor", ACTORS)
def test_it_lets_only_the_coordinator_and_the_agencys_user_manager_manage_a_reporter(
    actors, invited, service, kind, actor, django_capture_on_commit_callbacks
):
    by = actors[actor]
    if actor not in ALLOWED:
        with pytest.raises(PermissionDenied):
            _run(service, by=by, user=invited)
        assert _kinds(invited) == []
        return
    with django_capture_on_commit_callbacks(execute=True):
        _run(service, by=by, user=invited)
    event = SecurityEvent.objects.filter(subject=invited, kind=kind).get()
    assert (event.actor, event.via) == (by, "page")


@pytest.mark.parametrize(("service", "_kind"), SERVICES)
@pytest.mark.parametrize("actor", ["coordinator", "user_manager_a"])
def test_it_refuses_managing_oneself(actors, service, _kind, actor):
    me = actors[actor]
    with pytest.raises(PermissionDenied):
        _run(service, by=me, user=me)
    assert _kinds(me) == []


@pytest.mark.parametrize(("service", "kind"), SERVICES)
def test_it_lets_the_command_line_do_everything(invited, service, kind):
    _run(service, by=None, user=invited)

    assert SecurityEvent.objects.filter(subject=invited, kind=kind, actor=None).exists()


def test_it_refuses_a_user_manager_another_agencys_user(user_manager_a, reporter_b):
    with pytest.raises(PermissionDenied):
        services.user_deactivate(by=user_manager_a, user=reporter_b)
    reporter_b.refresh_from_db()
    assert reporter_b.is_active


# --- Inviting ---------------------------------------------------------------------------------


def _invite(by, agency, roles, username="newcomer", email="new@example.org"):
    return services.user_invite(
        by=by,
        username=username,
        email=email,
        first_name="Nora",
        last_name="New",
        agency=agency,
        roles=roles,
    )


def test_it_invites_a_user_with_events_and_a_mail(
    coordinator, agency_a, settings, django_capture_on_commit_callbacks
):
    settings.TIPMONITOR_SITE_URL = "https://tip.example.gov"
    with django_capture_on_commit_callbacks(execute=True):
        user = _invite(coordinator, agency_a, [Role.REPORTER, Role.CASE_OFFICER])

    assert not user.has_usable_password()
    assert set(user.role_grants.values_list("role", flat=True)) == {"reporter", "case_officer"}
    assert sorted(_kinds(user)) == ["invited", "role_granted", "role_granted"]
    assert SecurityEvent.objects.filter(subject=user, actor=coordinator, via="page").count() == 3
    code = ActivationCode.objects.get(user=user)
    assert code.channel == ActivationChannel.INVITATION
    invitation = [m for m in mail.outbox if m.to == ["new@example.org"]]
    assert len(invitation) == 1
    body = invitation[0].body
    assert re.search(r"https://tip\.example\.gov/accounts/invitation/[A-Z2-9-]{19}/", body)
    assert "newcomer" in body
    assert "Police" in body
    assert "72 hours" in body
    # The coordinators hear of the case records role.
    assert any(m.to == [coordinator.email] for m in mail.outbox)


@pytest.mark.parametrize(
    ("actor", "agency", "roles", "allowed"),
    [
        ("coordinator", "b", [Role.CASE_OFFICER], True),
        ("coordinator", "a", [Role.ADMINISTRATOR], False),
        ("user_manager_a", "a", [Role.REPORTER, Role.APPROVER, Role.USER_MANAGER], True),
        ("user_manager_a", "a", [Role.CASE_OFFICER], False),
        ("user_manager_a", "a", [Role.VIEWER], False),
        ("user_manager_a", "b", [Role.REPORTER], False),
        ("approver_a", "a", [Role.REPORTER], False),
        ("administrator", "a", [Role.REPORTER], False),
        ("case_officer_a", "a", [Role.REPORTER], False),
    ],
)
def test_it_invites_only_with_roles_the_inviter_may_grant(
    actors, agency_a, agency_b, actor, agency, roles, allowed
):
    target = {"a": agency_a, "b": agency_b}[agency]
    if allowed:
        assert _invite(actors[actor], target, roles).agency == target
        return
    with pytest.raises(PermissionDenied):
        _invite(actors[actor], target, roles)
    assert not User.objects.filter(username="newcomer").exists()


def test_it_says_which_field_is_wrong_and_creates_nothing(coordinator, reporter_a):
    with pytest.raises(ValidationError) as refused:
        services.user_invite(
            by=coordinator,
            username="Reporter_A",
            email="not an address",
            agency=None,
            roles=[],
        )

    assert set(refused.value.message_dict) == {"username", "email", "agency", "roles"}
    assert "taken" in refused.value.message_dict["username"][0]
    assert User.objects.count() == 2


def test_it_refuses_a_user_name_with_spaces(coordinator, agency_a):
    with pytest.raises(ValidationError) as refused:
        _invite(coordinator, agency_a, [Role.REPORTER], username="two words")
    assert list(refused.value.message_dict) == ["username"]


def test_it_keeps_the_user_when_the_mail_server_fails(
    coordinator, agency_a, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def broken(*args, **kwargs):
        raise ConnectionRefusedError("no mail server")

    monkeypatch.setattr("accounts.services.people.send_mail", broken)
    with django_capture_on_commit_callbacks(execute=True):
        user = _invite(coordinator, agency_a, [Role.REPORTER])

    assert User.objects.filter(pk=user.pk).exists()
    assert services.pending_invitation(user) is not None  # the page offers to send it again
    assert "Could not e-mail" in caplog.text


def test_it_replaces_the_link_when_sent_again(coordinator, invited):
    services.invitation_send(by=coordinator, user=invited)
    first = services.pending_invitation(invited)
    services.invitation_send(by=coordinator, user=invited)
    second = services.pending_invitation(invited)

    assert first is not None
    assert second is not None
    assert first.pk != second.pk
    first.refresh_from_db()
    assert first.used_at is not None


def test_it_sends_no_new_link_to_someone_already_enrolled(coordinator, reporter_a):
    TOTPDevice.objects.create(user=reporter_a, name="default", confirmed=True)

    with pytest.raises(ValidationError):
        services.invitation_send(by=coordinator, user=reporter_a)


def test_it_needs_an_address_for_a_link(coordinator, invited):
    User.objects.filter(pk=invited.pk).update(email="")
    invited.refresh_from_db()

    with pytest.raises(ValidationError) as refused:
        services.invitation_send(by=coordinator, user=invited)
    assert list(refused.value.message_dict) == ["email"]


# --- Deactivating -----------------------------------------------------------------------------


def test_it_ends_the_sessions_of_a_deactivated_user(client_of, coordinator, reporter_a):
    client = client_of(reporter_a)
    assert client.get("/reporting/").status_code == 200

    services.user_deactivate(by=coordinator, user=reporter_a)

    response = client.get("/reporting/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert response.wsgi_request.user.is_anonymous  # Django refuses an inactive user
    assert User.objects.filter(pk=reporter_a.pk, is_active=False).exists()  # never deleted


def test_it_voids_the_link_of_a_deactivated_user(coordinator, invited):
    services.invitation_send(by=coordinator, user=invited)

    services.user_deactivate(by=coordinator, user=invited)
    services.user_reactivate(by=coordinator, user=invited)

    assert services.pending_invitation(invited) is None
    assert _kinds(invited).count("deactivated") == 1
    assert _kinds(invited).count("reactivated") == 1


# --- Roles ------------------------------------------------------------------------------------


def test_it_sets_roles_by_the_difference(coordinator, reporter_a):
    services.user_roles_set(by=coordinator, user=reporter_a, roles=[Role.APPROVER])

    assert list(reporter_a.role_grants.values_list("role", flat=True)) == ["approver"]
    assert sorted(_kinds(reporter_a)) == ["role_granted", "role_withdrawn"]


def test_it_refuses_a_user_manager_a_case_role_either_way(user_manager_a, reporter_a, agency_a):
    with pytest.raises(PermissionDenied):
        services.user_roles_set(
            by=user_manager_a, user=reporter_a, roles=[Role.REPORTER, Role.CASE_OFFICER]
        )
    officer = factories.UserFactory.create(
        username="officer", agency=agency_a, roles=[Role.REPORTER, Role.CASE_OFFICER]
    )
    with pytest.raises(PermissionDenied):
        services.user_roles_set(by=user_manager_a, user=officer, roles=[Role.REPORTER])

    assert officer.role_grants.filter(role=Role.CASE_OFFICER).exists()
    assert _kinds(reporter_a) == []
    assert _kinds(officer) == []


def test_it_refuses_the_coordinator_the_administrator_role(coordinator, reporter_a):
    with pytest.raises(PermissionDenied):
        services.user_roles_set(
            by=coordinator, user=reporter_a, roles=[Role.REPORTER, Role.ADMINISTRATOR]
        )


def test_it_wants_at_least_one_role(coordinator, reporter_a):
    with pytest.raises(ValidationError) as refused:
        services.user_roles_set(by=coordinator, user=reporter_a, roles=[])
    assert list(refused.value.message_dict) == ["roles"]
    assert reporter_a.role_grants.exists()


def test_it_gives_the_command_line_the_administrator_role_with_the_admin(reporter_a):
    services.user_roles_set(
        by=None, user=reporter_a, roles=[Role.REPORTER, Role.ADMINISTRATOR], via="command"
    )
    reporter_a.refresh_from_db()
    assert reporter_a.is_staff


# --- Second factor ----------------------------------------------------------------------------


def test_it_resets_the_second_factor_and_mails_a_link(
    user_manager_a, reporter_a, django_capture_on_commit_callbacks
):
    TOTPDevice.objects.create(user=reporter_a, name="default", confirmed=True)

    with django_capture_on_commit_callbacks(execute=True):
        removed = services.user_second_factor_reset_by(by=user_manager_a, user=reporter_a)

    assert removed == 1
    assert not TOTPDevice.objects.filter(user=reporter_a).exists()
    assert services.pending_invitation(reporter_a) is not None
    assert [m.to for m in mail.outbox] == [[reporter_a.email]]
    assert "/accounts/invitation/" in mail.outbox[0].body
    assert "type your password" in mail.outbox[0].body
    event = SecurityEvent.objects.get(subject=reporter_a)
    assert (event.kind, event.actor) == (SecurityEventKind.SECOND_FACTOR_RESET, user_manager_a)
