"""The page the documents are laid out on: the plan's paper size (A4 unless the plan says US
Letter) and the same margins in both formats, so that a DOCX and a PDF of one report have the
same page and the same width of text."""

from dataclasses import dataclass

from plans.models import PaperSize

MM_PER_POINT = 25.4 / 72


@dataclass(frozen=True)
class Page:
    # Millimetres.
    width: float
    height: float
    top: float = 20
    side: float = 18
    bottom: float = 22

    @property
    def text_width_pt(self) -> float:
        """The width of a line of text (and of a table), in points."""
        return (self.width - 2 * self.side) / MM_PER_POINT

    def css(self) -> str:
        """The `@page` size and margins, for WeasyPrint."""
        return (
            f"@page {{ size: {self.width}mm {self.height}mm; "
            f"margin: {self.top}mm {self.side}mm {self.bottom}mm; }}"
        )


PAGES = {
    PaperSize.A4: Page(210, 297),
    PaperSize.LETTER: Page(215.9, 279.4),
}


def page_for(paper_size: str) -> Page:
    """The page of a plan's paper size; A4 for an unknown one."""
    if paper_size not in PaperSize.values:
        return PAGES[PaperSize.A4]
    return PAGES[PaperSize(paper_size)]
