"""Where `/` leads. (The 403 and 404 pages are Django's own views rendering the templates
`403.html` and `404.html` of this package, in the site's layout.)"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_safe

from accounts import permissions
from plans.models import PlanStatus
from plans.selectors import plans_visible_to


def _working_plan_id(user) -> int | None:
    """The plan being carried out: the only adopted plan the user sees, else the only plan;
    None when there is a choice to make (the plan list makes it)."""
    plans = plans_visible_to(user)
    for candidates in (plans.filter(status=PlanStatus.ADOPTED), plans):
        ids = list(candidates.order_by().values_list("pk", flat=True)[:2])
        if len(ids) == 1:
            return ids[0]
    return None


def landing_url(user) -> str:
    """Where each role's work is (issue 9): an agency's reporters and approvers at their
    reports (an approver's list opens with the reports awaiting their approval), the
    coordinator at what needs attention, a case records officer at the case records, an
    agency's user manager at its people, a viewer at the plan's progress, an administrator at
    the administration; anyone else at the plans."""
    if permissions.is_coordinator(user):
        plan_id = _working_plan_id(user)
        if plan_id is not None:
            return reverse("reporting:attention", args=[plan_id])
        return reverse("plans:plan_list")
    if permissions.is_reporter_or_approver(user):
        return reverse("reporting:report_list")
    if permissions.may_read_cases(user):  # a case records officer (the coordinator is above)
        return reverse("cases:record_list")
    if permissions.may_manage_users(user):  # an agency's user manager
        return reverse("people:list")
    if permissions.is_viewer(user):
        plan_id = _working_plan_id(user)
        if plan_id is not None:
            return reverse("progress:overview", args=[plan_id])
        return reverse("plans:plan_list")
    if permissions.may_enter_admin(user):
        return reverse("admin:index")
    return reverse("plans:plan_list")


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """`/`: the public site for a visitor who is not signed in, else the user's work."""
    if not request.user.is_authenticated:
        return redirect("public:index")
    return redirect(landing_url(request.user))
