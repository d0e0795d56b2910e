"""Case records through the JSON API: refused to anonymous sessions (401) and to roles without
case access (403), another agency's record hidden (404), imports under the same rules as the
files (nothing stored on any error), every read audited, every answer as the OpenAPI schema
promises, and the list in a number of queries that does not grow with it."""

import json
from functools import cache

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from openapi_core import OpenAPI

from cases.models import CaseAccess, CaseRecord
from jobs.models import Job
from tests import openapi
from tests.cases import api_urls
from tests.cases.conftest import ROWS_A, csv_file
from tests.openapi import assert_matches_openapi
from tipmonitor.lib.pseudonyms import KEY_FIELDS

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.cases.api_urls")]


@cache
def _test_schema() -> tuple[dict, OpenAPI]:
    assert api_urls.test_api is not None
    schema = json.loads(json.dumps(api_urls.test_api.get_openapi_schema(), default=str))
    return schema, OpenAPI.from_dict(schema)


@pytest.fixture(autouse=True)
def _schema_with_cases(monkeypatch):
    """Validate against the test API's schema until the site's API mounts the cases router."""
    if api_urls.test_api is None:
        return
    schema, validator = _test_schema()
    monkeypatch.setattr(openapi, "api_schema", lambda: schema)
    monkeypatch.setattr(openapi, "_openapi", lambda: validator)


def get_records(client: Client, query: dict | None = None):
    response = client.get("/api/v1/cases/records", query or {})
    assert_matches_openapi(response, "/api/v1/cases/records", "get")
    return response


def get_record(client: Client, record_pk: int):
    response = client.get(f"/api/v1/cases/records/{record_pk}")
    assert_matches_openapi(response, "/api/v1/cases/records/{record_pk}", "get")
    return response


def post_import(client: Client, agency: str, data: bytes, name: str = "police.csv"):
    response = client.post(
        "/api/v1/cases/import", {"agency": agency, "file": SimpleUploadedFile(name, data)}
    )
    assert_matches_openapi(response, "/api/v1/cases/import", "post")
    return response


def get_job(client: Client, job_id: int):
    response = client.get(f"/api/v1/jobs/{job_id}")
    assert_matches_openapi(response, "/api/v1/jobs/{job_id}", "get")
    return response


def _pk(record_id: str) -> int:
    return CaseRecord.objects.get(record_id=record_id).pk


def test_it_refuses_anonymous_sessions(anonymous, records_a, agency_a):
    responses = [
        get_records(anonymous),
        get_record(anonymous, _pk("A1")),
        post_import(anonymous, "POL", csv_file(*ROWS_A)),
    ]

    assert [response.status_code for response in responses] == [401, 401, 401]
    assert not CaseAccess.objects.exclude(action="import").exists()  # no user to name


def test_it_refuses_roles_without_case_access(
    client_of, records_a, reporter_a, approver_a, viewer, administrator
):
    refused_users = (reporter_a, approver_a, viewer, administrator)
    for user in refused_users:
        client = client_of(user)
        assert get_records(client).status_code == 403
        assert get_record(client, _pk("A1")).status_code == 403
        assert post_import(client, "POL", csv_file(*ROWS_A)).status_code == 403
    # Only the refused reads are written (issue 10 #14), two for each user.
    assert set(CaseAccess.objects.exclude(action="import").values_list("action", flat=True)) == {
        "refused"
    }
    refused = CaseAccess.objects.filter(action="refused").values_list("user", flat=True)
    assert sorted(refused) == sorted(user.pk for user in refused_users for _read in range(2))
    assert CaseRecord.objects.count() == 3  # records_a only


def test_it_lists_the_records_each_user_may_read(
    client_of, records_a, records_b, coordinator, case_officer_b
):
    everyone = get_records(client_of(coordinator)).json()
    own = get_records(client_of(case_officer_b), {"status": "identified"}).json()

    assert everyone["count"] == 5
    assert [record["record_id"] for record in own["records"]] == ["B2"]
    first = get_records(client_of(coordinator), {"agency": "POL", "limit": 1}).json()
    assert (first["count"], first["limit"]) == (3, 1)
    record = first["records"][0]
    assert record["keys_present"] == list(KEY_FIELDS)
    assert record["exploitation"] == ["labour", "sexual"]
    assert not any(key.startswith("key_") for key in record)


