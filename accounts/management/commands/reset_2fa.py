"""`tipmonitor reset_2fa NAME`: forget a user's authenticator (a lost or replaced phone).

Their sessions stop counting as past the second factor at once, and the next sign-in asks
them to scan a new code. Do this only after checking, outside the system, that the request
really comes from that person: it is the way round the second factor.
"""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts import services
from accounts.models import User


class Command(BaseCommand):
    help = "Remove a user's two-factor devices, so that they enrol a new one at next sign-in."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        username = options["username"]
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist:
            message = _("No user is named %(username)r.") % {"username": username}
            raise CommandError(message) from None
        removed = services.user_second_factor_reset(user=user)
        message = ngettext(
            "Removed %(count)d two-factor device of %(username)s; they set up a new one at "
            "their next sign-in.",
            "Removed %(count)d two-factor devices of %(username)s; they set up a new one at "
            "their next sign-in.",
            removed,
        )
        self.stdout.write(message % {"count": removed, "username": user.username})
