"""Progress reports in the admin, read-only: administrators look things up there (who submitted
what, when, which reminder went out); every change goes through the services, so that
validation, optimistic locking and the event log cannot be bypassed."""

from django.contrib import admin
from django.http import HttpRequest

from reporting.models import (
    ActivityUpdate,
    IndicatorEntry,
    IndicatorValue,
    ReminderSent,
    Report,
    ReportEvent,
)


class ReadOnlyMixin:
    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class EventInline(ReadOnlyMixin, admin.TabularInline):
    model = ReportEvent
    fields = ("at", "kind", "by", "comment")
    readonly_fields = fields
    extra = 0


@admin.register(Report)
class ReportAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("agency", "period", "version", "status", "is_current", "due_on", "plan")
    list_filter = ("status", "is_current", "period", "plan")
    search_fields = ("agency__code", "agency__name", "period")
    list_select_related = ("agency", "plan")
    inlines = [EventInline]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("indicator", "period", "breakdown", "value", "report", "source", "entered_at")
    list_filter = ("source",)
    search_fields = ("indicator__code", "report__agency__code", "period")
    list_select_related = ("indicator", "report__agency")
    # Two million rows at full size: counting them on every page would cost more than the page.
    show_full_result_count = False


@admin.register(IndicatorEntry)
class IndicatorEntryAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("report", "indicator", "assessment", "rating")
    list_select_related = ("report__agency", "indicator")
    search_fields = ("indicator__code", "report__agency__code")


@admin.register(ActivityUpdate)
class ActivityUpdateAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("report", "activity", "state", "percent_done", "spent")
    list_select_related = ("report__agency", "activity")
    search_fields = ("activity__code", "report__agency__code")


@admin.register(ReminderSent)
class ReminderSentAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("agency", "period", "kind", "sent_at", "plan")
    list_filter = ("kind", "period")
    list_select_related = ("agency", "plan")
