"""The list of case records: every agency's for the coordinator, the own agency's for its case
records officers, refused to the agencies' reporters and approvers, viewers, administrators and
anonymous visitors; filtered,
paginated, audited, in a number of queries that does not grow with the records."""

import pytest
from django.utils import timezone

from cases.models import CaseAccess, CaseRecord
from cases.selectors import PAGE_SIZE

pytestmark = pytest.mark.django_db
URL = "/cases/"


def _record_ids(response) -> list[str]:
    return [record.record_id for record in response.context["page_obj"].object_list]


def test_it_refuses_roles_without_case_access(
    client_of, anonymous, reporter_a, approver_a, viewer, administrator
):
    assert anonymous.get(URL).status_code == 302
    refused_users = (reporter_a, approver_a, viewer, administrator)
    for user in refused_users:
        assert client_of(user).get(URL).status_code == 403
    # Only the refusals are written (issue 10 #14): nothing was read.
    refused = CaseAccess.objects.order_by("pk").values_list("user", "action", "target")
    assert list(refused) == [(user.pk, "refused", "403 records") for user in refused_users]


def test_it_shows_each_user_the_records_they_may_read(
    client_of, records_a, records_b, coordinator, case_officer_a, case_officer_b
):
    # By agency code (NGO1 before POL), then record id.
    assert _record_ids(client_of(coordinator).get(URL)) == ["B1", "B2", "A1", "A2", "A3"]
    assert _record_ids(client_of(case_officer_a).get(URL)) == ["A1", "A2", "A3"]
    assert _record_ids(client_of(case_officer_b).get(URL)) == ["B1", "B2"]


def test_it_filters_by_categories(client_of, records_a, records_b, coordinator):
    client = client_of(coordinator)
    assert "Forced labour, Sexual exploitation" in client.get(URL).content.decode()

    assert _record_ids(client.get(URL, {"status": "identified"})) == ["B2", "A1"]
    assert _record_ids(client.get(URL, {"exploitation": "sexual"})) == ["B1", "A1"]
    assert _record_ids(client.get(URL, {"agency": "NGO1", "sex": "M"})) == ["B2"]
    assert _record_ids(client.get(URL, {"nationality": "rus"})) == ["B2"]
    assert _record_ids(client.get(URL, {"year": "2025"})) == ["B2", "A2", "A3"]


def test_it_ignores_the_agency_filter_outside_the_users_scope(
    client_of, records_a, records_b, case_officer_a
):
    assert _record_ids(client_of(case_officer_a).get(URL, {"agency": "NGO1"})) == ["A1", "A2", "A3"]


def test_it_audits_who_read_which_list(client_of, records_a, coordinator):
    client_of(coordinator).get(URL, {"status": "identified"})

    entry = CaseAccess.objects.filter(action="list").get()
    assert entry.user == coordinator
    assert entry.target == "status=identified page=1"
    assert entry.records == 1


def test_it_pages_in_a_constant_number_of_queries(
    client_of, agency_a, coordinator, django_assert_max_num_queries
):
    CaseRecord.objects.bulk_create(
        CaseRecord(agency=agency_a, record_id=f"R{n:04d}", imported_at=timezone.now())
        for n in range(PAGE_SIZE * 2 + 5)
    )
    client = client_of(coordinator)
    client.get(URL)  # the session and the user's roles

    with django_assert_max_num_queries(12):
        response = client.get(URL, {"page": "2"})

    assert response.status_code == 200
    assert len(_record_ids(response)) == PAGE_SIZE
    assert _record_ids(response)[0] == f"R{PAGE_SIZE:04d}"
    assert "page=3" in response.content.decode()


def test_it_links_case_records_in_the_navigation_only_for_those_who_read_them(
    client_of, coordinator, case_officer_a, reporter_a, approver_a, viewer
):
    link = f'<a href="{URL}"'
    for user, shown in [
        (coordinator, True),
        (case_officer_a, True),
        (reporter_a, False),
        (approver_a, False),
        (viewer, False),
    ]:
        page = client_of(user).get("/agencies/").content.decode()
        assert (link in page) is shown, user.username
