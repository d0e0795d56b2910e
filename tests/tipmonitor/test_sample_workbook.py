"""The committed sample workbook is what its script writes: regenerating it changes no cell."""

import re
from pathlib import Path

import openpyxl
from django.conf import settings

from tipmonitor.sample import SAMPLE_WORKBOOK, make_sample

CONTRACT = Path(settings.BASE_DIR) / "docs" / "workbook.md"


def _cells(path) -> dict[str, list[tuple]]:
    workbook = openpyxl.load_workbook(path, read_only=True)
    try:
        return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in workbook}
    finally:
        workbook.close()


def test_it_regenerates_the_committed_workbook_cell_for_cell(tmp_path):
    fresh = make_sample.write(tmp_path / "nap-sample.xlsx")

    assert _cells(fresh) == _cells(SAMPLE_WORKBOOK), (
        "tipmonitor/sample/nap-sample.xlsx differs from what make_sample.py writes; run "
        "`python -m tipmonitor.sample.make_sample` and commit the workbook"
    )


def _documented_columns() -> dict[str, list[str]]:
    """Each sheet's columns as docs/workbook.md lists them (its Plan table lists the fields)."""
    columns: dict[str, list[str]] = {}
    sheet = None
    for line in CONTRACT.read_text().splitlines():
        if heading := re.match(r"^### `(\w[\w ]*)`", line):
            sheet = heading.group(1)
            columns[sheet] = []
        elif sheet and (cell := re.match(r"^\| `([^`]+)`\*? \|", line)):
            columns[sheet].append(cell.group(1))
    return columns


def test_it_follows_the_workbook_contract(tmp_path):
    cells = _cells(make_sample.write(tmp_path / "nap-sample.xlsx"))
    documented = _documented_columns()

    assert set(documented) == {sheet for sheet in cells if sheet != "About"}
    assert list(cells["Plan"][0]) == ["Field", "Value"]
    assert {field for field, _value in cells["Plan"][1:]} <= set(documented.pop("Plan"))
    for sheet, headers in documented.items():
        assert list(cells[sheet][0]) == headers, sheet


def test_it_writes_to_the_path_given_on_the_command_line(tmp_path, capsys):
    target = tmp_path / "out.xlsx"

    make_sample.main([str(target)])

    assert target.exists()
    assert str(target) in capsys.readouterr().out
