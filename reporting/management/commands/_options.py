"""What the reporting commands share: finding the plan and the user they act for."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.selectors import only_coordinator
from plans.management.plan_option import plan_from_option

__all__ = ["plan_from_option", "user_from_option"]


def user_from_option(username: object) -> User:
    """The user named by --user, or the coordinator when there is exactly one: every value
    and event records who entered it, also from the command line."""
    if username:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(_("There is no active user %(username)s.") % {"username": username})
        return user
    coordinator = only_coordinator()
    if coordinator is None:
        raise CommandError(_("Say who does this with --user USERNAME."))
    return coordinator
