"""Writes of the DHIS2 exchange: a plan's mappings, and an import of DHIS2 data values.

An import resolves each DHIS2 value through the plan's mappings (an unknown data element,
organisation unit, category option combo, attribute option combo or period is a conflict),
applies `importStrategy`, and hands the rest to `reporting.services.values_import`: the same
checks, the same all-or-nothing, the same record of who and when as every other way in. Any
conflict, or any error of `values_import`, stores nothing (status ERROR); `dryRun` checks
everything and rolls back.
"""

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from accounts.models import User
from plans.models import Plan
from reporting.datavalues import default_import_status
from reporting.models import IndicatorValue, ValueSource
from reporting.services import ImportResult, ValueRow, ValuesInvalid, values_import
from reporting.validation import format_breakdown, parse_breakdown
from tipmonitor.lib.reporting_periods import parse_period_code

from .formats import DataValue
from .models import CategoryComboMap, DataElementMap, ExchangeSettings, OrgUnitMap
from .selectors import Mappings, mappings_of

STRATEGIES = ("CREATE_AND_UPDATE", "CREATE", "UPDATE", "DELETE")
NOT_FOUND = {
    "dataElement": gettext_noop("Data element not found or not accessible"),
    "orgUnit": gettext_noop("Organisation unit not found or not accessible"),
    "categoryOptionCombo": gettext_noop("Category option combo not found or not accessible"),
    "attributeOptionCombo": gettext_noop("Attribute option combo not found or not accessible"),
}


@dataclass
class ImportSummary:
    """DHIS2's import summary: `status` SUCCESS, WARNING or ERROR; counts; conflicts, each
    with the `object` concerned and a `value` saying what is wrong."""

    status: str
    description: str
    dry_run: bool
    strategy: str
    imported: int = 0
    updated: int = 0
    ignored: int = 0
    deleted: int = 0
    conflicts: list[dict[str, str]] = field(default_factory=list)

    def as_dhis2(self) -> dict[str, Any]:
        return {
            "responseType": "ImportSummary",
            "status": self.status,
            "description": self.description,
            "importOptions": {"dryRun": self.dry_run, "importStrategy": self.strategy},
            "importCount": {
                "imported": self.imported,
                "updated": self.updated,
                "ignored": self.ignored,
                "deleted": self.deleted,
            },
            "conflicts": self.conflicts,
            "dataSetComplete": "false",
        }


def error_summary(message: str, *, count: int, dry_run: bool, strategy: str) -> ImportSummary:
    """An import refused whole before any value was looked at (an unreadable file, no plan)."""
    return ImportSummary("ERROR", message, dry_run, strategy, ignored=count)


# --- Mappings ---------------------------------------------------------------------------------


@transaction.atomic
def mappings_save(
    *,
    plan: Plan,
    data_set: str,
    attribute_option_combo: str,
    elements: dict[int, str],
    units: dict[int, tuple[str, str]],
    combos: dict[str, str],
) -> None:
    """Replace the plan's mappings: `elements` indicator id -> data element, `units` agency id
    -> (org unit, attribute option combo), `combos` breakdown -> category option combo. Empty
    identifiers are left out. The caller has checked them (`exchange.validation`)."""
    ExchangeSettings.objects.update_or_create(
        plan=plan,
        defaults={"data_set": data_set, "attribute_option_combo": attribute_option_combo},
    )
    DataElementMap.objects.filter(plan=plan).delete()
    OrgUnitMap.objects.filter(plan=plan).delete()
    CategoryComboMap.objects.filter(plan=plan).delete()
    DataElementMap.objects.bulk_create(
        DataElementMap(plan=plan, indicator_id=indicator_id, data_element=element)
        for indicator_id, element in elements.items()
        if element
    )
    OrgUnitMap.objects.bulk_create(
        OrgUnitMap(plan=plan, agency_id=agency_id, org_unit=unit, attribute_option_combo=combo)
        for agency_id, (unit, combo) in units.items()
        if unit
    )
    CategoryComboMap.objects.bulk_create(
        CategoryComboMap(plan=plan, breakdown=breakdown, category_option_combo=combo)
        for breakdown, combo in combos.items()
        if combo
    )


# --- Import -----------------------------------------------------------------------------------


@dataclass
class _Resolved:
    row: ValueRow
    key: tuple[int, int, str, str]  # agency, indicator, period, breakdown
    source: DataValue


class _DryRun(Exception):  # noqa: N818 (not an error: the way out of a rolled-back transaction)
    def __init__(self, result: ImportResult) -> None:
        self.result = result


def dhis2_import(
    *,
    plan: Plan,
    values: list[DataValue],
    user: User,
    dry_run: bool = False,
    strategy: str = "CREATE_AND_UPDATE",
) -> ImportSummary:
    """Import DHIS2 data values into `plan` as `user` (see the module's docstring)."""
    if strategy not in STRATEGIES:
        message = _("importStrategy must be one of %(choices)s.") % {
            "choices": ", ".join(STRATEGIES)
        }
        return error_summary(message, count=len(values), dry_run=dry_run, strategy=strategy)
    summary = ImportSummary("SUCCESS", "", dry_run, strategy)
    if strategy == "DELETE" or any(value.deleted for value in values):
        summary.status, summary.ignored = "ERROR", len(values)
        summary.description = _(
            "Deleting values is not supported: a value is removed on its report's page, or by a "
            "correction of an accepted report. Nothing was imported."
        )
        summary.conflicts.append({"object": "importStrategy", "value": summary.description})
        return summary
    mappings = mappings_of(plan)
    resolved = [
        _resolve(number, value, mappings, summary) for number, value in enumerate(values, 1)
    ]
    if summary.conflicts:
        return _refused(summary, len(values))
    rows = _by_strategy([item for item in resolved if item is not None], plan, strategy, summary)
    result = None
    if rows:
        try:
            result = _values_import(plan, [item.row for item in rows], user, dry_run)
        except ValuesInvalid as invalid:
            by_line = {item.row.line: item.source for item in rows}
            summary.conflicts += [
                _conflict(by_line.get(line), column, text) for line, column, text in invalid.errors
            ]
            return _refused(summary, len(values))
    summary.imported = result.values_created if result else 0
    summary.updated = result.values_updated if result else 0
    summary.ignored += len(rows) - summary.imported - summary.updated
    if len(rows) < len(values):
        summary.status = "WARNING"  # values left out by importStrategy
    summary.description = _described(summary)
    return summary


