from django.contrib import admin

from agencies.models import Agency


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "short_name", "type", "parent")
    list_filter = ("type",)
    search_fields = ("code", "name", "short_name")
