"""Pseudonymised case records of presumed and identified victims, the persons they are linked
into, the data officer's decisions on uncertain pairs, and the audit of every read
(docs/cases.md). No field holds a name or a full birth date: only keyed hashes (HMAC) of their
normalised forms, usable for linkage and for nothing else."""

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from plans.models import Indicator

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# A hex HMAC-SHA256 digest; blank when the source file had no value to derive the key from.
KEY_LENGTH = 64


def _key(label: "StrOrPromise") -> models.CharField:
    return models.CharField(label, max_length=KEY_LENGTH, blank=True)


class TraffickingStatus(models.TextChoices):
    PRESUMED = "presumed", _("Presumed victim")
    IDENTIFIED = "identified", _("Identified victim")
    NOT_VICTIM = "not_victim", _("Not a victim")


class Sex(models.TextChoices):
    FEMALE = "F", _("Female")
    MALE = "M", _("Male")
    OTHER = "X", _("Other")


class DatePrecision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")
    UNKNOWN = "unknown", _("Unknown")


class ReferralStage(models.TextChoices):
    DETECTED = "detected", _("Detected")
    REFERRED = "referred", _("Referred")
    IDENTIFIED = "identified", _("Identified")
    ASSISTED = "assisted", _("Assisted")
    DURABLE_SOLUTION = "durable_solution", _("Durable solution")


