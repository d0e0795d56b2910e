from collections.abc import Sequence
from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import BLANK_CHOICE_DASH
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import permissions, services
from accounts.forms import LockoutAdminAuthenticationForm
from accounts.models import LoginFailure, Role, RoleGrant, SecurityEvent, User

# The admin has its own sign-in page; it must count failures and lock like the site's own,
# or it would be a way round the lockout (ASVS 5.0 V6.3.1, V6.3.4). Its visitors still pass
# the second factor (SecondFactorMiddleware) before any admin page opens.
admin.site.login_form = LockoutAdminAuthenticationForm

# Authenticator devices are enrolled by their owner with an activation code and removed by
# `reset-2fa`; an admin page that adds one (and shows its key) would let an administrator
# take over any account's second factor (ASVS 5.0 V6.3.3, V6.4.1).
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)

# Permissions follow from roles (accounts.permissions), not from Django's groups: a group page
# would edit something nothing reads.
if admin.site.is_registered(Group):
    admin.site.unregister(Group)


def _is_self(request: HttpRequest, obj: object) -> bool:
    return isinstance(obj, User) and obj.pk == request.user.pk


class RoleGrantFormSet(forms.BaseInlineFormSet):
    """Refuses, with a message on the form, a role the administrator may not grant or withdraw
    (`accounts.permissions.may_grant_role`: those that open case data are the coordinator's)."""

    actor: Any = None  # set by RoleGrantInline.get_formset

    def clean(self) -> None:
        super().clean()
        for form in self.forms:
            if not getattr(form, "cleaned_data", None):
                continue
            role = str(form.cleaned_data.get("role") or form.instance.role)
            if not role:  # a role not offered: the field says so already
                continue
            deleted = bool(form.cleaned_data.get("DELETE"))
            adding = form.instance.pk is None and form.has_changed() and not deleted
            removing = form.instance.pk is not None and deleted
            if (adding or removing) and not permissions.may_grant_role(
                self.actor, self.instance, role
            ):
                raise ValidationError(ROLE_REFUSED_ADMIN_MESSAGE, params={"role": Role(role).label})


ROLE_REFUSED_ADMIN_MESSAGE = _(
    "You may not grant or withdraw the role %(role)s here. Roles that open victims' case "
    "records (coordinator, case records officer) are granted and withdrawn by the national "
    "coordinator, on the people pages."
)


class RoleGrantInline(admin.TabularInline):
    """Roles are added or removed, never edited in place, and never on one's own account; an
    administrator offers and accepts only the roles it may grant (those that read no case
    data: `accounts.permissions.grantable_roles`). The changes go through `accounts.services`
    (a security event each, e-mailed to the coordinators when the role opens case data)."""

    model = RoleGrant
    formset = RoleGrantFormSet
    extra = 1
    fields = ("role", "granted_at")
    readonly_fields = ("granted_at",)

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        formset: Any = super().get_formset(request, obj, **kwargs)
        allowed = permissions.grantable_roles(request.user, obj.agency_id if obj else None)
        field = formset.form.base_fields.get("role")
        if isinstance(field, forms.ChoiceField):
            field.choices = [*BLANK_CHOICE_DASH, *((role.value, role.label) for role in allowed)]
        formset.actor = request.user
        return formset

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return not _is_self(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return not _is_self(request, obj) and super().has_delete_permission(request, obj)


def _without_password(fieldsets: Sequence[Any]) -> tuple[Any, ...]:
    return tuple(
        (name, {**options, "fields": tuple(f for f in options["fields"] if f != "password")})
        for name, options in fieldsets
    )


class UserChangeFormWithoutPassword(UserChangeForm):
    """Django's user form less its password field (the hash and its "Reset password" button)."""

    password = None  # type: ignore[assignment]


@admin.register(User)
class TipUserAdmin(UserAdmin):
    """Users' names, agencies, active flags and roles; never their password or second factor.

    Setting another person's password here would let an administrator take over a coordinator's
    account up to the second factor (ASVS 5.0 V6.4.3, V6.4.6). So the admin adds no user
    (`tipmonitor add-user` makes accounts and prints the activation code), shows no password
    field and answers 403 on Django's set-password page, for every account including one's own
    (that page asks no current password; the admin's own "Change password" page does). A
    forgotten password is reset on the server (`tipmonitor changepassword NAME`), a lost phone
    with `tipmonitor reset-2fa NAME`. People are invited, deactivated and given roles on the
    people pages (the coordinator, an agency's user manager) or with `add-user --invite`; here
    an administrator grants only the roles that read no case data (`grantable_roles`).
    """

    form = UserChangeFormWithoutPassword
    inlines = [RoleGrantInline]
    list_display = ("username", "email", "agency", "is_active")
    list_filter = ("agency", "role_grants__role", "is_active")
    fieldsets = (
        *_without_password(UserAdmin.fieldsets or ()),
        ("TIP Monitor", {"fields": ("agency",)}),
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def get_readonly_fields(
        self, request: HttpRequest, obj: Any = None
    ) -> list[str] | tuple[str, ...]:
        """Another person's e-mail address is where their role-change notices (and, with issue
        11, their invitations) go: an administrator who could change it could redirect them."""
        readonly = tuple(super().get_readonly_fields(request, obj))
        return readonly if obj is None or _is_self(request, obj) else (*readonly, "email")

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = ""):
        raise PermissionDenied

    def save_formset(self, request, form, formset, change):
        if formset.model is not RoleGrant:
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)  # fills new_objects and deleted_objects; saves nothing
        user = form.instance
        try:
            for grant in formset.deleted_objects:
                services.role_withdraw(
                    user=user, role=Role(grant.role), withdrawn_by=request.user, via="admin"
                )
            for grant in formset.new_objects:
                services.role_grant(
                    user=user, role=Role(grant.role), granted_by=request.user, via="admin"
                )
        except ValidationError as refused:
            raise PermissionDenied(" ".join(refused.messages)) from None
        return None


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(LoginFailure)
class LoginFailureAdmin(ReadOnlyAdmin):
    """Read-only: deleting failures would lift a lockout and erase the trace of an attack;
    adding some would lock a user out."""

    list_display = ("username", "ip_address", "at")


@admin.register(SecurityEvent)
class SecurityEventAdmin(ReadOnlyAdmin):
    """Read-only: the record of who changed whose roles."""

    list_display = ("at", "kind", "subject", "role", "actor", "via")
    list_filter = ("kind", "role")
    list_select_related = ("subject", "actor")
