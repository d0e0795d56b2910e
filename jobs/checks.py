"""`tipmonitor check` reports a malformed TIPMONITOR_SCHEDULE before any worker starts."""

from typing import Any

from django.core import checks
from django.core.exceptions import ImproperlyConfigured


@checks.register()
def check_schedule(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    from jobs.schedule import schedule_entries

    try:
        schedule_entries()
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="jobs.E001")]
    return []
