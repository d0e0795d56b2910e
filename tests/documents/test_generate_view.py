"""Generating DOCX and PDF from the preparation page: only the coordinator."""

import pytest

from documents.models import Document
from tests.documents.pages import EVERYONE_BUT_THE_COORDINATOR, prepare_url

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("fmt", "magic"), [("docx", b"PK"), ("pdf", b"%PDF-")])
def test_it_generates_and_keeps_the_document(reported_plan, coordinator, client_of, fmt, magic):
    url = prepare_url(reported_plan, "quarterly", "2025-Q4", action="generate")
    response = client_of(coordinator).post(url, {"format": fmt})
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.filename == f"NAP-TEST-quarterly-summary-2025-Q4-en.{fmt}"
    assert bytes(document.content).startswith(magic)


def test_it_refuses_an_unknown_format(plan, coordinator, client_of):
    response = client_of(coordinator).post(prepare_url(plan, action="generate"), {"format": "odt"})
    assert response.status_code == 302
    assert not Document.objects.exists()


@pytest.mark.parametrize("persona", EVERYONE_BUT_THE_COORDINATOR)
def test_it_refuses_everyone_but_the_coordinator(plan, personas, client_of, persona):
    url = prepare_url(plan, action="generate")
    assert client_of(personas[persona]).post(url, {"format": "docx"}).status_code == 403
    assert not Document.objects.exists()
