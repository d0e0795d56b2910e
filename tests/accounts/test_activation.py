"""Enrolling the first authenticator needs the one-time activation code given with the account
(issue 10 #1, ASVS 2.7.1): with the password alone nobody sees a QR code, no page and no API
operation answers; the code works once, within its time, and `add-user` prints it."""

import io
import re
import sys
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import ActivationCode, User
from accounts.services import WRONG_ACTIVATION_MESSAGE, activation_code_issue
from cases.models import CaseRecord
from tests.factories import PASSWORD
from tests.tipmonitor.test_every_url import ROUTES, target  # noqa: F401  (the fixture)

CODE_PATTERN = re.compile(r"[A-Z2-9]{4}(?:-[A-Z2-9]{4}){3}")


def _two_factor_url() -> str:
    return reverse("accounts:two_factor")


def _password_only(user: User) -> Client:
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    return client


def _code_of(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def _activate(client: Client, code: str):
    return client.post(_two_factor_url(), {"activation_code": code})


def test_it_shows_no_qr_code_with_the_password_alone(reporter_a):
    activation_code_issue(user=reporter_a)
    client = _password_only(reporter_a)

    page = client.get(_two_factor_url()).content.decode()

    assert "<svg" not in page
    assert 'name="activation_code"' in page
    assert not TOTPDevice.objects.filter(user=reporter_a).exists()  # no key made, none shown


def test_it_refuses_the_case_records_api_with_the_password_alone(reporter_a, agency_a):
    CaseRecord.objects.create(agency=agency_a, record_id="T1", imported_at=timezone.now())
    client = _password_only(reporter_a)

    response = client.get("/api/v1/cases/records")

    assert response.status_code == 401
    assert "T1" not in response.content.decode()


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_it_refuses_every_page_and_operation_with_the_password_alone(name, target, coordinator):  # noqa: F811
    client = _password_only(coordinator)

    response = target.request(client, name)

    assert response.status_code in {302, 401}
    if response.status_code == 302:
        assert response["Location"].startswith(_two_factor_url())


def test_it_enrols_with_the_code_then_the_authenticator(case_officer_a, agency_a):
    CaseRecord.objects.create(agency=agency_a, record_id="T1", imported_at=timezone.now())
    code = activation_code_issue(user=case_officer_a)
    client = _password_only(case_officer_a)

    assert _activate(client, code).status_code == 302
    page = client.get(_two_factor_url()).content.decode()
    device = TOTPDevice.objects.get(user=case_officer_a)
    response = client.post(_two_factor_url(), {"token": _code_of(device)})

    assert "<svg" in page
    assert response.status_code == 302
    assert client.get("/api/v1/cases/records").status_code == 200
    assert ActivationCode.objects.get(user=case_officer_a).used_at is not None


def test_it_accepts_the_code_typed_in_small_letters_and_without_dashes(reporter_a):
    code = activation_code_issue(user=reporter_a)
    client = _password_only(reporter_a)

    response = _activate(client, code.replace("-", " ").lower())

    assert response.status_code == 302


def test_it_refuses_a_code_used_once_already(reporter_a):
    code = activation_code_issue(user=reporter_a)
    assert _activate(_password_only(reporter_a), code).status_code == 302

    thief = _password_only(reporter_a)
    response = _activate(thief, code)

    assert response.status_code == 200
    assert escape(str(WRONG_ACTIVATION_MESSAGE)) in response.content.decode()
    assert "<svg" not in thief.get(_two_factor_url()).content.decode()


def test_it_refuses_an_expired_code(reporter_a, settings):
    code = activation_code_issue(user=reporter_a)
    ActivationCode.objects.filter(user=reporter_a).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    client = _password_only(reporter_a)

    response = _activate(client, code)

    assert escape(str(WRONG_ACTIVATION_MESSAGE)) in response.content.decode()
    assert "<svg" not in client.get(_two_factor_url()).content.decode()


def test_it_makes_codes_expire_after_the_configured_hours(reporter_a, settings):
    settings.ACTIVATION_CODE_HOURS = 72
    before = timezone.now()

    activation_code_issue(user=reporter_a)

    expires = ActivationCode.objects.get(user=reporter_a).expires_at
    assert timedelta(hours=72) <= expires - before < timedelta(hours=72, minutes=1)


def test_it_refuses_another_users_code(reporter_a, reporter_b):
    code_of_b = activation_code_issue(user=reporter_b)

    response = _activate(_password_only(reporter_a), code_of_b)

    assert escape(str(WRONG_ACTIVATION_MESSAGE)) in response.content.decode()


def test_it_keeps_only_the_last_code_issued(reporter_a):
    first = activation_code_issue(user=reporter_a)
    second = activation_code_issue(user=reporter_a)
    client = _password_only(reporter_a)

    assert _activate(client, first).status_code == 200
    assert _activate(client, second).status_code == 302


def test_it_keeps_only_a_hash_of_the_code(reporter_a):
    code = activation_code_issue(user=reporter_a)

    stored = ActivationCode.objects.get(user=reporter_a)

    assert code.replace("-", "") not in stored.code_hash
    assert len(stored.code_hash) == 64


def test_it_forgets_a_device_made_before_the_code(reporter_a):
    """A pending device left from before (a QR code someone saw) enrols nothing afterwards."""
    stale = TOTPDevice.objects.create(user=reporter_a, name="default", confirmed=False)
    code = activation_code_issue(user=reporter_a)
    client = _password_only(reporter_a)

    _activate(client, code)

    assert not TOTPDevice.objects.filter(pk=stale.pk).exists()
    response = client.post(_two_factor_url(), {"token": _code_of(stale)})
    assert response.status_code == 200


def test_it_prints_the_code_when_adding_a_user(monkeypatch, agency_a):
    monkeypatch.setattr(sys, "stdin", io.StringIO("a long and quite unusual passphrase\n"))
    out = io.StringIO()

    call_command(
        "add_user", "clerk", "--agency", "POL", "--role", "reporter", "--password-stdin", stdout=out
    )

    code = CODE_PATTERN.search(out.getvalue())
    assert code is not None
    user = User.objects.get(username="clerk")
    client = Client()
    client.post(
        reverse("accounts:login"),
        {"username": "clerk", "password": "a long and quite unusual passphrase"},
    )
    assert _activate(client, code.group()).status_code == 302
    assert TOTPDevice.objects.filter(user=user, confirmed=False).exists()


def test_it_renews_the_session_id_after_the_second_factor(reporter_a):
    """Issue 10 #12: not only after the password (ASVS 3.2.1)."""
    device = TOTPDevice.objects.create(user=reporter_a, name="default", confirmed=True)
    client = _password_only(reporter_a)
    before = client.session.session_key

    response = client.post(_two_factor_url(), {"token": _code_of(device)})

    assert response.status_code == 302
    assert client.session.session_key != before
    assert client.get(reverse("plans:plan_list")).status_code == 200