class Person(models.Model):
    """One human being as linkage sees them: the records of all agencies about them."""

    # Stable across linkage runs (derived from the person's earliest record), so an exported
    # person id keeps meaning the same person.
    label = models.CharField(_("person id"), max_length=40, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["label"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")

    def __str__(self) -> str:
        return self.label


class CaseRecord(models.Model):
    """One agency's record of one presumed or identified victim (HTCDS 2.0 where it has a
    field). Categories are codes; multi-selects are lists of codes."""

    agency = models.ForeignKey(
        Agency, models.PROTECT, related_name="case_records", verbose_name=_("reporting agency")
    )
    record_id = models.CharField(_("agency's record id"), max_length=100)
    identified_on = models.DateField(_("date of identification"), null=True, blank=True)
    status = models.CharField(
        _("trafficking status"),
        max_length=12,
        choices=TraffickingStatus.choices,
        default=TraffickingStatus.PRESUMED,
    )
    status_decided_by = models.CharField(_("status decided by"), max_length=200, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    age_at_exploitation = models.PositiveSmallIntegerField(
        _("age at exploitation"), null=True, blank=True
    )
    birth_date_precision = models.CharField(
        _("birth date precision"),
        max_length=8,
        choices=DatePrecision.choices,
        default=DatePrecision.UNKNOWN,
    )
    nationality = models.CharField(_("citizenship"), max_length=3, blank=True)
    country_of_exploitation = models.CharField(
        _("country of exploitation"), max_length=3, blank=True
    )
    region = models.CharField(_("region of exploitation"), max_length=100, blank=True)
    exploitation = models.JSONField(_("forms of exploitation"), default=list, blank=True)
    means_of_control = models.JSONField(_("means of control"), default=list, blank=True)
    recruiter_relationship = models.CharField(
        _("recruiter relationship"), max_length=40, blank=True
    )
    referral_stage = models.CharField(
        _("referral stage"), max_length=20, choices=ReferralStage.choices, blank=True
    )
    services = models.JSONField(_("services received"), default=list, blank=True)
    consent_to_share = models.BooleanField(_("consent to data sharing"), null=True, blank=True)
    # Linkage keys (docs/cases.md): HMACs of normalised identifiers, never the identifiers.
    key_name = _key(_("key: full name"))
    key_name_phonetic = _key(_("key: full name, phonetic"))
    key_first = _key(_("key: first name"))
    key_last = _key(_("key: last name"))
    key_first_phonetic = _key(_("key: first name, phonetic"))
    key_last_phonetic = _key(_("key: last name, phonetic"))
    key_birth_date = _key(_("key: birth date"))
    key_birth_date_swapped = _key(_("key: birth date, day and month swapped"))
    key_birth_month = _key(_("key: birth year and month"))
    key_birth_year = _key(_("key: birth year"))
    # Sorted sets of truncated HMACs of each name part's bigrams, compared by overlap (typos).
    key_first_grams = models.JSONField(_("keys: first name bigrams"), default=list, blank=True)
    key_last_grams = models.JSONField(_("keys: last name bigrams"), default=list, blank=True)
    person = models.ForeignKey(
        Person,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="records",
        verbose_name=_("person"),
    )
    match_probability = models.FloatField(_("match probability"), null=True, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    imported_at = models.DateTimeField(_("imported at"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["agency", "record_id"]
        verbose_name = _("case record")
        verbose_name_plural = _("case records")
        constraints = [
            models.UniqueConstraint(fields=["agency", "record_id"], name="one_record_per_id")
        ]

    def __str__(self) -> str:
        return f"{self.agency.code}/{self.record_id}"


class LinkageRun(models.Model):
    engine = models.CharField(_("engine"), max_length=10)
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    records = models.PositiveIntegerField(_("records"), default=0)
    persons = models.PositiveIntegerField(_("persons"), default=0)
    # The trained model (m and u probabilities) so a run can be explained afterwards.
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("linkage run")
        verbose_name_plural = _("linkage runs")

    def __str__(self) -> str:
        return f"{self.engine} {self.started_at:%Y-%m-%d %H:%M}"


class PairDecision(models.TextChoices):
    SAME = "same", _("Same person")
    DIFFERENT = "different", _("Different persons")


class CandidatePair(models.Model):
    """A pair of records linkage was unsure about, waiting for (or holding) the data officer's
    decision. Decisions are kept across runs and override the model. record_a.pk < record_b.pk."""

    record_a = models.ForeignKey(
        CaseRecord, models.CASCADE, related_name="+", verbose_name=_("record A")
    )
    record_b = models.ForeignKey(
        CaseRecord, models.CASCADE, related_name="+", verbose_name=_("record B")
    )
    match_probability = models.FloatField(_("match probability"))
    # Which keys and categories agree, e.g. {"key_last": true, "sex": false}; never values.
    agreement = models.JSONField(_("agreement"), default=dict, blank=True)
    decision = models.CharField(
        _("decision"), max_length=10, choices=PairDecision.choices, blank=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["-match_probability"]
        verbose_name = _("candidate pair")
        verbose_name_plural = _("candidate pairs")
        constraints = [
            models.UniqueConstraint(fields=["record_a", "record_b"], name="one_pair_once")
        ]

    def __str__(self) -> str:
        return f"{self.record_a_id}-{self.record_b_id}"


class CaseAccess(models.Model):
    """The audit of case data: who read or changed what, when. Written by the services and
    selectors that touch case records, never edited."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    at = models.DateTimeField(_("at"))
    action = models.CharField(_("action"), max_length=40)
    # What was read: a record, a list with its filters, a statistic with its dimensions.
    target = models.CharField(_("what"), max_length=400)
    records = models.PositiveIntegerField(_("records"), default=0)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("case data access")
        verbose_name_plural = _("case data accesses")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target}"


class CaseQuery(models.Model):
    """Binds an indicator to the case records: its values for each period are counts of
    persons (not records) matching the query, written as the given agency's accepted values
    instead of being typed (docs/cases.md)."""

    indicator = models.OneToOneField(
        Indicator, models.CASCADE, related_name="case_query", verbose_name=_("indicator")
    )
    agency = models.ForeignKey(
        Agency, models.PROTECT, related_name="+", verbose_name=_("reported as agency")
    )
    statuses = models.JSONField(_("trafficking statuses"), default=list)
    # Field -> accepted codes, e.g. {"exploitation": ["labour"], "sex": ["F"]}.
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("case query")
        verbose_name_plural = _("case queries")

    def __str__(self) -> str:
        return str(self.indicator)


class FrozenPublishedYear(models.Model):
    """A year's published tables as they stood before records counted in them were purged
    (retention, docs/operations.md): the true cells of each table of the family, protected
    again the same way whenever read, so purging never changes what was published."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    persons = models.PositiveIntegerField(_("persons"))
    # Dimension -> {"axes": [statuses, categories], "cells": [[status, category, persons]]}.
    tables = models.JSONField(_("tables"))
    frozen_at = models.DateTimeField(_("frozen at"))

    class Meta:
        ordering = ["-year"]
        verbose_name = _("frozen published year")
        verbose_name_plural = _("frozen published years")

    def __str__(self) -> str:
        return str(self.year)


class RetentionPurge(models.Model):
    """One purge that removed records: persons last identified before `cutoff` are gone, so
    periods starting before it are no longer counted from the records (their values stay)."""

    at = models.DateTimeField(_("at"))
    cutoff = models.DateField(_("last identified before"))
    records = models.PositiveIntegerField(_("records"))
    persons = models.PositiveIntegerField(_("persons"))

    class Meta:
        ordering = ["-at"]
        verbose_name = _("retention purge")
        verbose_name_plural = _("retention purges")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d} < {self.cutoff}"


class EstimateStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class PopulationEstimate(models.Model):
    """An estimate of how many victims no agency's list holds (multiple systems estimation,
    docs/estimation.md), from the linked persons of a year and the lists the coordinator chose.
    `table` holds the true capture histories: the coordinator's only; what leaves the
    coordinator passes cases.estimation.rules.protected_overlaps."""

    year = models.PositiveSmallIntegerField(_("year"))
    # [{"name": "Law enforcement", "agencies": ["POL", "PRO"]}, ...]: agency codes.
    lists = models.JSONField(_("lists"))
    method = models.CharField(_("method"), max_length=10)
    max_order = models.PositiveSmallIntegerField(_("highest interaction"), null=True, blank=True)
    bootstrap = models.PositiveIntegerField(_("bootstrap samples"), default=1000)
    seed = models.PositiveIntegerField(_("random seed"), default=1)
    status = models.CharField(
        _("status"), max_length=10, choices=EstimateStatus.choices, default=EstimateStatus.QUEUED
    )
    # [[0/1 per list..., persons], ...]
    table = models.JSONField(_("capture histories"), default=list, blank=True)
    # tipmonitor.lib.mse.Estimate.to_dict()
    result = models.JSONField(_("result"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )

    class Meta:
        ordering = ["-year", "-requested_at"]
        verbose_name = _("population estimate")
        verbose_name_plural = _("population estimates")

    def __str__(self) -> str:
        return f"{self.year} #{self.pk}"
