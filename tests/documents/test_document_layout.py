"""How the annual report and the quarterly summary are laid out, in both formats: headings in
the document's language whatever language is active, clean section numbers, no caption
repeating its heading, table columns wide enough that no word is broken, the plan's paper
size, files named by kind, period and language (issue 9, defect 9)."""

import io
import json
import re

import docx
import pytest
from django.utils import translation
from docx.oxml.ns import qn
from docx.shared import Mm

from documents import pictures
from documents.builder import document_content
from documents.columns import column_sizing, text_width
from documents.generate import render_document
from documents.layout import document_blocks
from documents.render_pdf import print_html
from tests.documents.files import pdf_objects
from tipmonitor.lib.reporting_periods import parse_period_code

pytestmark = pytest.mark.django_db

NUMBERED = re.compile(r"^(\d+(?:\.\d+)*) (\S.*)$")
LATIN = re.compile(r"[A-Za-z]")
ARMENIAN = re.compile(r"[\u0531-\u058f]")


def _blocks(plan, language="en", kind="annual", period="2025"):
    content = document_content(
        plan=plan, kind=kind, period=parse_period_code(period), language=language, charts=False
    )
    return document_blocks(content)


def _docx(plan, language="en", kind="annual", period="2025"):
    rendered = render_document(plan=plan, kind=kind, period=period, language=language, fmt="docx")
    return rendered, docx.Document(io.BytesIO(rendered.content))


def _headings(document):
    return [p.text for p in document.paragraphs if (p.style.name or "").startswith("Heading")]


# --- Language -----------------------------------------------------------------------------------


def test_it_writes_every_fixed_heading_and_column_in_the_documents_language(reported_plan):
    areas = set(reported_plan.areas.values_list("name", flat=True))
    with translation.override("en"):  # the coordinator's own language, or the CLI's
        _rendered, document = _docx(reported_plan, language="hy")
    headings = _headings(document)
    assert headings[0].startswith("1 ")
    fixed = [NUMBERED.sub(r"\2", h) for h in headings if NUMBERED.sub(r"\2", h) not in areas]
    assert fixed, headings
    for heading in fixed:
        assert ARMENIAN.search(heading), heading
        assert not LATIN.search(heading), heading
    tables = [table for table in document.tables if _has_header(table)]
    assert tables
    for table in tables:
        for cell in table.rows[0].cells:
            assert ARMENIAN.search(cell.text), cell.text
            assert not LATIN.search(cell.text), cell.text


def _has_header(table):
    """A table of rows under a header (not a two-column table of figures)."""
    properties = table.rows[0]._tr.trPr
    return properties is not None and properties.find(qn("w:tblHeader")) is not None


def test_it_lays_out_in_the_documents_language_whatever_is_active(reported_plan):
    with translation.override("hy"):
        introduction = str(translation.gettext("Introduction"))
    with translation.override("en"):
        first = _blocks(reported_plan, language="hy")[0]
    assert first.text == f"1 {introduction}"
    assert introduction != "Introduction"


# --- Numbers and captions -----------------------------------------------------------------------


def test_it_numbers_the_annual_reports_sections_by_level(reported_plan):
    numbers = [
        NUMBERED.match(block.text).group(1)
        for block in _blocks(reported_plan)
        if block.kind == "heading" and block.numbered
    ]
    assert numbers == [
        "1", "1.1", "2", "3", "4", "5", "5.1", "5.2", "5.2.1", "5.2.2", "5.2.3", "5.3", "5.4",
        "5.5", "6",
    ]  # fmt: skip


def test_it_numbers_every_heading_cleanly_in_both_formats(reported_plan):
    _rendered, document = _docx(reported_plan)
    headings = _headings(document)
    assert "5.2.2 Prevention" in headings
    assert "5.2.3 Protection" in headings
    numbered = [h for h in headings if h[:1].isdigit()]
    assert len(numbered) == 15  # 6 Coordination: no meeting, so no sub-headings
    for heading in numbered:
        number = NUMBERED.match(heading)
        assert number is not None, heading
        assert not number.group(2)[:1].isdigit(), heading  # not "5.b.2 2 Prevention"
    html = print_html(*_content_and_blocks(reported_plan))
    assert "<h4>5.2.2 Prevention</h4>" in html


def _content_and_blocks(plan, language="en"):
    content = document_content(
        plan=plan, kind="annual", period=parse_period_code("2025"), language=language, charts=False
    )
    return content, document_blocks(content)


def test_it_numbers_the_quarterly_summary_the_same_way(reported_plan):
    headings = [
        block.text
        for block in _blocks(reported_plan, kind="quarterly", period="2025-Q4")
        if block.kind == "heading" and block.numbered
    ]
    assert headings[:3] == [
        "1 Introduction",
        "1.1 Who has been part of the reporting",
        "2 General observations",
    ]
    assert "3.2 Prevention" in headings
    assert headings[-1] == "4 Next steps / way forward"


def test_it_does_not_repeat_a_heading_as_the_caption_below_it(reported_plan):
    blocks = _blocks(reported_plan)
    heading = ""
    for block in blocks:
        if block.kind == "heading":
            heading = NUMBERED.sub(r"\2", block.text) if block.numbered else block.text
        elif block.kind in ("table", "chart"):
            assert block.text.casefold() != heading.casefold(), block.text
    _rendered, document = _docx(reported_plan)
    texts = [p.text for p in document.paragraphs]
    assert texts.count("Objectives and outcomes") == 2  # one heading per area, no caption
    assert texts.count("Activities implemented") == 2
    assert "Achievements: indicators" in texts  # a caption that says more is kept


