"""`document_generate` keeps the generated file; `document_publish` puts it on the public site
and takes it off."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from documents.models import Document
from documents.services import document_generate, document_publish
from tests.documents.files import docx_text, pdf_pages

pytestmark = pytest.mark.django_db


def test_it_stores_the_docx_with_its_facts(reported_plan, coordinator):
    document = document_generate(
        plan=reported_plan,
        kind="annual",
        period="2025",
        language="ru",
        fmt="docx",
        user=coordinator,
    )
    stored = Document.objects.get()
    assert stored.filename == "annual-report-2025-ru.docx"
    assert (stored.kind, stored.period, stored.language, stored.format) == (
        "annual",
        "2025",
        "ru",
        "docx",
    )
    assert stored.created_by == coordinator
    assert stored.published_at is None
    _headings, text = docx_text(bytes(stored.content))
    assert document.pk == stored.pk
    assert "Schools closed for repairs" in text


def test_it_stores_a_pdf(reported_plan, coordinator):
    document = document_generate(
        plan=reported_plan,
        kind="quarterly",
        period="2025-Q4",
        language="en",
        fmt="pdf",
        user=coordinator,
    )
    assert pdf_pages(bytes(document.content)) >= 2


def test_it_refuses_a_bad_period_and_stores_nothing(reported_plan, coordinator):
    with pytest.raises(ValidationError) as refused:
        document_generate(
            plan=reported_plan,
            kind="annual",
            period="2020",
            language="en",
            fmt="pdf",
            user=coordinator,
        )
    assert "outside the plan's period" in refused.value.message_dict["period"][0]
    assert not Document.objects.exists()


def _document(plan):
    return Document.objects.create(
        plan=plan,
        kind="annual",
        period="2025",
        language="en",
        format="pdf",
        filename="x.pdf",
        content=b"%PDF-",
        created_at="2026-01-10T10:00:00Z",
    )


def test_it_publishes_and_unpublishes(plan, coordinator):
    document = _document(plan)
    document_publish(document=document, user=coordinator, published=True)
    first = Document.objects.get().published_at
    assert first is not None
    document_publish(document=document, user=coordinator, published=True)
    assert Document.objects.get().published_at == first  # publishing again keeps the date
    document_publish(document=document, user=coordinator, published=False)
    assert Document.objects.get().published_at is None


def test_it_lets_only_the_coordinator_publish(plan, viewer):
    with pytest.raises(PermissionDenied):
        document_publish(document=_document(plan), user=viewer, published=True)
    assert Document.objects.get().published_at is None
