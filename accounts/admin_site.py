"""The Django admin site, open to administrators only.

The admin edits users, roles and every record below the screens' own rules, so it is the
most powerful door in the system (ASVS 5.0 V8.2.1, V8.3.1). Django lets in any active user with
`is_staff`; we also require the administrator role, so a staff flag set by mistake, or left
behind when the role is withdrawn, opens nothing. Everyone else is sent to the admin's sign-in
page, which says they are not authorised.

Its "Change password" link leads to the application's page (`accounts:password_change`).
Its "View site" link leads to the public site: `/` would send an administrator straight back
to the admin (their own work is there).
"""

from django.contrib.admin import AdminSite
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from accounts import permissions


class AdministratorsAdminSite(AdminSite):
    site_header = _("TIP Monitor administration")
    site_title = _("TIP Monitor administration")
    site_url = reverse_lazy("public:index")  # type: ignore[assignment]

    def has_permission(self, request: HttpRequest) -> bool:
        return permissions.may_enter_admin(request.user)

    def password_change(  # type: ignore[override]  # a redirect, not the admin's template
        self, request: HttpRequest, extra_context: dict | None = None
    ) -> HttpResponse:
        """The application's own page, which counts wrong passwords toward the lockout, logs
        the change and tells the user by e-mail (ASVS V6.2.3, V6.3.7)."""
        return redirect("accounts:password_change")
