"""The upload page of case records: an agency's case records officers for their own agency,
the coordinator for any (not the agency's reporters and approvers); errors listed by row and
column with nothing stored; the file not kept anywhere."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cases.models import CaseRecord
from jobs.models import Job
from tests.cases.conftest import ROWS_A, csv_file

pytestmark = pytest.mark.django_db
URL = "/cases/upload/"


def _post(client, agency, data: bytes, name="police.csv"):
    return client.post(URL, {"agency": agency.pk, "file": SimpleUploadedFile(name, data)})


def test_it_refuses_roles_without_case_access(
    client_of, anonymous, agency_a, reporter_a, approver_a, viewer, administrator
):
    assert anonymous.get(URL).status_code == 302
    for user in (reporter_a, approver_a, viewer, administrator):
        assert client_of(user).get(URL).status_code == 403
        assert _post(client_of(user), agency_a, csv_file(*ROWS_A)).status_code == 403
    assert not CaseRecord.objects.exists()


def test_it_imports_the_agencys_file(client_of, agency_a, case_officer_a):
    client = client_of(case_officer_a)
    response = _post(client, agency_a, csv_file(*ROWS_A))

    assert response.status_code == 302
    assert CaseRecord.objects.filter(agency=agency_a).count() == 3
    page = client.get(URL).content.decode()
    assert "3 records added" in page


def test_it_shows_the_linkage_job_after_the_import(
    client_of, agency_a, case_officer_a, django_capture_on_commit_callbacks
):
    client = client_of(case_officer_a)
    with django_capture_on_commit_callbacks() as queued:
        _post(client, agency_a, csv_file(*ROWS_A))
    job = Job.objects.get()

    page = client.get(URL).content.decode()
    assert "Linkage of the case records of POL" in page
    assert "Queued" in page
    assert f'hx-get="/jobs/{job.pk}/"' in page  # it polls itself until done

    for callback in queued:  # the worker runs it
        callback()
    page = client.get(URL).content.decode()
    assert "Linkage of the case records of POL" in page
    assert "Done" in page
    assert f'hx-get="/jobs/{job.pk}/"' not in page


def test_it_shows_a_case_officer_only_their_own_imports_jobs(
    client_of, agency_a, agency_b, case_officer_a, case_officer_b, coordinator
):
    _post(client_of(case_officer_a), agency_a, csv_file(*ROWS_A))
    _post(client_of(case_officer_b), agency_b, csv_file(*ROWS_A))

    own = client_of(case_officer_a).get(URL).content.decode()
    assert "case records of POL" in own
    assert "case records of NGO1" not in own
    every = client_of(coordinator).get(URL).content.decode()
    assert "case records of POL" in every
    assert "case records of NGO1" in every


def test_it_offers_only_the_users_own_agency(
    client_of, agency_a, agency_b, case_officer_a, coordinator
):
    response = _post(client_of(case_officer_a), agency_b, csv_file(*ROWS_A))

    assert response.status_code == 200
    assert response.context["form"].errors["agency"]
    assert not CaseRecord.objects.exists()
    assert _post(client_of(coordinator), agency_b, csv_file(*ROWS_A)).status_code == 302
    assert CaseRecord.objects.filter(agency=agency_b).count() == 3


def test_it_lists_every_error_and_stores_nothing(client_of, agency_a, case_officer_a):
    response = _post(
        client_of(case_officer_a), agency_a, csv_file("A1,Nune,Avetisyan,1990-02-30,Q,,,,,")
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "row 2, column &#x27;date_of_birth&#x27;" in page
    assert "row 2, column &#x27;sex&#x27;" in page
    assert "Nune" not in page
    assert "Avetisyan" not in page
    assert not CaseRecord.objects.exists()


def test_it_refuses_other_file_types(client_of, agency_a, case_officer_a):
    response = _post(client_of(case_officer_a), agency_a, b"record_id\nA1\n", name="police.txt")

    assert response.context["form"].errors["file"]
    assert not CaseRecord.objects.exists()
