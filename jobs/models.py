"""Background work a user can watch: one `Job` per piece of work queued (a document to generate,
case records to link, reminders to send) and one `ScheduledRun` per scheduled slot claimed.
See docs/worker.md."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class Job(models.Model):
    """One call of a plain job function (`function(**kwargs)`) by the worker.

    `kwargs` holds only ids, codes and options: never victims' data, never clear names (the
    queue is a table anyone with database access reads)."""

    function = models.CharField(_("function"), max_length=200)
    kwargs = models.JSONField(_("arguments"), default=dict, blank=True)
    title = models.CharField(_("title"), max_length=200)
    subject = models.CharField(_("subject"), max_length=100, blank=True, db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    error = models.TextField(_("error"), blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="jobs",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    task_id = models.CharField(_("task id"), max_length=64, blank=True)
    # The requester's language at enqueue time: the worker reports errors in it.
    language = models.CharField(_("language"), max_length=10, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        indexes = [models.Index(fields=["status", "-created_at"], name="jobs_status_created")]

    def __str__(self) -> str:
        return f"{self.title} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)

    @property
    def result_url(self) -> str:
        """The result's link, if it is one of this site's own paths (never another site's, nor
        a javascript: address, whatever a job function returned)."""
        url = self.result.get("url") if isinstance(self.result, dict) else None
        if isinstance(url, str) and url.startswith("/") and not url.startswith("//"):
            return url
        return ""


class ScheduledRun(models.Model):
    """A scheduled entry's slot (e.g. "reminders" at 2026-12-07 06:00) claimed by one worker.

    The unique pair is the lock: whichever worker (or `run-schedule`) inserts it first enqueues
    the job; every other insert fails, so no slot runs twice."""

    name = models.CharField(_("name"), max_length=50)
    slot = models.DateTimeField(_("slot"))
    job = models.ForeignKey(
        Job, verbose_name=_("job"), on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-slot", "name"]
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")
        constraints = [
            models.UniqueConstraint(fields=["name", "slot"], name="jobs_scheduledrun_once")
        ]

    def __str__(self) -> str:
        return f"{self.name} @ {self.slot:%Y-%m-%d %H:%M}"
