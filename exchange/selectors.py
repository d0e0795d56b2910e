"""Reads of the DHIS2 exchange: a plan's mappings, both ways; the accepted values to export; the
plan an import is for. Who may do what is asked of `accounts.permissions`."""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from accounts import permissions
from accounts.models import User
from agencies.models import Agency
from plans.models import Dimension, Indicator, Plan
from plans.selectors import plans_visible_to
from reporting import disclosure
from reporting.models import IndicatorValue
from reporting.selectors import counting_values
from tipmonitor.lib.reporting_periods import Period, parse_period_code

from .models import CategoryComboMap, DataElementMap, ExchangeSettings, OrgUnitMap


@dataclass
class Mappings:
    """A plan's mappings, looked up either way."""

    data_set: str = ""
    attribute_option_combo: str = ""
    element_of: dict[int, str] = field(default_factory=dict)  # indicator id -> data element
    indicator_of: dict[str, Indicator] = field(default_factory=dict)
    unit_of: dict[int, OrgUnitMap] = field(default_factory=dict)  # agency id -> mapping
    agency_of: dict[str, Agency] = field(default_factory=dict)  # org unit -> agency
    combo_of: dict[str, str] = field(default_factory=dict)  # breakdown -> category option combo
    breakdown_of: dict[str, str] = field(default_factory=dict)

    def attribute_combo_of(self, agency_id: int) -> str:
        """The attribute option combo of an agency's values: its own, else the plan's."""
        unit = self.unit_of.get(agency_id)
        return (unit.attribute_option_combo if unit else "") or self.attribute_option_combo


def mappings_of(plan: Plan) -> Mappings:
    found = Mappings()
    if settings := ExchangeSettings.objects.filter(plan=plan).first():
        found.data_set = settings.data_set
        found.attribute_option_combo = settings.attribute_option_combo
    for element in DataElementMap.objects.filter(plan=plan).select_related("indicator"):
        found.element_of[element.indicator_id] = element.data_element
        found.indicator_of[element.data_element] = element.indicator
    for unit in OrgUnitMap.objects.filter(plan=plan).select_related("agency"):
        found.unit_of[unit.agency_id] = unit
        found.agency_of[unit.org_unit] = unit.agency
    for combo in CategoryComboMap.objects.filter(plan=plan):
        found.combo_of[combo.breakdown] = combo.category_option_combo
        found.breakdown_of[combo.category_option_combo] = combo.breakdown
    return found


def plan_dimensions(plan: Plan) -> dict[str, list[str]]:
    """Dimension code -> its category codes, of the dimensions the plan's indicators use."""
    return {
        dimension.code: [category.code for category in dimension.categories.all()]
        for dimension in Dimension.objects.filter(indicators__plan=plan)
        .distinct()
        .order_by("position", "code")
        .prefetch_related("categories")
    }


def responsible_agencies(plan: Plan) -> QuerySet[Agency]:
    """The agencies responsible for one of the plan's indicators: those a mapping is for."""
    return Agency.objects.filter(indicators__plan=plan).distinct().order_by("code")


def get_plan_for_exchange(user: User, plan_id: int) -> Plan:
    """The plan whose mappings and exports `user` manages: the coordinator's (404 for a plan
    not visible, 403 for anyone else)."""
    plan = plans_visible_to(user).filter(pk=plan_id).first()
    if plan is None:
        raise Http404
    if not permissions.may_edit_plans(user):
        raise PermissionDenied
    return plan


def may_export(user: User) -> bool:
    """An export holds every agency's accepted values: the coordinator's."""
    return permissions.may_edit_plans(user)


def plan_for_import(user: User, *, code: str = "", data_set: str = "") -> Plan | None:
    """The plan an import is for: named by its code, else by the data set mapped to it, else the
    only plan with mappings that `user` may see; None when it cannot be told."""
    visible = plans_visible_to(user)
    if code:
        return visible.filter(code=code).first()
    mapped = visible.filter(dhis2_settings__isnull=False)
    if data_set:
        by_set = list(mapped.filter(dhis2_settings__data_set=data_set)[:2])
        return by_set[0] if len(by_set) == 1 else None
    only = list(mapped[:2])
    return only[0] if len(only) == 1 else None


@dataclass
class ExportedValue:
    value: IndicatorValue
    period: Period


def accepted_values(plan: Plan, within: Period) -> list[ExportedValue]:
    """The accepted values (the current version of accepted reports: what counts, as for the
    public figures) of the plan whose own period lies within `within`, in a stable order."""
    values = (
        counting_values(plan=plan)
        .filter(report__period_start__lte=within.end, report__period_end__gte=within.start)
        .select_related("indicator", "report__agency")
        .order_by(
            "report__agency__code", "indicator__position", "indicator_id", "period", "breakdown"
        )
    )
    found = []
    for value in values:
        period = parse_period_code(value.period)
        if within.start <= period.start and period.end <= within.end:
            found.append(ExportedValue(value, period))
    return found


def victim_counting(indicator_ids: set[int]) -> frozenset[int]:
    """The indicators counting victims, whose one agency's values never leave the coordinator
    (`reporting.disclosure`)."""
    return disclosure.victim_counting_ids(indicator_ids)
