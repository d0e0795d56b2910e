"""Periodic progress reports by agencies (the guide's annex 5, "Form for monitoring
implementation").

One report per plan, agency, quarter and version. A report holds the values of the indicators the
agency is responsible for whose own period (a month, quarter, half-year or year) ends in that
quarter, one entry per indicator (annex 5's columns), and the status of the activities it leads.
An accepted report is locked; a correction is a new version, and the old one stays readable.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from agencies.models import Agency
from plans.models import Activity, Indicator, Plan


class ReportStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("report status", "Draft")
    # Sent by a reporter of an agency whose reports need sign-off; its approver has it.
    AWAITING_APPROVAL = "awaiting_approval", _("Awaiting the agency's approval")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned with comments")
    ACCEPTED = "accepted", _("Accepted")


class Assessment(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    OFF_TRACK = "off_track", _("Off track")


class Rating(models.TextChoices):
    """The rating of a qualitative indicator (a narrative alone cannot be rolled up)."""

    NOT_ACHIEVED = "not_achieved", _("Not achieved")
    PARTLY_ACHIEVED = "partly_achieved", _("Partly achieved")
    LARGELY_ACHIEVED = "largely_achieved", _("Largely achieved")
    ACHIEVED = "achieved", _("Achieved")


class ActivityState(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    ONGOING = "ongoing", _("Ongoing")
    COMPLETED = "completed", _("Completed")
    DELAYED = "delayed", _("Delayed")
    CANCELLED = "cancelled", _("Cancelled")


class EventKind(models.TextChoices):
    CREATED = "created", _("Created")
    SAVED = "saved", _("Draft saved")
    FOR_APPROVAL = "for_approval", _("Sent for the agency's approval")
    SENT_BACK = "sent_back", _("Sent back by the agency's approver")
    APPROVED = "approved", _("Approved by the agency")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned with comments")
    ACCEPTED = "accepted", _("Accepted")
    CORRECTION = "correction", _("Correction opened")
    IMPORTED = "imported", _("Values imported")


class ValueSource(models.TextChoices):
    FORM = "form", _("Web form")
    WORKBOOK = "workbook", _("Report workbook")
    BULK = "bulk", _("Bulk data values")
    CASES = "cases", _("Case records")


class Report(models.Model):
    plan = models.ForeignKey(Plan, models.CASCADE, related_name="reports", verbose_name=_("plan"))
    agency = models.ForeignKey(
        Agency, models.PROTECT, related_name="reports", verbose_name=_("agency")
    )
    # The quarter reported on, as `2025-Q1`; its first and last day for date arithmetic.
    period = models.CharField(_("period"), max_length=10)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    due_on = models.DateField(_("due on"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    # The newest version is the one that counts; older (accepted) versions stay readable.
    is_current = models.BooleanField(_("current version"), default=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    contact_person = models.CharField(_("contact person"), max_length=200, blank=True)
    general_observations = models.TextField(_("general observations"), blank=True)
    # The first submission decides timeliness; a resubmission after return does not reset it.
    first_submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    # The agency's sign-off (annex 5's signature line): who approved the version that reached
    # the coordinator, and when; empty for an agency whose reports need no sign-off.
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    # Optimistic locking: every write must name the revision it started from.
    revision = models.PositiveIntegerField(_("revision"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["plan", "period_start", "agency__code", "-version"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "agency", "period", "version"], name="report_unique_version"
            ),
            models.UniqueConstraint(
                fields=["plan", "agency", "period"],
                condition=Q(is_current=True),
                name="report_one_current_version",
            ),
        ]
        indexes = [models.Index(fields=["plan", "period", "is_current"])]

    def __str__(self) -> str:
        return f"{self.agency.code} {self.period} v{self.version}"

    @property
    def is_locked(self) -> bool:
        return self.status == ReportStatus.ACCEPTED or not self.is_current


class IndicatorEntry(models.Model):
    """Annex 5's row for one indicator: what the agency says beside the numbers."""

    report = models.ForeignKey(
        Report, models.CASCADE, related_name="entries", verbose_name=_("report")
    )
    indicator = models.ForeignKey(
        Indicator, models.CASCADE, related_name="entries", verbose_name=_("indicator")
    )
    narrative = models.TextField(_("narrative"), blank=True)
    rating = models.CharField(_("rating"), max_length=20, choices=Rating.choices, blank=True)
    outputs_achieved = models.TextField(_("outputs achieved"), blank=True)
    activities_implemented = models.TextField(_("activities implemented"), blank=True)
    budget_spent = models.DecimalField(
        _("budget spent"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    donors = models.CharField(_("donors"), max_length=400, blank=True)
    assessment = models.CharField(
        _("assessment"), max_length=10, choices=Assessment.choices, blank=True
    )
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["report", "indicator__position", "indicator__code"]
        verbose_name = _("indicator entry")
        verbose_name_plural = _("indicator entries")
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="entry_unique_indicator")
        ]

    def __str__(self) -> str:
        return f"{self.report} {self.indicator.code}"


