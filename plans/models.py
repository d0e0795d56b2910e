"""The National Action Plan as a results framework.

Plan → strategic areas → objectives (nested to any depth) → activities; indicators hang on an
objective or an activity. Codes are the users' own (1.1.2) and unique within a plan per kind;
`position` keeps the order the plan was written in, so a workbook round trip changes nothing.
"""

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.deconstruct import deconstructible
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from agencies.models import CODE_VALIDATOR
from plans import rules
from tipmonitor.lib import countries

# Calendar choices live with the helpers that compute with them (tipmonitor.lib knows no app);
# the apps keep importing them from here.
from tipmonitor.lib.choices import DatePrecision, Frequency

CURRENCY_VALIDATOR = RegexValidator(r"^[A-Z]{3}$", _("Use a three-letter ISO 4217 code, like EUR."))


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ADOPTED = "adopted", _("Adopted")
    CLOSED = "closed", _("Closed")


class ObjectiveKind(models.TextChoices):
    GOAL = "goal", _("Goal")
    OBJECTIVE = "objective", _("Objective")
    OUTCOME = "outcome", _("Outcome")
    OUTPUT = "output", _("Output")


class FundingSource(models.TextChoices):
    STATE_BUDGET = "state_budget", _("State budget")
    DONOR = "donor", _("Donor")
    NONE_NEEDED = "none_needed", _("No funding needed")


class IndicatorLevel(models.TextChoices):
    IMPACT = "impact", _("Impact")
    OUTCOME = "outcome", _("Outcome")
    OUTPUT = "output", _("Output")


class IndicatorType(models.TextChoices):
    NUMBER = "number", _("Number")
    PERCENTAGE = "percentage", _("Percentage")
    RATE = "rate", _("Rate")
    QUALITATIVE = "qualitative", _("Qualitative")


class Direction(models.TextChoices):
    INCREASE = "increase", _("Increase")
    DECREASE = "decrease", _("Decrease")
    MAINTAIN = "maintain", _("Maintain")


class TimeAggregation(models.TextChoices):
    """How an indicator's values over periods make its actual value at a date."""

    CUMULATIVE = "cumulative", _("Cumulative (sum since the plan's start)")
    LATEST = "latest", _("Latest value")
    AVERAGE = "average", _("Average")


class AgencyAggregation(models.TextChoices):
    """How the values of several responsible agencies make one value for a period."""

    SUM = "sum", _("Sum")
    AVERAGE = "average", _("Average")
    MAX = "max", _("Highest")


# What an indicator's blank aggregation means, by type (docs/progress.md); a qualitative
# indicator has neither.
DEFAULT_TIME_AGGREGATION: dict[str, str] = {
    IndicatorType.NUMBER: TimeAggregation.CUMULATIVE,
    IndicatorType.PERCENTAGE: TimeAggregation.LATEST,
    IndicatorType.RATE: TimeAggregation.LATEST,
}
DEFAULT_AGENCY_AGGREGATION: dict[str, str] = {
    IndicatorType.NUMBER: AgencyAggregation.SUM,
    IndicatorType.PERCENTAGE: AgencyAggregation.AVERAGE,
    IndicatorType.RATE: AgencyAggregation.AVERAGE,
}


def default_aggregations(indicator_type: str) -> tuple[str, str]:
    """What blank aggregations over time and across agencies mean for `indicator_type`:
    ("", "") for a qualitative indicator, which is rated rather than added up."""
    return (
        DEFAULT_TIME_AGGREGATION.get(indicator_type, ""),
        DEFAULT_AGENCY_AGGREGATION.get(indicator_type, ""),
    )


# Names per language (issue 9 #10) ---------------------------------------------------------
# An element's `name` is its base name, written in the installation's language
# (settings.LANGUAGE_CODE); `name_i18n` holds its name in the other languages, {"hy": "…"}.
# Pages, charts and documents show `display_name`: the name in the active language, else the base.


