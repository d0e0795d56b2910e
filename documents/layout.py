"""The order a document is printed in, as a flat list of blocks both renderers walk (DOCX and
PDF print the same headings, numbers and tables in the same order).

The annual report follows annex 6 of the guide: 1 introduction, 2 developments, 3 policies and
legal framework, 4 compliance, 5 progress (a general observations, b detailed progress: overall
results, then each strategic area with its outcomes, achievements, activities, assessment,
comments and resources; c observations, d lessons learned, e next steps). The quarterly summary
keeps the introduction, the general observations, the detailed progress and the next steps.
"""

import base64
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from documents import sections as sec
from documents.content import AreaContent, Chart, Comment, DocumentContent, Figure, Table
from documents.models import DocumentKind


@dataclass
class Block:
    # "heading", "text", "note", "table", "figures", "chart", "comments", "assessment"
    kind: str
    text: str = ""
    level: int = 1
    table: Table | None = None
    figures: list[Figure] = field(default_factory=list)
    chart: Chart | None = None
    comments: list[Comment] = field(default_factory=list)
    # A chart's picture (PNG), filled in by the renderer's caller.
    png: bytes = b""

    @property
    def png_data_uri(self) -> str:
        """The chart's picture inline, for the PDF's HTML (WeasyPrint fetches nothing)."""
        return "data:image/png;base64," + base64.b64encode(self.png).decode("ascii")

    @property
    def paragraphs(self) -> list[str]:
        """A narrative's paragraphs: blank lines (or single line breaks) separate them."""
        return [line.strip() for line in self.text.splitlines() if line.strip()]


def _heading(text: str, level: int) -> Block:
    return Block("heading", text=text, level=level)


def _narrative(content: DocumentContent, key: str) -> list[Block]:
    text = content.narratives[key].text.strip() if key in content.narratives else ""
    if not text:
        return [Block("note", text=content.headings["empty"])]
    return [Block("text", text=text)]


def _titled(content: DocumentContent, number: str, key: str, level: int) -> list[Block]:
    block = content.narratives[key]
    return [_heading(f"{number} {block.title}", level), *_narrative(content, key)]


def document_blocks(content: DocumentContent) -> list[Block]:
    if content.kind == DocumentKind.ANNUAL:
        return _annual(content)
    return _quarterly(content)


def _introduction(content: DocumentContent, with_narrative: bool) -> list[Block]:
    blocks = [_heading(f"1. {_('Introduction')}", 1)]
    if with_narrative:
        blocks += _narrative(content, sec.INTRODUCTION.key)
    blocks.append(Block("figures", figures=content.facts))
    blocks.append(_heading(content.headings["reporting"], 2))
    blocks.append(Block("text", text=content.reporting_summary))
    blocks.append(Block("table", table=content.reporting))
    return blocks


def _overall(
    content: DocumentContent, number: str, level: int, with_narrative: bool
) -> list[Block]:
    blocks = [_heading(f"{number} {content.headings['overall']}", level)]
    if with_narrative:
        blocks += _narrative(content, sec.OVERALL_RESULTS.key)
    blocks += [Block("table", table=table) for table in content.overall]
    blocks += [Block("chart", chart=chart, text=chart.title) for chart in content.charts]
    return blocks


def _area(content: DocumentContent, area: AreaContent, number: str, level: int) -> list[Block]:
    h = content.headings
    blocks = [_heading(f"{number} {area.title}", level)]
    blocks.append(_heading(h["objectives"], level + 1))
    blocks.append(Block("table", table=area.objectives))
    blocks.append(_heading(h["achievements"], level + 1))
    blocks += _narrative(content, sec.AREA_PREFIX + area.code)
    blocks.append(Block("table", table=area.indicators))
    blocks.append(_heading(h["activities"], level + 1))
    blocks.append(Block("table", table=area.activities))
    blocks.append(_heading(h["assessment"], level + 1))
    blocks.append(Block("assessment", text=area.assessment.label, level=0))
    if area.assessment.basis:
        blocks.append(Block("text", text=area.assessment.basis))
    blocks.append(_heading(h["comments"], level + 1))
    if area.comments:
        blocks.append(Block("comments", comments=area.comments))
    else:
        blocks.append(Block("note", text=h["no_comments"]))
    blocks.append(_heading(h["resources"], level + 1))
    blocks.append(Block("figures", figures=area.resources))
    return blocks


def _annual(content: DocumentContent) -> list[Block]:
    blocks = _introduction(content, with_narrative=True)
    blocks += _titled(content, "2.", sec.DEVELOPMENTS.key, 1)
    blocks += _titled(content, "3.", sec.POLICY.key, 1)
    blocks += _titled(content, "4.", sec.COMPLIANCE.key, 1)
    blocks.append(_heading(f"5. {content.headings['progress']}", 1))
    blocks += _titled(content, "5.a", sec.GENERAL_OBSERVATIONS.key, 2)
    blocks.append(_heading(f"5.b {content.headings['detailed']}", 2))
    blocks += _overall(content, "5.b.1", 3, with_narrative=True)
    for n, area in enumerate(content.areas, start=2):
        blocks += _area(content, area, f"5.b.{n}", 3)
    blocks += _titled(content, "5.c", sec.OBSERVATIONS.key, 2)
    blocks += _titled(content, "5.d", sec.LESSONS.key, 2)
    blocks += _titled(content, "5.e", sec.NEXT_STEPS.key, 2)
    return blocks


def _quarterly(content: DocumentContent) -> list[Block]:
    blocks = _introduction(content, with_narrative=False)
    blocks += _titled(content, "2.", sec.GENERAL_OBSERVATIONS.key, 1)
    blocks.append(_heading(f"3. {content.headings['detailed']}", 1))
    blocks += _overall(content, "3.1", 2, with_narrative=False)
    for n, area in enumerate(content.areas, start=2):
        blocks += _area(content, area, f"3.{n}", 2)
    blocks += _titled(content, "4.", sec.NEXT_STEPS.key, 1)
    return blocks
