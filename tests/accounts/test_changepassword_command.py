"""`tipmonitor changepassword NAME`: the documented way to reset a forgotten password now that
the admin sets no one's password (docs/security.md, ASVS 5.0 V6.4.3). Run on the server after
checking who asks; the same password rules apply, and the second factor stays in place."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

NEW_PASSWORD = "a-long-new-passphrase-2025"


def _typed(monkeypatch, *answers: str) -> None:
    typed = iter(answers)
    monkeypatch.setattr(
        "django.contrib.auth.management.commands.changepassword.getpass.getpass",
        lambda prompt="": next(typed),
    )


def test_it_resets_a_password_and_keeps_the_second_factor(monkeypatch, coordinator):
    TOTPDevice.objects.create(user=coordinator, name="default", confirmed=True)
    _typed(monkeypatch, NEW_PASSWORD, NEW_PASSWORD)

    call_command("changepassword", "coordinator")

    coordinator.refresh_from_db()
    assert coordinator.check_password(NEW_PASSWORD)
    assert TOTPDevice.objects.filter(user=coordinator, confirmed=True).count() == 1


def test_it_refuses_a_weak_password(monkeypatch, coordinator):
    _typed(monkeypatch, *["short"] * 6)

    with pytest.raises(CommandError):
        call_command("changepassword", "coordinator")

    coordinator.refresh_from_db()
    assert not coordinator.check_password("short")
