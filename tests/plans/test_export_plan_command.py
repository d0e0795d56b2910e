"""`tipmonitor export-plan [--plan CODE] [--format xlsx|json] --output PATH`."""

import json

import pytest
from django.core.management import CommandError, call_command

from plans.workbook.services import plan_import
from tests.factories import PlanFactory
from tests.plans.workbooks import build, small_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported():
    return plan_import(data=build(small_plan())).plan


def test_it_writes_the_only_plan_as_a_workbook_that_imports_unchanged(imported, tmp_path):
    output = tmp_path / "out.xlsx"

    call_command("export_plan", "--output", str(output))

    summary = plan_import(data=output.read_bytes())
    assert summary.plan == imported
    assert set(summary.created.values()) | set(summary.updated.values()) == {0}


def test_it_writes_json_for_the_plan_named(imported, tmp_path, capsys):
    PlanFactory()
    output = tmp_path / "out.json"

    call_command("export_plan", "--plan", imported.code, "--format", "json", "--output", output)

    assert json.loads(output.read_text())["plan"]["code"] == imported.code
    assert str(output) in capsys.readouterr().out


def test_it_asks_which_plan_when_there_are_several(imported, tmp_path):
    PlanFactory()

    with pytest.raises(CommandError, match="--plan CODE"):
        call_command("export_plan", "--output", str(tmp_path / "x.xlsx"))


def test_it_refuses_an_unknown_plan_code(imported, tmp_path):
    with pytest.raises(CommandError, match="no plan with the code NOPE"):
        call_command("export_plan", "--plan", "NOPE", "--output", str(tmp_path / "x.xlsx"))
