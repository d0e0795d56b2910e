"""The plan workbook's sheets and columns, and the plain data a validation returns."""

import re
from dataclasses import dataclass, field
from typing import Any

from plans.models import name_languages
from tipmonitor.lib.spreadsheet import normalise_header

# Sheet -> columns, in the order export writes them; * marks a required column.
COLUMNS: dict[str, list[str]] = {
    "Plan": ["Field*", "Value*"],
    "Agencies": ["Code*", "Name*", "Short name", "Type", "Parent", "Email"],
    "Dimensions": ["Dimension*", "Dimension name", "Category", "Category name"],
    "Areas": ["Code*", "Name*"],
    "Objectives": ["Code*", "Area*", "Parent", "Name*", "Kind"],
    "Activities": [
        "Code*", "Objective*", "Name*", "Lead agency", "Partner agencies", "Start", "End",
        "Result indicator", "Budget", "Funding source",
    ],
    "Indicators": [
        "Code*", "Parent*", "Name*", "Level", "Type", "Direction", "Unit", "Baseline",
        "Baseline year", "Baseline source", "Mid-term target", "End target", "Milestones",
        "Frequency", "Responsible agencies", "Means of verification", "Disaggregation",
        "Aggregation over time", "Aggregation across agencies", "Headline", "Counts victims",
    ],
    # An agency's own target for its share of an indicator several agencies report (issue 9 #7).
    "Agency targets": ["Indicator*", "Agency*", "Target*", "Target date"],
}  # fmt: skip


OPTIONAL_SHEETS = {"Agencies", "Dimensions", "Agency targets"}


# Names in the languages beyond the base name (issue 9 #10): optional columns `Name (hy)`,
# `Name (ru)` beside each sheet's name column (and `Unit (hy)`, … beside an indicator's unit);
# sheet -> the columns they go with.
NAMED_COLUMNS: dict[str, tuple[str, ...]] = {
    "Dimensions": ("Dimension name", "Category name"),
    "Areas": ("Name",),
    "Objectives": ("Name",),
    "Activities": ("Name",),
    "Indicators": ("Name", "Unit"),
}


def name_column(column: str, language: str) -> str:
    """The title of `column` in `language`: `Name (hy)`."""
    return f"{column} ({language})"


def name_titles(sheet: str, languages: list[str] | None = None) -> list[str]:
    """The optional name columns of `sheet` for `languages` (all languages by default)."""
    languages = name_languages() if languages is None else languages
    columns = NAMED_COLUMNS.get(sheet, ())
    return [name_column(column, code) for column in columns for code in languages]


PLAN_FIELDS = [
    "Code", "Title*", *(name_column("Title", code) for code in name_languages()),
    "Country*", "Start*", "End*", "Currency*", "Status", "Languages",
    "Report deadline days", "Reminder days before", "Reminder days after",
    "On track from", "At risk from", "Maintain tolerance", "Paper size",
]  # fmt: skip


# The Plan sheet's rows for the plan's settings (reporting calendar, progress thresholds
# (docs/progress.md)) -> Plan fields; the limits are the plan form's.
SETTING_ROWS = {
    "Report deadline days": "report_deadline_days",
    "Reminder days before": "reminder_days_before",
    "Reminder days after": "reminder_days_after",
    "On track from": "on_track_from",
    "At risk from": "at_risk_from",
    "Maintain tolerance": "maintain_tolerance",
}


CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


STATE_BUDGET_WORDS = "state budget"  # fixed English words, as export writes them


NONE_NEEDED_WORDS = {"none needed", "no funding required", "no funding needed"}


def titles(sheet: str) -> list[str]:
    return [title.rstrip("*") for title in COLUMNS[sheet]]


def wanted_headers() -> dict[str, list[str]]:
    """What the reader keeps: normalised sheet name -> normalised headers."""
    return {
        normalise_header(s): [normalise_header(t) for t in [*titles(s), *name_titles(s)]]
        for s in COLUMNS
    }


@dataclass(frozen=True)
class Known:
    """Agencies and dimensions already in TIP Monitor (codes case-folded for agencies)."""

    agency_parents: dict[str, str | None]  # code.casefold() -> parent code.casefold()
    dimensions: set[str]


@dataclass
class AgencyDraft:
    code: str
    name: str
    short_name: str
    type: str
    parent: str | None  # case-folded code
    email: str


@dataclass
class DimensionDraft:
    code: str
    name: str
    # (code, name, names per language as in `name_i18n`) per category
    categories: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)
    # Names per language: a language whose column the sheet has is here ("" when empty).
    name_i18n: dict[str, str] = field(default_factory=dict)


@dataclass
class PlanDraft:
    fields: dict[str, Any]
    agencies: list[AgencyDraft]
    dimensions: list[DimensionDraft]
    areas: list[dict[str, Any]]
    objectives: list[dict[str, Any]]
    activities: list[dict[str, Any]]
    indicators: list[dict[str, Any]]
    # (indicator code, case-folded agency code, target, target date); None: the workbook has
    # no Agency targets sheet, and the stored targets stay.
    agency_targets: list[tuple[str, str, Any, Any]] | None = None
