"""Coordination (issue 12): the bodies that steer the plan, their meetings with agendas,
attendance, minutes and the actions they pass; and the international recommendations the plan
answers, traced to its activities.

Rules (who may, which dates, which statuses count) live in `coordination/rules.py`; writes in
`coordination/services/`, reads and permission checks in `coordination/selectors/`.
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from agencies.models import CODE_VALIDATOR, Agency
from plans.models import (
    Activity,
    Indicator,
    NamedInLanguages,
    Plan,
    StrategicArea,
    names_field,
)

# --- Bodies -----------------------------------------------------------------------------------


class BodyKind(models.TextChoices):
    COUNCIL = "council", _("National council")
    WORKING_GROUP = "working_group", _("Working group")
    SUBGROUP = "subgroup", _("Thematic subgroup")
    PROVINCIAL = "provincial", _("Provincial committee")


class Body(NamedInLanguages, models.Model):
    """A coordination body: the national council, the working group, a thematic subgroup, a
    provincial committee. Bodies outlive plans; each meeting says which plan it steers."""

    code = models.CharField(_("code"), max_length=40, unique=True, validators=[CODE_VALIDATOR])
    name = models.CharField(_("name"), max_length=300)
    name_i18n = names_field(300)
    kind = models.CharField(_("kind"), max_length=20, choices=BodyKind.choices)
    chair_agency = models.ForeignKey(
        Agency,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chair agency"),
    )
    parent = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="subbodies",
        verbose_name=_("reports to"),
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("coordination body")
        verbose_name_plural = _("coordination bodies")

    def __str__(self) -> str:
        return self.display_name


class Membership(models.Model):
    """An agency's seat in a body, with its representative (a user of the agency, or a name and
    an e-mail address for someone without an account)."""

    body = models.ForeignKey(
        Body, models.CASCADE, related_name="memberships", verbose_name=_("body")
    )
    agency = models.ForeignKey(Agency, models.CASCADE, related_name="+", verbose_name=_("agency"))
    representative = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("representative"),
    )
    representative_name = models.CharField(_("representative's name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail for invitations"), blank=True)

    class Meta:
        ordering = ["body", "agency__code"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["body", "agency"], name="one_seat_per_agency")
        ]

    def __str__(self) -> str:
        return f"{self.body.code} {self.agency.code}"


# --- Meetings ---------------------------------------------------------------------------------


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("meeting status", "Planned")
    HELD = "held", _("Held (minutes in draft)")
    APPROVED = "approved", _("Minutes approved")
    PUBLISHED = "published", _("Minutes published")


class Meeting(models.Model):
    body = models.ForeignKey(Body, models.PROTECT, related_name="meetings", verbose_name=_("body"))
    plan = models.ForeignKey(Plan, models.CASCADE, related_name="meetings", verbose_name=_("plan"))
    held_on = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts at"), null=True, blank=True)
    ends_at = models.TimeField(_("ends at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    link = models.URLField(_("link to join"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chair"),
    )
    invitations_sent_at = models.DateTimeField(_("invitations sent"), null=True, blank=True)
    approved_at = models.DateTimeField(_("minutes approved"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("minutes approved by"),
    )
    published_at = models.DateTimeField(_("minutes published"), null=True, blank=True)
    # Optimistic locking of the minutes (a second coordinator's save is refused, not lost).
    revision = models.PositiveIntegerField(_("revision"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True)
                | Q(starts_at__isnull=True)
                | Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.body} {self.held_on.isoformat()}"


class AgendaItemKind(models.TextChoices):
    ACTIONS = "actions", _("Actions since the last meeting")
    FLAGGED = "flagged", _("Flagged by the monitoring")
    ITEM = "item", _("Item")


class AgendaItem(models.Model):
    """One item of a meeting's agenda, and (once held) what the minutes say about it."""

    meeting = models.ForeignKey(
        Meeting, models.CASCADE, related_name="items", verbose_name=_("meeting")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(
        _("kind"), max_length=10, choices=AgendaItemKind.choices, default=AgendaItemKind.ITEM
    )
    title = models.CharField(_("title"), max_length=400)
    presenter = models.ForeignKey(
        Agency,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("presenter"),
    )
    minutes_planned = models.PositiveSmallIntegerField(_("minutes planned"), null=True, blank=True)
    # What the item is about: its notes on the agenda (for the two pre-filled items, the
    # actions and flags as they stood when the agenda was drafted).
    notes = models.TextField(_("notes"), blank=True)
    areas = models.ManyToManyField(
        StrategicArea, blank=True, related_name="+", verbose_name=_("areas")
    )
    activities = models.ManyToManyField(
        Activity, blank=True, related_name="+", verbose_name=_("activities")
    )
    indicators = models.ManyToManyField(
        Indicator, blank=True, related_name="+", verbose_name=_("indicators")
    )
    recommendations: models.ManyToManyField["Recommendation", Any] = models.ManyToManyField(
        "Recommendation", blank=True, related_name="agenda_items", verbose_name=_("recommendations")
    )
    # The minutes of the item.
    summary = models.TextField(_("summary"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)

    class Meta:
        ordering = ["meeting", "order", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return self.title

    @property
    def display_title(self) -> str:
        """The title shown: the two items every agenda starts with ("Actions since the last
        meeting", "Flagged by the monitoring") in the active language while they keep the title
        the app gave them (in the language of whoever prepared the agenda); else as typed."""
        if self.kind == AgendaItemKind.ITEM:
            return self.title
        label = AgendaItemKind(self.kind).label
        given = set()
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                given.add(str(label).strip().casefold())
        return str(label) if self.title.strip().casefold() in given else self.title


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    EXCUSED = "excused", _("Excused")
    ABSENT = "absent", _("Absent")


class Attendance(models.Model):
    meeting = models.ForeignKey(
        Meeting, models.CASCADE, related_name="attendance", verbose_name=_("meeting")
    )
    agency = models.ForeignKey(Agency, models.CASCADE, related_name="+", verbose_name=_("agency"))
    status = models.CharField(_("attendance"), max_length=10, choices=AttendanceStatus.choices)
    attendees = models.CharField(_("who attended"), max_length=400, blank=True)

    class Meta:
        ordering = ["meeting", "agency__code"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "agency"], name="one_attendance_per_agency")
        ]

    def __str__(self) -> str:
        return f"{self.meeting} {self.agency.code}: {self.status}"


# --- Actions ----------------------------------------------------------------------------------


class ActionStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("action status", "Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class Action(models.Model):
    """An action the minutes pass: what, who (an agency and a person), by when, about what."""

    meeting = models.ForeignKey(
        Meeting, models.CASCADE, related_name="actions", verbose_name=_("passed at")
    )
    item = models.ForeignKey(
        AgendaItem,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("agenda item"),
    )
    text = models.TextField(pgettext_lazy("meeting action", "action"))
    owner_agency = models.ForeignKey(
        Agency, models.PROTECT, related_name="+", verbose_name=_("owner agency")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    due_on = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    # The day it was marked done or dropped (kept from the update that closed it).
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    area = models.ForeignKey(
        StrategicArea,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("area"),
    )
    activity = models.ForeignKey(
        Activity,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("activity"),
    )
    indicator = models.ForeignKey(
        Indicator,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("indicator"),
    )
    recommendation = models.ForeignKey(
        "Recommendation",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("recommendation"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = pgettext_lazy("meeting action", "action")
        verbose_name_plural = pgettext_lazy("meeting action", "actions")
        indexes = [models.Index(fields=["owner_agency", "status", "due_on"])]

    def __str__(self) -> str:
        return self.text[:80]


class ActionUpdate(models.Model):
    """What an action's owner (or the coordinator) said about it, with its evidence."""

    action = models.ForeignKey(
        Action,
        models.CASCADE,
        related_name="updates",
        verbose_name=pgettext_lazy("meeting action", "action"),
    )
    status = models.CharField(_("status"), max_length=12, choices=ActionStatus.choices)
    comment = models.TextField(_("comment"), blank=True)
    evidence_link = models.URLField(_("evidence (link)"), max_length=500, blank=True)
    evidence_file = models.FileField(
        _("evidence (file)"), upload_to="coordination/evidence/%Y/", blank=True
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["action", "at", "pk"]
        verbose_name = _("action update")
        verbose_name_plural = _("action updates")

    def __str__(self) -> str:
        return f"{self.action_id}: {self.status}"


class ActionReminderKind(models.TextChoices):
    BEFORE = "before", _("Before the due date")
    AFTER = "after", _("After the due date")


class ActionReminder(models.Model):
    """A reminder sent, so that running the reminders again sends none twice."""

    action = models.ForeignKey(
        Action,
        models.CASCADE,
        related_name="reminders",
        verbose_name=pgettext_lazy("meeting action", "action"),
    )
    kind = models.CharField(_("kind"), max_length=6, choices=ActionReminderKind.choices)
    due_on = models.DateField(_("due"))  # the due date it was sent for: a new date, a new one
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("action reminder")
        verbose_name_plural = _("action reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["action", "kind", "due_on"], name="one_action_reminder_per_due_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.action_id} {self.kind} {self.due_on.isoformat()}"


# --- International recommendations ------------------------------------------------------------


class RecommendationSource(models.TextChoices):
    GRETA = "greta", _("GRETA evaluation")
    COP = "cop", _("Committee of the Parties")
    US_TIP = "us_tip", _("US TIP report")
    CEDAW = "cedaw", _("CEDAW")
    UPR = "upr", _("Universal Periodic Review")
    RAPPORTEUR = "rapporteur", _("National rapporteur")
    EVALUATION = "evaluation", _("Evaluation")
    OTHER = "other", _("Other")


class Strength(models.TextChoices):
    """How strongly the recommendation is worded (GRETA's three levels)."""

    URGES = "urges", _("urges")
    CONSIDERS = "considers", _("considers")
    INVITES = "invites", _("invites")


class Theme(models.TextChoices):
    PREVENTION = "prevention", _("Prevention")
    PROTECTION = "protection", _("Protection")
    PROSECUTION = "prosecution", _("Prosecution")
    PARTNERSHIP = "partnership", _("Partnership")


class GovernmentResponse(models.TextChoices):
    ACCEPTED = "accepted", pgettext_lazy("government response", "Accepted")
    NOTED = "noted", _("Noted")


class ImplementationStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    PARTLY = "partly", _("Partly implemented")
    LARGELY = "largely", _("Largely implemented")
    FULLY = "fully", _("Fully implemented")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


class Recommendation(models.Model):
    """A recommendation of an international (or national) monitor that the plan answers."""

    plan = models.ForeignKey(
        Plan, models.CASCADE, related_name="recommendations", verbose_name=_("plan")
    )
    code = models.CharField(_("code"), max_length=40, validators=[CODE_VALIDATOR])
    source = models.CharField(_("source"), max_length=12, choices=RecommendationSource.choices)
    # Which round, report or year of the source: "Third round", "2023".
    cycle = models.CharField(_("round or year"), max_length=60, blank=True)
    reference = models.CharField(_("reference (paragraph)"), max_length=60, blank=True)
    text = models.TextField(_("text"))
    text_i18n = names_field(10000, _("text in other languages"))
    issued_on = models.DateField(_("date"), null=True, blank=True)
    strength = models.CharField(_("wording"), max_length=10, choices=Strength.choices, blank=True)
    theme = models.CharField(_("theme"), max_length=12, choices=Theme.choices, blank=True)
    area = models.ForeignKey(
        StrategicArea,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="recommendations",
        verbose_name=_("plan area"),
    )
    response = models.CharField(
        _("government's response"), max_length=10, choices=GovernmentResponse.choices, blank=True
    )
    # SDG targets, comma-separated: "5.2,8.7,16.2".
    sdg_targets = models.CharField(_("SDG targets"), max_length=60, blank=True)
    high_priority = models.BooleanField(_("high priority"), default=False)
    activities = models.ManyToManyField(
        Activity, blank=True, related_name="recommendations", verbose_name=_("activities")
    )
    agencies = models.ManyToManyField(
        Agency, blank=True, related_name="+", verbose_name=_("responsible agencies")
    )
    # The status the coordinator confirmed (blank until confirmed; the proposed one is
    # computed from the activities, coordination/rules.py).
    status = models.CharField(
        _("implementation status"), max_length=16, choices=ImplementationStatus.choices, blank=True
    )
    status_comment = models.TextField(_("comment on the status"), blank=True)
    status_confirmed_at = models.DateTimeField(_("status confirmed"), null=True, blank=True)
    status_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("status confirmed by"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["plan", "source", "cycle", "code"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="recommendation_code_per_plan")
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def sdg_target_list(self) -> list[str]:
        return [target.strip() for target in self.sdg_targets.split(",") if target.strip()]


class TrackerPublication(models.Model):
    """Whether the public site shows the plan's recommendation tracker summary."""

    plan = models.OneToOneField(
        Plan, models.CASCADE, related_name="tracker_publication", verbose_name=_("plan")
    )
    published = models.BooleanField(_("published"), default=False)
    changed_at = models.DateTimeField(_("changed at"), auto_now=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )

    class Meta:
        verbose_name = _("tracker publication")
        verbose_name_plural = _("tracker publications")

    def __str__(self) -> str:
        return f"{self.plan_id}: {self.published}"
