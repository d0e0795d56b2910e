"""Generating DOCX and PDF from the preparation page: only the coordinator; the file is made
by the worker (a job), the page shows the job where the file will be offered, polling until it
is done, and the list of documents shows it on its way. The test suite's immediate backend runs
a job when the request's transaction commits."""

import pytest
from django.urls import reverse

from documents.models import Document
from jobs.models import Job, JobStatus
from tests.documents.pages import EVERYONE_BUT_THE_COORDINATOR, prepare_url

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}
GENERATE = "documents.jobs.generate"


@pytest.fixture
def run_jobs(django_capture_on_commit_callbacks):
    """Requests whose jobs run when they commit, as the worker would pick them up."""

    def post(client, url, data, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data, **extra)

    return post


@pytest.mark.parametrize(("fmt", "magic"), [("docx", b"PK"), ("pdf", b"%PDF-")])
def test_it_generates_and_keeps_the_document_through_a_job(
    reported_plan, coordinator, client_of, run_jobs, fmt, magic
):
    url = prepare_url(reported_plan, "quarterly", "2025-Q4", action="generate")
    response = run_jobs(client_of(coordinator), url, {"format": fmt})
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.filename == f"quarterly-summary-2025-Q4-en.{fmt}"
    assert bytes(document.content).startswith(magic)
    job = Job.objects.get()
    assert (job.status, job.function, job.requested_by) == ("done", GENERATE, coordinator)
    assert job.subject == f"documents:{reported_plan.pk}:quarterly:2025-Q4:en"
    assert job.result == {
        "url": reverse("documents:download", args=[document.pk]),
        "text": document.filename,
    }


def test_it_shows_the_latest_job_without_javascript(
    reported_plan, coordinator, client_of, run_jobs
):
    client = client_of(coordinator)
    url = prepare_url(reported_plan, "quarterly", "2025-Q4", action="generate")
    run_jobs(client, url, {"format": "docx"})
    response = run_jobs(client, url, {"format": "pdf"})
    assert response.url.endswith("/quarterly/2025-Q4/en/#generate")

    page = client.get(response.url).content.decode()
    document = Document.objects.get(format="pdf")
    link = reverse("documents:download", args=[document.pk])
    result = page.split('id="generate-result"')[1].split("</section>")[0]
    assert f'<a class="job-result" href="{link}">quarterly-summary-2025-Q4-en.pdf</a>' in result
    assert "Quarterly progress summary 2025-Q4 (PDF, en)" in result
    assert "docx" not in result  # the latest job only


def test_it_shows_a_queued_job_that_polls_and_the_list_waiting_for_it(
    reported_plan, coordinator, client_of
):
    """Before the worker has run it (no commit yet here), the answer is the job, polling."""
    url = prepare_url(reported_plan, "quarterly", "2025-Q4", action="generate")
    response = client_of(coordinator).post(url, {"format": "docx"}, headers=HTMX)
    assert response.status_code == 200
    job = Job.objects.get()
    assert job.status == JobStatus.QUEUED
    page = response.content.decode()
    assert "<html" not in page
    assert f'hx-get="{reverse("jobs:status", args=[job.pk])}"' in page
    assert "Queued" in page
    # The list of documents, replaced out of band, shows the job and asks for itself again.
    listing = page.split('id="documents-list"')[1]
    assert 'hx-swap-oob="true"' in listing
    assert 'hx-trigger="every 2s"' in listing
    assert "Quarterly progress summary 2025-Q4 (Word (DOCX), en)" not in listing
    assert "Quarterly progress summary 2025-Q4 (DOCX, en): Queued" in listing


def test_it_refreshes_the_list_until_the_job_is_done(
    reported_plan, coordinator, client_of, django_capture_on_commit_callbacks
):
    client = client_of(coordinator)
    generate = prepare_url(reported_plan, "quarterly", "2025-Q4", action="generate")
    listing = prepare_url(reported_plan, "quarterly", "2025-Q4") + "?part=documents"
    with django_capture_on_commit_callbacks() as queued:
        client.post(generate, {"format": "docx"}, headers=HTMX)
    waiting = client.get(listing, headers=HTMX).content.decode()
    assert waiting.startswith('<div id="documents-list" hx-get=')
    assert "No document has been generated yet." in waiting

    for callback in queued:  # the worker picks the job up
        callback()
    done = client.get(listing, headers=HTMX).content.decode()
    assert "hx-trigger" not in done.split(">")[0]  # polling stops
    assert "quarterly-summary-2025-Q4-en.docx" in done
    # The job's own partial, as it polls: done, with the link.
    job = Job.objects.get()
    status = client.get(reverse("jobs:status", args=[job.pk]), headers=HTMX).content.decode()
    assert "quarterly-summary-2025-Q4-en.docx</a>" in status


