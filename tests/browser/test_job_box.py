"""A job's box (jobs/_job.html) in a real browser: while the job is queued it polls, swaps in
the new state when the worker is done, and stays the same live region throughout, so screen
readers announce the change (docs/worker.md)."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from jobs.models import Job, JobStatus
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.playwright


def test_it_shows_the_result_when_the_job_is_done(page, coordinator):
    job = Job.objects.create(
        function="tests.jobs.functions.count", title="Annual report 2025", requested_by=coordinator
    )
    sign_in(page, coordinator)
    page.goto(reverse("jobs:status", args=[job.pk]))
    box = page.locator(f"#job-{job.pk}")
    expect(box).to_contain_text("Queued")
    box.evaluate("element => { element.dataset.original = 'yes'; }")

    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.DONE, result={"url": "/jobs/", "text": "annual-report-2025-en.pdf"}
    )

    expect(box).to_contain_text("Done")
    expect(box.get_by_role("link", name="annual-report-2025-en.pdf")).to_be_visible()
    expect(box).to_have_attribute("data-original", "yes")  # swapped inside, not replaced
    expect(page.locator(".job-body")).to_have_count(1)
    expect(box).to_have_attribute("role", re.compile("status"))
