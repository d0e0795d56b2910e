"""`tipmonitor import-users FILE`: a list of users invited at once from CSV (any of the three
separators) or XLSX; all or nothing, every error named by row and column; `--dry-run` stores
nothing; the invitations go out only once the whole list is stored."""

import io
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from accounts.models import ActivationCode, Role, SecurityEvent, SecurityEventKind, User

pytestmark = pytest.mark.django_db

HEADER = ["username", "full name", "e-mail", "agency", "roles"]
ANNA = ["anna", "Anna Maria Petrosyan", "anna@police.example", "POL", "reporter"]
ARAM = ["aram", "Aram", "aram@ngo.example", "NGO1", "approver; case_officer"]


def _csv(path: Path, rows: list[list[str]], separator: str = ",") -> Path:
    def cell(text: str) -> str:
        return f'"{text}"' if separator in text or "," in text or ";" in text else text

    path.write_text(
        "\n".join(separator.join(cell(text) for text in row) for row in rows) + "\n",
        encoding="utf-8",
    )
    return path


def _xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    book.create_sheet("Notes").append(["username"])  # only the first sheet is read
    book.save(path)
    return path


def _run(path: Path, *args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_users", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _refused(path: Path, *args: str) -> list[str]:
    """The error lines of a refused file; asserts that nothing was stored or sent."""
    users_before = set(User.objects.values_list("username", flat=True))
    events_before = SecurityEvent.objects.count()
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was stored"):
        call_command("import_users", str(path), *args, stdout=io.StringIO(), stderr=err)
    assert set(User.objects.values_list("username", flat=True)) == users_before
    assert SecurityEvent.objects.count() == events_before
    assert not ActivationCode.objects.exists()
    assert not mail.outbox
    return err.getvalue().splitlines()


def _roles(username: str) -> set[str]:
    return set(User.objects.get(username=username).role_grants.values_list("role", flat=True))


def _assert_both_invited() -> None:
    anna = User.objects.get(username="anna")
    assert (anna.first_name, anna.last_name) == ("Anna", "Maria Petrosyan")
    assert anna.email == "anna@police.example"
    assert anna.agency is not None
    assert anna.agency.code == "POL"
    assert not anna.has_usable_password()
    assert _roles("anna") == {Role.REPORTER}
    aram = User.objects.get(username="aram")
    assert (aram.first_name, aram.last_name) == ("Aram", "")
    assert aram.agency is not None
    assert aram.agency.code == "NGO1"
    assert _roles("aram") == {Role.APPROVER, Role.CASE_OFFICER}


@pytest.mark.parametrize("separator", [",", ";", "\t"])
def test_it_invites_everyone_in_a_csv_file_with_any_separator(
    separator, tmp_path, agency_a, agency_b, django_capture_on_commit_callbacks
):
    path = _csv(tmp_path / "users.csv", [HEADER, ANNA, ARAM], separator)

    with django_capture_on_commit_callbacks(execute=True):
        out, err = _run(path)

    _assert_both_invited()
    assert err == ""
    assert "Invited 2 users" in out
    assert {message.to[0] for message in mail.outbox} >= {"anna@police.example", "aram@ngo.example"}
    invited = SecurityEvent.objects.filter(kind=SecurityEventKind.INVITED)
    assert sorted(invited.values_list("subject__username", "via")) == [
        ("anna", "import"),
        ("aram", "import"),
    ]
    assert set(
        SecurityEvent.objects.filter(kind=SecurityEventKind.ROLE_GRANTED).values_list(
            "via", flat=True
        )
    ) == {"import"}


def test_it_invites_everyone_in_the_first_sheet_of_a_workbook(
    tmp_path, agency_a, agency_b, django_capture_on_commit_callbacks
):
    header = ["Username", "FULL NAME", "E-mail", " Agency ", "Roles"]  # any case and spacing
    path = _xlsx(tmp_path / "users.xlsx", [header, ANNA, [], ["aram", *ARAM[1:]]])

    with django_capture_on_commit_callbacks(execute=True):
        out, _err = _run(path)

    _assert_both_invited()
    assert "Invited 2 users" in out
    assert len([m for m in mail.outbox if m.to[0] in {"anna@police.example"}]) == 1


def test_it_reads_a_user_name_typed_as_a_number_and_columns_in_any_order(tmp_path, agency_a):
    path = _xlsx(
        tmp_path / "users.xlsx",
        [
            ["roles", "agency", "email", "user name", "full name"],
            ["reporter", "pol", "clerk@police.example", 1024, "Clerk"],
        ],
    )

    _run(path)

    assert User.objects.get(username="1024").agency == agency_a


def test_it_sends_the_invitations_only_after_the_commit(tmp_path, agency_a, agency_b):
    path = _csv(tmp_path / "users.csv", [HEADER, ANNA, ARAM])

    _run(path)  # in the test's transaction, never committed: nothing may go out

    assert User.objects.filter(username__in=["anna", "aram"]).count() == 2
    assert not mail.outbox


def test_it_stores_and_sends_nothing_on_a_dry_run(
    tmp_path, agency_a, agency_b, django_capture_on_commit_callbacks
):
    path = _csv(tmp_path / "users.csv", [HEADER, ANNA, ARAM])

    with django_capture_on_commit_callbacks(execute=True):
        out, _err = _run(path, "--dry-run")

    assert "2 users would be invited" in out
    assert "anna (POL: reporter) <anna@police.example>" in out
    assert not User.objects.filter(username__in=["anna", "aram"]).exists()
    assert not SecurityEvent.objects.exists()
    assert not ActivationCode.objects.exists()
    assert not mail.outbox


def test_it_names_every_error_by_row_and_column_and_stores_nothing(
    tmp_path, agency_a, agency_b, reporter_a
):
    rows = [
        HEADER,
        ANNA,  # row 2: correct, but not stored either
        ["reporter_a", "Taken Name", "t@police.example", "POL", "reporter"],  # row 3
        ["Anna", "Anna Again", "again@police.example", "POL", "reporter"],  # row 4
        ["", "", "", "", ""],  # row 5: empty, skipped
        ["bob", "", "not-an-address", "NOPE", "reporter, boss"],  # row 6
        ["carl", "Carl", "", "POL", ""],  # row 7
        ["bad name!", "Dan", "dan@police.example", "", "approver"],  # row 8
    ]

    errors = _refused(_csv(tmp_path / "users.csv", rows))

    assert errors[0] == "row 3, column username: the user name reporter_a is taken."
    assert errors[1] == "row 4, column username: Anna is also on row 2."
    assert errors[2:6] == [
        "row 6, column full name: the full name is empty.",
        "row 6, column e-mail: “not-an-address” is not an e-mail address.",
        "row 6, column agency: no agency has the code NOPE.",
        "row 6, column roles: unknown role “boss”; the roles are: " + ", ".join(Role.values) + ".",
    ]
    assert errors[6:8] == [
        "row 7, column e-mail: the e-mail address is missing: the invitation goes there.",
        "row 7, column roles: no role is given; give at least one.",
    ]
    assert errors[8].startswith("row 8, column username: ")
    assert errors[9] == "row 8, column agency: the agency code is empty."
    assert len(errors) == 10


def test_it_refuses_a_whole_workbook_with_one_bad_row(tmp_path, agency_a, agency_b):
    path = _xlsx(tmp_path / "users.xlsx", [HEADER, ANNA, ARAM, ["eve", "Eve", "eve@x.example"]])

    errors = _refused(path)

    assert errors == [
        "row 4, column agency: the agency code is empty.",
        "row 4, column roles: no role is given; give at least one.",
    ]


def test_it_refuses_unknown_repeated_and_missing_columns(tmp_path, agency_a):
    header = ["username", "full name", "email", "e-mail", "agency", "phone"]
    path = _csv(tmp_path / "users.csv", [header, ["anna", "Anna", "a@x.example", "", "POL", ""]])

    errors = _refused(path)

    assert errors == [
        "row 1, column D: the column e-mail is also column C.",
        "row 1, column F: unknown column “phone”; the columns are: username, full name, "
        "e-mail, agency, roles.",
        "row 1, column roles: the column is missing from the header row.",
    ]


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("users.txt", b"username\n", "neither a .csv nor an .xlsx"),
        ("users.csv", b"", "the file is empty"),
        ("users.csv", b"\xff\xfeu\x00", "not UTF-8"),
        ("users.xlsx", b"not a workbook", "not an XLSX workbook"),
    ],
)
def test_it_refuses_files_it_cannot_read(tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content)

    with pytest.raises(CommandError, match=expected):
        _run(path)
    assert not User.objects.exists()


