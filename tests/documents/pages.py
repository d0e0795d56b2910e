"""URLs of the documents pages, for the view tests."""

import datetime

from django.urls import reverse

from documents.models import Document

EVERYONE_BUT_THE_COORDINATOR = ["viewer", "reporter_a", "approver_a", "reporter_b", "administrator"]
AGENCY_AND_ADMIN = ["reporter_a", "approver_a", "reporter_b", "administrator"]


def prepare_url(plan, kind="annual", period="2025", language="en", action="") -> str:
    name = f"documents:{action}" if action else "documents:prepare"
    return reverse(name, args=[plan.pk, kind, period, language])


def stored_document(plan, *, period="2025", published=False) -> Document:
    when = datetime.datetime(2026, 1, 10, 10, tzinfo=datetime.UTC)
    return Document.objects.create(
        plan=plan,
        kind="annual",
        period=period,
        language="en",
        format="pdf",
        filename=f"annual-report-{period}-en.pdf",
        content=b"%PDF-1.7 test",
        created_at=when,
        published_at=when if published else None,
    )