class IndicatorValue(models.Model):
    """One number: an indicator's value for one of its own periods, as a total or for one
    combination of disaggregation categories."""

    report = models.ForeignKey(
        Report, models.CASCADE, related_name="values", verbose_name=_("report")
    )
    indicator = models.ForeignKey(
        Indicator, models.CASCADE, related_name="values", verbose_name=_("indicator")
    )
    # The indicator's own period (`2025-03`, `2025-Q1`, `2025-S1`, `2025`), ending in the report's
    # quarter.
    period = models.CharField(_("period"), max_length=10)
    # Canonical "dimension=category" pairs sorted by dimension code and joined by ";" (e.g.
    # "age_group=child;sex=female"); empty for the total. A string key keeps two million values
    # in one narrow, indexed table.
    breakdown = models.CharField(_("breakdown"), max_length=400, blank=True)
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4)
    comment = models.TextField(_("comment"), blank=True)
    source = models.CharField(
        _("source"), max_length=10, choices=ValueSource.choices, default=ValueSource.FORM
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="+",
        verbose_name=_("entered by"),
    )
    entered_at = models.DateTimeField(_("entered at"))

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "indicator", "period", "breakdown"], name="value_unique_cell"
            )
        ]
        indexes = [models.Index(fields=["indicator", "period"])]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period} {self.breakdown or 'total'}={self.value}"


class ActivityUpdate(models.Model):
    """The lead agency's account of an activity in the quarter."""

    report = models.ForeignKey(
        Report, models.CASCADE, related_name="activity_updates", verbose_name=_("report")
    )
    activity = models.ForeignKey(
        Activity, models.CASCADE, related_name="updates", verbose_name=_("activity")
    )
    state = models.CharField(_("status"), max_length=12, choices=ActivityState.choices)
    percent_done = models.PositiveSmallIntegerField(
        _("percent done"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    spent = models.DecimalField(
        _("money spent"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["report", "activity__position", "activity__code"]
        verbose_name = _("activity update")
        verbose_name_plural = _("activity updates")
        constraints = [
            models.UniqueConstraint(fields=["report", "activity"], name="update_unique_activity"),
            models.CheckConstraint(
                condition=Q(percent_done__lte=100), name="update_percent_at_most_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report} {self.activity.code}"


class ReportEvent(models.Model):
    """Who did what to a report and when, with the coordinator's comments on a return."""

    report = models.ForeignKey(
        Report, models.CASCADE, related_name="events", verbose_name=_("report")
    )
    kind = models.CharField(_("event"), max_length=20, choices=EventKind.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"))
    comment = models.TextField(_("comment"), blank=True)
    # On a return: what the report held (field key -> text), so the coordinator later sees what
    # the agency changed since (`reporting.report_state`).
    snapshot = models.JSONField(_("snapshot"), default=dict, blank=True)

    class Meta:
        ordering = ["report", "at", "pk"]
        verbose_name = _("report event")
        verbose_name_plural = _("report events")

    def __str__(self) -> str:
        return f"{self.report} {self.kind} {self.at:%Y-%m-%d}"


class ReminderKind(models.TextChoices):
    BEFORE = "before", _("Before the deadline")
    OVERDUE = "overdue", _("After the deadline")
    # To the agency's approvers, of its reports awaiting their approval: at most one a day per
    # plan and agency, so its ReminderSent row's `period` holds that day (YYYY-MM-DD).
    APPROVAL = "approval", _("Awaiting approval")


class ReminderSent(models.Model):
    """One reminder to one agency for one quarter: the record that makes sending idempotent."""

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="+", verbose_name=_("plan"))
    agency = models.ForeignKey(Agency, models.CASCADE, related_name="+", verbose_name=_("agency"))
    period = models.CharField(_("period"), max_length=10)
    kind = models.CharField(_("kind"), max_length=10, choices=ReminderKind.choices)
    sent_at = models.DateTimeField(_("sent at"))
    recipients = models.TextField(_("recipients"), blank=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "agency", "period", "kind"], name="reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency.code} {self.period} {self.kind}"


class ValuesUpload(models.Model):
    """A large file of data values waiting for the worker (`reporting.jobs.values_import_file`):
    aggregate figures only, never case data. Deleted by the job that imports it; a failed one
    is kept for a Retry until UPLOAD_KEPT_DAYS have passed (reporting.services.values_upload_queue
    removes it then)."""

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="+", verbose_name=_("plan"))
    filename = models.CharField(_("file name"), max_length=200)
    content = models.BinaryField(_("content"))
    status = models.CharField(_("status"), max_length=20, choices=ReportStatus.choices)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    job = models.ForeignKey(
        "jobs.Job", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("job")
    )

    class Meta:
        verbose_name = _("data values upload")
        verbose_name_plural = _("data values uploads")

    def __str__(self) -> str:
        return self.filename