def name_languages() -> list[str]:
    """The languages an element may be named in beside its base name."""
    return [code for code, _label in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def name_in(name: str, names: Mapping[str, str] | None, language: str | None) -> str:
    """`name` in `language` (a code like `hy` or `ru-ru`) when `names` has it, else `name`."""
    if not language or not names:
        return name
    return names.get(language.split("-")[0].lower()) or name


def names_clean(names: Mapping[str, Any] | None) -> dict[str, str]:
    """Names per language as stored: trimmed, empty ones left out."""
    cleaned = {code: str(text or "").strip() for code, text in (names or {}).items()}
    return {code: text for code, text in cleaned.items() if text}


@deconstructible
class NamesValidator:
    """Names per language: known languages other than the base, each a text no longer than
    the base name may be."""

    def __init__(self, max_length: int) -> None:
        self.max_length = max_length

    def __call__(self, value: object) -> None:
        if not isinstance(value, dict):
            raise ValidationError(_("Names per language are given as {language: name}."))
        allowed = name_languages()
        for code, text in value.items():
            if code not in allowed:
                raise ValidationError(
                    _("%(language)s is not a language a name can be given in (%(allowed)s).")
                    % {"language": code, "allowed": ", ".join(allowed)}
                )
            if not isinstance(text, str):
                raise ValidationError(_("A name is a text."))
            if error := rules.length_error(text, self.max_length):
                raise ValidationError(error)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, NamesValidator) and other.max_length == self.max_length

    def __hash__(self) -> int:
        return hash(self.max_length)


def names_field(max_length: int = rules.MAX_TEXT_LENGTH, verbose_name: Any = None) -> Any:
    """The `name_i18n` field of an element whose base name holds up to `max_length` (and any
    other text given per language the same way, like an indicator's `unit_i18n`)."""
    return models.JSONField(
        verbose_name or _("names in other languages"),
        default=dict,
        blank=True,
        validators=[NamesValidator(max_length)],
    )


class NamedInLanguages:
    """`display_name`: the element's name in the active language."""

    name: str
    name_i18n: dict[str, str]

    @property
    def display_name(self) -> str:
        return name_in(self.name, self.name_i18n, get_language())


class Dimension(NamedInLanguages, models.Model):
    """A way to break a value down (sex, age group, …). Categories are data, not code."""

    code = models.CharField(_("code"), max_length=40, unique=True, validators=[CODE_VALIDATOR])
    name = models.CharField(_("name"), max_length=200)
    name_i18n = names_field(200)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("disaggregation dimension")
        verbose_name_plural = _("disaggregation dimensions")

    def __str__(self) -> str:
        return self.display_name