def test_it_shows_the_job_on_the_plans_list_of_documents(
    reported_plan, coordinator, viewer, client_of
):
    url = prepare_url(reported_plan, "quarterly", "2025-Q4", action="generate")
    client_of(coordinator).post(url, {"format": "pdf"}, headers=HTMX)
    plan_list = reverse("documents:plan_documents", args=[reported_plan.pk])

    page = client_of(coordinator).get(plan_list).content.decode()
    assert "Quarterly progress summary 2025-Q4 (PDF, en): Queued" in page
    assert f'hx-get="{plan_list}?part=documents"' in page
    fragment = client_of(coordinator).get(plan_list + "?part=documents", headers=HTMX)
    assert fragment.content.decode().startswith('<div id="documents-list"')
    # A viewer reads published documents; the coordinator's work in progress is not theirs.
    assert "Queued" not in client_of(viewer).get(plan_list).content.decode()


def test_it_tells_htmx_why_nothing_was_queued(plan, coordinator, client_of):
    url = prepare_url(plan, action="generate")
    response = client_of(coordinator).post(url, {"format": "odt"}, headers=HTMX)
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert not Job.objects.exists()


def test_it_shows_a_failed_job_with_its_reason_and_retry(
    reported_plan, coordinator, client_of, run_jobs, monkeypatch
):
    def refuse(**kwargs):
        from django.core.exceptions import ValidationError

        raise ValidationError("The chart could not be drawn.")

    monkeypatch.setattr("documents.jobs.document_generate", refuse)
    url = prepare_url(reported_plan, "annual", "2025", action="generate")
    response = run_jobs(client_of(coordinator), url, {"format": "pdf"})

    page = client_of(coordinator).get(response.url).content.decode()
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED
    assert "The chart could not be drawn." in page
    assert reverse("jobs:retry", args=[job.pk]) in page
    assert not Document.objects.exists()


def test_it_fails_the_job_when_the_requester_is_no_longer_coordinator(
    reported_plan, coordinator, client_of, django_capture_on_commit_callbacks
):
    url = prepare_url(reported_plan, "annual", "2025", action="generate")
    with django_capture_on_commit_callbacks() as queued:
        client_of(coordinator).post(url, {"format": "docx"})
    coordinator.role_grants.all().delete()
    for callback in queued:
        callback()

    job = Job.objects.get()
    assert job.status == JobStatus.FAILED
    assert job.error == "The user who asked for this document may no longer generate documents."
    assert not Document.objects.exists()


def test_it_shows_that_it_is_queuing_while_the_button_is_pressed(plan, coordinator, client_of):
    page = client_of(coordinator).get(prepare_url(plan)).content.decode()
    # Each button posts by htmx, showing the busy notice (and disabling the buttons) for as
    # long as the request takes; the answer (the job) goes into the result area.
    assert page.count('hx-indicator="#generate-busy"') == 2
    assert page.count('hx-disabled-elt=".generate button"') == 2
    assert 'id="generate-busy"' in page
    assert 'id="generate-result"' in page


def test_it_refuses_an_unknown_format(plan, coordinator, client_of):
    response = client_of(coordinator).post(prepare_url(plan, action="generate"), {"format": "odt"})
    assert response.status_code == 302
    assert not Job.objects.exists()


@pytest.mark.parametrize("persona", EVERYONE_BUT_THE_COORDINATOR)
def test_it_refuses_everyone_but_the_coordinator(plan, personas, client_of, persona):
    url = prepare_url(plan, action="generate")
    assert client_of(personas[persona]).post(url, {"format": "docx"}).status_code == 403
    assert not Job.objects.exists()
