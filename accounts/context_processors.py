from accounts.models import Role
from cases.selectors import user_may_read_cases
from documents.selectors import user_can_read_documents


def roles(request):
    """`is_coordinator` and friends for the navigation, from the same rules the permission
    getters apply; no queries for anonymous visitors."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {
            "is_coordinator": False,
            "is_administrator": False,
            "reads_documents": False,
            "reads_cases": False,
            "reads_case_figures": False,
        }
    return {
        "is_coordinator": user.has_role(Role.COORDINATOR),
        "is_administrator": user.has_role(Role.ADMINISTRATOR),
        "reads_documents": user_can_read_documents(user),
        "reads_cases": user_may_read_cases(user),
        "reads_case_figures": user.is_coordinator or user.has_role(Role.VIEWER),
    }
