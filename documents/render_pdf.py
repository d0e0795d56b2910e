"""The document as PDF, with WeasyPrint: the blocks of documents/layout.py through an HTML
template (documents/print/report.html) and its own print CSS (documents/print.css), on the
plan's paper size, page numbers in the margin, the title in the PDF's metadata. Table columns
are sized so that no word breaks inside a cell (documents/columns.py)."""

from pathlib import Path

from django.template.loader import render_to_string
from weasyprint import CSS, HTML

from documents.columns import column_sizing
from documents.content import Printable
from documents.layout import Block
from documents.paper import page_for

PRINT_CSS = Path(__file__).resolve().parent / "static" / "documents" / "print.css"
# Type sizes of a table (print.css: `table` and `thead th`), and a cell's horizontal padding
# and borders (4pt each side, half-point rules), with a point to spare.
CELL_SIZE = 8.0
HEADER_SIZE = 7.0
CELL_PADDING = 9.5


def render_pdf(content: Printable, blocks: list[Block]) -> bytes:
    html = print_html(content, blocks)
    # No base URL: the HTML holds everything (pictures inline), so nothing is fetched.
    page = page_for(content.paper_size)
    stylesheets = [CSS(filename=str(PRINT_CSS)), CSS(string=page.css())]
    pdf = HTML(string=html).write_pdf(stylesheets=stylesheets)
    assert pdf is not None
    return bytes(pdf)


def print_html(content: Printable, blocks: list[Block]) -> str:
    """The HTML WeasyPrint lays out, each table's columns sized for the plan's paper."""
    page = page_for(content.paper_size)
    for block in blocks:
        if block.kind == "table" and block.table is not None:
            sizing = column_sizing(
                block.table.columns,
                block.table.rows,
                width=page.text_width_pt,
                header_size=HEADER_SIZE,
                cell_size=CELL_SIZE,
                padding=CELL_PADDING,
                wide=block.table.wide,
            )
            block.widths, block.scale = sizing.widths, sizing.scale
            if sizing.scale < 1:
                block.type_size = f"{CELL_SIZE * sizing.scale:.2f}pt"
    return render_to_string("documents/print/report.html", {"content": content, "blocks": blocks})
