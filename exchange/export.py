"""The export of accepted values in a DHIS2 format (docs/exchange.md, "Export").

Only accepted values are exported (the current version of accepted reports: what counts for the
public figures too). A value goes out only through the plan's mappings; one that cannot (its
indicator has no data element, its agency no organisation unit, its breakdown no category option
combo in JSON and CSV, or its indicator counts victims) is skipped and listed with the reason,
never left out silently. An indicator counting victims stays with the coordinator: one agency's
counts of victims are not published outside the coordinator and that agency
(`reporting.disclosure`), and a DHIS2 instance is outside."""

from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from plans.models import Plan
from reporting.validation import number_text, parse_breakdown
from tipmonitor.lib.reporting_periods import Period

from .formats import WRITERS, DataValue
from .formats.adx import category_attribute_problem
from .periods import dhis2_period
from .selectors import ExportedValue, Mappings, accepted_values, mappings_of, victim_counting


@dataclass
class Export:
    content: bytes
    exported: int
    skipped: list[str] = field(default_factory=list)  # one line per value left out, with why

    def skipped_reasons(self) -> Counter[str]:
        return Counter(line.split(": ", 1)[1] for line in self.skipped)


def export_values(*, plan: Plan, within: Period, fmt: str) -> Export:
    mappings = mappings_of(plan)
    found = accepted_values(plan, within)
    counting_victims = victim_counting({item.value.indicator_id for item in found})
    values: list[DataValue] = []
    skipped: list[str] = []
    for item in found:
        value = item.value
        where = f"{value.indicator.code} {value.period} {value.report.agency.code}" + (
            f" {value.breakdown}" if value.breakdown else ""
        )
        if value.indicator_id in counting_victims:
            reason = _("counts victims: one agency's counts stay with the coordinator")
        else:
            out, reason = _data_value(item, mappings, fmt)
            if out is not None:
                values.append(out)
                continue
        skipped.append(f"{where}: {reason}")
    return Export(WRITERS[fmt](values, mappings.data_set), len(values), skipped)


def _data_value(item: ExportedValue, mappings: Mappings, fmt: str) -> tuple[DataValue | None, str]:
    value = item.value
    element = mappings.element_of.get(value.indicator_id)
    unit = mappings.unit_of.get(value.report.agency_id)
    if element is None:
        return None, _("the indicator has no data element")
    if unit is None:
        return None, _("the agency has no organisation unit")
    combo, categories = "", {}
    if fmt == "adx":
        categories = parse_breakdown(value.breakdown)
        for dimension in categories:
            if problem := category_attribute_problem(dimension):
                return None, problem
    elif value.breakdown or value.breakdown in mappings.combo_of:
        combo = mappings.combo_of.get(value.breakdown, "")
        if not combo:
            return None, _("the breakdown has no category option combo")
    return (
        DataValue(
            data_element=element,
            period=dhis2_period(item.period),
            org_unit=unit.org_unit,
            category_option_combo=combo,
            attribute_option_combo=mappings.attribute_combo_of(value.report.agency_id),
            value=number_text(value.value),
            comment=value.comment,
            last_updated=value.entered_at.isoformat(timespec="seconds"),
            categories=categories,
        ),
        "",
    )
