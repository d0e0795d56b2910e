from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoordinationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "coordination"
    verbose_name = _("Coordination")

    def ready(self) -> None:
        # Overdue and soon-due actions on reporting's work pages, which may not import
        # coordination (the layers): reporting/worklists.py.
        from coordination.worklists import attention_actions_panel, my_actions_panel
        from reporting.worklists import ATTENTION, REPORT_LIST, register_panel

        register_panel(REPORT_LIST, my_actions_panel)
        register_panel(ATTENTION, attention_actions_panel)

        # The recommendation problems on the plan-quality page (plans may not import
        # coordination): plans/quality.py EXTRA_CHECKS.
        from coordination.recommendation_quality import recommendation_problems
        from plans.quality import register_check

        register_check(recommendation_problems)
