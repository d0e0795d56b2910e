"""Making a document's file: the content from the data and the drafts, laid out, charts drawn,
rendered as DOCX or PDF. A read (nothing stored): the CLI writes the file where it is told,
`documents.services.document_generate` keeps it in the database."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.models import User
from documents.builder import document_content
from documents.layout import document_blocks
from documents.models import DocumentFormat, DocumentKind
from documents.pictures import chart_png
from documents.render_docx import render_docx
from documents.render_pdf import render_pdf
from documents.selectors import document_period
from plans.models import Plan
from tipmonitor.lib.reporting_periods import Period

CONTENT_TYPES = {
    DocumentFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    DocumentFormat.PDF: "application/pdf",
}
_FILE_KINDS = {DocumentKind.ANNUAL: "annual-report", DocumentKind.QUARTERLY: "quarterly-summary"}


@dataclass
class RenderedDocument:
    filename: str
    content: bytes
    content_type: str


def checked_request(*, plan: Plan, kind: str, period: str, language: str, fmt: str) -> Period:
    """The period asked for, once the kind, language and format are known to be right;
    ValidationError naming the field and what is wrong otherwise."""
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": _("Choose an annual report or a quarterly summary.")})
    if fmt not in DocumentFormat.values:
        raise ValidationError(
            {"format": _("“%(format)s” is not a format: use docx or pdf.") % {"format": fmt}}
        )
    if language not in plan.language_list:
        raise ValidationError(
            {
                "language": _(
                    "The plan's documents are issued in %(languages)s, not “%(language)s”."
                )
                % {"languages": ", ".join(plan.language_list), "language": language}
            }
        )
    try:
        return document_period(plan, kind, period)
    except ValueError as error:
        raise ValidationError({"period": str(error)}) from None


def render_document(
    *, plan: Plan, kind: str, period: str, language: str, fmt: str, user: User | None = None
) -> RenderedDocument:
    checked = checked_request(plan=plan, kind=kind, period=period, language=language, fmt=fmt)
    content = document_content(plan=plan, kind=kind, period=checked, language=language, user=user)
    blocks = document_blocks(content)
    for block in blocks:
        if block.chart is not None:
            block.png = chart_png(block.chart.spec)
    render = render_docx if fmt == DocumentFormat.DOCX else render_pdf
    filename = document_filename(kind=kind, period=checked.code, language=language, fmt=fmt)
    return RenderedDocument(filename, render(content, blocks), CONTENT_TYPES[DocumentFormat(fmt)])


def document_filename(*, kind: str, period: str, language: str, fmt: str) -> str:
    """The file's name by kind, period and language: "annual-report-2025-hy.pdf",
    "quarterly-summary-2025-Q3-ru.docx"."""
    return f"{_FILE_KINDS[DocumentKind(kind)]}-{period}-{language}.{fmt}"