def _values_import(plan: Plan, rows: list[ValueRow], user: User, dry_run: bool) -> ImportResult:
    status = default_import_status(user)
    try:
        with transaction.atomic():
            result = values_import(
                plan=plan, rows=rows, user=user, status=status, source=ValueSource.BULK
            )
            if dry_run:
                raise _DryRun(result)
    except _DryRun as rolled_back:
        return rolled_back.result
    return result


def _resolve(
    number: int, value: DataValue, mappings: Mappings, summary: ImportSummary
) -> _Resolved | None:
    before = len(summary.conflicts)
    indicator = mappings.indicator_of.get(value.data_element)
    agency = mappings.agency_of.get(value.org_unit)
    if indicator is None:
        summary.conflicts.append(_not_found("dataElement", value.data_element))
    if agency is None:
        summary.conflicts.append(_not_found("orgUnit", value.org_unit))
    period_code = _period(value, summary)
    breakdown = _breakdown(value, mappings, summary)
    if agency is not None and value.attribute_option_combo:
        allowed = {"", mappings.attribute_combo_of(agency.pk)}
        if value.attribute_option_combo not in allowed:
            summary.conflicts.append(
                _not_found("attributeOptionCombo", value.attribute_option_combo)
            )
    if len(summary.conflicts) > before or indicator is None or agency is None:
        return None
    assert period_code is not None
    assert breakdown is not None
    row = ValueRow(
        line=number,
        indicator_code=indicator.code,
        period=period_code,
        agency_code=agency.code,
        value=value.value,
        comment=value.comment,
        breakdown=parse_breakdown(breakdown),
    )
    return _Resolved(row, (agency.pk, indicator.pk, period_code, breakdown), value)


def _period(value: DataValue, summary: ImportSummary) -> str | None:
    problem = value.period_problem
    if not problem:
        try:
            return parse_period_code(value.period).code
        except ValueError as error:
            problem = str(error)
    summary.conflicts.append({"object": value.period, "value": problem})
    return None


def _breakdown(value: DataValue, mappings: Mappings, summary: ImportSummary) -> str | None:
    """The breakdown a value is for: by its category option combo (none, or the total's, is the
    total), or by ADX's category attributes."""
    combo = value.category_option_combo
    if combo:
        if combo in mappings.breakdown_of:
            return mappings.breakdown_of[combo]
        summary.conflicts.append(_not_found("categoryOptionCombo", combo))
        return None
    return format_breakdown(value.categories)


def _by_strategy(
    resolved: list[_Resolved], plan: Plan, strategy: str, summary: ImportSummary
) -> list[_Resolved]:
    """CREATE takes only values not stored yet, UPDATE only values stored already; the others
    are ignored (counted, not refused), as DHIS2 does."""
    if strategy == "CREATE_AND_UPDATE" or not resolved:
        return resolved
    stored = set(
        IndicatorValue.objects.filter(
            report__plan=plan,
            report__is_current=True,
            report__agency_id__in={item.key[0] for item in resolved},
            indicator_id__in={item.key[1] for item in resolved},
        ).values_list("report__agency_id", "indicator_id", "period", "breakdown")
    )
    wanted = [item for item in resolved if (item.key in stored) == (strategy == "UPDATE")]
    summary.ignored += len(resolved) - len(wanted)
    return wanted


_OBJECTS = {"indicator": "data_element", "agency": "org_unit", "period": "period", "value": "value"}


def _conflict(source: DataValue | None, column: str, message: str) -> dict[str, str]:
    """An error of `values_import` as a conflict: the object is the DHIS2 identifier (or the
    value) the error is about."""
    if source is None:
        return {"object": column or "dataValueSet", "value": message}
    attribute = _OBJECTS.get(column, "data_element")
    return {"object": str(getattr(source, attribute)), "value": message}


def _not_found(kind: str, identifier: str) -> dict[str, str]:
    return {"object": identifier, "value": _(NOT_FOUND[kind])}


def _refused(summary: ImportSummary, count: int) -> ImportSummary:
    summary.status = "ERROR"
    summary.imported = summary.updated = summary.deleted = 0
    summary.ignored = count
    summary.description = ngettext(
        "The import was refused (%(count)d conflict); nothing was stored.",
        "The import was refused (%(count)d conflicts); nothing was stored.",
        len(summary.conflicts),
    ) % {"count": len(summary.conflicts)}
    return summary


def _described(summary: ImportSummary) -> str:
    counts = {"imported": summary.imported, "updated": summary.updated, "ignored": summary.ignored}
    if summary.dry_run:
        return (
            _(
                "Dry run: %(imported)d values would be imported, %(updated)d updated, %(ignored)d "
                "ignored; nothing was stored."
            )
            % counts
        )
    return (
        _("Import done: %(imported)d values imported, %(updated)d updated, %(ignored)d ignored.")
        % counts
    )
