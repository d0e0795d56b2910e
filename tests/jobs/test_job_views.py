"""A job's page and partial: the requester and the coordinator see it (everyone else gets 404),
the partial polls while the job is unfinished and stops when it is done or failed; the
coordinator lists jobs, filters the failed and retries them."""

import pytest
from django.urls import reverse

from jobs.models import Job, JobStatus

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def queued(reporter_a) -> Job:
    return Job.objects.create(
        function="tests.jobs.functions.count",
        kwargs={"n": 1},
        title="Annual report 2025 (PDF, en)",
        requested_by=reporter_a,
    )


def test_it_polls_while_queued_and_stops_when_done(queued, reporter_a, client_of):
    client = client_of(reporter_a)
    url = reverse("jobs:status", args=[queued.pk])

    polling = client.get(url, **HTMX)
    assert polling.status_code == 200
    assert f'hx-get="{url}"' in polling.text
    assert 'hx-trigger="every 2s"' in polling.text
    assert f'hx-select="#job-{queued.pk} > .job-body"' in polling.text
    assert "Queued" in polling.text
    assert "<html" not in polling.text  # the partial, not the page
    assert "HX-Trigger" not in polling

    Job.objects.filter(pk=queued.pk).update(
        status=JobStatus.DONE, result={"url": "/documents/1/", "text": "report.pdf"}
    )
    done = client.get(url, **HTMX)
    assert done.status_code == 286  # htmx stops polling
    assert "hx-trigger" not in done.text
    assert '<a class="job-result" href="/documents/1/">report.pdf</a>' in done.text
    assert done["HX-Trigger"] == "job-finished"


def test_it_shows_a_failed_jobs_reason_and_offers_retry_only_to_the_coordinator(
    queued, reporter_a, coordinator, client_of
):
    Job.objects.filter(pk=queued.pk).update(status=JobStatus.FAILED, error="No data for 2025.")
    url = reverse("jobs:status", args=[queued.pk])

    mine = client_of(reporter_a).get(url)
    assert "Failed" in mine.text
    assert "No data for 2025." in mine.text
    assert reverse("jobs:retry", args=[queued.pk]) not in mine.text
    assert reverse("jobs:retry", args=[queued.pk]) in client_of(coordinator).get(url).text


def test_it_works_as_a_plain_page_without_javascript(queued, reporter_a, client_of):
    page = client_of(reporter_a).get(reverse("jobs:status", args=[queued.pk]))

    assert "<html" in page.text
    assert "Annual report 2025 (PDF, en)" in page.text
    assert "reload it" in page.text


def test_it_names_the_job_on_other_pages_but_does_not_link_its_own_page_to_itself(
    queued, reporter_a, client_of
):
    client = client_of(reporter_a)
    url = reverse("jobs:status", args=[queued.pk])
    link = f'<a class="job-title" href="{url}">'

    assert link in client.get(url, **HTMX).text  # the box on the documents or case pages
    page = client.get(url)
    assert link not in page.text
    assert f'hx-get="{url}?on_page=1"' in page.text
    polled = client.get(url, {"on_page": "1"}, **HTMX)
    assert link not in polled.text
    assert "Queued" in polled.text


@pytest.mark.parametrize("persona", ["reporter_b", "approver_a", "viewer", "administrator"])
def test_it_hides_a_job_from_everyone_but_its_requester_and_the_coordinator(
    queued, personas, persona, client_of
):
    response = client_of(personas[persona]).get(reverse("jobs:status", args=[queued.pk]), **HTMX)

    assert response.status_code == 404


def test_it_lists_jobs_for_the_coordinator_and_filters_the_failed(
    queued, coordinator, reporter_a, client_of
):
    Job.objects.create(
        function="x.y", title="Broken one", status=JobStatus.FAILED, requested_by=reporter_a
    )
    client = client_of(coordinator)

    everything = client.get(reverse("jobs:list"))
    failed = client.get(reverse("jobs:list"), {"status": "failed"})

    assert "Annual report 2025 (PDF, en)" in everything.text
    assert "Broken one" in everything.text
    assert "Broken one" in failed.text
    assert "Annual report 2025 (PDF, en)" not in failed.text
    assert client_of(reporter_a).get(reverse("jobs:list")).status_code == 403


def test_it_retries_from_the_page(
    queued, coordinator, client_of, django_capture_on_commit_callbacks
):
    Job.objects.filter(pk=queued.pk).update(status=JobStatus.FAILED, error="Timed out.")

    with django_capture_on_commit_callbacks(execute=True):
        response = client_of(coordinator).post(reverse("jobs:retry", args=[queued.pk]))

    assert response["Location"] == reverse("jobs:status", args=[queued.pk])
    queued.refresh_from_db()
    assert (queued.status, queued.result, queued.error) == (JobStatus.DONE, {"value": 1}, "")


def test_it_says_why_a_job_that_has_not_failed_is_not_retried(queued, coordinator, client_of):
    response = client_of(coordinator).post(reverse("jobs:retry", args=[queued.pk]), follow=True)

    assert "Only a failed job can be retried." in response.text
