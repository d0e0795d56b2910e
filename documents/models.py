"""The annual monitoring report (annex 6) and the quarterly progress summary: the narrative a
coordinator writes in the app, and every document generated from it and from the data; and the
documents of coordination (issue 12): a meeting's minutes and the follow-up report on a source's
recommendations."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from plans.models import Plan


class DocumentKind(models.TextChoices):
    ANNUAL = "annual", _("Annual monitoring report")
    QUARTERLY = "quarterly", _("Quarterly progress summary")
    MINUTES = "minutes", _("Minutes of a meeting")
    FOLLOW_UP = "follow_up", _("Follow-up report on recommendations")


# The documents prepared on the monitoring reports' pages, with narrative sections and a period;
# minutes and follow-up reports are made from the meeting's or the tracker's page.
REPORT_KINDS = (DocumentKind.ANNUAL, DocumentKind.QUARTERLY)


class DocumentFormat(models.TextChoices):
    DOCX = "docx", _("Word (DOCX)")
    PDF = "pdf", _("PDF")


class NarrativeDraft(models.Model):
    """One narrative section of one document, in one language; saved as often as the
    coordinator likes, numbers never typed here (they come from the data)."""

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="+", verbose_name=_("plan"))
    kind = models.CharField(_("document"), max_length=10, choices=DocumentKind.choices)
    # "2025" for an annual report, "2025-Q3" for a quarterly summary.
    period = models.CharField(_("period"), max_length=10)
    section = models.CharField(_("section"), max_length=60)
    language = models.CharField(_("language"), max_length=10)
    text = models.TextField(_("text"), blank=True)
    revision = models.PositiveIntegerField(_("revision"), default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("narrative draft")
        verbose_name_plural = _("narrative drafts")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "kind", "period", "section", "language"],
                name="one_draft_per_section_and_language",
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan.code} {self.period} {self.section} ({self.language})"


class Document(models.Model):
    """A generated file, kept so that what was issued (and published) can be read again."""

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="+", verbose_name=_("plan"))
    kind = models.CharField(_("document"), max_length=10, choices=DocumentKind.choices)
    # The year or quarter of a report; the meeting's date for minutes; the day the statuses of
    # a follow-up report are as of.
    period = models.CharField(_("period"), max_length=10)
    language = models.CharField(_("language"), max_length=10)
    # The minutes' meeting (who may read them follows the meeting: documents.selectors).
    meeting = models.ForeignKey(
        "coordination.Meeting",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("meeting"),
    )
    # A follow-up report's recommendation source and round ("greta", "Third round").
    source = models.CharField(_("source"), max_length=12, blank=True)
    cycle = models.CharField(_("round or year"), max_length=60, blank=True)
    format = models.CharField(_("format"), max_length=4, choices=DocumentFormat.choices)
    filename = models.CharField(_("file name"), max_length=200)
    content = models.BinaryField(_("content"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"))
    # Set when the coordinator publishes it on the public site; None while internal.
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.filename
