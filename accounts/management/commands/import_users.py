"""`tipmonitor import-users FILE.xlsx|csv [--dry-run]`: invite a list of users at once.

The file has a header row and one user a row, with these columns (headers in English, in any
order and any case; "email" and "user name" are accepted too):

- `username`: the name they sign in with;
- `full name`: split at the first space into first name and last name ("Anna Maria Petrosyan":
  first name "Anna", last name "Maria Petrosyan"); one word is a first name alone;
- `e-mail`: where their invitation link goes;
- `agency`: the code of their agency (as on the agencies page, any case);
- `roles`: one or more role values (`reporter`, `approver`, `case_officer`, `user_manager`,
  `coordinator`, `viewer`, `administrator`), separated by "," or ";". Role values only, not
  their translated labels.

A CSV file is UTF-8 (with or without Excel's byte-order mark), its separator ",", ";" or a tab
(guessed from the header row); an XLSX workbook is read from its first sheet. Empty rows are
skipped.

All or nothing: every row is checked first (a user name taken or repeated in the file, an
e-mail address missing or wrong, an unknown agency or role, an empty full name), every error
is printed as "row N, column X: reason" and the command exits with status 1, having stored
nothing. Otherwise every user is created in one transaction, each as `add-user --invite`
would (no password; an e-mailed single-use link where they set it and their authenticator
app), and the invitations are e-mailed once the whole list is stored.

Like `add-user`, the command line may give any role, those that open victims' case records
(coordinator, case records officer) included: whoever runs it operates the server. Every role
granted is audited (via "import") and the coordinators are told of case-reading ones.
`--dry-run` checks the whole file, as the real run would, and stores nothing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl.utils import get_column_letter

from accounts import services
from accounts.models import Role, User
from agencies.models import Agency
from tipmonitor.lib.spreadsheet import (
    UnreadableWorkbookError,
    cell_text,
    check_xlsx_container,
    csv_records,
    normalise_header,
    read_only_workbook,
)

# The columns, by the name errors give them, and the headers that name each.
USERNAME, FULL_NAME, EMAIL, AGENCY, ROLES = "username", "full name", "e-mail", "agency", "roles"
HEADERS = {
    USERNAME: {"username", "user name", "user_name"},
    FULL_NAME: {"full name", "full_name", "fullname"},
    EMAIL: {"e-mail", "email", "e_mail", "e-mail address", "email address"},
    AGENCY: {"agency", "agency code"},
    ROLES: {"roles", "role"},
}
ROLE_SEPARATORS = (",", ";")
# The longest names the user table holds (Django's own limits).
MAX_NAME_CHARS = 150
MAX_EMAIL_CHARS = 254
# A list of users is small; a workbook that unpacks to more is not one.
MAX_UNPACKED_BYTES = 50 * 2**20
MAX_FILE_BYTES = 20 * 2**20


@dataclasses.dataclass
class Row:
    """One user to invite, checked."""

    number: int
    username: str
    first_name: str
    last_name: str
    email: str
    agency: Agency
    roles: list[Role]


@dataclasses.dataclass
class Problems:
    """Every error found, in the order found: (row, column, reason)."""

    found: list[tuple[int, str, str]] = dataclasses.field(default_factory=list)

    def add(self, row: int, column: str, reason: str) -> None:
        self.found.append((row, column, reason))

    def lines(self) -> list[str]:
        return [
            _("row %(row)d, column %(column)s: %(reason)s")
            % {"row": row, "column": column, "reason": reason}
            for row, column, reason in sorted(self.found, key=lambda found: found[0])
        ]

    def __bool__(self) -> bool:
        return bool(self.found)


class _UndoError(Exception):
    """Raised inside the transaction to undo it."""


class Command(BaseCommand):
    help = (
        "Invite the users listed in a CSV or XLSX file (columns: username, full name, e-mail, "
        "agency code, roles). All or nothing: every error is printed by row and column and "
        "nothing is stored. Roles are role values (e.g. reporter; approver), not labels; any "
        "role may be given, case-reading ones too (the server's operator runs this)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file",
            type=Path,
            help=(
                "a .csv (UTF-8; separator ',', ';' or tab) or .xlsx file (first sheet) with "
                "the English headers username, full name, e-mail, agency, roles; the full name "
                "is split at its first space into first and last name; roles are values "
                "separated by ',' or ';': " + ", ".join(Role.values)
            ),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="check the whole file and say what would be created; store nothing",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["file"]
        assert isinstance(path, Path)
        records = _read(path)
        problems = Problems()
        rows = _check(records, problems)
        if not problems:
            rows = self._invite(rows, problems, dry_run=options["dry_run"])
        if problems:
            for line in problems.lines():
                self.stderr.write(line)
            raise CommandError(
                ngettext(
                    "%(count)d error in %(file)s; nothing was stored.",
                    "%(count)d errors in %(file)s; nothing was stored.",
                    len(problems.found),
                )
                % {"count": len(problems.found), "file": path.name}
            )
        self._summary(rows, dry_run=options["dry_run"])

    def _invite(self, rows: list[Row], problems: Problems, *, dry_run: bool) -> list[Row]:
        """Create every user through `user_invite`, in one transaction: undone if any row is
        refused after all (a name taken meanwhile), or on a dry run. The invitations go out
        after the commit, so none is sent for a list that was not stored."""
        try:
            with transaction.atomic():
                for row in rows:
                    try:
                        services.user_invite(
                            by=None,
                            username=row.username,
                            email=row.email,
                            first_name=row.first_name,
                            last_name=row.last_name,
                            agency=row.agency,
                            roles=row.roles,
                            via="import",
                        )
                    except ValidationError as error:
                        _add_refusal(problems, row.number, error)
                if problems or dry_run:
                    raise _UndoError
        except _UndoError:
            pass
        return rows

    def _summary(self, rows: list[Row], *, dry_run: bool) -> None:
        for row in rows:
            self.stdout.write(
                _("%(username)s (%(agency)s: %(roles)s) <%(email)s>")
                % {
                    "username": row.username,
                    "agency": row.agency.code,
                    "roles": ", ".join(row.roles),
                    "email": row.email,
                }
            )
        count = len(rows)
        if dry_run:
            message = ngettext(
                "Dry run: the file is correct; %(count)d user would be invited. Nothing was "
                "stored.",
                "Dry run: the file is correct; %(count)d users would be invited. Nothing was "
                "stored.",
                count,
            )
        else:
            message = ngettext(
                "Invited %(count)d user: the invitation link is e-mailed to them; it works "
                "once, within %(hours)d hours.",
                "Invited %(count)d users: each is e-mailed an invitation link; it works once, "
                "within %(hours)d hours.",
                count,
            )
        self.stdout.write(message % {"count": count, "hours": settings.ACTIVATION_CODE_HOURS})


# Reading ---------------------------------------------------------------------------------------


def _read(path: Path) -> list[list[str]]:
    """The file's rows of cell text, header first; CommandError names what is wrong with it."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise CommandError(
            _("%(file)s: the file is neither a .csv nor an .xlsx file.") % {"file": path.name}
        )
    try:
        data = path.read_bytes()
    except OSError as error:
        raise CommandError(
            _("%(file)s cannot be read (%(reason)s).")
            % {"file": path.name, "reason": error.strerror}
        ) from None
    try:
        if suffix == ".csv":
            records = [[cell_text(cell) for cell in record] for record in csv_records(data)]
        else:
            records = list(_xlsx_rows(data))
    except UnreadableWorkbookError as error:
        raise CommandError(f"{path.name}: {error}") from None
    if not records or not any(records[0]):
        raise CommandError(
            _("%(file)s: the file is empty: row 1 must hold the column headers.")
            % {"file": path.name}
        )
    return records


