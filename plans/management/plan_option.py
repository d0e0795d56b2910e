"""The --plan option the plan and reporting commands share: the plan named, or the only one."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

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
