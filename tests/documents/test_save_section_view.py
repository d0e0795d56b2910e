"""Saving one narrative section from the preparation page, with and without htmx."""

import pytest

from documents.models import NarrativeDraft
from tests.documents.pages import EVERYONE_BUT_THE_COORDINATOR, prepare_url

pytestmark = pytest.mark.django_db


def _post(client, plan, text, revision, htmx=False, section="lessons"):
    headers = {"HX-Request": "true"} if htmx else {}
    data = {"section": section, "revision": revision, "text": text}
    return client.post(prepare_url(plan, action="save_section"), data, headers=headers)


def test_it_saves_and_returns_to_the_section(plan, coordinator, client_of):
    response = _post(client_of(coordinator), plan, "Start earlier.", 0)
    assert response.status_code == 302
    assert response["Location"] == prepare_url(plan) + "#section-lessons"
    draft = NarrativeDraft.objects.get()
    assert (draft.text, draft.revision, draft.language) == ("Start earlier.", 1, "en")


def test_it_answers_htmx_with_the_section_and_its_new_revision(plan, coordinator, client_of):
    response = _post(client_of(coordinator), plan, "Start earlier.", 0, htmx=True)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="revision" value="1"' in page
    assert "Saved." in page


@pytest.mark.parametrize("htmx", [False, True])
def test_it_refuses_a_stale_revision_keeping_the_typed_text(plan, coordinator, client_of, htmx):
    client = client_of(coordinator)
    _post(client, plan, "First", 0)
    _post(client, plan, "Second", 1)
    response = _post(client, plan, "Typed on an old page", 1, htmx=htmx)
    page = response.content.decode()
    assert response.status_code == (200 if htmx else 409)
    assert "Someone else saved this section" in page
    assert "Typed on an old page" in page
    assert NarrativeDraft.objects.get().text == "Second"


def test_it_answers_404_for_a_section_the_document_does_not_have(plan, coordinator, client_of):
    assert _post(client_of(coordinator), plan, "x", 0, section="area:99").status_code == 404


@pytest.mark.parametrize("persona", EVERYONE_BUT_THE_COORDINATOR)
def test_it_refuses_everyone_but_the_coordinator(plan, personas, client_of, persona):
    assert _post(client_of(personas[persona]), plan, "x", 0).status_code == 403
    assert not NarrativeDraft.objects.exists()
