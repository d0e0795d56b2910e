"""The list of a plan's generated documents: coordinators and viewers; the coordinator also
chooses a document to prepare there."""

import pytest
from django.urls import reverse

from tests.documents.pages import AGENCY_AND_ADMIN, prepare_url, stored_document

pytestmark = pytest.mark.django_db


def url(plan, **query):
    base = reverse("documents:plan_documents", args=[plan.pk])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.mark.parametrize("persona", ["coordinator", "viewer"])
def test_it_lists_documents_to_download(plan, personas, client_of, persona):
    document = stored_document(plan, published=True)
    response = client_of(personas[persona]).get(url(plan))
    assert response.status_code == 200
    assert reverse("documents:download", args=[document.pk]).encode() in response.content
    assert (b"Prepare a document" in response.content) == (persona == "coordinator")


def test_it_lists_internal_documents_to_the_coordinator_only(plan, coordinator, viewer, client_of):
    internal = stored_document(plan, period="2024")
    published = stored_document(plan, period="2025", published=True)
    links = {
        who: client_of(user).get(url(plan)).content.decode()
        for who, user in (("coordinator", coordinator), ("viewer", viewer))
    }
    internal_link = reverse("documents:download", args=[internal.pk])
    published_link = reverse("documents:download", args=[published.pk])
    assert internal_link in links["coordinator"]
    assert published_link in links["coordinator"]
    assert internal_link not in links["viewer"]
    assert published_link in links["viewer"]
    assert "annual-report-2024-en.pdf" not in links["viewer"]


def test_it_names_each_documents_language_rather_than_its_code(plan, coordinator, client_of):
    stored_document(plan, published=True)

    page = client_of(coordinator).get(url(plan), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "<td>English</td>" in page
    assert "<td>en</td>" not in page


@pytest.mark.parametrize("persona", AGENCY_AND_ADMIN)
def test_it_refuses_agencies_and_administrators(plan, personas, client_of, persona):
    assert client_of(personas[persona]).get(url(plan)).status_code == 403


def test_it_sends_anonymous_visitors_to_sign_in(plan, anonymous):
    response = anonymous.get(url(plan))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_it_opens_the_chosen_document(plan, coordinator, client_of):
    response = client_of(coordinator).get(
        url(plan, kind="quarterly", period="2025q3", language="en")
    )
    assert response.status_code == 302
    assert response["Location"] == prepare_url(plan, "quarterly", "2025-Q3")


def test_it_says_what_is_wrong_with_the_choice(plan, coordinator, client_of):
    response = client_of(coordinator).get(url(plan, kind="annual", period="2031", language="en"))
    assert response.status_code == 200
    assert "2031 is outside the plan" in response.content.decode()


def test_it_lists_in_a_fixed_number_of_queries(
    plan, coordinator, client_of, django_assert_max_num_queries
):
    for year in ("2024", "2025", "2026"):
        stored_document(plan, period=year)
    client = client_of(coordinator)
    with django_assert_max_num_queries(12):
        response = client.get(url(plan))
    assert response.content.count(b">annual-report-") == 3
