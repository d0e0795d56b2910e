"""Signing in with a password (ASVS 2.2.1): the good password leads to the second factor,
wrong ones are counted, and too many lock the name typed and the address they came from."""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from accounts.forms import LOCKED_MESSAGE
from accounts.models import LoginFailure
from tests.factories import PASSWORD

LOGIN = reverse("accounts:login")
TWO_FACTOR = reverse("accounts:two_factor")


def _sign_in(client, username: str, password: str, address: str = "192.0.2.10"):
    return client.post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address, follow=True
    )


def _locked_text(settings) -> str:
    return str(LOCKED_MESSAGE % {"minutes": settings.LOGIN_LOCKOUT_MINUTES})


def _fail(client, username: str, times: int, address: str = "192.0.2.10") -> None:
    for _ in range(times):
        _sign_in(client, username, "not the password", address)


def test_it_sends_a_good_password_on_to_the_second_factor(anonymous, reporter_a):
    response = _sign_in(anonymous, "reporter_a", PASSWORD)

    assert response.redirect_chain[-1][0].startswith(TWO_FACTOR)
    assert response.wsgi_request.user == reporter_a
    assert not response.wsgi_request.user.is_verified()


def test_it_gives_a_new_session_at_sign_in(anonymous, reporter_a):
    """A session identifier planted before sign-in is worthless after it (ASVS 3.2.1)."""
    anonymous.get(LOGIN)
    session = anonymous.session
    session["planted"] = True
    session.save()
    before = session.session_key

    _sign_in(anonymous, "reporter_a", PASSWORD)

    assert anonymous.session.session_key != before


def test_it_refuses_a_wrong_password_and_counts_it(anonymous, reporter_a):
    response = _sign_in(anonymous, "reporter_a", "not the password")

    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated
    assert "Please enter a correct username and password" in response.content.decode()
    assert LoginFailure.objects.filter(username="reporter_a", ip_address="192.0.2.10").count() == 1


def test_it_refuses_even_the_right_password_after_five_failures(anonymous, reporter_a, settings):
    _fail(anonymous, "reporter_a", 5)

    response = _sign_in(anonymous, "reporter_a", PASSWORD)

    assert not response.wsgi_request.user.is_authenticated
    assert _locked_text(settings) in response.content.decode()


def test_it_still_lets_in_after_four_failures(anonymous, reporter_a):
    _fail(anonymous, "reporter_a", 4)

    response = _sign_in(anonymous, "reporter_a", PASSWORD)

    assert response.wsgi_request.user == reporter_a
    assert not LoginFailure.objects.filter(username="reporter_a").exists()  # cleared


def test_it_counts_the_name_whatever_its_case(anonymous, reporter_a, settings):
    _fail(anonymous, "REPORTER_A", 5)

    response = _sign_in(anonymous, "reporter_a", PASSWORD)

    assert _locked_text(settings) in response.content.decode()


def test_it_unlocks_after_fifteen_minutes(anonymous, reporter_a, settings):
    assert settings.LOGIN_LOCKOUT_MINUTES == 15
    _fail(anonymous, "reporter_a", 5)
    LoginFailure.objects.update(at=timezone.now() - timedelta(minutes=14))
    assert not _sign_in(anonymous, "reporter_a", PASSWORD).wsgi_request.user.is_authenticated

    LoginFailure.objects.update(at=timezone.now() - timedelta(minutes=16))

    assert _sign_in(anonymous, "reporter_a", PASSWORD).wsgi_request.user == reporter_a


def _comparable(page: str, username: str) -> str:
    """The page without what differs on every answer anyway: CSRF tokens and the name typed."""
    return re.sub(r'value="\w{64}"', "", page).replace(username, "NAME")


def test_it_answers_the_same_for_a_name_that_does_not_exist(anonymous, reporter_a, settings):
    """An attacker cannot tell real accounts from invented ones by how they are refused."""
    _fail(anonymous, "reporter_a", 5)
    _fail(anonymous, "nobody_by_this_name", 5)

    real = _sign_in(anonymous, "reporter_a", "not the password").content.decode()
    invented = _sign_in(anonymous, "nobody_by_this_name", "not the password").content.decode()

    assert _locked_text(settings) in real
    assert _comparable(real, "reporter_a") == _comparable(invented, "nobody_by_this_name")


def test_it_does_not_lock_other_accounts(anonymous, reporter_a, reporter_b):
    _fail(anonymous, "reporter_a", 5)

    assert _sign_in(anonymous, "reporter_b", PASSWORD).wsgi_request.user == reporter_b


def test_it_locks_an_address_that_tries_many_names(anonymous, reporter_a, settings):
    """Password spraying: one wrong password against many names, never five on one name."""
    for n in range(settings.LOGIN_LOCKOUT_IP_ATTEMPTS):
        _fail(anonymous, f"guess{n}", 1, address="198.51.100.7")

    from_sprayer = _sign_in(anonymous, "reporter_a", PASSWORD, address="198.51.100.7")
    from_elsewhere = _sign_in(anonymous, "reporter_a", PASSWORD, address="192.0.2.99")

    assert _locked_text(settings) in from_sprayer.content.decode()
    assert not from_sprayer.wsgi_request.user.is_authenticated
    assert from_elsewhere.wsgi_request.user == reporter_a


def test_it_reads_the_address_from_the_proxy_header_when_told_to(anonymous, settings, db):
    settings.LOGIN_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"

    anonymous.post(
        LOGIN,
        {"username": "someone", "password": "wrong"},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.5, 198.51.100.20",
    )

    assert LoginFailure.objects.get().ip_address == "198.51.100.20"


def test_it_locks_the_admin_sign_in_page_too(anonymous, administrator, settings):
    """The admin's own login form is no way round the lockout."""
    admin_login = reverse("admin:login")
    for _ in range(5):
        anonymous.post(admin_login, {"username": "administrator", "password": "wrong"})

    response = anonymous.post(admin_login, {"username": "administrator", "password": PASSWORD})

    assert not response.wsgi_request.user.is_authenticated
    assert _locked_text(settings) in response.content.decode()


def test_it_does_not_count_an_empty_password(anonymous, reporter_a):
    anonymous.post(LOGIN, {"username": "reporter_a", "password": ""})

    assert not LoginFailure.objects.exists()
