"""The document as Word (DOCX), with python-docx: the blocks of documents/layout.py as headings,
paragraphs, tables (header row repeated on every page, no row split across pages, columns
sized so that no word breaks inside a cell) and charts as pictures, on the plan's paper size
with the PDF's margins; page numbers in the footer. Every text is already in the document's
language."""

import io
import math
from xml.sax.saxutils import escape

import docx
from docx.document import Document as Docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Emu, Mm, Pt, Twips
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph

from documents.columns import column_sizing
from documents.content import Figure, Printable, Table
from documents.layout import Block
from documents.paper import page_for
from documents.pictures import FONT
from tipmonitor.lib.spreadsheet import strip_illegal

PICTURE_WIDTH = Cm(16)
TABLE_TEXT = "Table Text"
# A table's type size, and a cell's horizontal margins (Word's 0.08 inch each side) and
# rules, with room to spare for a reader's substitute font.
CELL_SIZE = 8.0
HEADER_SIZE = 7.0
CELL_PADDING = 14.0


def render_docx(content: Printable, blocks: list[Block]) -> bytes:
    doc = docx.Document()
    _setup(doc, content)
    doc.add_heading(_clean(content.title), 0)
    doc.add_paragraph(_clean(content.subtitle))
    width = page_for(content.paper_size).text_width_pt
    for block in blocks:
        if block.kind == "table" and block.table is not None:
            sizing = column_sizing(
                block.table.columns,
                block.table.rows,
                width=width,
                header_size=HEADER_SIZE,
                cell_size=CELL_SIZE,
                padding=CELL_PADDING,
                wide=block.table.wide,
            )
            block.widths, block.scale = sizing.widths, sizing.scale
        _BLOCKS[block.kind](doc, block)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _clean(text: str) -> str:
    """Agencies' comments may hold control characters XML (so DOCX) cannot; drop them."""
    return strip_illegal(text)


def _setup(doc: Docx, content: Printable) -> None:
    properties = doc.core_properties
    properties.title = content.title
    properties.subject = content.subtitle
    properties.language = content.language
    properties.author = "TIP Monitor"
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10)
    cells = doc.styles.add_style(TABLE_TEXT, WD_STYLE_TYPE.PARAGRAPH)
    cells.base_style = normal
    cells.font.size = Pt(8)
    cells.paragraph_format.space_after = Pt(0)
    section = doc.sections[0]
    page = page_for(content.paper_size)
    section.page_width, section.page_height = Mm(page.width), Mm(page.height)
    section.left_margin = section.right_margin = Mm(page.side)
    section.top_margin, section.bottom_margin = Mm(page.top), Mm(page.bottom)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run(content.headings["page"] + " ")
    _page_field(footer)


def _page_field(paragraph: Paragraph) -> None:
    """A PAGE field: Word and LibreOffice fill in the page number when they lay the page out."""
    run = paragraph.add_run()
    for kind, text in (
        ("begin", None),
        (None, "PAGE"),
        ("separate", None),
        (None, "1"),
        ("end", None),
    ):
        if kind is not None:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == "PAGE":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = " PAGE "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)


def _heading(doc: Docx, block: Block) -> None:
    doc.add_heading(_clean(block.text), min(block.level, 4))


def _text(doc: Docx, block: Block) -> None:
    for paragraph in block.paragraphs:
        doc.add_paragraph(_clean(paragraph))


def _note(doc: Docx, block: Block) -> None:
    doc.add_paragraph().add_run(_clean(block.text)).italic = True


def _assessment(doc: Docx, block: Block) -> None:
    doc.add_paragraph().add_run(_clean(block.text)).bold = True


def _caption(doc: Docx, text: str) -> None:
    if not text:
        return
    paragraph = doc.add_paragraph()
    paragraph.add_run(_clean(text)).italic = True
    paragraph.paragraph_format.keep_with_next = True


def _grid(doc: Docx, columns: int) -> DocxTable:
    grid = doc.add_table(rows=0, cols=columns)
    grid.style = doc.styles["Table Grid"]
    return grid


def _table(doc: Docx, block: Block) -> None:
    table: Table | None = block.table
    assert table is not None
    _caption(doc, block.text)
    grid = _grid(doc, len(table.columns))
    widths = _widths(doc, grid, block)
    style = doc.styles[TABLE_TEXT].style_id
    header_size = _half_points(HEADER_SIZE * block.scale)
    size = _half_points(CELL_SIZE * block.scale) if block.scale < 1 else None
    rows = [_row_xml(table.columns, widths, style, table.numeric, header_size, header=True)]
    rows += [_row_xml(values, widths, style, table.numeric, size) for values in table.rows]
    # The rows written as XML and parsed once: python-docx's cell by cell API took seconds
    # for a plan's few thousand cells.
    for row in parse_xml(f"<w:tbl {nsdecls('w')}>{''.join(rows)}</w:tbl>"):
        grid._tbl.append(row)
    if not table.rows:
        _note(doc, Block("note", text="—"))


