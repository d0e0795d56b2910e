"""Issue 10 #2: an agency's case records officers do not see which person linkage put their
records in, nor its match probability — on the record pages and in the API. A person id shared
with another agency's record would tell them which agency holds the same victim. The
coordinator sees both."""

import pytest
from django.urls import reverse

from cases.models import CaseRecord, Person
from tests.cases.test_cases_api import get_record, get_records

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.cases.api_urls")]
LABEL = "P-0123456789ABCDEF"


@pytest.fixture
def linked(records_a, records_b) -> CaseRecord:
    person = Person.objects.create(label=LABEL)
    CaseRecord.objects.filter(record_id__in=["A1", "B1"]).update(
        person=person, match_probability=0.987
    )
    return CaseRecord.objects.get(record_id="A1")


def test_it_hides_person_and_probability_from_the_agency_in_the_api(
    case_officer_a, client_of, linked
):
    client = client_of(case_officer_a)
    listed = get_records(client).json()["records"]
    one = get_record(client, linked.pk).json()
    for shown in (*listed, one):
        assert shown["person"] is None
        assert shown["match_probability"] is None
    assert LABEL not in str(listed)


def test_it_hides_person_and_probability_from_the_agency_on_the_pages(
    case_officer_a, client_of, linked
):
    client = client_of(case_officer_a)
    for url in (reverse("cases:record_list"), reverse("cases:record_detail", args=[linked.pk])):
        page = client.get(url).content.decode()
        assert LABEL not in page
        assert "0.99" not in page


def test_it_shows_the_coordinator_person_and_probability(client_of, coordinator, linked):
    client = client_of(coordinator)
    one = get_record(client, linked.pk).json()
    assert (one["person"], one["match_probability"]) == (LABEL, 0.987)
    assert LABEL in client.get(reverse("cases:record_detail", args=[linked.pk])).content.decode()
    assert LABEL in client.get(reverse("cases:record_list")).content.decode()
