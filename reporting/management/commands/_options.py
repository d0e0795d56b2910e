"""What the reporting commands share: finding the plan and the user they act for."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from accounts.models import Role, User
from plans.models import Plan


def plan_from_option(code: object) -> Plan:
    """The plan named by --plan, or the only plan there is."""
    if code:
        plan = Plan.objects.filter(code=code).first()
        if plan is None:
            raise CommandError(_("There is no plan with the code %(code)s.") % {"code": code})
        return plan
    plans = list(Plan.objects.all()[:2])
    if len(plans) != 1:
        codes = ", ".join(Plan.objects.values_list("code", flat=True)) or "-"
        raise CommandError(
            _("Say which plan with --plan CODE (plans: %(codes)s).") % {"codes": codes}
        )
    return plans[0]


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
