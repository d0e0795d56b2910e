"""`tipmonitor quarterly-summary --period 2025-Q3 --format docx|pdf --output FILE [--plan CODE]
[--language en]`: the quarterly progress summary from the data and the narrative drafts saved in
the app. Written to the file only; nothing is stored."""

from documents.management.commands._document_command import DocumentCommand
from documents.models import DocumentKind


class Command(DocumentCommand):
    help = "Write the progress summary of a quarter as DOCX or PDF."
    kind = DocumentKind.QUARTERLY
    period_option = "period"
    period_help = "the quarter reported on, like 2025-Q3"
