"""The document as PDF, with WeasyPrint: the blocks of documents/layout.py through an HTML
template (documents/print/report.html) and its own print CSS (documents/print.css), page numbers
in the margin, the title in the PDF's metadata."""

from pathlib import Path

from django.template.loader import render_to_string
from weasyprint import CSS, HTML

from documents.content import DocumentContent
from documents.layout import Block

PRINT_CSS = Path(__file__).resolve().parent / "static" / "documents" / "print.css"


def render_pdf(content: DocumentContent, blocks: list[Block]) -> bytes:
    html = render_to_string("documents/print/report.html", {"content": content, "blocks": blocks})
    # No base URL: the HTML holds everything (pictures inline), so nothing is fetched.
    pdf = HTML(string=html).write_pdf(stylesheets=[CSS(filename=str(PRINT_CSS))])
    assert pdf is not None
    return bytes(pdf)
