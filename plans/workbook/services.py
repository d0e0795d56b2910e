"""Import and export of the NAP workbook (docs/workbook.md).

`plan_import` reads, validates everything, and only then writes, in one transaction: a file
with any error changes nothing. Writes are in bulk (one fetch, one insert, one update and one
delete per kind of element), so the number of queries does not grow with the plan.
"""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction

from agencies import services as agency_services
from agencies.models import Agency
from plans.models import (
    Activity,
    Dimension,
    DimensionCategory,
    Indicator,
    IndicatorAgencyTarget,
    Milestone,
    Objective,
    Plan,
    StrategicArea,
    names_clean,
)
from plans.workbook import WorkbookError, WorkbookInvalid, writer
from plans.workbook.reader import read_workbook
from plans.workbook.validate import Known, PlanDraft, validate_workbook, wanted_headers

__all__ = [
    "ImportSummary",
    "WorkbookError",
    "WorkbookInvalid",
    "blank_template",
    "plan_export",
    "plan_import",
]

KINDS = ["plan", "agencies", "dimensions", "areas", "objectives", "activities", "indicators"]


@dataclass(frozen=True)
class ImportSummary:
    plan: Plan
    created: dict[str, int]
    updated: dict[str, int]
    deleted: dict[str, int]
    dry_run: bool


@dataclass
class _Counts:
    created: dict[str, int]
    updated: dict[str, int]
    deleted: dict[str, int]

    @classmethod
    def zero(cls) -> "_Counts":
        return cls(*(dict.fromkeys(KINDS, 0) for _i in range(3)))


def plan_import(*, data: bytes, dry_run: bool = False) -> ImportSummary:
    """Create or update the plan the workbook describes; WorkbookInvalid when it has errors.
    With `dry_run` everything is checked and counted, then rolled back.

    The file is parsed before the transaction opens: parsing touches no table and takes most
    of the time, and SQLite's write lock should not wait on it. Validation against the stored
    agencies and dimensions and every write happen in one transaction."""
    sheets = read_workbook(data, sheets=wanted_headers())
    with transaction.atomic():
        draft = validate_workbook(sheets, known=_known())
        counts = _Counts.zero()
        agencies = _agencies_save(draft, counts)
        dimensions = _dimensions_save(draft, counts)
        plan = _plan_save(draft, counts)
        _Writer(plan, draft, counts, agencies, dimensions).run()
        if dry_run:
            transaction.set_rollback(True)
    return ImportSummary(plan, counts.created, counts.updated, counts.deleted, dry_run)


def plan_export(*, plan: Plan, fmt: str) -> bytes:
    """The plan as an XLSX workbook or a JSON document that imports back to the same plan."""
    if fmt == "xlsx":
        return writer.plan_xlsx(plan)
    if fmt == "json":
        return writer.plan_json(plan)
    raise ValueError(f"unknown export format {fmt!r}; use 'xlsx' or 'json'")


def blank_template() -> bytes:
    """Every sheet with its headers and an Instructions sheet; no data."""
    return writer.template_xlsx()


def _known() -> Known:
    rows = Agency.objects.values_list("code", "parent__code")
    return Known(
        agency_parents={code.casefold(): parent and parent.casefold() for code, parent in rows},
        dimensions=set(Dimension.objects.values_list("code", flat=True)),
    )


def _names_merged(stored: dict[str, str] | None, given: dict[str, str]) -> dict[str, str]:
    """The names per language after an import: the sheet's columns replace the stored names
    in their languages (an empty cell removes one); a language without a column keeps its."""
    return names_clean({**(stored or {}), **given})


