"""The PDF's tables are laid out exactly as wide as documents/columns.py sized their columns
for. WeasyPrint's own 8px body margin made every table 12pt narrower than the text width the
columns were computed on, and a word sized to fit its column to the point broke ("Educatio|n",
an Armenian "Պատասխանատու" header)."""

import pytest
from weasyprint import CSS, HTML

from documents.content import Table
from documents.layout import Block
from documents.minutes import minutes_content
from documents.paper import page_for
from documents.render_pdf import PRINT_CSS, print_html

pytestmark = pytest.mark.django_db


def _boxes(box):
    yield box
    for child in getattr(box, "children", []):
        yield from _boxes(child)


def test_it_lays_a_table_out_on_the_whole_width_of_the_text(coordination_world):
    content = minutes_content(meeting=coordination_world["march"], language="en")
    table = Table("", ["Action", "Owner (agency, person)", "Due"], [["x", "Education", "y"]])
    html = print_html(content, [Block("table", table=table, text="")])
    page = page_for(content.paper_size)
    document = HTML(string=html).render(
        stylesheets=[CSS(filename=str(PRINT_CSS)), CSS(string=page.css())]
    )
    widths = [
        box.width for box in _boxes(document.pages[0]._page_box) if type(box).__name__ == "TableBox"
    ]
    # WeasyPrint works in CSS pixels (0.75pt).
    assert widths
    assert all(abs(w * 0.75 - page.text_width_pt) < 1 for w in widths)