def test_it_draws_a_chart_without_the_title_its_caption_gives(monkeypatch):
    drawn = []
    monkeypatch.setattr(
        pictures.vl_convert, "vegalite_to_png", lambda spec, scale: drawn.append(spec) or b"png"
    )
    pictures.chart_png({"title": "Indicators by status", "mark": "bar", "data": {"values": []}})
    assert "title" not in json.loads(drawn[0])


# --- Paper --------------------------------------------------------------------------------------


def test_it_lays_both_formats_out_on_a4_by_default(reported_plan):
    assert reported_plan.paper_size == "a4"
    _rendered, document = _docx(reported_plan)
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    pdf = render_document(
        plan=reported_plan, kind="annual", period="2025", language="en", fmt="pdf"
    )
    assert _pdf_page_size(pdf.content) == (210, 297)


def test_it_lays_both_formats_out_on_the_plans_paper(reported_plan):
    reported_plan.paper_size = "letter"
    reported_plan.save()
    _rendered, document = _docx(reported_plan)
    section = document.sections[0]
    assert (section.page_width, section.page_height) == (Mm(215.9), Mm(279.4))
    pdf = render_document(
        plan=reported_plan, kind="annual", period="2025", language="en", fmt="pdf"
    )
    assert _pdf_page_size(pdf.content) == (216, 279)


def _pdf_page_size(data):
    """The pages' size in whole millimetres (every page the same)."""
    boxes = set(re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf_objects(data)))
    assert len(boxes) == 1
    width, height = next(iter(boxes))
    return round(float(width) * 25.4 / 72), round(float(height) * 25.4 / 72)


# --- Columns ------------------------------------------------------------------------------------


def _longest_word(text, size, bold):
    return max((text_width(word, size, bold=bold) for word in text.split()), default=0)


@pytest.mark.parametrize("language", ["en", "hy", "ru"])
def test_it_makes_each_docx_column_as_wide_as_its_longest_header_word(reported_plan, language):
    _rendered, document = _docx(reported_plan, language=language)
    for table in filter(_has_header, document.tables):
        assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        for row in table.rows:
            assert row._tr.trPr.find(qn("w:cantSplit")) is not None  # rows kept whole
        for cell in table.rows[0].cells:
            assert cell._tc.findall(f".//{qn('w:br')}") == []
            size = int(cell._tc.find(f".//{qn('w:sz')}").get(qn("w:val"))) / 2
            room = cell.width.pt - 11.5  # Word's cell margins (0.08 inch each side)
            assert _longest_word(cell.text, size, bold=True) <= room, (cell.text, room)


@pytest.mark.parametrize("language", ["en", "hy", "ru"])
def test_it_makes_each_pdf_column_as_wide_as_its_longest_header_word(reported_plan, language):
    content, blocks = _content_and_blocks(reported_plan, language=language)
    html = print_html(content, blocks)
    width = 493.2  # A4 less 18 mm margins each side, in points
    tables = [block for block in blocks if block.kind == "table"]
    assert html.count("<colgroup>") == len(tables)
    for block in tables:
        size = 7 * block.scale
        for column, share in zip(block.table.columns, block.widths, strict=True):
            room = share * width - 8.5  # 4 pt padding each side, half-point rules
            assert _longest_word(column, size, bold=True) <= room, (column, room)


def test_it_sizes_columns_so_no_word_is_broken():
    columns = ["Code", "Indicator", "Baseline", "Completed on time", "Գերատեսչությունների"]
    rows = [["I-1.1", "Share of activities reported on time by their lead agency", "45", "3", "—"]]
    sizing = column_sizing(columns, rows, width=480, header_size=7, cell_size=8, padding=9, wide=1)
    assert sizing.scale == 1
    assert sum(sizing.widths) == pytest.approx(1)
    for i, column in enumerate(columns):
        words = [*column.split(), *rows[0][i].split()]
        longest = max(text_width(w, 7 if w in column else 8, bold=w in column) for w in words)
        assert sizing.widths[i] * 480 - 9 >= longest - 0.01
    assert sizing.widths[1] >= 0.25  # the names get room


def test_it_makes_the_type_smaller_rather_than_break_a_word():
    columns = ["Գերատեսչությունների գնահատումը"] * 5
    sizing = column_sizing(columns, [], width=400, header_size=7, cell_size=8, padding=9)
    assert 0.7 < sizing.scale < 1
    for share in sizing.widths:
        room = share * 400 - 9
        assert room >= text_width("Գերատեսչությունների", 7 * sizing.scale, bold=True) - 0.01


# --- File names ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "period", "language", "fmt", "name"),
    [
        ("annual", "2025", "hy", "pdf", "annual-report-2025-hy.pdf"),
        ("quarterly", "2025-Q4", "ru", "docx", "quarterly-summary-2025-Q4-ru.docx"),
    ],
)
def test_it_names_the_file_by_kind_period_and_language(
    reported_plan, kind, period, language, fmt, name
):
    rendered = render_document(
        plan=reported_plan, kind=kind, period=period, language=language, fmt=fmt
    )
    assert rendered.filename == name
