from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from accounts.forms import LockoutAdminAuthenticationForm
from accounts.models import LoginFailure, RoleGrant, User

# The admin has its own sign-in page; it must count failures and lock like the site's own,
# or it would be a way round the lockout (ASVS 2.2.1). Its visitors still pass the second
# factor (SecondFactorMiddleware) before any admin page opens.
admin.site.login_form = LockoutAdminAuthenticationForm


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    extra = 1


@admin.register(User)
class TipUserAdmin(UserAdmin):
    inlines = [RoleGrantInline]
    list_display = ("username", "email", "agency", "is_active")
    list_filter = ("agency", "role_grants__role", "is_active")
    fieldsets = (*(UserAdmin.fieldsets or ()), ("TIP Monitor", {"fields": ("agency",)}))


@admin.register(LoginFailure)
class LoginFailureAdmin(admin.ModelAdmin):
    list_display = ("username", "ip_address", "at")
    readonly_fields = ("username", "ip_address", "at")
