"""`tipmonitor annual-report --year 2025 --format docx|pdf --output FILE [--plan CODE]
[--language en]`: the annual monitoring report (annex 6 of the guide) from the data and the
narrative drafts saved in the app. Written to the file only; nothing is stored."""

from documents.management.commands._document_command import DocumentCommand
from documents.models import DocumentKind


class Command(DocumentCommand):
    help = "Write the annual monitoring report of a year as DOCX or PDF."
    kind = DocumentKind.ANNUAL
    period_option = "year"
    period_help = "the year reported on, like 2025"
