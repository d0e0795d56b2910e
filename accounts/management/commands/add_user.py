"""`tipmonitor add_user NAME --agency CODE --role coordinator [--role reporter ...]`

The password is typed at a prompt (twice, not echoed) or read from standard input with
`--password-stdin`, never given as an argument: arguments end up in shell history and in
every other user's `ps` listing.

It prints the one-time activation code the user types before enrolling their authenticator
app, shown this once and kept only as a hash: hand it over apart from the password.

With `--invite` (and `--email`) no password is asked: the user is e-mailed an invitation link
where they choose their password and set up their authenticator app themselves.
"""

import getpass
import sys
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from accounts import services
from accounts.management.activation import activation_message
from accounts.models import Role, User
from agencies.models import Agency


class Command(BaseCommand):
    help = "Create a user of an agency with one or more roles; the password is prompted for."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--agency", required=True, help="code of the user's agency")
        parser.add_argument(
            "--role",
            dest="roles",
            action="append",
            required=True,
            choices=Role.values,
            help="a role the user holds; repeat for several",
        )
        parser.add_argument("--email", default="")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument(
            "--invite",
            action="store_true",
            help="e-mail an invitation link (needs --email) instead of asking a password",
        )
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            help="read the password from the first line of standard input instead of a prompt",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        agency = self._agency(options["agency"])
        roles = [Role(role) for role in options["roles"]]
        if options["invite"]:
            self._invite(options, agency, roles)
            return
        password = self._password(from_stdin=options["password_stdin"])
        try:
            user = services.user_create(
                username=options["username"],
                password=password,
                agency=agency,
                roles=roles,
                email=options["email"],
                first_name=options["first_name"],
                last_name=options["last_name"],
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        code = services.activation_code_issue(user=user)
        self.stdout.write(self._created_message(user))
        self.stdout.write(activation_message(user, code))

    def _invite(self, options: dict[str, Any], agency: Agency, roles: list[Role]) -> None:
        if not options["email"]:
            raise CommandError(_("--invite needs --email: the link is sent there."))
        if options["password_stdin"]:
            raise CommandError(_("--invite asks no password: leave out --password-stdin."))
        try:
            user = services.user_invite(
                by=None,
                username=options["username"],
                email=options["email"],
                first_name=options["first_name"],
                last_name=options["last_name"],
                agency=agency,
                roles=roles,
                via="command",
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(self._created_message(user))
        self.stdout.write(
            _(
                "Invitation link e-mailed to %(email)s; it works once, within %(hours)d hours. "
                "If it does not arrive, `reset-2fa %(username)s --email-link` sends a new one."
            )
            % {
                "email": user.email,
                "hours": settings.ACTIVATION_CODE_HOURS,
                "username": user.username,
            }
        )

    def _agency(self, code: str) -> Agency:
        try:
            return Agency.objects.get(code=code)
        except Agency.DoesNotExist:
            raise CommandError(_("No agency has the code %(code)r.") % {"code": code}) from None

    def _password(self, *, from_stdin: bool) -> str:
        if from_stdin:
            password = sys.stdin.readline().rstrip("\r\n")
        else:
            password = getpass.getpass(_("Password: "))
            if password != getpass.getpass(_("Password (again): ")):
                raise CommandError(_("The two passwords differ; nothing was created."))
        if not password:
            raise CommandError(_("The password is empty; nothing was created."))
        return password

    def _created_message(self, user: User) -> str:
        roles = ", ".join(sorted(user.role_grants.values_list("role", flat=True)))
        return _("Created %(username)s (%(agency)s: %(roles)s).") % {
            "username": user.username,
            "agency": user.agency.code if user.agency else "-",
            "roles": roles,
        }
