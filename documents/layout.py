"""The order a document is printed in, as a flat list of blocks both renderers walk (DOCX and
PDF print the same headings, numbers and tables in the same order).

The annual report follows annex 6 of the guide: 1 introduction, 2 developments, 3 policies and
legal framework, 4 compliance, 5 progress (5.1 general observations, 5.2 detailed progress:
5.2.1 overall results, then each strategic area with its outcomes, achievements, activities,
assessment, comments and resources; 5.3 observations, 5.4 lessons learned, 5.5 next steps), then
6 coordination (issue 12: meetings held, attendance, actions passed) and, when the coordinator
includes it, 7 hidden victims (issue 13: the published estimate, estimation_section.py). The
quarterly summary keeps the introduction, the general observations, the detailed progress and
the next steps.

Headings are numbered here, once, by their level (1, 5.2, 5.2.3; the headings inside an area
are not numbered), so that both formats read the same and no number is written by hand. A
table's caption that only repeats the heading just above it is left out. Every fixed text is
taken in the document's language, whatever language is active when the layout is made.
"""

import base64
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext as _

from documents import sections as sec
from documents.content import AreaContent, Chart, Comment, DocumentContent, Figure, Table
from documents.models import DocumentKind


@dataclass
class Block:
    # "heading", "text", "note", "table", "figures", "chart", "comments", "assessment", "pairs"
    # (figures as "label: value" lines, not a table: much cheaper to lay out where there are
    # hundreds, as in a follow-up report)
    kind: str
    text: str = ""
    level: int = 1
    table: Table | None = None
    figures: list[Figure] = field(default_factory=list)
    chart: Chart | None = None
    comments: list[Comment] = field(default_factory=list)
    # A heading is numbered by its level unless false (the headings inside an area).
    numbered: bool = True
    # A chart's picture (PNG), filled in by the renderer's caller.
    png: bytes = b""
    # A table's column widths (fractions of the text width) and its type size relative to the
    # stylesheet's, filled in by each renderer for its own fonts (documents/columns.py).
    widths: list[float] = field(default_factory=list)
    scale: float = 1.0
    # The PDF's type size of a table made smaller to fit ("6.50pt"), "" for the stylesheet's.
    type_size: str = ""

    @property
    def png_data_uri(self) -> str:
        """The chart's picture inline, for the PDF's HTML (WeasyPrint fetches nothing)."""
        return "data:image/png;base64," + base64.b64encode(self.png).decode("ascii")

    @property
    def percent_widths(self) -> list[str]:
        """The column widths as CSS percentages ("34.00%"), for the PDF's HTML."""
        return [f"{100 * width:.2f}%" for width in self.widths]

    @property
    def paragraphs(self) -> list[str]:
        """A narrative's paragraphs: blank lines (or single line breaks) separate them."""
        return [line.strip() for line in self.text.splitlines() if line.strip()]


def _heading(text: str, level: int, *, numbered: bool = True) -> Block:
    return Block("heading", text=text, level=level, numbered=numbered)


def _table(table: Table) -> Block:
    return Block("table", table=table, text=table.caption)


def _chart(chart: Chart) -> Block:
    return Block("chart", chart=chart, text=chart.title)


def _narrative(content: DocumentContent, key: str) -> list[Block]:
    text = content.narratives[key].text.strip() if key in content.narratives else ""
    if not text:
        return [Block("note", text=content.headings["empty"])]
    return [Block("text", text=text)]


def _titled(content: DocumentContent, key: str, level: int) -> list[Block]:
    block = content.narratives[key]
    return [_heading(block.title, level), *_narrative(content, key)]


def document_blocks(content: DocumentContent) -> list[Block]:
    with translation.override(content.language):
        blocks = _annual(content) if content.kind == DocumentKind.ANNUAL else _quarterly(content)
    return _without_repeated_captions(numbered(blocks))


def numbered(blocks: list[Block]) -> list[Block]:
    """Each numbered heading prefixed with its number by level: 1, 1.1, 5.2.3 (every document
    numbers its headings this way)."""
    counters: list[int] = []
    for block in blocks:
        if block.kind != "heading" or not block.numbered:
            continue
        del counters[block.level :]
        counters += [0] * (block.level - len(counters))
        counters[-1] += 1
        block.text = f"{'.'.join(str(n) for n in counters)} {block.text}"
    return blocks


def _title(heading: Block) -> str:
    """A heading's words without its number."""
    number, _space, words = heading.text.partition(" ")
    return words if heading.numbered and number[:1].isdigit() else heading.text


def _without_repeated_captions(blocks: list[Block]) -> list[Block]:
    """A table's or chart's caption left out when it says what the heading just above it
    (nothing but text between them) already says."""
    heading: Block | None = None
    for block in blocks:
        if block.kind == "heading":
            heading = block
        elif block.kind in ("table", "chart") and heading is not None:
            if block.text.strip().casefold() == _title(heading).strip().casefold():
                block.text = ""
            heading = None
        elif block.kind not in ("text", "note"):
            heading = None
    return blocks


