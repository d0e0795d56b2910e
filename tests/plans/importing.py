"""Helpers of the `plan_import` tests: import a workbook and check nothing changed."""

import pytest
from django.db.models import Model

from agencies.models import Agency
from plans.models import (
    Activity,
    Dimension,
    DimensionCategory,
    Indicator,
    Milestone,
    Objective,
    Plan,
    StrategicArea,
)
from plans.workbook.services import WorkbookError, WorkbookInvalid, plan_export, plan_import
from plans.workbook.writer import plan_records
from tests.plans.workbooks import build

MODELS: list[type[Model]] = [Plan, Agency, Dimension, DimensionCategory, StrategicArea,
          Objective, Activity, Indicator, Milestone, Activity.partner_agencies.through,
          Indicator.responsible_agencies.through, Indicator.dimensions.through]  # fmt: skip


def _database() -> list[list[dict]]:
    return [list(model._default_manager.order_by("pk").values()) for model in MODELS]


def _errors(sheets_or_bytes) -> list[WorkbookError]:
    data = sheets_or_bytes if isinstance(sheets_or_bytes, bytes) else build(sheets_or_bytes)
    before = _database()
    with pytest.raises(WorkbookInvalid) as caught:
        plan_import(data=data)
    assert _database() == before
    return caught.value.errors


def _round_trip(data: bytes) -> None:
    plan = plan_import(data=data).plan
    records, before = plan_records(plan), _database()

    summary = plan_import(data=plan_export(plan=plan, fmt="xlsx"))

    assert summary.plan.pk == plan.pk
    assert set(summary.created.values()) | set(summary.updated.values()) == {0}
    assert set(summary.deleted.values()) == {0}
    assert plan_records(plan) == records
    assert _database() == before