def _xlsx_rows(data: bytes) -> Iterator[list[str]]:
    check_xlsx_container(data, max_bytes=MAX_FILE_BYTES, max_unpacked=MAX_UNPACKED_BYTES)
    with read_only_workbook(data) as book:
        for row in book.worksheets[0].iter_rows(values_only=True):
            yield [cell_text(cell) for cell in row]


# Checking --------------------------------------------------------------------------------------


def _check(records: list[list[str]], problems: Problems) -> list[Row]:
    """Every row checked (nothing is stored meanwhile); the errors go to `problems`."""
    columns = _columns(records[0], problems)
    if problems:
        return []
    agencies = {agency.code.casefold(): agency for agency in Agency.objects.all()}
    seen: dict[str, int] = {}
    rows: list[Row] = []
    for number, record in enumerate(records[1:], start=2):
        if not any(record):
            continue  # an empty line between users, or after the last
        cells = {
            column: record[index] if index < len(record) else ""
            for column, index in columns.items()
        }
        row = _check_row(number, cells, agencies, seen, problems)
        if row is not None:
            rows.append(row)
    if not rows and not problems:
        problems.add(2, USERNAME, _("the file lists no users below its header row."))
    return rows


def _columns(header: list[str], problems: Problems) -> dict[str, int]:
    """Column name -> index; unknown, repeated and missing columns are errors (an unknown
    header is named by its position and text: a header row holds no personal data)."""
    columns: dict[str, int] = {}
    for index, text in enumerate(header):
        name = normalise_header(text)
        if not name:
            continue
        column = next((column for column, names in HEADERS.items() if name in names), None)
        position = _column_letter(index)
        if column is None:
            problems.add(
                1,
                position,
                _("unknown column “%(header)s”; the columns are: %(known)s.")
                % {"header": text, "known": ", ".join(HEADERS)},
            )
        elif column in columns:
            problems.add(
                1,
                position,
                _("the column %(column)s is also column %(other)s.")
                % {"column": column, "other": _column_letter(columns[column])},
            )
        else:
            columns[column] = index
    for column in HEADERS:
        if column not in columns:
            problems.add(1, column, _("the column is missing from the header row."))
    return columns


