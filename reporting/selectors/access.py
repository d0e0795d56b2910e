"""Who sees and edits which report: the one permission getter, `get_report_for_user`."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from accounts import permissions
from accounts.models import User
from plans.models import Plan, PlanStatus
from reporting.models import Report, ReportStatus

PUBLISHED = [ReportStatus.SUBMITTED, ReportStatus.ACCEPTED]


EDITABLE = [ReportStatus.DRAFT, ReportStatus.RETURNED]


def _visible_filter(user: User) -> Q | None:
    """None: everything; Q(pk__in=[]): nothing."""
    if not (user.is_authenticated and user.is_active):
        return Q(pk__in=[])
    if permissions.is_coordinator(user):
        return None
    visible = Q(pk__in=[])
    # An agency's reports, drafts included, are its reporters' and approvers' (not every user
    # of the agency: a case records officer or a user manager writes no report).
    agency_id = permissions.own_agency_id(user)
    if agency_id is not None:
        visible |= Q(agency_id=agency_id)
    if permissions.is_viewer(user):
        visible |= Q(status__in=PUBLISHED)
    if not permissions.sees_draft_plans(user):
        visible &= ~Q(plan__status=PlanStatus.DRAFT)
    return visible


def reports_visible_to(user: User) -> QuerySet[Report]:
    visible = _visible_filter(user)
    reports = Report.objects.select_related("agency", "plan")
    return reports if visible is None else reports.filter(visible)


def reports_for_user(user: User, plan: Plan) -> QuerySet[Report]:
    """The reports of `plan` that `user` may see, every version, by quarter and agency."""
    return reports_visible_to(user).filter(plan=plan)


def get_report_for_user(user: User, report_id: int, *, edit: bool = False) -> Report:
    """The report, if `user` may see it (and change it, with `edit`); else 404 or 403."""
    try:
        report = reports_visible_to(user).get(pk=report_id)
    except Report.DoesNotExist:
        raise Http404 from None
    if edit and not report_is_editable_by(report, user):
        raise PermissionDenied
    return report


def report_is_editable_by(report: Report, user: User) -> bool:
    if report.is_locked or report.status not in EDITABLE:
        return False
    return permissions.may_edit_reports_for(user, report.agency_id)
