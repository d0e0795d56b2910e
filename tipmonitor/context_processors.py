"""What every page's navigation needs to know about the signed-in user.

In the project package, not in `accounts`: it answers for every app, and `accounts` sits below
the apps whose pages it names (cases, documents). Every answer comes from
`accounts.permissions`, the same functions the views and API operations ask.
"""

from django.conf import settings
from django.http import HttpRequest

from accounts import permissions


def roles(request: HttpRequest) -> dict[str, bool]:
    """`is_coordinator` and friends for the navigation; no queries for anonymous visitors."""
    user = getattr(request, "user", None)
    return {
        # Past the second factor too: before it the navigation would only lead back to it.
        "fully_signed_in": _fully_signed_in(user),
        "is_coordinator": permissions.is_coordinator(user),
        "is_administrator": permissions.is_administrator(user),
        "reads_all_agencies": permissions.reads_all_agencies(user),
        "reads_documents": permissions.may_read_documents(user),
        "reads_cases": permissions.may_read_cases(user),
        "reads_case_figures": permissions.may_read_case_figures(user),
        "manages_users": permissions.may_manage_users(user),
        "reads_meetings": permissions.may_read_meetings(user),
        "follows_actions": permissions.may_follow_actions(user),
    }


def _fully_signed_in(user) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if not settings.REQUIRE_SECOND_FACTOR:
        return True
    is_verified = getattr(user, "is_verified", None)  # set by django_otp's middleware
    return bool(is_verified and is_verified())
