"""A large data values file (more rows than settings.IMPORT_IN_WORKER_ROWS) is checked and
imported by the worker: the page keeps the file for it (aggregates only) and shows the job; the
job imports all or nothing, deletes the file, and a refused file's errors are listed by row on
the page. A smaller file is imported in the request, as before."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from jobs.models import Job, JobStatus
from reporting.jobs import ERRORS_SHOWN, errors_text
from reporting.models import IndicatorValue, Report, ReportStatus, ValuesUpload
from reporting.services.values_queue import UPLOAD_KEPT_DAYS
from tests.reporting.files_data import csv_bytes, reporting_plan

pytestmark = pytest.mark.django_db
URL = reverse("reporting:values_upload")
GOOD = ["indicator,period,agency,value,sex", "I1,2025Q1,POL,3,", "I1,2025-Q1,POL,2,female"]


@pytest.fixture
def plan(agency_a, agency_b, settings):
    settings.IMPORT_IN_WORKER_ROWS = 1  # two rows go to the worker
    return reporting_plan(agency_a, agency_b)


def _post(client, plan, lines, **fields):
    upload = SimpleUploadedFile("values.csv", csv_bytes(lines), content_type="text/csv")
    return client.post(URL, {"plan": plan.pk, "file": upload, **fields})


def test_it_imports_a_large_file_through_a_job(
    client_of, plan, coordinator, django_capture_on_commit_callbacks
):
    client = client_of(coordinator)
    with django_capture_on_commit_callbacks() as queued:
        response = _post(client, plan, GOOD, status="accepted")
    assert response.status_code == 302
    assert not IndicatorValue.objects.exists()  # not in the request
    upload = ValuesUpload.objects.get()
    job = Job.objects.get()
    assert (upload.job, job.kwargs) == (job, {"upload_id": upload.pk})
    assert job.title == f"Import of values.csv (2 values) into {plan.code}"
    page = client.get(URL).content.decode()
    assert "they are checked and imported in the background" in page
    assert f'hx-get="{reverse("jobs:status", args=[job.pk])}"' in page

    for callback in queued:  # the worker runs it
        callback()

    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert job.result == {"message": "2 values stored and 0 updated in 1 reports."}
    assert Report.objects.get().status == ReportStatus.ACCEPTED
    assert IndicatorValue.objects.count() == 2
    assert not ValuesUpload.objects.exists()  # the file is gone once imported
    assert "2 values stored and 0 updated in 1 reports." in client.get(URL).content.decode()


def test_it_lists_a_refused_files_errors_by_row_on_the_page(
    client_of, plan, reporter_b, django_capture_on_commit_callbacks
):
    lines = ["indicator,period,agency,value", "I1,2025-Q1,POL,3", "IB,2025-Q1,NGO1,1"]
    client = client_of(reporter_b)
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, plan, lines)

    job = Job.objects.get()
    assert job.status == JobStatus.FAILED
    page = client.get(URL).content.decode()
    assert "The file was not imported: " in page
    assert (
        "<li>row 2, column &#x27;agency&#x27;: You may import values of your own agency only.</li>"
        in page
    )
    assert not Report.objects.exists()
    # Kept for a Retry (the job's transaction, deletion included, was rolled back).
    assert ValuesUpload.objects.filter(job=job).exists()


def test_it_imports_a_small_file_in_the_request(client_of, plan, coordinator, settings):
    settings.IMPORT_IN_WORKER_ROWS = 2

    response = _post(client_of(coordinator), plan, GOOD, status="accepted")

    assert response.status_code == 302
    assert IndicatorValue.objects.count() == 2
    assert not Job.objects.exists()
    assert not ValuesUpload.objects.exists()


def test_it_shows_the_errors_of_an_unreadable_file_at_once(client_of, plan, coordinator):
    response = _post(client_of(coordinator), plan, ["indicator,period,agency", "I1,2025Q1,POL"])

    assert response.status_code == 200
    assert "The file was not imported" in response.content.decode()
    assert not Job.objects.exists()


def test_it_shows_each_user_their_own_imports_and_the_coordinator_all(
    client_of, plan, coordinator, reporter_a, reporter_b
):
    _post(client_of(reporter_a), plan, ["indicator,period,agency,value", *["I1,2025Q1,POL,1"] * 2])
    title = Job.objects.get().title

    assert title in client_of(reporter_a).get(URL).content.decode()
    assert title in client_of(coordinator).get(URL).content.decode()
    assert title not in client_of(reporter_b).get(URL).content.decode()


def test_it_removes_the_files_of_imports_that_failed_long_ago(
    client_of, plan, coordinator, django_capture_on_commit_callbacks
):
    client = client_of(coordinator)
    bad = ["indicator,period,agency,value", "I9,2025-Q1,POL,3", "I9,2025-Q2,POL,3"]
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, plan, bad)
    failed = ValuesUpload.objects.get()
    assert failed.job.status == JobStatus.FAILED
    ValuesUpload.objects.update(
        uploaded_at=timezone.now() - datetime.timedelta(days=UPLOAD_KEPT_DAYS, hours=1)
    )

    _post(client, plan, GOOD)

    assert list(ValuesUpload.objects.exclude(pk=failed.pk)) == list(ValuesUpload.objects.all())
    assert ValuesUpload.objects.count() == 1


def test_it_counts_the_errors_beyond_those_it_lists():
    errors = [(line, "value", "Not a number.") for line in range(2, ERRORS_SHOWN + 7)]

    text = errors_text(errors).splitlines()

    assert text[0] == f"The file was not imported: {ERRORS_SHOWN + 5} errors. Nothing was stored."
    assert text[1] == "row 2, column 'value': Not a number."
    assert text[-1] == "… and 5 more errors."
    assert len(text) == ERRORS_SHOWN + 2
