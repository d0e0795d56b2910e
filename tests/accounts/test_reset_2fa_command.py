"""`tipmonitor reset_2fa`: after a lost phone the user's devices are gone, the sessions they
verified no longer count, and the next sign-in enrols a new device with the new activation
code the command prints (and only with it)."""

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice


def test_it_removes_the_users_devices_and_says_so(client_of, reporter_a, reporter_b):
    client_of(reporter_a)
    client_of(reporter_b)
    out = io.StringIO()

    call_command("reset_2fa", "reporter_a", stdout=out)

    assert not TOTPDevice.objects.filter(user=reporter_a).exists()
    assert TOTPDevice.objects.filter(user=reporter_b).exists()
    assert "Removed 1 two-factor device of reporter_a" in out.getvalue()


def test_it_makes_a_verified_session_enrol_again(client_of, reporter_a):
    client = client_of(reporter_a)
    assert client.get(reverse("plans:plan_list")).status_code == 200

    call_command("reset_2fa", "reporter_a", stdout=io.StringIO())

    response = client.get(reverse("plans:plan_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor"))
    enrol_page = client.get(reverse("accounts:two_factor")).content.decode()
    assert "<svg" not in enrol_page  # no QR code before the activation code
    assert 'name="activation_code"' in enrol_page


def test_it_prints_a_new_activation_code_that_enrols_a_new_device(client_of, reporter_a):
    client = client_of(reporter_a)
    out = io.StringIO()

    call_command("reset_2fa", "reporter_a", stdout=out)

    code = re.search(r"[A-Z2-9]{4}(?:-[A-Z2-9]{4}){3}", out.getvalue())
    assert code is not None
    response = client.post(reverse("accounts:two_factor"), {"activation_code": code.group()})
    assert response.status_code == 302
    enrol_page = client.get(reverse("accounts:two_factor")).content.decode()
    assert "<svg" in enrol_page  # a new QR code to scan
    assert not TOTPDevice.objects.get(user=reporter_a).confirmed


def test_it_refuses_an_unknown_user(reporter_a):
    with pytest.raises(CommandError, match="'ghost'"):
        call_command("reset_2fa", "ghost")
