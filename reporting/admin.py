"""Reminders in the admin, read-only: administrators look up which reminder went out when.

Reports, their values, entries and activity updates have no admin pages (issue 10): the
administrator keeps users and roles and must not read every agency's drafts; agencies' reports
are read through the screens, under their permission getters. Every change goes through the
services, so that validation, optimistic locking and the event log cannot be bypassed."""

from django.contrib import admin
from django.http import HttpRequest

from reporting.models import ReminderSent


class ReadOnlyMixin:
    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(ReminderSent)
class ReminderSentAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("agency", "period", "kind", "sent_at", "plan")
    list_filter = ("kind", "period")
    list_select_related = ("agency", "plan")
