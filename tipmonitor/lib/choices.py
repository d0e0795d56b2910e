"""Calendar choices that plain helpers need and models store: how often an indicator is
reported, and how precise a plan date is. They live here, below every app, so that
`tipmonitor.lib` knows no domain; `plans.models` re-exports them for the apps.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DatePrecision(models.TextChoices):
    DAY = "day", _("Day")
    QUARTER = "quarter", _("Quarter")
    YEAR = "year", _("Year")


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    SEMIANNUAL = "semiannual", _("Semiannual")
    ANNUAL = "annual", _("Annual")
