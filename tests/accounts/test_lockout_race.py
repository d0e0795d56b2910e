"""Lockout holds against parallel requests (issue 10 #6, ASVS 2.2.1): each attempt is counted,
atomically, before its password is checked, so a burst of wrong passwords gets only the
allowed number of guesses, and a right password inside the burst clears only what was counted
before it."""

import threading

import pytest
from django.contrib.auth import forms as auth_forms
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from accounts import services
from accounts.models import LoginFailure
from tests.factories import PASSWORD

LOGIN = reverse("accounts:login")


def _sign_in(client: Client, username: str, password: str, address: str = "192.0.2.10"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_it_counts_the_attempt_before_checking_the_password(anonymous, reporter_a, monkeypatch):
    seen: list[int] = []
    real = auth_forms.authenticate

    def authenticate(request=None, **credentials):
        seen.append(LoginFailure.objects.filter(username__iexact="reporter_a").count())
        return real(request, **credentials)

    monkeypatch.setattr(auth_forms, "authenticate", authenticate)

    _sign_in(anonymous, "reporter_a", "not the password")

    assert seen == [1]  # the row was there while the password was being checked


def test_it_checks_no_password_of_a_locked_name(anonymous, reporter_a, monkeypatch, settings):
    for _ in range(settings.LOGIN_LOCKOUT_ATTEMPTS):
        _sign_in(anonymous, "reporter_a", "not the password")
    checked: list[str] = []
    monkeypatch.setattr(
        auth_forms, "authenticate", lambda request=None, **kw: checked.append("x") or None
    )

    response = _sign_in(anonymous, "reporter_a", PASSWORD)

    assert checked == []
    assert not response.wsgi_request.user.is_authenticated


def test_it_refuses_the_right_password_behind_attempts_still_running(
    anonymous, reporter_a, settings
):
    """Five wrong passwords of a burst are counted and still being checked; the sixth attempt,
    with the right password, is refused: under the old order (check, then count) it got in and
    cleared the count."""
    for _ in range(settings.LOGIN_LOCKOUT_ATTEMPTS):
        assert services.login_attempt_begin(username="reporter_a", ip_address="192.0.2.99")

    response = _sign_in(anonymous, "reporter_a", PASSWORD)

    assert not response.wsgi_request.user.is_authenticated
    assert LoginFailure.objects.filter(username="reporter_a").count() == (
        settings.LOGIN_LOCKOUT_ATTEMPTS
    )


def test_it_clears_only_the_failures_counted_before_a_success(reporter_a):
    earlier = services.login_attempt_begin(username="reporter_a", ip_address=None)
    mine = services.login_attempt_begin(username="reporter_a", ip_address=None)
    later = services.login_attempt_begin(username="reporter_a", ip_address=None)
    assert None not in (earlier, mine, later)

    services.login_attempt_succeeded(attempt_id=mine, username="reporter_a")

    assert list(LoginFailure.objects.values_list("pk", flat=True)) == [later]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises writers on one file lock; the race needs PostgreSQL",
)
def test_it_lets_a_parallel_burst_try_only_the_allowed_number_of_passwords(
    reporter_a, settings, monkeypatch
):
    """Twenty simultaneous wrong passwords: only LOGIN_LOCKOUT_ATTEMPTS are checked."""
    checked: list[int] = []
    real = auth_forms.authenticate
    barrier = threading.Barrier(20)

    def authenticate(request=None, **credentials):
        checked.append(1)
        return real(request, **credentials)

    monkeypatch.setattr(auth_forms, "authenticate", authenticate)

    def attempt() -> None:
        try:
            barrier.wait()
            _sign_in(Client(), "reporter_a", "not the password")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(checked) == settings.LOGIN_LOCKOUT_ATTEMPTS
    assert LoginFailure.objects.filter(username="reporter_a").count() == (
        settings.LOGIN_LOCKOUT_ATTEMPTS
    )
