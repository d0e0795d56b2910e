"""The DHIS2 mappings of a plan (docs/exchange.md): which DHIS2 object each indicator, agency
and breakdown is exchanged as. Kept per plan; edited by the coordinator on the plan's DHIS2
page. The identifiers' rules live in `exchange.validation`."""

from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from plans.models import Indicator, Plan

from .validation import MAX_LENGTH, validate_identifier

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise


def _identifier(label: "str | _StrPromise", *, blank: bool = False) -> models.CharField:
    return models.CharField(
        label, max_length=MAX_LENGTH, blank=blank, validators=[validate_identifier]
    )


class ExchangeSettings(models.Model):
    """The plan's data set and its default attribute option combo (empty: DHIS2's default)."""

    plan = models.OneToOneField(
        Plan, models.CASCADE, related_name="dhis2_settings", verbose_name=_("plan")
    )
    data_set = _identifier(_("data set"), blank=True)
    attribute_option_combo = _identifier(_("attribute option combo"), blank=True)

    class Meta:
        verbose_name = _("DHIS2 settings")
        verbose_name_plural = _("DHIS2 settings")

    def __str__(self) -> str:
        return f"{self.plan_id}: {self.data_set}"


class DataElementMap(models.Model):
    """An indicator, exchanged as one DHIS2 data element."""

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="+", verbose_name=_("plan"))
    indicator = models.OneToOneField(
        Indicator, models.CASCADE, related_name="+", verbose_name=_("indicator")
    )
    data_element = _identifier(_("data element"))

    class Meta:
        verbose_name = _("data element mapping")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "data_element"], name="exchange_one_indicator_per_element"
            )
        ]

    def __str__(self) -> str:
        return self.data_element


class OrgUnitMap(models.Model):
    """An agency, exchanged as one DHIS2 organisation unit (and, if set, its own attribute
    option combo instead of the plan's)."""

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="+", verbose_name=_("plan"))
    agency = models.ForeignKey(Agency, models.CASCADE, related_name="+", verbose_name=_("agency"))
    org_unit = _identifier(_("organisation unit"))
    attribute_option_combo = _identifier(_("attribute option combo"), blank=True)

    class Meta:
        verbose_name = _("organisation unit mapping")
        constraints = [
            models.UniqueConstraint(fields=["plan", "agency"], name="exchange_one_unit_per_agency"),
            models.UniqueConstraint(
                fields=["plan", "org_unit"], name="exchange_one_agency_per_unit"
            ),
        ]

    def __str__(self) -> str:
        return self.org_unit


class CategoryComboMap(models.Model):
    """A breakdown (the canonical "dimension=category;…" key, empty for the total), exchanged
    as one DHIS2 category option combo."""

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="+", verbose_name=_("plan"))
    breakdown = models.CharField(_("breakdown"), max_length=400, blank=True)
    category_option_combo = _identifier(_("category option combo"))

    class Meta:
        verbose_name = _("category option combo mapping")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "breakdown"], name="exchange_one_combo_per_breakdown"
            ),
            models.UniqueConstraint(
                fields=["plan", "category_option_combo"], name="exchange_one_breakdown_per_combo"
            ),
        ]

    def __str__(self) -> str:
        return self.category_option_combo
