"""A signed-in user changes their own password (ASVS 6.2.2, 6.2.3, 6.3.7): the current one is
asked and counted by the sign-in lockout, the new one is validated, this session stays signed
in and every other one ends, and the change is an event and an e-mail."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import LoginFailure, SecurityEvent, SecurityEventKind
from accounts.services.password import DIFFERENT_MESSAGE, SAME_MESSAGE, WRONG_CURRENT_MESSAGE
from accounts.services.people import LOCKED_MESSAGE
from tests.conftest import signed_in_client
from tests.factories import PASSWORD

PAGE = reverse("accounts:password_change")
LOGIN = reverse("accounts:login")
NEW_PASSWORD = "a long and quiet river bend"


def _change(client: Client, current: str = PASSWORD, new: str = NEW_PASSWORD, again=None):
    body = {
        "current_password": current,
        "new_password": new,
        "new_password_again": new if again is None else again,
    }
    return client.post(PAGE, body)


def _text(response) -> str:
    return response.content.decode()


def _errors(response, field: str) -> list[str]:
    return response.context["form"].errors.get(field, [])


def _locked(settings) -> list[str]:
    return [str(LOCKED_MESSAGE % {"minutes": settings.LOGIN_LOCKOUT_MINUTES})]


def _password_unchanged(user) -> bool:
    user.refresh_from_db()
    return user.check_password(PASSWORD) and not user.check_password(NEW_PASSWORD)


def test_it_changes_the_password_and_keeps_this_session(
    reporter_a, django_capture_on_commit_callbacks
):
    client = signed_in_client(reporter_a)

    with django_capture_on_commit_callbacks(execute=True):
        response = _change(client)
    landing = client.get(response["Location"], follow=True)
    after = client.get(PAGE)

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    reporter_a.refresh_from_db()
    assert reporter_a.check_password(NEW_PASSWORD)
    assert not reporter_a.check_password(PASSWORD)
    assert after.status_code == 200  # still signed in, still past the second factor
    assert client.session[SESSION_KEY] == str(reporter_a.pk)
    assert "Your password has been changed" in _text(landing)


def test_it_signs_out_every_other_session(reporter_a, reporter_b):
    this, other, someone_else = (
        signed_in_client(reporter_a),
        signed_in_client(reporter_a),
        signed_in_client(reporter_b),
    )
    assert other.get(PAGE).status_code == 200

    _change(this)
    other_after = other.get(PAGE)

    assert other_after.status_code == 302
    assert other_after["Location"].startswith(LOGIN)
    assert SESSION_KEY not in other.session
    assert this.get(PAGE).status_code == 200
    assert someone_else.get(PAGE).status_code == 200


def test_it_writes_an_event_and_mails_the_user(reporter_a, django_capture_on_commit_callbacks):
    client = signed_in_client(reporter_a)

    with django_capture_on_commit_callbacks(execute=True):
        _change(client)

    event = SecurityEvent.objects.get(subject=reporter_a)
    assert (event.kind, event.actor, event.via) == (
        SecurityEventKind.PASSWORD_CHANGED,
        reporter_a,
        "page",
    )
    (message,) = mail.outbox
    assert message.to == [reporter_a.email]
    assert "password was changed" in message.subject
    assert "reporter_a" in message.body
    assert "If you did not" in message.body
    assert NEW_PASSWORD not in message.body


def test_it_sends_the_mail_only_once_committed(reporter_a, django_capture_on_commit_callbacks):
    client = signed_in_client(reporter_a)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _change(client)

    assert mail.outbox == []
    assert len(callbacks) == 1


def test_it_keeps_the_change_when_the_mail_server_fails(
    reporter_a, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def broken(*args, **kwargs):
        raise ConnectionRefusedError("no mail server")

    monkeypatch.setattr("accounts.services.password.send_mail", broken)
    client = signed_in_client(reporter_a)

    with django_capture_on_commit_callbacks(execute=True):
        response = _change(client)

    assert response.status_code == 302
    reporter_a.refresh_from_db()
    assert reporter_a.check_password(NEW_PASSWORD)
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.PASSWORD_CHANGED).count() == 1
    assert "Could not e-mail" in caplog.text


def test_it_refuses_a_wrong_current_password_and_counts_it(
    reporter_a, django_capture_on_commit_callbacks
):
    client = signed_in_client(reporter_a)

    with django_capture_on_commit_callbacks(execute=True):
        response = _change(client, current="not the password")

    assert response.status_code == 200
    assert _errors(response, "current_password") == [str(WRONG_CURRENT_MESSAGE)]
    assert 'role="alert"' in _text(response)  # the summary, beside the field's own error
    assert 'href="#id_current_password"' in _text(response)
    assert _password_unchanged(reporter_a)
    assert LoginFailure.objects.filter(username="reporter_a").count() == 1
    assert not SecurityEvent.objects.exists()
    assert mail.outbox == []


def test_it_locks_after_too_many_wrong_current_passwords(reporter_a, settings):
    client = signed_in_client(reporter_a)
    for _ in range(settings.LOGIN_LOCKOUT_ATTEMPTS):
        _change(client, current="not the password")

    response = _change(client)  # the right one, too late
    sign_in = Client().post(LOGIN, {"username": "reporter_a", "password": PASSWORD}, follow=True)

    assert _errors(response, "current_password") == _locked(settings)
    assert _password_unchanged(reporter_a)
    assert not sign_in.wsgi_request.user.is_authenticated  # the sign-in page is locked too


def test_it_counts_failures_from_the_sign_in_page(reporter_a, settings):
    for _ in range(settings.LOGIN_LOCKOUT_ATTEMPTS):
        Client().post(LOGIN, {"username": "reporter_a", "password": "not the password"})

    response = _change(signed_in_client(reporter_a))

    assert _errors(response, "current_password") == _locked(settings)
    assert _password_unchanged(reporter_a)


def test_it_forgets_earlier_failures_once_the_current_password_is_right(reporter_a, settings):
    client = signed_in_client(reporter_a)
    for _ in range(settings.LOGIN_LOCKOUT_ATTEMPTS - 1):
        _change(client, current="not the password")

    response = _change(client)

    assert response.status_code == 302
    assert not LoginFailure.objects.filter(username="reporter_a").exists()


@pytest.mark.parametrize(
    ("new", "again", "field", "message"),
    [
        ("short", "short", "new_password", "at least 12 characters"),
        ("password1234", "password1234", "new_password", "too common"),
        ("736492018573", "736492018573", "new_password", "entirely numeric"),
        ("reporter_a_reporter_a", "reporter_a_reporter_a", "new_password", "too similar"),
        (NEW_PASSWORD, NEW_PASSWORD + "x", "new_password_again", str(DIFFERENT_MESSAGE)),
        (PASSWORD, PASSWORD, "new_password", str(SAME_MESSAGE)),
    ],
)
def test_it_refuses_a_bad_new_password(reporter_a, new, again, field, message):
    client = signed_in_client(reporter_a)

    response = _change(client, new=new, again=again)

    assert response.status_code == 200
    form = response.context["form"]
    assert any(message in error for error in form.errors[field]), form.errors
    assert reporter_a.check_password(PASSWORD)
    assert not SecurityEvent.objects.exists()
    assert not LoginFailure.objects.filter(username="reporter_a").exists()  # current was right


def test_it_asks_every_field(reporter_a):
    response = signed_in_client(reporter_a).post(PAGE, {})

    assert set(response.context["form"].errors) == {
        "current_password",
        "new_password",
        "new_password_again",
    }
    assert not LoginFailure.objects.exists()  # no password typed, nothing counted


def test_it_sends_the_anonymous_visitor_to_sign_in(anonymous, reporter_a):
    shown = anonymous.get(PAGE)
    posted = _change(anonymous)

    assert shown.status_code == posted.status_code == 302
    assert shown["Location"].startswith(LOGIN)
    assert posted["Location"].startswith(LOGIN)
    assert _password_unchanged(reporter_a)


def test_it_asks_the_second_factor_first(reporter_a):
    client = Client()
    client.force_login(reporter_a)  # password only

    response = _change(client)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor"))
    assert _password_unchanged(reporter_a)


def test_it_keeps_the_page_out_of_caches(reporter_a):
    response = signed_in_client(reporter_a).get(PAGE)

    assert "no-store" in response["Cache-Control"]
    assert 'autocomplete="current-password"' in _text(response)
    assert _text(response).count('autocomplete="new-password"') == 2


def test_it_links_the_page_beside_sign_out(reporter_a):
    home = signed_in_client(reporter_a).get(reverse("home"), follow=True)

    assert f'href="{PAGE}"' in _text(home)


def test_it_shows_the_change_in_the_person_s_audit_trail(coordinator, reporter_a):
    _change(signed_in_client(reporter_a))

    page = signed_in_client(coordinator).get(reverse("people:detail", args=[reporter_a.pk]))

    assert "Password changed" in _text(page)
