from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default = True  # this module also holds the admin's config below
    name = "accounts"
    verbose_name = _("Accounts")


class AdminConfig(admin_apps.AdminConfig):
    """Django's admin with our site, which only administrators may enter (accounts.admin_site)."""

    default = False  # named in INSTALLED_APPS instead of django.contrib.admin
    default_site = "accounts.admin_site.AdministratorsAdminSite"
