"""Making a document's file: the content from the data and the drafts, laid out, charts drawn,
rendered as DOCX or PDF; the same for a meeting's minutes and a follow-up report on
recommendations (issue 12). A read (nothing stored): the CLI writes the file where it is told,
`documents.services` keeps it in the database."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.models import User
from coordination.models import Meeting
from documents.builder import document_content
from documents.follow_up import check_source, follow_up_blocks, follow_up_content
from documents.layout import document_blocks
from documents.minutes import minutes_blocks, minutes_content
from documents.models import REPORT_KINDS, DocumentFormat, DocumentKind
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


def check_format_and_language(plan: Plan, fmt: str, language: str) -> None:
    """ValidationError naming the field unless `fmt` is docx or pdf and `language` one of the
    plan's."""
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


def checked_request(*, plan: Plan, kind: str, period: str, language: str, fmt: str) -> Period:
    """The period asked for, once the kind, language and format are known to be right;
    ValidationError naming the field and what is wrong otherwise."""
    if kind not in REPORT_KINDS:
        raise ValidationError({"kind": _("Choose an annual report or a quarterly summary.")})
    check_format_and_language(plan, fmt, language)
    try:
        return document_period(plan, kind, period)
    except ValueError as error:
        raise ValidationError({"period": str(error)}) from None


def render_document(
    *,
    plan: Plan,
    kind: str,
    period: str,
    language: str,
    fmt: str,
    user: User | None = None,
    estimate: bool | None = None,
) -> RenderedDocument:
    """`estimate`: whether the annual report prints the year's published estimate of hidden
    victims (documents/estimation_section.py); None: whenever there is one."""
    checked = checked_request(plan=plan, kind=kind, period=period, language=language, fmt=fmt)
    content = document_content(
        plan=plan, kind=kind, period=checked, language=language, user=user, estimate=estimate
    )
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


# --- Coordination (issue 12) ------------------------------------------------------------------


def render_minutes(*, meeting: Meeting, language: str, fmt: str) -> RenderedDocument:
    """The minutes of `meeting` as DOCX or PDF in one of its plan's languages."""
    check_format_and_language(meeting.plan, fmt, language)
    content = minutes_content(meeting=meeting, language=language)
    render = render_docx if fmt == DocumentFormat.DOCX else render_pdf
    return RenderedDocument(
        minutes_filename(meeting=meeting, language=language, fmt=fmt),
        render(content, minutes_blocks(content)),
        CONTENT_TYPES[DocumentFormat(fmt)],
    )


def minutes_filename(*, meeting: Meeting, language: str, fmt: str) -> str:
    """ "minutes-WG-2025-03-14-hy.pdf": the body's code and the meeting's date."""
    return f"minutes-{meeting.body.code}-{meeting.held_on.isoformat()}-{language}.{fmt}"


def render_follow_up(
    *,
    plan: Plan,
    source: str,
    cycle: str = "",
    language: str,
    fmt: str,
    as_of: datetime.date | None = None,
    user: User | None = None,
) -> RenderedDocument:
    """The follow-up report on the recommendations of `source` (and round `cycle`)."""
    check_format_and_language(plan, fmt, language)
    check_source(plan, source, cycle)
    content = follow_up_content(
        plan=plan,
        source=source,
        cycle=cycle,
        language=language,
        as_of=as_of,
        user_name=user.display_name if user is not None else "",
    )
    render = render_docx if fmt == DocumentFormat.DOCX else render_pdf
    filename = follow_up_filename(
        source=source, cycle=cycle, as_of=content.as_of, language=language, fmt=fmt
    )
    blocks = follow_up_blocks(content)
    return RenderedDocument(filename, render(content, blocks), CONTENT_TYPES[DocumentFormat(fmt)])


def follow_up_filename(
    *, source: str, cycle: str, as_of: datetime.date, language: str, fmt: str
) -> str:
    """ "follow-up-greta-third-round-2026-03-01-en.docx"."""
    words = "".join(c if c.isalnum() else "-" for c in cycle.lower()).strip("-")
    named = f"{source}-{words}" if words else source
    return f"follow-up-{named.replace('_', '-')}-{as_of.isoformat()}-{language}.{fmt}"
