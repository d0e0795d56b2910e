from accounts.models import Role


def roles(request):
    """`is_coordinator` and friends for the navigation; no queries for anonymous visitors."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"is_coordinator": False, "is_administrator": False}
    return {
        "is_coordinator": user.has_role(Role.COORDINATOR),
        "is_administrator": user.has_role(Role.ADMINISTRATOR),
    }
