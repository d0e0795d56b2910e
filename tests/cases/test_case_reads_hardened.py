"""Issue 10 #10, #11, #14 for case records: bad list parameters answer 422 with what is wrong
(never a server error), every case page and case API answer carries `Cache-Control: no-store`,
and refused reads of records (403, 404) are written to the audit log."""

import pytest
from django.urls import URLPattern, reverse
from django.utils import timezone

from cases.models import CandidatePair, CaseAccess, CaseRecord, PopulationEstimate
from cases.urls import urlpatterns as case_urls
from tests.cases.test_cases_api import get_record, get_records

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.cases.api_urls")]


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ({"year": 0}, "year"),
        ({"year": -1}, "year"),
        ({"year": 10000}, "year"),
        ({"year": 10**20}, "year"),
        ({"year": "soon"}, "year"),
        ({"offset": 10**20}, "offset"),
        ({"offset": -1}, "offset"),
        ({"limit": 0}, "limit"),
        ({"limit": 10**20}, "limit"),
    ],
)
def test_it_answers_bad_list_parameters_with_422_naming_them(
    query, named, client_of, coordinator, records_a
):
    response = get_records(client_of(coordinator), query)
    assert response.status_code == 422
    (problem,) = response.json()["detail"]
    assert problem["loc"][-1] == named
    assert problem["msg"]
    assert not CaseAccess.objects.exclude(action="import").exists()


def test_it_still_lists_a_year_and_a_page(client_of, coordinator, records_a):
    response = get_records(client_of(coordinator), {"year": 2025, "offset": 1, "limit": 500})
    assert response.status_code == 200
    assert (response.json()["count"], response.json()["offset"]) == (2, 1)


def _no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


# A download asked for without its year and format is sent back to the statistics page.
QUERIES = {"international": {"year": "2024", "format": "csv"}}


def test_it_says_no_store_on_every_case_page(client_of, coordinator, records_a, plan):
    record = CaseRecord.objects.first()
    pair = CandidatePair.objects.create(
        record_a=record, record_b=CaseRecord.objects.last(), match_probability=0.8
    )
    indicator = plan.indicators.first()
    arguments = {"record_pk": record.pk, "pair_pk": pair.pk, "plan_id": plan.pk}
    arguments["indicator_id"] = indicator.pk
    arguments["estimate_id"] = PopulationEstimate.objects.create(  # hidden victims (issue 13)
        year=2025,
        lists=[{"name": name, "agencies": [name]} for name in ("A", "B", "C")],
        method="auto",
        table=[[1, 0, 0, 12], [0, 1, 0, 15], [1, 1, 0, 11], [0, 0, 1, 20], [1, 0, 1, 13]],
        requested_at=timezone.now(),
    ).pk
    client = client_of(coordinator)
    for pattern in case_urls:
        assert isinstance(pattern, URLPattern)
        kwargs = {name: arguments[name] for name in pattern.pattern.converters}
        query = QUERIES.get(pattern.name, {})
        response = client.get(reverse(f"cases:{pattern.name}", kwargs=kwargs), query)
        assert response.status_code in (200, 405), pattern.name
        assert _no_store(response), pattern.name


def test_it_says_no_store_on_every_case_api_answer(
    client_of, coordinator, case_officer_b, records_a
):
    record = CaseRecord.objects.first()
    for response in (
        get_records(client_of(coordinator)),
        get_record(client_of(coordinator), record.pk),
        get_record(client_of(case_officer_b), record.pk),  # 404
    ):
        assert _no_store(response)


def test_it_audits_refused_reads_of_records(
    client_of, records_a, case_officer_b, viewer, coordinator
):
    record = CaseRecord.objects.get(record_id="A1")
    page = reverse("cases:record_detail", args=[record.pk])
    assert client_of(case_officer_b).get(page).status_code == 404
    assert client_of(viewer).get(page).status_code == 403
    assert get_record(client_of(case_officer_b), record.pk).status_code == 404
    assert get_record(client_of(viewer), record.pk).status_code == 403
    assert get_records(client_of(viewer)).status_code == 403
    assert (
        client_of(coordinator).get(reverse("cases:record_detail", args=[999999])).status_code == 404
    )

    refused = CaseAccess.objects.filter(action="refused").order_by("pk")
    assert [(entry.user, entry.target, entry.records) for entry in refused] == [
        (case_officer_b, f"404 record {record.pk}", 0),
        (viewer, f"403 record {record.pk}", 0),
        (case_officer_b, f"404 api record {record.pk}", 0),
        (viewer, f"403 api record {record.pk}", 0),
        (viewer, "403 api records", 0),
        (coordinator, "404 record 999999", 0),
    ]


def test_it_refuses_and_audits_the_agencys_reporter_and_approver(
    client_of, records_a, reporter_a, approver_a
):
    record = CaseRecord.objects.get(record_id="A1")
    page = reverse("cases:record_detail", args=[record.pk])
    for user in (reporter_a, approver_a):
        client = client_of(user)
        assert client.get(reverse("cases:record_list")).status_code == 403
        assert client.get(page).status_code == 403
        assert get_records(client).status_code == 403
        assert get_record(client, record.pk).status_code == 403

    refused = CaseAccess.objects.filter(action="refused").order_by("pk")
    assert [(entry.user, entry.target) for entry in refused] == [
        (user, target)
        for user in (reporter_a, approver_a)
        for target in (
            "403 records",
            f"403 record {record.pk}",
            "403 api records",
            f"403 api record {record.pk}",
        )
    ]
    assert not CaseAccess.objects.exclude(action__in=["refused", "import"]).exists()
