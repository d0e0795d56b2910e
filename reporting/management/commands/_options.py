"""What the reporting commands share: finding the plan and the user they act for."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from accounts.models import Role, User
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
    coordinators = list(
        User.objects.filter(is_active=True, role_grants__role=Role.COORDINATOR).distinct()[:2]
    )
    if len(coordinators) != 1:
        raise CommandError(_("Say who does this with --user USERNAME."))
    return coordinators[0]
