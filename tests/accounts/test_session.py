"""Sessions (ASVS 3.3, 3.4): short idle timeout, cookies out of scripts' reach, logout only
by POST (a link or image on another site cannot sign anyone out) and logout really ends it."""

import time
from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from accounts.middleware import SIGNED_IN_AT_SESSION_KEY


def test_it_ends_an_idle_session_after_thirty_minutes():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    # Every request moves the expiry on, so it is an idle timeout, not a fixed one.
    assert settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_it_keeps_the_session_cookie_from_scripts_and_other_sites():
    assert settings.SESSION_COOKIE_HTTPONLY
    assert settings.SESSION_COOKIE_SAMESITE in {"Lax", "Strict"}


def test_it_sets_the_cookie_to_expire_after_the_idle_time(client_of, reporter_a):
    response = client_of(reporter_a).get(reverse("plans:plan_list"))

    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == ""  # browser-session cookie: gone when the browser closes
    assert cookie["httponly"]


def _stored_session(client) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


def test_it_keeps_the_session_alive_while_used(client_of, reporter_a):
    client = client_of(reporter_a)
    Session.objects.update(expire_date=timezone.now() + timedelta(minutes=1))

    client.get(reverse("plans:plan_list"))

    assert _stored_session(client).expire_date > timezone.now() + timedelta(minutes=29)


def test_it_signs_out_a_session_left_idle_past_its_time(client_of, reporter_a):
    client = client_of(reporter_a)
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))

    response = client.get(reverse("plans:plan_list"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_it_refuses_to_sign_out_by_get(client_of, reporter_a):
    client = client_of(reporter_a)

    response = client.get(reverse("accounts:logout"))

    assert response.status_code == 405
    assert client.get(reverse("plans:plan_list")).status_code == 200


def test_it_signs_out_by_post_and_the_session_is_gone(client_of, reporter_a):
    client = client_of(reporter_a)
    old_key = client.session.session_key

    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    after = client.get(reverse("plans:plan_list"))
    assert after.status_code == 302
    assert after["Location"].startswith(reverse("accounts:login"))
    assert client.session.session_key != old_key


def _signed_in_hours_ago(client, hours: float) -> None:
    session = client.session
    session[SIGNED_IN_AT_SESSION_KEY] = int(time.time() - hours * 3600)
    session.save()


def test_it_ends_even_a_busy_session_twelve_hours_after_sign_in(client_of, reporter_a):
    assert settings.SESSION_MAX_AGE == 12 * 3600
    client = client_of(reporter_a)
    _signed_in_hours_ago(client, 12.1)

    response = client.get(reverse("plans:plan_list"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert client.get(reverse("plans:plan_list")).status_code == 302  # signed out for good


def test_it_answers_the_api_with_a_401_when_the_session_is_too_old(client_of, reporter_a):
    client = client_of(reporter_a)
    _signed_in_hours_ago(client, 12.1)

    response = client.get("/api/v1/agencies")

    assert response.status_code == 401
    assert "detail" in response.json()


def test_it_keeps_a_session_younger_than_twelve_hours(client_of, reporter_a):
    client = client_of(reporter_a)
    _signed_in_hours_ago(client, 11.9)

    assert client.get(reverse("plans:plan_list")).status_code == 200
