"""`tipmonitor reset_2fa NAME`: forget a user's authenticator (a lost or replaced phone).

Their sessions stop counting as past the second factor at once. It prints a new one-time
activation code (shown once): with it, and only with it, their next sign-in enrols a new app.
Do this only after checking, outside the system, that the request really comes from that
person, and hand the code over by another way than the password: it is the way round the
second factor.

With `--email-link` it prints no code: the user is e-mailed a link (to the address on their
account) where they type their password and enrol the new app.
"""

from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts import services
from accounts.management.activation import activation_message
from accounts.models import User


class Command(BaseCommand):
    help = "Remove a user's two-factor devices and print the activation code that enrols a new one."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--email-link",
            action="store_true",
            help="e-mail the user a link that enrols the new app, instead of printing a code",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        username = options["username"]
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist:
            message = _("No user is named %(username)r.") % {"username": username}
            raise CommandError(message) from None
        if options["email_link"]:
            try:
                removed = services.user_second_factor_reset_by(by=None, user=user, via="command")
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
            self.stdout.write(self._removed(removed, user))
            self.stdout.write(
                _("A link to enrol a new app was e-mailed to %(email)s.") % {"email": user.email}
            )
            return
        removed, code = services.user_second_factor_reset(user=user, via="command")
        self.stdout.write(self._removed(removed, user))
        self.stdout.write(activation_message(user, code))

    def _removed(self, removed: int, user: User) -> str:
        message = ngettext(
            "Removed %(count)d two-factor device of %(username)s.",
            "Removed %(count)d two-factor devices of %(username)s.",
            removed,
        )
        return message % {"count": removed, "username": user.username}
