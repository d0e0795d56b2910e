"""The audit log of case data: the coordinator's to read, newest first, refused to everyone
else, in a number of queries that does not grow with it."""

import pytest
from django.utils import timezone

from cases.models import CaseAccess

pytestmark = pytest.mark.django_db
URL = "/cases/audit/"


def test_it_refuses_everybody_but_the_coordinator(
    client_of, anonymous, reporter_a, approver_a, case_officer_a, viewer, administrator
):
    assert anonymous.get(URL).status_code == 302
    for user in (reporter_a, approver_a, case_officer_a, viewer, administrator):
        assert client_of(user).get(URL).status_code == 403


def test_it_shows_who_read_what(client_of, records_a, coordinator, case_officer_a):
    client_of(case_officer_a).get("/cases/", {"status": "identified"})

    page = client_of(coordinator).get(URL).content.decode()

    assert "case_officer_a" in page
    assert "status=identified page=1" in page
    assert "import" in page


def test_it_names_each_kind_of_access_in_the_readers_language(
    client_of, records_a, coordinator, case_officer_a
):
    client_of(case_officer_a).get("/cases/")

    page = client_of(coordinator).get(URL).content.decode()

    assert "<td>List of records</td>" in page
    assert "<td>Import</td>" in page
    assert "<td>list</td>" not in page
    assert "<td>import</td>" not in page


def test_it_pages_in_a_constant_number_of_queries(
    client_of, coordinator, case_officer_a, django_assert_max_num_queries
):
    CaseAccess.objects.bulk_create(
        CaseAccess(user=case_officer_a, at=timezone.now(), action="list", target=f"page={n}")
        for n in range(250)
    )
    client = client_of(coordinator)
    client.get(URL)

    with django_assert_max_num_queries(11):  # + the role changes shown below the reads
        response = client.get(URL, {"page": "2"})

    assert len(response.context["page_obj"].object_list) == 100