def _half_points(points: float) -> int:
    """Word's type size unit; rounded down, so that text is never larger than measured."""
    return math.floor(points * 2)


def _row_xml(
    values: list[str],
    widths: list[int],
    style: str,
    numeric: frozenset[int],
    size: int | None,
    header: bool = False,
) -> str:
    properties = ("<w:b/>" if header else "") + (f'<w:sz w:val="{size}"/>' if size else "")
    bold = f"<w:rPr>{properties}</w:rPr>" if properties else ""
    cells = []
    for i, value in enumerate(values):
        align = '<w:jc w:val="right"/>' if i in numeric and not header else ""
        lines = [escape(_clean(line)) for line in value.split("\n")]
        text = f'</w:t></w:r><w:r>{bold}<w:br/><w:t xml:space="preserve">'.join(lines)
        cells.append(
            f'<w:tc><w:tcPr><w:tcW w:w="{widths[i]}" w:type="dxa"/></w:tcPr>'
            f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{align}</w:pPr>'
            f'<w:r>{bold}<w:t xml:space="preserve">{text}</w:t></w:r></w:p></w:tc>'
        )
    # No row is split across two pages; the header row is repeated on each.
    keep = "<w:cantSplit/><w:tblHeader/>" if header else "<w:cantSplit/>"
    return f"<w:tr><w:trPr>{keep}</w:trPr>{''.join(cells)}</w:tr>"


def _widths(doc: Docx, grid: DocxTable, block: Block) -> list[int]:
    """Each column's width in twentieths of a point, as documents/columns.py sized them, on a
    fixed layout (Word does not widen a column to its text, it breaks the word)."""
    section = doc.sections[0]
    margins = (section.left_margin or 0) + (section.right_margin or 0)
    line = Emu((section.page_width or 0) - margins)
    widths = [int(share * line.twips) for share in block.widths]
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = Twips(width)
    grid.autofit = False
    return widths


def _figures(doc: Docx, block: Block) -> None:
    grid = _grid(doc, 2)
    figure: Figure
    for figure in block.figures:
        label, value = grid.add_row().cells
        label.paragraphs[0].add_run(_clean(figure.label)).bold = True
        value.paragraphs[0].text = _clean(figure.value)


def _chart(doc: Docx, block: Block) -> None:
    if block.png:
        doc.add_picture(io.BytesIO(block.png), width=PICTURE_WIDTH)
    _caption(doc, block.text)


def _comments(doc: Docx, block: Block) -> None:
    """A bulleted list, written as XML and parsed once (a big plan has a thousand comments)."""
    style = doc.styles["List Bullet"].style_id
    paragraphs = "".join(
        f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>'
        f'<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">'
        f"{escape(_clean(f'{comment.subject}, {comment.agency}: '))}</w:t></w:r>"
        f'<w:r><w:t xml:space="preserve">{escape(_clean(comment.text))}</w:t></w:r></w:p>'
        for comment in block.comments
    )
    body = doc.element.body
    end = body.sectPr
    for paragraph in parse_xml(f"<w:body {nsdecls('w')}>{paragraphs}</w:body>"):
        if end is not None:
            end.addprevious(paragraph)
        else:
            body.append(paragraph)


def _pairs(doc: Docx, block: Block) -> None:
    """Figures as one paragraph of "label: value" lines, written as XML and parsed once."""
    lines = []
    for figure in block.figures:
        label = escape(_clean(f"{figure.label}: "))
        lines.append(
            f'<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">{label}</w:t></w:r>'
            f'<w:r><w:t xml:space="preserve">{escape(_clean(figure.value))}</w:t></w:r>'
        )
    paragraph = f"<w:p {nsdecls('w')}>{'<w:r><w:br/></w:r>'.join(lines)}</w:p>"
    body = doc.element.body
    element = parse_xml(paragraph)
    if body.sectPr is not None:
        body.sectPr.addprevious(element)
    else:
        body.append(element)


_BLOCKS = {
    "heading": _heading,
    "text": _text,
    "note": _note,
    "assessment": _assessment,
    "table": _table,
    "figures": _figures,
    "chart": _chart,
    "comments": _comments,
    "pairs": _pairs,
}
