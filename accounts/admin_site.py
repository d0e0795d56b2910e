"""The Django admin site, open to administrators only.

The admin edits users, roles and every record below the screens' own rules, so it is the
most powerful door in the system (ASVS 4.1.1, 4.3.1). Django lets in any active user with
`is_staff`; we also require the administrator role, so a staff flag set by mistake, or left
behind when the role is withdrawn, opens nothing. Everyone else is sent to the admin's sign-in
page, which says they are not authorised.
"""

from django.contrib.admin import AdminSite
from django.http import HttpRequest

from accounts.models import Role


class AdministratorsAdminSite(AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        if not (user.is_active and user.is_staff):  # an anonymous visitor is neither
            return False
        return user.has_role(Role.ADMINISTRATOR)
