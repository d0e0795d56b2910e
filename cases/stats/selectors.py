"""Who may read case statistics and bind indicators to case queries: the permission getters
of the statistics pages (docs/disclosure.md, "Pages")."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts import permissions
from accounts.models import User
from plans.models import Indicator, IndicatorType, Plan


def stats_access_for_user(user: User) -> bool:
    """Whether the user may see true counts (the coordinator) or only disclosure-controlled
    ones (a viewer, who reads the plan and what would be published of it): False. Anyone else
    is refused: PermissionDenied."""
    if permissions.reads_all_cases(user):
        return True
    if permissions.may_read_case_figures(user):
        return False
    raise PermissionDenied


def get_indicator_for_case_query(user: User, indicator_id: int) -> Indicator:
    """An indicator to bind to a case query: the coordinator's (403 for anyone else, 404 for
    none, and for a qualitative one, which counts nothing)."""
    if not permissions.reads_all_cases(user):
        raise PermissionDenied
    indicator = (
        Indicator.objects.select_related("plan", "case_query__agency")
        .exclude(type=IndicatorType.QUALITATIVE)
        .filter(pk=indicator_id)
        .first()
    )
    if indicator is None:
        raise Http404
    return indicator


def get_plan_for_case_queries(user: User, plan_id: int) -> Plan:
    if not permissions.reads_all_cases(user):
        raise PermissionDenied
    return get_object_or_404(Plan, pk=plan_id)


def case_query_rows(plan: Plan) -> list[Indicator]:
    """The plan's numeric indicators with their case query, if any (one query)."""
    return list(
        plan.indicators.exclude(type=IndicatorType.QUALITATIVE)
        .select_related("case_query__agency")
        .order_by("position", "code")
    )