def _column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: the column as a spreadsheet names it."""
    return get_column_letter(index + 1)


def _check_row(
    number: int,
    cells: dict[str, str],
    agencies: dict[str, Agency],
    seen: dict[str, int],
    problems: Problems,
) -> Row | None:
    before = len(problems.found)
    username = _check_username(number, cells[USERNAME], seen, problems)
    first_name, last_name = _check_full_name(number, cells[FULL_NAME], problems)
    email = _check_email(number, cells[EMAIL], problems)
    agency = _check_agency(number, cells[AGENCY], agencies, problems)
    roles = _check_roles(number, cells[ROLES], problems)
    if len(problems.found) > before or agency is None:
        return None
    return Row(number, username, first_name, last_name, email, agency, roles)


def _check_username(number: int, username: str, seen: dict[str, int], problems: Problems) -> str:
    if not username:
        problems.add(number, USERNAME, _("the user name is empty."))
        return username
    try:
        User.username_validator(username)
    except ValidationError as error:
        problems.add(number, USERNAME, " ".join(error.messages))
        return username
    if len(username) > MAX_NAME_CHARS:
        problems.add(
            number,
            USERNAME,
            _("a user name has at most %(count)d characters.") % {"count": MAX_NAME_CHARS},
        )
        return username
    key = username.casefold()
    if key in seen:
        problems.add(
            number,
            USERNAME,
            _("%(username)s is also on row %(row)d.") % {"username": username, "row": seen[key]},
        )
    elif User.objects.filter(username__iexact=username).exists():
        problems.add(
            number,
            USERNAME,
            _("the user name %(username)s is taken.") % {"username": username},
        )
    seen.setdefault(key, number)
    return username


def _check_full_name(number: int, full_name: str, problems: Problems) -> tuple[str, str]:
    words = full_name.split()
    if not words:
        problems.add(number, FULL_NAME, _("the full name is empty."))
        return "", ""
    first_name, last_name = words[0], " ".join(words[1:])
    if len(first_name) > MAX_NAME_CHARS or len(last_name) > MAX_NAME_CHARS:
        problems.add(
            number,
            FULL_NAME,
            _("a first or last name has at most %(count)d characters.") % {"count": MAX_NAME_CHARS},
        )
    return first_name, last_name


def _check_email(number: int, email: str, problems: Problems) -> str:
    if not email:
        problems.add(number, EMAIL, _("the e-mail address is missing: the invitation goes there."))
        return email
    try:
        validate_email(email)
        if len(email) > MAX_EMAIL_CHARS:
            raise ValidationError("too long")
    except ValidationError:
        problems.add(number, EMAIL, _("“%(email)s” is not an e-mail address.") % {"email": email})
    return email


def _check_agency(
    number: int, code: str, agencies: dict[str, Agency], problems: Problems
) -> Agency | None:
    if not code:
        problems.add(number, AGENCY, _("the agency code is empty."))
        return None
    agency = agencies.get(code.casefold())
    if agency is None:
        problems.add(number, AGENCY, _("no agency has the code %(code)s.") % {"code": code})
    return agency


def _check_roles(number: int, text: str, problems: Problems) -> list[Role]:
    for separator in ROLE_SEPARATORS[1:]:
        text = text.replace(separator, ROLE_SEPARATORS[0])
    names = [name.strip() for name in text.split(ROLE_SEPARATORS[0]) if name.strip()]
    if not names:
        problems.add(number, ROLES, _("no role is given; give at least one."))
        return []
    roles: list[Role] = []
    for name in names:
        value = name.casefold()
        if value not in Role.values:
            problems.add(
                number,
                ROLES,
                _("unknown role “%(role)s”; the roles are: %(known)s.")
                % {"role": name, "known": ", ".join(Role.values)},
            )
        elif Role(value) not in roles:
            roles.append(Role(value))
    return roles


# The fields of user_invite's refusals, as the file's columns.
_FIELD_COLUMNS = {"username": USERNAME, "email": EMAIL, "agency": AGENCY, "roles": ROLES}


def _add_refusal(problems: Problems, number: int, error: ValidationError) -> None:
    """A refusal of `user_invite` (a check this command does not make itself, or a user
    created meanwhile) as errors of the row."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            column = _FIELD_COLUMNS.get(field, field)
            for message in messages:
                problems.add(number, column, message)
    else:
        for message in error.messages:
            problems.add(number, USERNAME, message)
