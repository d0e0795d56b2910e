"""What a document says, as plain data: the content builder (documents/selectors.py) fills it
from the plan, the reports and the narrative drafts; the DOCX and PDF renderers only lay it out.

Every text is already in the document's language (built under `translation.override`) and every
number already formatted, so both formats print exactly the same figures.
"""

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from documents.sections import Section

if TYPE_CHECKING:
    from documents.estimation_section import EstimationContent


class Printable(Protocol):
    """What the renderers need of any document besides its blocks: its title page, language,
    paper and the word for "Page" (the annual report, minutes, a follow-up report)."""

    title: str
    subtitle: str
    language: str
    paper_size: str
    headings: dict[str, str]


@dataclass
class Figure:
    """A label and its value, for the small two-column tables (introduction, resources)."""

    label: str
    value: str


@dataclass
class Table:
    caption: str
    columns: list[str]
    rows: list[list[str]]
    # Columns holding numbers, right-aligned when printed.
    numeric: frozenset[int] = frozenset()
    # The column holding long texts (a name), given at least a quarter of the width; -1 for
    # none (documents/columns.py).
    wide: int = -1
    # What the table lists ("indicators", "activities", …), a class for the print CSS.
    name: str = ""


@dataclass
class Chart:
    title: str
    spec: dict[str, Any]


@dataclass
class Comment:
    """What agencies said about something off track (an indicator or activity code), with who
    said it and in which quarters ("Police (2025-Q1, 2025-Q2), Shelter (2025-Q4)")."""

    agency: str
    subject: str
    text: str


@dataclass
class Assessment:
    """The area's on/off-track assessment, measured against the fulfilment of its indicators."""

    # "on_track", "off_track", or "" when no indicator of the area could be judged.
    value: str
    label: str
    basis: str


@dataclass
class AreaContent:
    code: str
    title: str
    narrative: str
    objectives: Table
    indicators: Table
    activities: Table
    assessment: Assessment
    comments: list[Comment]
    resources: list[Figure]


@dataclass
class NarrativeBlock:
    section: Section
    title: str
    text: str


@dataclass
class DocumentContent:
    kind: str
    period: str
    language: str
    title: str
    subtitle: str
    generated_on: datetime.date
    # Annex 6's introduction, from the data.
    facts: list[Figure]
    reporting: Table
    reporting_summary: str
    narratives: dict[str, NarrativeBlock]
    # The plan's indicators by status and its activities by delivery, by area.
    overall: list[Table]
    areas: list[AreaContent]
    charts: list[Chart] = field(default_factory=list)
    headings: dict[str, str] = field(default_factory=dict)
    # The plan's paper size (plans.models.PaperSize): both formats are laid out on it.
    paper_size: str = "a4"
    # The annual report's section on coordination; None in the quarterly summary.
    coordination: "CoordinationContent | None" = None
    # The annual report's optional section on hidden victims (documents/estimation_section.py).
    estimation: "EstimationContent | None" = None

    def narrative(self, key: str) -> NarrativeBlock:
        return self.narratives[key]


@dataclass
class CoordinationContent:
    """The annual report's section on coordination (issue 12): the meetings held in the year by
    body, each agency's attendance, and what became of the actions passed."""

    meetings: Table
    attendance: Table
    actions: Table
    # Said instead of the tables when no meeting was held in the period.
    none_held: str = ""

    @property
    def tables(self) -> list[Table]:
        return [self.meetings, self.attendance, self.actions]
