"""The preparation page: only the coordinator; the drafts, the agencies' words and the numbers."""

import pytest

from documents.models import NarrativeDraft
from tests.documents.documents_data import OBSERVATION, OFF_TRACK_COMMENT
from tests.documents.pages import EVERYONE_BUT_THE_COORDINATOR, prepare_url, stored_document

pytestmark = pytest.mark.django_db


def test_it_shows_drafts_agency_input_numbers_and_documents(reported_plan, coordinator, client_of):
    NarrativeDraft.objects.create(
        plan=reported_plan,
        kind="annual",
        period="2025",
        section="lessons",
        language="en",
        text="Start earlier.",
        revision=3,
    )
    stored_document(reported_plan)
    response = client_of(coordinator).get(prepare_url(reported_plan))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Start earlier." in page
    assert 'name="revision" value="3"' in page
    assert OBSERVATION in page
    assert OFF_TRACK_COMMENT in page
    assert "0 of the 1 indicators that can be judged" in page  # prevention's assessment
    assert "annual-report-2025-en.pdf" in page


def test_it_lets_every_table_of_numbers_scroll_sideways_on_a_phone(
    reported_plan, coordinator, client_of
):
    page = client_of(coordinator).get(prepare_url(reported_plan)).content.decode()

    numbers = page[page.index('id="numbers-heading"') : page.index('id="documents-heading"')]
    assert numbers.count("<table>") == numbers.count('<div class="table-scroll">') > 0


@pytest.mark.parametrize("persona", EVERYONE_BUT_THE_COORDINATOR)
def test_it_refuses_everyone_but_the_coordinator(plan, personas, client_of, persona):
    assert client_of(personas[persona]).get(prepare_url(plan)).status_code == 403


def test_it_sends_anonymous_visitors_to_sign_in(plan, anonymous):
    assert anonymous.get(prepare_url(plan)).status_code == 302


@pytest.mark.parametrize(
    ("kind", "period", "language"),
    [
        ("weekly", "2025", "en"),
        ("annual", "2031", "en"),
        ("annual", "2025-Q1", "en"),
        ("quarterly", "2025", "en"),
        ("annual", "2025", "fr"),
        ("annual", "2025", "ru"),
    ],
)
def test_it_answers_404_for_what_the_plan_does_not_have(
    plan, coordinator, client_of, kind, period, language
):
    assert client_of(coordinator).get(prepare_url(plan, kind, period, language)).status_code == 404


def test_it_reads_in_a_fixed_number_of_queries(
    reported_plan, coordinator, client_of, django_assert_max_num_queries
):
    for year in ("2024", "2025"):
        stored_document(reported_plan, period=year)
    client = client_of(coordinator)
    with django_assert_max_num_queries(45):
        assert client.get(prepare_url(reported_plan)).status_code == 200
