"""Generating DOCX and PDF from the preparation page: only the coordinator; the file offered
at once, and a page that says it is busy while the file is made."""

import pytest
from django.urls import reverse

from documents.models import Document
from tests.documents.pages import EVERYONE_BUT_THE_COORDINATOR, prepare_url, stored_document

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("fmt", "magic"), [("docx", b"PK"), ("pdf", b"%PDF-")])
def test_it_generates_and_keeps_the_document(reported_plan, coordinator, client_of, fmt, magic):
    url = prepare_url(reported_plan, "quarterly", "2025-Q4", action="generate")
    response = client_of(coordinator).post(url, {"format": fmt})
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.filename == f"quarterly-summary-2025-Q4-en.{fmt}"
    assert bytes(document.content).startswith(magic)


def test_it_offers_the_file_at_once_without_javascript(reported_plan, coordinator, client_of):
    client = client_of(coordinator)
    url = prepare_url(reported_plan, "quarterly", "2025-Q4", action="generate")
    response = client.post(url, {"format": "pdf"}, follow=True)
    document = Document.objects.get()
    page = response.content.decode()
    link = reverse("documents:download", args=[document.pk])
    assert response.redirect_chain[-1][0].endswith(f"?generated={document.pk}#generate")
    assert f'<a href="{link}" download>quarterly-summary-2025-Q4-en.pdf</a>' in page
    assert "Ready:" in page


def test_it_answers_htmx_with_the_link_and_the_refreshed_list(
    reported_plan, coordinator, client_of
):
    url = prepare_url(reported_plan, "quarterly", "2025-Q4", action="generate")
    response = client_of(coordinator).post(url, {"format": "docx"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    document = Document.objects.get()
    page = response.content.decode()
    link = reverse("documents:download", args=[document.pk])
    assert f'<a href="{link}" download>quarterly-summary-2025-Q4-en.docx</a>' in page
    assert 'id="documents-list" hx-swap-oob="true"' in page
    assert "<html" not in page


def test_it_tells_htmx_why_nothing_was_made(plan, coordinator, client_of):
    url = prepare_url(plan, action="generate")
    response = client_of(coordinator).post(url, {"format": "odt"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert not Document.objects.exists()


def test_it_shows_that_it_is_busy_while_the_file_is_made(plan, coordinator, client_of):
    page = client_of(coordinator).get(prepare_url(plan)).content.decode()
    # Each button posts by htmx, showing the busy notice (and disabling the buttons) for as
    # long as the request takes; the answer goes into the result area.
    assert page.count('hx-indicator="#generate-busy"') == 2
    assert page.count('hx-disabled-elt=".generate button"') == 2
    assert 'id="generate-busy"' in page
    assert 'id="generate-result"' in page


def test_it_offers_only_a_document_of_the_page(plan, coordinator, client_of):
    other = stored_document(plan, period="2024")
    page = client_of(coordinator).get(prepare_url(plan) + f"?generated={other.pk}")
    assert "Ready:" not in page.content.decode()
    assert (
        client_of(coordinator).get(prepare_url(plan) + "?generated=" + "9" * 30).status_code == 200
    )


def test_it_refuses_an_unknown_format(plan, coordinator, client_of):
    response = client_of(coordinator).post(prepare_url(plan, action="generate"), {"format": "odt"})
    assert response.status_code == 302
    assert not Document.objects.exists()


@pytest.mark.parametrize("persona", EVERYONE_BUT_THE_COORDINATOR)
def test_it_refuses_everyone_but_the_coordinator(plan, personas, client_of, persona):
    url = prepare_url(plan, action="generate")
    assert client_of(personas[persona]).post(url, {"format": "docx"}).status_code == 403
    assert not Document.objects.exists()
