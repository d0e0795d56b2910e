"""Downloading a published document from the public site: the stored bytes, with the right
content type and a safe file name; nothing unpublished, nothing of a draft plan."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils.http import content_disposition_header
from hypothesis import given
from hypothesis import strategies as st

from documents.models import Document
from public.views import download_name
from tests.public.world import DOCX_BYTES, PDF_BYTES

pytestmark = pytest.mark.django_db

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _url(document: Document) -> str:
    return reverse("public:document_download", args=[document.plan_id, document.pk])


def test_it_serves_the_published_pdf_as_stored(anonymous, world):
    response = anonymous.get(_url(world.annual_pdf))

    assert response.status_code == 200
    assert response.content == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="annual-report-2025-en.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_it_serves_a_docx_with_its_own_content_type(anonymous, world):
    response = anonymous.get(_url(world.quarterly_docx))

    assert (response.content, response["Content-Type"]) == (DOCX_BYTES, DOCX_TYPE)
    assert response["Content-Disposition"] == 'attachment; filename="quarterly-2025-Q4-ru.docx"'


RUSSIAN_NAME = "%D0%93%D0%BE%D0%B4%D0%BE%D0%B2%D0%BE%D0%B9_%D0%BE%D1%82%D1%87%D1%91%D1%82.pdf"


@pytest.mark.parametrize(
    ("stored", "sent"),
    [
        ('evil"; filename=x.exe\r\nX-Injected: 1.pdf',
         'attachment; filename="evil_filenamex.exeX-Injected_1.pdf"'),
        ("../../etc/passwd", 'attachment; filename="etcpasswd.pdf"'),
        ("...", 'attachment; filename="document.pdf"'),
        ("report.docx", 'attachment; filename="report.docx.pdf"'),
        ("", 'attachment; filename="document.pdf"'),
        ("Годовой отчёт.pdf", f"attachment; filename*=utf-8''{RUSSIAN_NAME}"),
    ],
)  # fmt: skip
def test_it_sends_a_safe_file_name_with_the_formats_extension(anonymous, world, stored, sent):
    Document.objects.filter(pk=world.annual_pdf.pk).update(filename=stored)

    response = anonymous.get(_url(world.annual_pdf))

    assert response["Content-Disposition"] == sent
    assert "X-Injected" not in response.headers


def test_it_does_not_find_an_unpublished_document(anonymous, client_of, coordinator, world):
    assert anonymous.get(_url(world.unpublished)).status_code == 404
    # The public site is the public's view, whoever asks: internal documents are elsewhere.
    assert client_of(coordinator).get(_url(world.unpublished)).status_code == 404


def test_it_does_not_find_a_document_once_unpublished(anonymous, world):
    Document.objects.filter(pk=world.annual_pdf.pk).update(published_at=None)

    assert anonymous.get(_url(world.annual_pdf)).status_code == 404


def test_it_does_not_find_a_published_document_of_a_draft_plan(anonymous, world):
    assert world.draft_document.published_at is not None

    assert anonymous.get(_url(world.draft_document)).status_code == 404


def test_it_does_not_find_a_document_under_another_plan(anonymous, world):
    url = reverse("public:document_download", args=[world.draft.pk, world.annual_pdf.pk])

    assert anonymous.get(url).status_code == 404


def test_it_lets_no_cache_keep_a_document(anonymous, world):
    response = anonymous.get(_url(world.annual_pdf))

    assert "no-store" in response["Cache-Control"].split(", ")
    published = world.annual_pdf.published_at
    assert response["Last-Modified"] == published.astimezone(datetime.UTC).strftime(
        "%a, %d %b %Y %H:%M:%S GMT"
    )


def test_it_reads_a_document_in_two_queries(anonymous, world, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        assert anonymous.get(_url(world.annual_pdf)).status_code == 200


@given(stored=st.text(max_size=300), fmt=st.sampled_from(["pdf", "docx"]))
def test_it_makes_any_stored_name_safe(stored, fmt):
    name = download_name(Document(filename=stored, format=fmt))

    assert name.endswith(f".{fmt}")
    assert not name.startswith((".", "-"))
    assert re.fullmatch(r"[\w.-]+", name)
    assert len(name) <= 160
    header = content_disposition_header(as_attachment=True, filename=name)
    assert header is not None
    assert not set(header) & {"\r", "\n", "/", "\\"}