class DimensionCategory(NamedInLanguages, models.Model):
    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="categories")
    code = models.CharField(_("code"), max_length=40, validators=[CODE_VALIDATOR])
    name = models.CharField(_("name"), max_length=200)
    name_i18n = names_field(200)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["dimension", "position", "code"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [
            models.UniqueConstraint(fields=["dimension", "code"], name="unique_category_code")
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """A category coded by ISO 3166 (a region `AM-ER`, a citizenship `LKA`) is named by the
        ISO library in a language it was given no name in, and when its name is just its code."""
        language = get_language() or settings.LANGUAGE_CODE
        given = name_in("", self.name_i18n, language)
        if given or not countries.is_place_code(self.code):
            return given or self.name
        other = language.split("-")[0] != settings.LANGUAGE_CODE
        if other and (translated := countries.translated_place_name(self.code, language)):
            return translated
        if self.name.strip() in ("", self.code):
            return countries.place_name(self.code, language)
        return self.name


class PaperSize(models.TextChoices):
    A4 = "a4", _("A4")
    LETTER = "letter", _("US Letter")


class Plan(models.Model):
    code = models.CharField(_("code"), max_length=60, unique=True, validators=[CODE_VALIDATOR])
    title = models.CharField(_("title"), max_length=400)
    # The title in other languages than the base title's, as `name_i18n` is for a name.
    title_i18n = names_field(400)
    country = models.CharField(_("country"), max_length=100)
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"))
    currency = models.CharField(_("currency"), max_length=3, validators=[CURRENCY_VALIDATOR])
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    # Codes from settings.LANGUAGES, comma-separated: which languages documents are issued in.
    languages = models.CharField(_("languages"), max_length=60, default="en")
    # The reporting calendar: a quarter's report is due this many days after the quarter ends;
    # reminders go out this many days before and after the deadline.
    report_deadline_days = models.PositiveSmallIntegerField(_("report deadline (days)"), default=15)
    reminder_days_before = models.PositiveSmallIntegerField(_("reminder before (days)"), default=5)
    reminder_days_after = models.PositiveSmallIntegerField(_("reminder after (days)"), default=3)
    # Progress thresholds (docs/progress.md): on track at progress >= on_track_from, at risk
    # from at_risk_from, off track below; "maintain" indicators may drift this share.
    on_track_from = models.DecimalField(
        _("on track from (progress)"), max_digits=4, decimal_places=2, default=Decimal("0.90")
    )
    at_risk_from = models.DecimalField(
        _("at risk from (progress)"), max_digits=4, decimal_places=2, default=Decimal("0.60")
    )
    maintain_tolerance = models.DecimalField(
        _("tolerance for maintain indicators"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.05"),
    )
    # The paper the plan's documents (annual report, quarterly summary) are laid out on.
    paper_size = models.CharField(
        _("paper size"), max_length=6, choices=PaperSize.choices, default=PaperSize.A4
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-starts_on", "code"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="plan_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        """The title in the active language, else the base title (shown wherever a title is)."""
        return name_in(self.title, self.title_i18n, get_language())

    @property
    def language_list(self) -> list[str]:
        return [code for code in self.languages.split(",") if code]


class StrategicArea(NamedInLanguages, models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="areas")
    code = models.CharField(_("code"), max_length=40, validators=[CODE_VALIDATOR])
    name = models.CharField(_("name"), max_length=300)
    name_i18n = names_field(300)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["plan", "position", "code"]
        verbose_name = _("strategic area")
        verbose_name_plural = _("strategic areas")
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="unique_area_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.display_name}"


class Objective(NamedInLanguages, models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="objectives")
    area = models.ForeignKey(
        StrategicArea,
        verbose_name=_("strategic area"),
        on_delete=models.CASCADE,
        related_name="objectives",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent objective"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
    )
    code = models.CharField(_("code"), max_length=40, validators=[CODE_VALIDATOR])
    name = models.TextField(_("name"))
    name_i18n = names_field()
    kind = models.CharField(_("kind"), max_length=10, choices=ObjectiveKind.choices, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["plan", "position", "code"]
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="unique_objective_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.display_name}"


class Activity(NamedInLanguages, models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="activities")
    objective = models.ForeignKey(
        Objective, verbose_name=_("objective"), on_delete=models.CASCADE, related_name="activities"
    )
    code = models.CharField(_("code"), max_length=40, validators=[CODE_VALIDATOR])
    name = models.TextField(_("activity"))
    name_i18n = names_field()
    lead_agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("lead agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_activities",
    )
    partner_agencies = models.ManyToManyField(
        "agencies.Agency",
        verbose_name=_("partner agencies"),
        blank=True,
        related_name="partner_activities",
    )
    starts_on = models.DateField(_("start"), null=True, blank=True)
    starts_precision = models.CharField(
        max_length=10, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    ends_on = models.DateField(_("planned completion"), null=True, blank=True)
    ends_precision = models.CharField(
        max_length=10, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    result_indicator = models.TextField(_("result indicator"), blank=True)
    budget = models.DecimalField(
        _("budget estimate"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    funding_source = models.CharField(
        _("funding source"), max_length=20, choices=FundingSource.choices, blank=True
    )
    funder = models.CharField(_("donor"), max_length=200, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["plan", "position", "code"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="unique_activity_code"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="activity_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.display_name}"


class Indicator(NamedInLanguages, models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="indicators")
    objective = models.ForeignKey(
        Objective, on_delete=models.CASCADE, null=True, blank=True, related_name="indicators"
    )
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, null=True, blank=True, related_name="indicators"
    )
    code = models.CharField(_("code"), max_length=40, validators=[CODE_VALIDATOR])
    name = models.TextField(_("name"))
    name_i18n = names_field()
    level = models.CharField(
        _("level"), max_length=10, choices=IndicatorLevel.choices, default=IndicatorLevel.OUTPUT
    )
    type = models.CharField(
        _("type"), max_length=12, choices=IndicatorType.choices, default=IndicatorType.NUMBER
    )
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.INCREASE
    )
    unit = models.CharField(_("unit"), max_length=100, blank=True)
    # The unit in other languages than the base unit's, as `name_i18n` is for the name.
    unit_i18n = names_field(100, _("units in other languages"))
    # Numeric indicators use the numbers; qualitative ones describe baseline and targets in words.
    baseline = models.DecimalField(
        _("baseline"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    baseline_text = models.TextField(_("baseline (description)"), blank=True)
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    baseline_source = models.TextField(_("baseline source"), blank=True)
    midterm_target = models.DecimalField(
        _("mid-term target"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    midterm_target_text = models.TextField(_("mid-term target (description)"), blank=True)
    end_target = models.DecimalField(
        _("end target"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    end_target_text = models.TextField(_("end target (description)"), blank=True)
    means_of_verification = models.TextField(_("means of verification"), blank=True)
    frequency = models.CharField(
        _("reporting frequency"),
        max_length=10,
        choices=Frequency.choices,
        default=Frequency.QUARTERLY,
    )
    # Blank means the default for the type (docs/progress.md): numbers are cumulative sums,
    # percentages and rates the latest value averaged across agencies.
    time_aggregation = models.CharField(
        _("aggregation over time"), max_length=10, choices=TimeAggregation.choices, blank=True
    )
    agency_aggregation = models.CharField(
        _("aggregation across agencies"),
        max_length=10,
        choices=AgencyAggregation.choices,
        blank=True,
    )
    responsible_agencies = models.ManyToManyField(
        "agencies.Agency",
        verbose_name=_("responsible agencies"),
        blank=True,
        related_name="indicators",
    )
    dimensions = models.ManyToManyField(
        Dimension, verbose_name=_("disaggregation"), blank=True, related_name="indicators"
    )
    # Headline indicators are the ones the public site shows without a login.
    headline = models.BooleanField(_("headline indicator"), default=False)
    # Values that are numbers of victims pass disclosure control outside the coordinator.
    counts_victims = models.BooleanField(
        _("counts victims"),
        default=False,
        help_text=_(
            "Its values are numbers of victims: small counts are withheld wherever anyone but "
            "the coordinator sees them"
        ),
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["plan", "position", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="unique_indicator_code"),
            models.CheckConstraint(
                condition=Q(objective__isnull=False, activity__isnull=True)
                | Q(objective__isnull=True, activity__isnull=False),
                name="indicator_has_one_parent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.display_name}"

    @property
    def is_qualitative(self) -> bool:
        return self.type == IndicatorType.QUALITATIVE

    @property
    def display_unit(self) -> str:
        """The unit in the active language, else the base unit (shown wherever a unit is)."""
        return name_in(self.unit, self.unit_i18n, get_language())


class Milestone(models.Model):
    """An optional yearly target between the baseline and the end target."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="milestones")
    year = models.PositiveSmallIntegerField(_("year"))
    target = models.DecimalField(_("target"), max_digits=20, decimal_places=4)

    class Meta:
        ordering = ["indicator", "year"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="unique_milestone_year")
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.target}"


class IndicatorAgencyTarget(models.Model):
    """An agency's own target for its share of an indicator that several agencies report:
    its share is judged against this rather than against the national target."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="agency_targets"
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("agency"),
        on_delete=models.CASCADE,
        related_name="indicator_targets",
    )
    target = models.DecimalField(_("target"), max_digits=20, decimal_places=4)
    target_date = models.DateField(_("target date"), null=True, blank=True)

    class Meta:
        ordering = ["indicator", "agency__code"]
        verbose_name = _("agency target")
        verbose_name_plural = _("agency targets")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "agency"], name="unique_indicator_agency_target"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency}: {self.target}"


class PlanPopulation(models.Model):
    """The country's resident population in a year of the plan: the denominator of figures per
    100,000 residents (SDG indicator 16.2.2; the estimate of hidden victims, docs/estimation.md)."""

    plan = models.ForeignKey(
        Plan, models.CASCADE, related_name="populations", verbose_name=_("plan")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    population = models.PositiveBigIntegerField(_("population"))
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering = ["plan", "year"]
        verbose_name = _("population")
        verbose_name_plural = _("populations")
        constraints = [
            models.UniqueConstraint(fields=["plan", "year"], name="plan_population_once_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.population}"