def test_it_hides_another_agencys_record(client_of, records_a, case_officer_b, case_officer_a):
    assert get_record(client_of(case_officer_b), _pk("A1")).status_code == 404
    response = get_record(client_of(case_officer_a), _pk("A2"))
    assert response.status_code == 200
    assert response.json()["keys_present"] == [
        "key_name", "key_name_phonetic", "key_first", "key_last", "key_first_phonetic",
        "key_last_phonetic", "key_birth_year",
    ]  # fmt: skip


def test_it_audits_every_read(client_of, records_a, coordinator):
    client = client_of(coordinator)
    get_records(client, {"status": "identified"})
    get_record(client, _pk("A2"))

    entries = list(CaseAccess.objects.exclude(action="import").order_by("pk"))
    assert [(entry.action, entry.target, entry.records) for entry in entries] == [
        ("list", "api status=identified offset=0", 1),
        ("detail", "api POL/A2", 1),
    ]


def test_it_imports_a_file_by_upload(client_of, agency_a, case_officer_a):
    response = post_import(client_of(case_officer_a), "POL", csv_file(*ROWS_A))

    assert response.status_code == 200
    body = response.json()
    job = Job.objects.get()
    assert {name: body[name] for name in ("agency", "created", "updated", "unchanged")} == {
        "agency": "POL",
        "created": 3,
        "updated": 0,
        "unchanged": 0,
    }
    assert body["linkage_queued"] is True
    # Not run yet here (no commit in this test): queued, for the worker.
    assert body["linkage_job"]["id"] == job.pk
    assert body["linkage_job"]["status"] == "queued"
    assert body["linkage_job"]["title"] == "Linkage of the case records of POL"
    assert CaseRecord.objects.count() == 3


def test_it_shows_the_linkage_job_to_its_requester_and_the_coordinator(
    client_of, agency_a, case_officer_a, case_officer_b, coordinator, viewer
):
    post_import(client_of(case_officer_a), "POL", csv_file(*ROWS_A))
    job = Job.objects.get()

    for user in (case_officer_a, coordinator):
        response = get_job(client_of(user), job.pk)
        assert response.status_code == 200
        assert (response.json()["id"], response.json()["status"]) == (job.pk, "queued")
    for user in (case_officer_b, viewer):
        assert get_job(client_of(user), job.pk).status_code == 404
    assert get_job(client_of(coordinator), 999999).status_code == 404


def test_it_answers_with_the_linkage_done_once_the_import_commits(
    client_of, agency_a, case_officer_a, django_capture_on_commit_callbacks
):
    client = client_of(case_officer_a)
    with django_capture_on_commit_callbacks(execute=True):
        post_import(client, "POL", csv_file(*ROWS_A))

    job = Job.objects.get()
    response = get_job(client, job.pk)
    assert response.json()["status"] == "done"
    assert response.json()["finished_at"] is not None


def test_it_rejects_a_file_with_errors_and_lists_them(client_of, agency_a, case_officer_a):
    response = post_import(
        client_of(case_officer_a), "POL", csv_file("A1,Armine,Sahakyan,1990-02-30,Q,,,,,")
    )

    assert response.status_code == 400
    assert [(error["row"], error["column"]) for error in response.json()["errors"]] == [
        (2, "date_of_birth"),
        (2, "sex"),
    ]
    assert "Armine" not in response.content.decode()
    assert not CaseRecord.objects.exists()


def test_it_refuses_imports_for_another_agency_or_none(
    client_of, agency_a, agency_b, case_officer_b
):
    client = client_of(case_officer_b)

    assert post_import(client, "POL", csv_file(*ROWS_A)).status_code == 403
    assert post_import(client, "NOPE", csv_file(*ROWS_A)).status_code == 404
    assert not CaseRecord.objects.exists()


def test_it_lists_in_a_constant_number_of_queries(
    client_of, agency_a, coordinator, django_assert_max_num_queries
):
    CaseRecord.objects.bulk_create(
        CaseRecord(agency=agency_a, record_id=f"R{n:03d}", imported_at=timezone.now())
        for n in range(120)
    )
    client = client_of(coordinator)
    client.get("/api/v1/cases/records")

    with django_assert_max_num_queries(10):
        response = get_records(client, {"limit": 100})

    assert len(response.json()["records"]) == 100