def _introduction(content: DocumentContent, with_narrative: bool) -> list[Block]:
    blocks = [_heading(_("Introduction"), 1)]
    if with_narrative:
        blocks += _narrative(content, sec.INTRODUCTION.key)
    blocks.append(Block("figures", figures=content.facts))
    blocks.append(_heading(content.headings["reporting"], 2))
    blocks.append(Block("text", text=content.reporting_summary))
    blocks.append(_table(content.reporting))
    return blocks


def _overall(content: DocumentContent, level: int, with_narrative: bool) -> list[Block]:
    blocks = [_heading(content.headings["overall"], level)]
    if with_narrative:
        blocks += _narrative(content, sec.OVERALL_RESULTS.key)
    blocks += [_table(table) for table in content.overall]
    blocks += [_chart(chart) for chart in content.charts]
    return blocks


def _area(content: DocumentContent, area: AreaContent, level: int) -> list[Block]:
    h = content.headings

    def sub(key: str) -> Block:
        return _heading(h[key], level + 1, numbered=False)

    blocks = [_heading(area.title, level), sub("objectives"), _table(area.objectives)]
    blocks.append(sub("achievements"))
    blocks += _narrative(content, sec.AREA_PREFIX + area.code)
    blocks += [_table(area.indicators), sub("activities"), _table(area.activities)]
    blocks.append(sub("assessment"))
    blocks.append(Block("assessment", text=area.assessment.label, level=0))
    if area.assessment.basis:
        blocks.append(Block("text", text=area.assessment.basis))
    blocks.append(sub("comments"))
    if area.comments:
        blocks.append(Block("comments", comments=area.comments))
    else:
        blocks.append(Block("note", text=h["no_comments"]))
    blocks += [sub("resources"), Block("figures", figures=area.resources)]
    return blocks


def _annual(content: DocumentContent) -> list[Block]:
    blocks = _introduction(content, with_narrative=True)
    blocks += _titled(content, sec.DEVELOPMENTS.key, 1)
    blocks += _titled(content, sec.POLICY.key, 1)
    blocks += _titled(content, sec.COMPLIANCE.key, 1)
    blocks.append(_heading(content.headings["progress"], 1))
    blocks += _titled(content, sec.GENERAL_OBSERVATIONS.key, 2)
    blocks.append(_heading(content.headings["detailed"], 2))
    blocks += _overall(content, 3, with_narrative=True)
    for area in content.areas:
        blocks += _area(content, area, 3)
    blocks += _titled(content, sec.OBSERVATIONS.key, 2)
    blocks += _titled(content, sec.LESSONS.key, 2)
    blocks += _titled(content, sec.NEXT_STEPS.key, 2)
    blocks += _coordination(content)
    blocks += _estimation(content)
    return blocks


def _coordination(content: DocumentContent) -> list[Block]:
    """The meetings held, attendance and actions passed (issue 12); a sentence instead of the
    tables when no meeting was held."""
    section = content.coordination
    if section is None:
        return []
    blocks = _titled(content, sec.COORDINATION.key, 1)
    if section.none_held:
        return [*blocks, Block("text", text=section.none_held)]
    h = content.headings
    for key, table in (
        ("meetings", section.meetings),
        ("attendance", section.attendance),
        ("actions", section.actions),
    ):
        blocks += [_heading(h[key], 2), _table(table)]
    return blocks


def _estimation(content: DocumentContent) -> list[Block]:
    """The published estimate of hidden victims (issue 13), when the report includes it:
    protected overlaps and rounded figures only (documents/estimation_section.py)."""
    section = content.estimation
    if section is None:
        return []
    h = section.headings
    blocks = _titled(content, sec.HIDDEN_VICTIMS.key, 1)
    blocks += [Block("text", text=section.text), _heading(h["lists"], 2)]
    blocks += [_table(section.lists), _table(section.overlaps)]
    blocks.append(Block("note", text=section.withheld_note))
    blocks += [_heading(h["estimate"], 2), Block("figures", figures=section.figures)]
    blocks += [Block("text", text=section.model), _heading(h["caveats"], 2)]
    return [*blocks, Block("pairs", figures=section.caveats)]


def _quarterly(content: DocumentContent) -> list[Block]:
    blocks = _introduction(content, with_narrative=False)
    blocks += _titled(content, sec.GENERAL_OBSERVATIONS.key, 1)
    blocks.append(_heading(content.headings["detailed"], 1))
    blocks += _overall(content, 2, with_narrative=False)
    for area in content.areas:
        blocks += _area(content, area, 2)
    blocks += _titled(content, sec.NEXT_STEPS.key, 1)
    return blocks
