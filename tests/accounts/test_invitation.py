"""The invitation link (issue 11): an e-mailed, single-use, expiring link where the invited
person chooses a password, enrols an authenticator and is signed in; after a reset of the
second factor the same kind of link asks their password and enrols the new one."""

import io
import re
from datetime import timedelta
from urllib.parse import urlparse

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services
from accounts.models import ActivationCode, Role, SecurityEvent, SecurityEventKind, User
from tests.factories import PASSWORD

NEW_PASSWORD = "a long and quiet river bend"
LINK = re.compile(r"https?://\S+/accounts/invitation/[A-Z2-9-]+/")


def _link_in(message) -> str:
    found = LINK.search(message.body)
    assert found, message.body
    return urlparse(found.group()).path


def _token(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture
def invitation(coordinator, agency_a, django_capture_on_commit_callbacks) -> str:
    """The path of the link e-mailed to a new reporter of agency A."""
    with django_capture_on_commit_callbacks(execute=True):
        services.user_invite(
            by=coordinator,
            username="newcomer",
            email="new@example.org",
            agency=agency_a,
            roles=[Role.REPORTER],
        )
    (message,) = [m for m in mail.outbox if m.to == ["new@example.org"]]
    return _link_in(message)


def _set_password(client: Client, link: str, again: str = NEW_PASSWORD):
    return client.post(link, {"password": NEW_PASSWORD, "password_again": again})


def test_it_walks_from_the_link_to_a_signed_in_user(invitation):
    client = Client()

    first = client.get(invitation)
    chosen = _set_password(client, invitation)
    qr_page = client.get(chosen["Location"])
    user = User.objects.get(username="newcomer")
    device = TOTPDevice.objects.get(user=user)
    enrolled = client.post(reverse("accounts:two_factor"), {"token": _token(device)})

    assert first.status_code == 200
    assert "newcomer" in first.content.decode()
    assert "no-store" in first["Cache-Control"]
    assert chosen.status_code == 302
    assert chosen["Location"] == reverse("accounts:two_factor")
    assert "<svg" in qr_page.content.decode()
    assert enrolled.status_code == 302
    assert client.session[SESSION_KEY] == str(user.pk)
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    device.refresh_from_db()
    assert device.confirmed
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert client.get("/reporting/").status_code == 200
    accepted = SecurityEvent.objects.get(kind=SecurityEventKind.INVITATION_ACCEPTED)
    assert (accepted.subject, accepted.actor) == (user, user)


def test_it_then_signs_in_with_the_password_and_the_app(invitation):
    client = Client()
    _set_password(client, invitation)
    user = User.objects.get(username="newcomer")
    device = TOTPDevice.objects.get(user=user)
    client.post(reverse("accounts:two_factor"), {"token": _token(device)})

    later = Client()
    later.post(reverse("accounts:login"), {"username": "newcomer", "password": NEW_PASSWORD})
    page = later.get(reverse("accounts:two_factor")).content.decode()

    assert "<svg" not in page  # the enrolled app's code, not a new QR code
    assert 'name="token"' in page


def test_it_works_once(invitation):
    _set_password(Client(), invitation)

    again = Client().get(invitation)
    posted = _set_password(Client(), invitation)

    assert again.status_code == 404
    assert "does not work" in again.content.decode()
    assert posted.status_code == 404
    assert 'name="password"' not in again.content.decode()


def test_it_refuses_an_expired_link(invitation):
    ActivationCode.objects.update(expires_at=timezone.now() - timedelta(minutes=1))

    response = Client().get(invitation)

    assert response.status_code == 404
    assert "user manager" in response.content.decode()  # whom to ask


def test_it_says_the_same_for_an_unknown_link_and_names_nobody(invitation):
    response = Client().get(reverse("accounts:invitation", args=["ABCD-EFGH-JKMN-PQRS"]))

    assert response.status_code == 404
    assert "newcomer" not in response.content.decode()


def test_it_refuses_the_link_of_a_deactivated_user(invitation, coordinator):
    user = User.objects.get(username="newcomer")
    User.objects.filter(pk=user.pk).update(is_active=False)

    assert Client().get(invitation).status_code == 404


def test_it_keeps_the_link_working_after_a_typing_mistake(invitation):
    client = Client()

    differ = _set_password(client, invitation, again="something else entirely")
    weak = client.post(invitation, {"password": "123", "password_again": "123"})
    right = _set_password(client, invitation)

    assert differ.status_code == 200
    assert "differ" in differ.content.decode()
    assert weak.status_code == 200
    assert "too short" in weak.content.decode()
    assert right.status_code == 302
    user = User.objects.get(username="newcomer")
    assert user.check_password(NEW_PASSWORD)


def test_it_lets_the_link_through_for_someone_else_signed_in(invitation, client_of, reporter_a):
    from django.test import override_settings

    client = Client()
    client.post(reverse("accounts:login"), {"username": "reporter_a", "password": PASSWORD})
    with override_settings(REQUIRE_SECOND_FACTOR=True):
        page = client.get(invitation)
        chosen = _set_password(client, invitation)

    assert page.status_code == 200
    assert chosen.status_code == 302
    assert client.session[SESSION_KEY] == str(User.objects.get(username="newcomer").pk)


# --- After a reset of the second factor -------------------------------------------------------


@pytest.fixture
def reset_link(coordinator, reporter_a, django_capture_on_commit_callbacks) -> str:
    TOTPDevice.objects.create(user=reporter_a, name="default", confirmed=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.user_second_factor_reset_by(by=coordinator, user=reporter_a)
    (message,) = [m for m in mail.outbox if m.to == [reporter_a.email]]
    return _link_in(message)


def test_it_asks_the_current_password_after_a_reset(reset_link, reporter_a):
    client = Client()

    page = client.get(reset_link).content.decode()
    wrong = client.post(reset_link, {"password": "not the password at all"})
    right = client.post(reset_link, {"password": PASSWORD})
    device = TOTPDevice.objects.get(user=reporter_a)
    enrolled = client.post(reverse("accounts:two_factor"), {"token": _token(device)})

    assert 'name="password_again"' not in page
    assert wrong.status_code == 200
    assert "not your password" in wrong.content.decode()
    assert right.status_code == 302
    assert enrolled.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    reporter_a.refresh_from_db()
    assert reporter_a.check_password(PASSWORD)  # kept


def test_it_counts_wrong_passwords_on_the_link_like_sign_ins(reset_link, settings):
    settings.LOGIN_LOCKOUT_ATTEMPTS = 2
    client = Client()
    for _ in range(5):
        client.post(reset_link, {"password": "not the password at all"})

    locked = client.post(reset_link, {"password": PASSWORD})

    assert locked.status_code == 200
    assert "Too many" in locked.content.decode()


# --- The commands -----------------------------------------------------------------------------


def test_it_invites_from_the_command_line(agency_a, django_capture_on_commit_callbacks):
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "add_user",
            "clerk",
            "--agency",
            agency_a.code,
            "--role",
            "reporter",
            "--email",
            "clerk@example.org",
            "--invite",
            stdout=out,
        )

    user = User.objects.get(username="clerk")
    assert not user.has_usable_password()
    assert "e-mailed to clerk@example.org" in out.getvalue()
    assert [m.to for m in mail.outbox] == [["clerk@example.org"]]
    event = SecurityEvent.objects.get(kind=SecurityEventKind.INVITED)
    assert (event.actor, event.via) == (None, "command")
    assert Client().get(_link_in(mail.outbox[0])).status_code == 200


def test_it_wants_an_address_to_invite_from_the_command_line(agency_a):
    with pytest.raises(CommandError, match="--email"):
        call_command(
            "add_user", "clerk", "--agency", agency_a.code, "--role", "reporter", "--invite"
        )
    assert not User.objects.filter(username="clerk").exists()


def test_it_mails_a_link_from_reset_2fa(reporter_a, django_capture_on_commit_callbacks):
    TOTPDevice.objects.create(user=reporter_a, name="default", confirmed=True)
    out = io.StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("reset_2fa", "reporter_a", "--email-link", stdout=out)

    assert "Removed 1 two-factor device" in out.getvalue()
    assert "e-mailed" in out.getvalue()
    assert not re.search(r"[A-Z2-9]{4}(?:-[A-Z2-9]{4}){3}", out.getvalue())  # no code shown
    assert [m.to for m in mail.outbox] == [[reporter_a.email]]
    event = SecurityEvent.objects.get(kind=SecurityEventKind.SECOND_FACTOR_RESET)
    assert (event.actor, event.via) == (None, "command")


def test_it_logs_a_reset_that_prints_a_code(reporter_a):
    call_command("reset_2fa", "reporter_a", stdout=io.StringIO())

    assert SecurityEvent.objects.filter(kind=SecurityEventKind.SECOND_FACTOR_RESET).count() == 1
