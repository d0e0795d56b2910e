"""Publishing a document on the public site and taking it off: only the coordinator."""

import pytest
from django.urls import reverse

from documents.models import Document
from tests.documents.pages import EVERYONE_BUT_THE_COORDINATOR, prepare_url, stored_document

pytestmark = pytest.mark.django_db


def url(document):
    return reverse("documents:publish", args=[document.pk])


def test_it_publishes_and_unpublishes(plan, coordinator, client_of):
    document = stored_document(plan)
    client = client_of(coordinator)
    response = client.post(url(document), {"published": "1"})
    assert response.status_code == 302
    assert response["Location"] == prepare_url(plan) + "#documents"
    assert Document.objects.get().published_at is not None
    client.post(url(document), {"published": "0"})
    assert Document.objects.get().published_at is None


def test_it_leads_back_to_the_plans_list_when_published_from_there(plan, coordinator, client_of):
    document = stored_document(plan)

    response = client_of(coordinator).post(url(document), {"published": "1", "from": "list"})

    assert response["Location"] == reverse("documents:plan_documents", args=[plan.pk])
    list_page = client_of(coordinator).get(response["Location"]).content.decode()
    assert '<input type="hidden" name="from" value="list">' in list_page


def test_it_refuses_a_missing_choice(plan, coordinator, client_of):
    response = client_of(coordinator).post(url(stored_document(plan)), {})
    assert response.status_code == 400


@pytest.mark.parametrize("persona", EVERYONE_BUT_THE_COORDINATOR)
def test_it_refuses_everyone_but_the_coordinator(plan, personas, client_of, persona):
    document = stored_document(plan)
    assert client_of(personas[persona]).post(url(document), {"published": "1"}).status_code == 403
    assert Document.objects.get().published_at is None