def _changed(obj: models.Model, values: dict[str, Any]) -> bool:
    """Set `values` on `obj`; True when any differed."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


# Shared registers: agencies and dimensions are added and updated, never removed ----------


def _agencies_save(draft: PlanDraft, counts: _Counts) -> dict[str, Agency]:
    """New and changed agencies, through the agencies' own services (agencies/services.py), so
    that their rules hold for an import as for the agency form. Agencies are few (tens), so a
    service call each is affordable. Moving agencies are first detached, then attached: the
    workbook's tree has no loop (validated), and no state in between has one either."""
    existing = {
        agency.code.casefold(): agency for agency in Agency.objects.select_related("parent")
    }
    parent_code = {
        key: a.parent.code.casefold() if a.parent else None for key, a in existing.items()
    }
    created, changed = set[str](), set[str]()
    for item in draft.agencies:
        key = item.code.casefold()
        values = {"name": item.name, "short_name": item.short_name, "type": item.type}
        values["email"] = item.email
        agency = existing.get(key)
        if agency is None:
            existing[key] = _agency_call(agency_services.agency_create, code=item.code, **values)
            created.add(key)
            continue
        moves = parent_code[key] != item.parent
        if moves or any(getattr(agency, name) != value for name, value in values.items()):
            existing[key] = _agency_call(
                agency_services.agency_update,
                agency=agency,
                code=agency.code,
                parent=None if moves else agency.parent,
                **values,
            )
            changed.add(key)
    for item in draft.agencies:
        agency = existing[item.code.casefold()]
        parent = existing[item.parent] if item.parent else None
        if agency.parent_id != (parent.pk if parent else None):
            fields = {name: getattr(agency, name) for name in AGENCY_FIELDS}
            existing[item.code.casefold()] = _agency_call(
                agency_services.agency_update, agency=agency, parent=parent, **fields
            )
    counts.created["agencies"] = len(created)
    counts.updated["agencies"] = len(changed)
    return existing


AGENCY_FIELDS = ["code", "name", "short_name", "type", "email"]


def _agency_call(service: Any, **fields: Any) -> Agency:
    """An agencies' service; a refusal (a rule only that service knows, as the workbook passed
    validation) stops the import, naming the agency."""
    try:
        return service(**fields)
    except ValidationError as error:
        raise WorkbookInvalid(
            [
                WorkbookError("Agencies", None, None, f"{fields['code']}: {message}")
                for message in error.messages
            ]
        ) from error


def _dimensions_save(draft: PlanDraft, counts: _Counts) -> dict[str, Dimension]:
    existing = Dimension.objects.in_bulk(field_name="code")
    new, changed = [], []
    top = max((d.position for d in existing.values()), default=-1)
    for item in draft.dimensions:
        dimension = existing.get(item.code)
        if dimension is None:
            top += 1
            names = _names_merged({}, item.name_i18n)
            dimension = Dimension(code=item.code, name=item.name, name_i18n=names, position=top)
            existing[item.code] = dimension
            new.append(dimension)
            continue
        values: dict[str, Any] = {"name_i18n": _names_merged(dimension.name_i18n, item.name_i18n)}
        if item.name:
            values["name"] = item.name
        if _changed(dimension, values):
            changed.append(dimension)
    Dimension.objects.bulk_create(new)
    Dimension.objects.bulk_update(changed, ["name", "name_i18n"])
    touched = _categories_save(draft, existing)
    counts.created["dimensions"] = len(new)
    counts.updated["dimensions"] = len({d.code for d in changed} | touched - {d.code for d in new})
    return existing


def _categories_save(draft: PlanDraft, dimensions: dict[str, Dimension]) -> set[str]:
    """Categories of the sheet's dimensions, by code; returns the codes of dimensions touched."""
    codes = [item.code for item in draft.dimensions]
    existing = {
        (category.dimension.code, category.code): category
        for category in DimensionCategory.objects.filter(dimension__code__in=codes).select_related(
            "dimension"
        )
    }
    new, changed, touched = [], [], set()
    for item in draft.dimensions:
        for position, (code, name, given) in enumerate(item.categories):
            category = existing.get((item.code, code))
            names = _names_merged(category.name_i18n if category else {}, given)
            values = {"name": name, "name_i18n": names, "position": position}
            if category is None:
                new.append(DimensionCategory(dimension=dimensions[item.code], code=code, **values))
                touched.add(item.code)
            elif _changed(category, values):
                changed.append(category)
                touched.add(item.code)
    DimensionCategory.objects.bulk_create(new)
    DimensionCategory.objects.bulk_update(changed, ["name", "name_i18n", "position"])
    return touched


# The plan and its elements -----------------------------------------------------------------


def _plan_save(draft: PlanDraft, counts: _Counts) -> Plan:
    fields = dict(draft.fields)
    plan = Plan.objects.filter(code=fields.pop("code")).first()
    fields["title_i18n"] = _names_merged(plan.title_i18n if plan else {}, fields["title_i18n"])
    if plan is None:
        plan = Plan.objects.create(code=draft.fields["code"], **fields)
        counts.created["plan"] = 1
    elif _changed(plan, fields):
        plan.save()
        counts.updated["plan"] = 1
    return plan


