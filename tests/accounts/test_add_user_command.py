"""`tipmonitor add_user`: a user of an agency with roles, the password never on the command
line, refused with a clear message and nothing stored when anything is wrong."""

import io
import sys

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from accounts.models import Role, User

GOOD_PASSWORD = "a long and quite unusual passphrase"


def _add_user(monkeypatch, *args: str, stdin: str = GOOD_PASSWORD + "\n") -> str:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    out = io.StringIO()
    call_command("add_user", *args, "--password-stdin", stdout=out)
    return out.getvalue()


def test_it_creates_a_user_of_the_agency_with_the_role(monkeypatch, agency_a):
    output = _add_user(monkeypatch, "clerk", "--agency", "POL", "--role", "reporter")

    user = User.objects.get(username="clerk")
    assert user.agency == agency_a
    assert list(user.role_grants.values_list("role", flat=True)) == [Role.REPORTER]
    assert authenticate(username="clerk", password=GOOD_PASSWORD) == user
    assert not user.is_staff
    assert "clerk" in output
    assert "POL" in output


def test_it_gives_several_roles(monkeypatch, agency_a):
    _add_user(monkeypatch, "clerk", "--agency", "POL", "--role", "reporter", "--role", "approver")

    user = User.objects.get(username="clerk")
    assert user.has_role(Role.REPORTER)
    assert user.has_role(Role.APPROVER)


def test_it_makes_an_administrator_staff(monkeypatch, secretariat):
    _add_user(monkeypatch, "boss", "--agency", "SEC", "--role", "administrator")

    assert User.objects.get(username="boss").is_staff


def test_it_reads_the_password_from_a_prompt_typed_twice(monkeypatch, secretariat):
    typed = iter([GOOD_PASSWORD, GOOD_PASSWORD])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(typed))

    call_command(
        "add_user", "coord", "--agency", "SEC", "--role", "coordinator", stdout=io.StringIO()
    )

    assert authenticate(username="coord", password=GOOD_PASSWORD) is not None


def test_it_refuses_two_different_passwords_at_the_prompt(monkeypatch, secretariat):
    typed = iter([GOOD_PASSWORD, GOOD_PASSWORD + "x"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(typed))

    with pytest.raises(CommandError, match="differ"):
        call_command("add_user", "coord", "--agency", "SEC", "--role", "coordinator")
    assert not User.objects.filter(username="coord").exists()


def test_it_takes_no_password_argument(secretariat):
    with pytest.raises(CommandError, match="unrecognized arguments"):
        call_command(
            "add_user", "coord", "--agency", "SEC", "--role", "coordinator", "--password", "x"
        )


def test_it_refuses_a_weak_password(monkeypatch, agency_a):
    with pytest.raises(CommandError, match="too short"):
        _add_user(monkeypatch, "clerk", "--agency", "POL", "--role", "reporter", stdin="abc\n")
    assert not User.objects.filter(username="clerk").exists()


def test_it_refuses_an_empty_password(monkeypatch, agency_a):
    with pytest.raises(CommandError, match="empty"):
        _add_user(monkeypatch, "clerk", "--agency", "POL", "--role", "reporter", stdin="")
    assert not User.objects.exists()


def test_it_refuses_an_unknown_agency(monkeypatch, agency_a):
    with pytest.raises(CommandError, match="'NOPE'"):
        _add_user(monkeypatch, "clerk", "--agency", "NOPE", "--role", "reporter")
    assert not User.objects.exists()


def test_it_refuses_an_unknown_role(monkeypatch, agency_a):
    with pytest.raises(CommandError, match="invalid choice: 'king'"):
        _add_user(monkeypatch, "clerk", "--agency", "POL", "--role", "king")
    assert not User.objects.exists()


def test_it_refuses_a_name_already_taken(monkeypatch, reporter_a):
    with pytest.raises(CommandError, match="already exists"):
        _add_user(monkeypatch, "REPORTER_A", "--agency", "POL", "--role", "reporter")
    assert User.objects.count() == 1
