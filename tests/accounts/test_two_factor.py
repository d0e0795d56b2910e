"""The second factor (ASVS 2.7, 2.8): enrolling an authenticator app with the code it shows
(after the one-time activation code: tests/accounts/test_activation.py), refusing wrong and
replayed codes, and no page or API answer before it is passed."""

from datetime import timedelta
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.services import WAIT_MESSAGE, WRONG_CODE_MESSAGE, activation_code_issue
from tests.factories import PASSWORD


def _two_factor_url() -> str:
    return reverse("accounts:two_factor")


def _password_only(user) -> Client:
    """A client past the password, not yet past the second factor, as after the login form."""
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    return client


def _code_of(device: TOTPDevice) -> str:
    """What the authenticator app shows right now."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def _enrolment_device(client: Client, user) -> TOTPDevice:
    """The device to enrol, as after typing the activation code given with the account."""
    code = activation_code_issue(user=user)
    response = client.post(_two_factor_url(), {"activation_code": code})
    assert response.status_code == 302
    return TOTPDevice.objects.get(user=user)


def test_it_shows_a_qr_code_to_enrol_on_first_sign_in(reporter_a):
    client = _password_only(reporter_a)
    _enrolment_device(client, reporter_a)

    response = client.get(_two_factor_url())

    assert response.status_code == 200
    assert "<svg" in response.content.decode()
    assert not TOTPDevice.objects.get(user=reporter_a).confirmed


def test_it_enrols_the_device_with_the_code_it_shows(reporter_a):
    client = _password_only(reporter_a)
    device = _enrolment_device(client, reporter_a)

    response = client.post(_two_factor_url(), {"token": _code_of(device), "next": "/plans/"})

    assert response.status_code == 302
    assert response["Location"] == "/plans/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("plans:plan_list")).status_code == 200


def test_it_asks_an_enrolled_user_for_the_code_and_shows_no_qr_code(reporter_a):
    client = _password_only(reporter_a)
    device = TOTPDevice.objects.create(user=reporter_a, name="default", confirmed=True)

    page = client.get(_two_factor_url()).content.decode()
    response = client.post(_two_factor_url(), {"token": _code_of(device)})

    assert "<svg" not in page
    assert response.status_code == 302
    assert client.get(reverse("plans:plan_list")).status_code == 200


def test_it_refuses_a_wrong_code(reporter_a):
    client = _password_only(reporter_a)
    device = _enrolment_device(client, reporter_a)
    wrong = f"{(int(_code_of(device)) + 1) % 1_000_000:06d}"

    response = client.post(_two_factor_url(), {"token": wrong})

    assert response.status_code == 200
    assert escape(str(WRONG_CODE_MESSAGE)) in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get(reverse("plans:plan_list")).status_code == 302


def test_it_refuses_a_code_already_used(reporter_a):
    """A code seen over someone's shoulder cannot be used again (ASVS 2.8.4)."""
    first = _password_only(reporter_a)
    device = _enrolment_device(first, reporter_a)
    code = _code_of(device)
    assert first.post(_two_factor_url(), {"token": code}).status_code == 302

    second = _password_only(reporter_a)
    response = second.post(_two_factor_url(), {"token": code})

    assert response.status_code == 200
    assert escape(str(WRONG_CODE_MESSAGE)) in response.content.decode()


def test_it_refuses_even_the_right_code_while_throttled(reporter_a):
    """After repeated wrong codes every code waits, so six digits cannot be guessed."""
    client = _password_only(reporter_a)
    device = TOTPDevice.objects.create(
        user=reporter_a,
        name="default",
        confirmed=True,
        throttling_failure_count=10,
        throttling_failure_timestamp=timezone.now() - timedelta(seconds=5),
    )

    response = client.post(_two_factor_url(), {"token": _code_of(device)})

    assert escape(str(WAIT_MESSAGE)) in response.content.decode()
    assert client.get(reverse("plans:plan_list")).status_code == 302


@pytest.mark.parametrize("url_name", ["home", "plans:plan_list", "agencies:list", "admin:index"])
def test_it_sends_every_page_to_the_second_factor_first(administrator, url_name):
    client = _password_only(administrator)
    url = reverse(url_name)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{_two_factor_url()}?next={quote(url, safe='')}"


def test_it_answers_the_api_with_a_401_until_the_second_factor(reporter_a):
    client = _password_only(reporter_a)

    response = client.get("/api/v1/plans")

    assert response.status_code == 401
    assert response.json()["two_factor_url"] == _two_factor_url()


def test_it_goes_nowhere_outside_the_site_after_the_code(reporter_a):
    client = _password_only(reporter_a)
    device = _enrolment_device(client, reporter_a)

    response = client.post(
        _two_factor_url(), {"token": _code_of(device), "next": "https://evil.example/"}
    )

    assert response["Location"] == "/"


def test_it_sends_an_anonymous_visitor_to_sign_in(anonymous):
    response = anonymous.get(_two_factor_url())

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
