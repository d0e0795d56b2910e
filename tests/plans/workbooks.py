"""Build NAP workbooks for tests: a small valid plan as plain rows, changed per test, saved
as XLSX bytes. Cells are written as given (no escaping), so a test controls every byte."""

import io
from typing import Any

from openpyxl import Workbook

Sheets = dict[str, list[list[Any]]]


def small_plan() -> Sheets:
    """A valid plan: 2 areas, nested objectives, 3 activities, 3 indicators, 2 agencies."""
    return {
        "Plan": [
            ["Field", "Value"],
            ["Code", "NAP-RUR-2024"],
            ["Title", "Ruritania action plan"],
            ["Country", "Ruritania"],
            ["Start", "2024"],
            ["End", "2026-Q4"],
            ["Currency", "EUR"],
            ["Status", "adopted"],
            ["Languages", "en; ru"],
        ],
        "Agencies": [
            ["Code", "Name", "Short name", "Type", "Parent", "Email"],
            ["MOI", "Ministry of Interior", "Interior", "State body", "", "moi@example.org"],
            ["MOI-POL", "Police", "Police", "state", "MOI", ""],
            ["NGO-X", "Shelter X", "", "NGO", "", ""],
        ],
        "Dimensions": [
            ["Dimension", "Dimension name", "Category", "Category name"],
            ["sex", "Sex", "female", "Female"],
            ["route", "Route", "", ""],
        ],
        "Areas": [["Code", "Name"], ["1", "Prevention"], ["2", "Protection"]],
        "Objectives": [
            ["Code", "Area", "Parent", "Name", "Kind"],
            ["G1", "1", "", "Fewer people trafficked", "goal"],
            ["1.1", "1", "G1", "Public aware of risks", "outcome"],
            ["2.1", "2", "", "Victims assisted", ""],
        ],
        "Activities": [
            ["Code", "Objective", "Name", "Lead agency", "Partner agencies", "Start", "End",
             "Result indicator", "Budget", "Funding source"],
            ["1.1.1", "1.1", "Run a campaign", "MOI-POL", "NGO-X; MOI", "2024-Q1", "2024-Q4",
             "Campaign run", 1200.5, "European Union"],
            ["1.1.2", "1.1", "Train teachers", "MOI", "", "2024-03-15", "2025", "", "300",
             "State budget"],
            ["2.1.1", "2.1", "Fund a shelter", "NGO-X", "", "", "", "", None, "None needed"],
        ],
        "Indicators": [
            ["Code", "Parent", "Name", "Level", "Type", "Direction", "Unit", "Baseline",
             "Baseline year", "Baseline source", "Mid-term target", "End target", "Milestones",
             "Frequency", "Responsible agencies", "Means of verification", "Disaggregation"],
            ["I-1", "G1", "Victims identified", "impact", "number", "increase", "persons", 40,
             2023, "Police data", 60, 80, "2024: 50; 2025: 60", "annual", "MOI-POL; NGO-X",
             "Police statistics", "sex; route"],
            ["I-2", "1.1.1", "Campaign reach", "output", "percentage", "", "%", "10.25", 2023,
             "", "", "50", "", "", "MOI", "", ""],
            ["I-3", "2.1", "Shelter quality", "outcome", "qualitative", "maintain", "", "Basic",
             "", "", "Good", "Very good", "", "semiannual", "", "", ""],
        ],
    }  # fmt: skip


def build(sheets: Sheets) -> bytes:
    """`sheets` as an XLSX file, sheets in the given order."""
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def set_cell(sheets: Sheets, sheet: str, code: str, column: str, value: Any) -> Sheets:
    """Change one cell of the row whose first cell is `code` (the Plan sheet: its Field)."""
    header = sheets[sheet][0]
    for row in sheets[sheet][1:]:
        if row[0] == code:
            row[header.index(column)] = value
            return sheets
    raise KeyError(code)


def drop_row(sheets: Sheets, sheet: str, code: str) -> Sheets:
    sheets[sheet] = [row for row in sheets[sheet] if row[0] != code]
    return sheets


def large_plan(*, activities: int, indicators: int) -> Sheets:
    """A valid plan of the given size: 5 areas, 10 objectives each, the rest spread evenly."""
    sheets = small_plan()
    sheets["Areas"] = [["Code", "Name"]] + [[str(a), f"Area {a}"] for a in range(1, 6)]
    objectives = [f"{a}.{o}" for a in range(1, 6) for o in range(1, 11)]
    sheets["Objectives"] = [sheets["Objectives"][0]] + [
        [code, code.split(".")[0], "", f"Objective {code}", "outcome"] for code in objectives
    ]
    sheets["Activities"] = [sheets["Activities"][0]] + [
        [f"{objectives[n % 50]}.{n}", objectives[n % 50], f"Activity {n}", "MOI-POL",
         "MOI; NGO-X", "2024-Q1", "2025-Q2", "Done", n * 10, "State budget"]
        for n in range(activities)
    ]  # fmt: skip
    sheets["Indicators"] = [sheets["Indicators"][0]] + [
        [f"I-{n}", sheets["Activities"][1 + n % activities][0], f"Indicator {n}", "output",
         "number", "increase", "persons", n, 2023, "Survey", n + 5, n + 10,
         "2024: 1; 2025: 2", "quarterly", "MOI-POL", "Register", "sex"]
        for n in range(indicators)
    ]  # fmt: skip
    return sheets