def test_it_refuses_a_file_without_users(tmp_path, agency_a):
    errors = _refused(_csv(tmp_path / "users.csv", [HEADER, ["", "", "", "", ""]]))

    assert errors == ["row 2, column username: the file lists no users below its header row."]


def test_it_lets_the_server_operator_give_case_reading_roles(
    tmp_path, secretariat, agency_a, coordinator, django_capture_on_commit_callbacks
):
    rows = [
        HEADER,
        ["officer", "Case Officer", "officer@police.example", "POL", "case_officer"],
        ["chief", "New Coordinator", "chief@sec.example", "SEC", "coordinator"],
    ]

    with django_capture_on_commit_callbacks(execute=True):
        _run(_csv(tmp_path / "users.csv", rows))

    assert _roles("officer") == {Role.CASE_OFFICER}
    assert _roles("chief") == {Role.COORDINATOR}
    # The coordinators hear of every role that opens case records.
    assert any(coordinator.email in message.to for message in mail.outbox)


def test_it_undoes_the_whole_list_when_a_row_is_refused_while_storing(
    tmp_path, agency_a, agency_b, monkeypatch
):
    from accounts import services

    real = services.user_invite

    def invite(**kwargs):
        if kwargs["username"] == "aram":  # as if someone took the name meanwhile
            User.objects.create(username="aram")
        return real(**kwargs)

    monkeypatch.setattr(services, "user_invite", invite)

    errors = _refused(_csv(tmp_path / "users.csv", [HEADER, ANNA, ARAM]))

    assert len(errors) == 1
    assert errors[0].startswith("row 3, column username: ")
    assert not User.objects.filter(username__in=["anna", "aram"]).exists()
