"""Downloading a generated document: coordinators and viewers; an internal (unpublished) one,
a draft, only the coordinator."""

import pytest
from django.urls import reverse

from tests.documents.pages import AGENCY_AND_ADMIN, stored_document

pytestmark = pytest.mark.django_db


def url(document):
    return reverse("documents:download", args=[document.pk])


@pytest.mark.parametrize("persona", ["coordinator", "viewer"])
def test_it_sends_the_stored_file(plan, personas, client_of, persona):
    document = stored_document(plan, published=True)
    response = client_of(personas[persona]).get(url(document))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{document.filename}"'
    assert response.content == b"%PDF-1.7 test"


@pytest.mark.parametrize("persona", AGENCY_AND_ADMIN)
def test_it_refuses_agencies_and_administrators(plan, personas, client_of, persona):
    assert client_of(personas[persona]).get(url(stored_document(plan))).status_code == 403


def test_it_sends_anonymous_visitors_to_sign_in(plan, anonymous):
    assert anonymous.get(url(stored_document(plan))).status_code == 302


def test_it_answers_404_for_a_document_that_does_not_exist(coordinator, client_of):
    assert client_of(coordinator).get("/documents/999/download/").status_code == 404


def test_it_sends_an_internal_document_to_the_coordinator_only(
    plan, coordinator, viewer, client_of
):
    document = stored_document(plan)  # not published: internal
    assert client_of(coordinator).get(url(document)).status_code == 200
    assert client_of(viewer).get(url(document)).status_code == 404