class _Writer:
    """Brings the plan's elements in line with the draft, kind by kind, in bulk."""

    def __init__(
        self,
        plan: Plan,
        draft: PlanDraft,
        counts: _Counts,
        agencies: dict[str, Agency],
        dimensions: dict[str, Dimension],
    ) -> None:
        self.plan, self.draft, self.counts = plan, draft, counts
        self.agencies, self.dimensions = agencies, dimensions
        self.absent: dict[str, list[int]] = {}
        self.new: dict[str, set[int]] = {}
        self.updated: dict[str, set[int]] = {}
        self.objectives: dict[str, Objective] = {}

    def run(self) -> None:
        areas = self._upsert(
            StrategicArea,
            "areas",
            self.draft.areas,
            lambda i: {"name": i["name"], "name_i18n": i["name_i18n"]},
        )
        self.objectives = self._upsert(
            Objective,
            "objectives",
            self.draft.objectives,
            lambda i: {
                "area_id": areas[i["area"]].pk,
                "name": i["name"],
                "name_i18n": i["name_i18n"],
                "kind": i["kind"],
            },
        )
        self._objective_parents_set()
        activities = self._upsert(
            Activity, "activities", self.draft.activities, self._activity_values
        )
        partners = {
            activities[i["code"]].pk: self._agency_ids(i["partner_agencies"])
            for i in self.draft.activities
        }
        self._links(Activity.partner_agencies.through, "activity", "agency", "activities", partners)
        self._indicators_save(activities)
        self._absent_delete()

    def _absent_delete(self) -> None:
        kinds = [(Indicator, "indicators"), (Activity, "activities"), (Objective, "objectives")]
        for model, kind in [*kinds, (StrategicArea, "areas")]:
            model._default_manager.filter(pk__in=self.absent[kind]).delete()
            self.counts.deleted[kind] = len(self.absent[kind])
            self.counts.created[kind] = len(self.new[kind])
            self.counts.updated[kind] = len(self.updated[kind] - self.new[kind])

    def _upsert(
        self, model: Any, kind: str, items: list[dict[str, Any]], values_of: Any
    ) -> dict[str, Any]:
        existing = {obj.code: obj for obj in model.objects.filter(plan=self.plan)}
        new, changed, names = [], [], {"position"}
        for position, item in enumerate(items):
            values = values_of(item) | {"position": position}
            names |= {name.removesuffix("_id") for name in values}
            obj = existing.get(item["code"])
            for key in ("name_i18n", "unit_i18n"):
                if key in values:
                    stored = getattr(obj, key) if obj is not None else {}
                    values[key] = _names_merged(stored, values[key])
            if obj is None:
                obj = existing[item["code"]] = model(plan=self.plan, code=item["code"], **values)
                new.append(obj)
            elif _changed(obj, values):
                changed.append(obj)
        model.objects.bulk_create(new, batch_size=500)
        model.objects.bulk_update(changed, sorted(names), batch_size=500)
        present = {item["code"] for item in items}
        self.absent[kind] = [obj.pk for code, obj in existing.items() if code not in present]
        self.new[kind] = {obj.pk for obj in new}
        self.updated[kind] = {obj.pk for obj in changed}
        return {code: obj for code, obj in existing.items() if code in present}

    def _objective_parents_set(self) -> None:
        moved = []
        for item in self.draft.objectives:
            objective = self.objectives[item["code"]]
            parent_id = self.objectives[item["parent"]].pk if item["parent"] else None
            if objective.parent_id != parent_id:
                objective.parent_id = parent_id
                moved.append(objective)
        Objective.objects.bulk_update(moved, ["parent"], batch_size=500)
        self.updated["objectives"] |= {objective.pk for objective in moved}

    def _activity_values(self, item: dict[str, Any]) -> dict[str, Any]:
        lead = self.agencies[item["lead_agency"]].pk if item["lead_agency"] else None
        skip = {"code", "objective", "lead_agency", "partner_agencies"}
        rest = {name: value for name, value in item.items() if name not in skip}
        objective_id = self.objectives[item["objective"]].pk
        return {"objective_id": objective_id, "lead_agency_id": lead, **rest}

    def _agency_ids(self, codes: list[str]) -> set[int]:
        return {self.agencies[code].pk for code in codes}

    def _indicator_values(self, item: dict[str, Any]) -> dict[str, Any]:
        skip = {"code", "objective", "activity", "milestones", "responsible_agencies", "dimensions"}
        rest = {name: value for name, value in item.items() if name not in skip}
        objective = self.objectives[item["objective"]].pk if item["objective"] else None
        return {
            "objective_id": objective,
            "activity_id": self.activity_ids.get(item["activity"]),
            **rest,
        }

    def _indicators_save(self, activities: dict[str, Activity]) -> None:
        self.activity_ids = {code: activity.pk for code, activity in activities.items()}
        items = self.draft.indicators
        indicators = self._upsert(Indicator, "indicators", items, self._indicator_values)
        pks = [indicators[item["code"]].pk for item in items]
        responsible = {
            pk: self._agency_ids(i["responsible_agencies"])
            for pk, i in zip(pks, items, strict=True)
        }
        self._links(
            Indicator.responsible_agencies.through, "indicator", "agency", "indicators", responsible
        )
        dimensions = {
            pk: {self.dimensions[code].pk for code in i["dimensions"]}
            for pk, i in zip(pks, items, strict=True)
        }
        self._links(
            Indicator.dimensions.through, "indicator", "dimension", "indicators", dimensions
        )
        self._milestones_save({pk: set(i["milestones"]) for pk, i in zip(pks, items, strict=True)})
        self._agency_targets_save(indicators, responsible)

    def _links(
        self, through: Any, owner: str, target: str, kind: str, wanted: dict[int, set[int]]
    ) -> None:
        """Make the many-to-many rows of the plan's elements exactly `wanted`."""
        rows = through.objects.filter(**{f"{owner}__plan": self.plan})
        existing = {
            (o, t): pk for pk, o, t in rows.values_list("pk", f"{owner}_id", f"{target}_id")
        }
        pairs = {(o, t) for o, targets in wanted.items() for t in targets}
        removed = [pk for pair, pk in existing.items() if pair not in pairs and pair[0] in wanted]
        added = [pair for pair in pairs if pair not in existing]
        through.objects.filter(pk__in=removed).delete()
        through.objects.bulk_create(
            [through(**{f"{owner}_id": o, f"{target}_id": t}) for o, t in added], batch_size=500
        )
        gone = {pair[0] for pair, pk in existing.items() if pk in set(removed)}
        self.updated[kind] |= gone | {o for o, _t in added}

    def _milestones_save(self, wanted: dict[int, set[tuple[int, Any]]]) -> None:
        rows = Milestone.objects.filter(indicator__plan=self.plan)
        existing = {
            (i, y, t): pk
            for pk, i, y, t in rows.values_list("pk", "indicator_id", "year", "target")
        }
        triples = {(pk, year, target) for pk, pairs in wanted.items() for year, target in pairs}
        removed = {
            key: pk for key, pk in existing.items() if key not in triples and key[0] in wanted
        }
        added = [key for key in triples if key not in existing]
        Milestone.objects.filter(pk__in=removed.values()).delete()
        Milestone.objects.bulk_create(
            [Milestone(indicator_id=i, year=y, target=t) for i, y, t in added], batch_size=500
        )
        self.updated["indicators"] |= {key[0] for key in [*removed, *added]}

    def _agency_targets_save(
        self, indicators: dict[str, Indicator], responsible: dict[int, set[int]]
    ) -> None:
        """The sheet's targets, all of them; without the sheet, the stored ones stay, but
        those of an agency no longer responsible go (a target belongs to a responsible one)."""
        rows = IndicatorAgencyTarget.objects.filter(indicator__plan=self.plan)
        existing = {(t.indicator_id, t.agency_id): t for t in rows}
        if self.draft.agency_targets is None:
            wanted = {
                key: (t.target, t.target_date)
                for key, t in existing.items()
                if key[1] in responsible.get(key[0], set())
            }
        else:
            wanted = {
                (indicators[code].pk, self.agencies[agency].pk): (target, target_date)
                for code, agency, target, target_date in self.draft.agency_targets
            }
        removed = [t.pk for key, t in existing.items() if key not in wanted]
        added, changed = [], []
        for (indicator_id, agency_id), (target, target_date) in wanted.items():
            found = existing.get((indicator_id, agency_id))
            values = {"target": target, "target_date": target_date}
            if found is None:
                added.append(
                    IndicatorAgencyTarget(indicator_id=indicator_id, agency_id=agency_id, **values)
                )
            elif _changed(found, values):
                changed.append(found)
        IndicatorAgencyTarget.objects.filter(pk__in=removed).delete()
        IndicatorAgencyTarget.objects.bulk_create(added, batch_size=500)
        IndicatorAgencyTarget.objects.bulk_update(changed, ["target", "target_date"])
        gone = {t.indicator_id for t in existing.values() if t.pk in set(removed)}
        self.updated["indicators"] |= gone | {t.indicator_id for t in [*added, *changed]}
