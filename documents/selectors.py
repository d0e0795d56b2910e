"""Reads for the annual monitoring report (annex 6) and the quarterly progress summary: who may
prepare and read them, the drafts, the agencies' own words offered as input, and the content
builder (`document_content`) turning the plan, its accepted reports and the drafts into what a
document says (documents/content.py).

Who: the coordinator prepares, generates and publishes; coordinators and viewers read and
download generated documents; everyone else (agency reporters and approvers, administrators) is
refused (403). A plan the user may not see answers 404.

Decisions where the issue is silent (docs/documents.md):
- Only current, accepted reports count, as for progress; a quarter's report counts for the year
  it ends in.
- An area is on track when at least half of its indicators that can be judged (not "no data",
  not "not applicable") are achieved or on track; off track otherwise; not judged without any.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import permissions
from accounts.models import User
from coordination.models import Meeting, MeetingStatus, Membership, RecommendationSource
from documents.content import Comment, Figure, NarrativeBlock, Table
from documents.models import REPORT_KINDS, Document, DocumentKind, NarrativeDraft
from documents.sections import Section
from jobs.models import Job, JobStatus
from plans.models import Frequency, Plan
from plans.selectors import get_plan_for_user
from plans.templatetags.plan_format import format_number
from reporting.models import (
    ActivityState,
    ActivityUpdate,
    Assessment,
    IndicatorEntry,
    Report,
)
from reporting.selectors import counting_reports
from tipmonitor.lib.reporting_periods import Period, parse_period_code, periods_between

GENERATE_JOB = "documents.jobs.generate"
MAX_PENDING_SHOWN = 20

# --- Who may do what --------------------------------------------------------------------------


def get_documents_plan_for_user(user: User, plan_id: int, *, prepare: bool = False) -> Plan:
    """The plan whose documents `user` asks for: 403 unless a coordinator (to prepare) or a
    coordinator or viewer (to read); 404 for a plan they may not see."""
    allowed = (
        permissions.may_prepare_documents(user) if prepare else permissions.may_read_documents(user)
    )
    if not allowed:
        raise PermissionDenied
    return get_plan_for_user(user, plan_id)


def get_document_for_user(user: User, document_id: int, *, manage: bool = False) -> Document:
    """A generated document: coordinators and viewers download a report, only the coordinator
    publishes it (`manage`); 404 when it does not exist, its plan is hidden from the user, or
    it is internal (not published) and the user is not the coordinator. Minutes follow their
    meeting (`get_minutes_meeting_for_user`); a follow-up report is the coordinator's; neither
    is published on the public site (404 to `manage`)."""
    document = Document.objects.select_related("plan").filter(pk=document_id).first()
    if manage:
        if not permissions.may_prepare_documents(user):
            raise PermissionDenied
        if document is None or document.kind not in REPORT_KINDS:
            raise Http404
    elif document is not None and document.kind == DocumentKind.MINUTES:
        return _minutes_document(user, document)
    elif document is not None and document.kind == DocumentKind.FOLLOW_UP:
        if not permissions.may_read_unpublished_documents(user):
            raise PermissionDenied
    elif not permissions.may_read_documents(user):
        raise PermissionDenied
    if document is None:
        raise Http404
    if document.published_at is None and not permissions.may_read_unpublished_documents(user):
        raise Http404
    get_plan_for_user(user, document.plan_id)
    return document


def _minutes_document(user: User, document: Document) -> Document:
    """Minutes follow their meeting: drafts the coordinator's, published ones also its body's
    members' and the viewers' (403 otherwise)."""
    if document.meeting_id is None:
        raise Http404
    meeting = get_minutes_meeting_for_user(user, document.meeting_id)
    if not minutes_documents(meeting, user).filter(pk=document.pk).exists():
        raise Http404  # a draft generated before the minutes were approved
    return document


def get_minutes_meeting_for_user(user: User, meeting_id: int, *, generate: bool = False) -> Meeting:
    """The meeting whose minutes (as documents) `user` asks for: generating them is the
    coordinator's; reading them follows `permissions.may_read_minutes_document`. 404 for a
    meeting that does not exist or whose plan the user may not see, 403 without the right."""
    meeting = Meeting.objects.select_related("body", "plan").filter(pk=meeting_id).first()
    if meeting is None:
        raise Http404
    if generate:
        allowed = permissions.may_manage_coordination(user)
    else:
        allowed = permissions.may_read_minutes_document(
            user,
            published=meeting.status == MeetingStatus.PUBLISHED,
            body_agency_ids=Membership.objects.filter(body_id=meeting.body_id).values_list(
                "agency_id", flat=True
            ),
        )
    if not allowed:
        raise PermissionDenied
    get_plan_for_user(user, meeting.plan_id)
    return meeting


# --- Periods ----------------------------------------------------------------------------------


def document_period(plan: Plan, kind: str, text: str) -> Period:
    """The year (annual report) or quarter (quarterly summary) `text` names, within the plan;
    ValueError saying what is wrong otherwise."""
    period = parse_period_code(text)
    wanted = Frequency.ANNUAL if kind == DocumentKind.ANNUAL else Frequency.QUARTERLY
    if period.frequency != wanted:
        if wanted == Frequency.ANNUAL:
            raise ValueError(_("“%(text)s” is not a year (like 2025).") % {"text": text})
        raise ValueError(_("“%(text)s” is not a quarter (like 2025-Q3).") % {"text": text})
    if period.end < plan.starts_on or period.start > plan.ends_on:
        raise ValueError(
            _("%(period)s is outside the plan's period (%(start)s to %(end)s).")
            % {"period": period.code, "start": plan.starts_on, "end": plan.ends_on}
        )
    return period


def document_periods(plan: Plan, kind: str) -> list[Period]:
    """The years or quarters of the plan a document of `kind` can cover, newest first."""
    frequency = Frequency.ANNUAL if kind == DocumentKind.ANNUAL else Frequency.QUARTERLY
    return list(reversed(periods_between(frequency, plan.starts_on, plan.ends_on)))


def quarter_codes(period: Period) -> list[str]:
    """The quarters whose reports make up `period`."""
    return [
        quarter.code for quarter in periods_between(Frequency.QUARTERLY, period.start, period.end)
    ]


def default_period(plan: Plan, kind: str, today: datetime.date) -> Period:
    """The last year or quarter that has ended by `today` (or the plan's first one)."""
    periods = document_periods(plan, kind)
    ended = [period for period in periods if period.end < today]
    return ended[0] if ended else periods[-1]


# --- Drafts and the agencies' words -----------------------------------------------------------


def narrative_drafts(
    plan: Plan, kind: str, period: str, language: str
) -> dict[str, NarrativeDraft]:
    """Section key -> its draft (one query)."""
    drafts = NarrativeDraft.objects.filter(plan=plan, kind=kind, period=period, language=language)
    return {draft.section: draft for draft in drafts.select_related("updated_by")}


def narrative_blocks(
    sections: list[Section], drafts: dict[str, NarrativeDraft]
) -> dict[str, NarrativeBlock]:
    return {
        section.key: NarrativeBlock(
            section=section,
            title=str(section.title),
            text=drafts[section.key].text if section.key in drafts else "",
        )
        for section in sections
    }


def counted_reports(plan: Plan, period: Period) -> QuerySet[Report]:
    """The current accepted reports of the quarters making up `period`."""
    return counting_reports(plan=plan).filter(period__in=quarter_codes(period))


@dataclass
class Observation:
    agency: str
    quarter: str
    text: str


@dataclass
class AgencyInput:
    """What the agencies wrote that the coordinator may draw on: their general observations
    and their comments on what is off track (indicators assessed off track, activities delayed,
    cancelled or not started)."""

    observations: list[Observation]
    off_track: list[Comment]


def agency_input(plan: Plan, period: Period) -> AgencyInput:
    """Three queries."""
    reports = (
        counted_reports(plan, period)
        .select_related("agency")
        .order_by("period_start", "agency__code")
    )
    observations = [
        Observation(str(report.agency), report.period, report.general_observations)
        for report in reports.exclude(general_observations="")
    ]
    return AgencyInput(observations, off_track_comments(plan, period, area_of=None)[None])


def _agency_name(short_name: str, name: str) -> str:
    return short_name or name


def off_track_comments(
    plan: Plan, period: Period, *, area_of: dict[tuple[str, str], Any] | None
) -> dict[Any, list[Comment]]:
    """Area key (per `area_of`: ("indicator" or "activity", code) -> its area key; None puts every
    comment under None) -> what agencies said about what is off track. Two queries."""
    reports = counted_reports(plan, period)
    entries = (
        IndicatorEntry.objects.filter(report__in=reports, assessment=Assessment.OFF_TRACK)
        .order_by("report__period_start", "report__agency__code", "indicator__position")
        .values_list(
            "report__agency__short_name",
            "report__agency__name",
            "report__period",
            "indicator__code",
            "comment",
            "narrative",
        )
    )
    updates = (
        _behind_updates(reports)
        .order_by("report__period_start", "report__agency__code", "activity__position")
        .values_list(
            "report__agency__short_name",
            "report__agency__name",
            "report__period",
            "activity__code",
            "comment",
            "state",
        )
    )
    # Area key -> (code, text) -> agency -> quarters: the same words from several agencies or
    # quarters print once, with everyone who wrote them.
    found: dict[Any, dict[tuple[str, str], dict[str, list[str]]]] = defaultdict(dict)
    for short, name, quarter, code, comment, narrative in entries:
        text = comment or narrative or _("(assessed off track, no comment)")
        key = None if area_of is None else area_of.get(("indicator", code))
        _said(found[key], code, text, _agency_name(short, name), quarter)
    for short, name, quarter, code, comment, state in updates:
        text = comment or str(ActivityState(state).label)
        key = None if area_of is None else area_of.get(("activity", code))
        _said(found[key], code, text, _agency_name(short, name), quarter)
    return defaultdict(
        list, {key: [_comment(said, who) for said, who in by.items()] for key, by in found.items()}
    )


def _said(
    comments: dict[tuple[str, str], dict[str, list[str]]],
    code: str,
    text: str,
    agency: str,
    quarter: str,
) -> None:
    comments.setdefault((code, text), {}).setdefault(agency, []).append(quarter)


def _comment(said: tuple[str, str], who: dict[str, list[str]]) -> Comment:
    agencies = ", ".join(f"{agency} ({', '.join(quarters)})" for agency, quarters in who.items())
    return Comment(agency=agencies, subject=said[0], text=said[1])


def _behind_updates(reports: QuerySet[Report]) -> QuerySet[ActivityUpdate]:
    behind = [ActivityState.DELAYED, ActivityState.CANCELLED, ActivityState.NOT_STARTED]
    return ActivityUpdate.objects.filter(report__in=reports).filter(
        Q(state__in=behind) & (~Q(comment="") | Q(state=ActivityState.DELAYED))
    )


def indicator_money(plan: Plan, period: Period) -> dict[int, tuple[Decimal, int, int, set[str]]]:
    """Indicator id -> (budget spent, agencies assessing on track, off track, donors) from the
    period's entries. One query, aggregated in the database."""
    rows = (
        IndicatorEntry.objects.filter(report__in=counted_reports(plan, period))
        .order_by()
        .values("indicator_id", "donors")
        .annotate(
            spent=Sum("budget_spent"),
            on=Count("pk", filter=Q(assessment=Assessment.ON_TRACK)),
            off=Count("pk", filter=Q(assessment=Assessment.OFF_TRACK)),
        )
        .values_list("indicator_id", "donors", "spent", "on", "off")
    )
    money: dict[int, tuple[Decimal, int, int, set[str]]] = {}
    for indicator_id, donors, spent, on, off in rows:
        held = money.get(indicator_id, (Decimal(0), 0, 0, set()))
        names = held[3] | ({donors.strip()} if donors.strip() else set())
        money[indicator_id] = (held[0] + (spent or 0), held[1] + on, held[2] + off, names)
    return money


# --- Generated documents ----------------------------------------------------------------------


def documents_of(
    plan: Plan, *, kind: str | None = None, period: str | None = None, published_only: bool = False
) -> QuerySet[Document]:
    """The plan's generated documents, newest first, without their content (one query); only
    the published ones with `published_only` (for anyone but the coordinator: internal
    documents are drafts)."""
    documents = Document.objects.filter(plan=plan).defer("content").select_related("created_by")
    documents = documents.filter(kind__in=REPORT_KINDS)
    if published_only:
        documents = documents.filter(published_at__isnull=False)
    if kind:
        documents = documents.filter(kind=kind)
    if period:
        documents = documents.filter(period=period)
    return documents.order_by("-created_at", "-pk")


def minutes_documents(meeting: Meeting, user: User | None = None) -> QuerySet[Document]:
    """The meeting's generated minutes `user` may read, newest first, without their content:
    all for the coordinator (or `user` None); for anyone else only those generated from the
    approved minutes (after approval), never a draft generated before the last edits."""
    documents = Document.objects.filter(kind=DocumentKind.MINUTES, meeting=meeting)
    if user is not None and not permissions.reads_every_meeting(user):
        if meeting.approved_at is None:
            documents = documents.none()
        else:
            documents = documents.filter(created_at__gte=meeting.approved_at)
    return documents.defer("content").select_related("created_by").order_by("-created_at", "-pk")


def follow_up_documents(plan: Plan) -> QuerySet[Document]:
    """The plan's generated follow-up reports, newest first, without their content."""
    return (
        Document.objects.filter(kind=DocumentKind.FOLLOW_UP, plan=plan)
        .defer("content")
        .select_related("created_by")
        .order_by("-created_at", "-pk")
    )


def generations_pending(plan: Plan, *, subject: str = "") -> list[Job]:
    """The plan's document generations still queued or running, oldest first: those of one
    document with `subject` (services.generation_subject), else every document's of the plan."""
    jobs = Job.objects.filter(
        function=GENERATE_JOB, status__in=[JobStatus.QUEUED, JobStatus.RUNNING]
    )
    if subject:
        jobs = jobs.filter(subject=subject)
    else:
        jobs = jobs.filter(subject__startswith=f"documents:{plan.pk}:")
    return list(jobs.order_by("created_at", "pk")[:MAX_PENDING_SHOWN])


# --- Formatting -------------------------------------------------------------------------------


def number(value: Decimal | int | float | None, places: int = 2) -> str:
    """A figure as the document's language writes it: whole numbers without decimals, others
    rounded to `places`; an em dash for none."""
    if value is None:
        return "—"
    return format_number(value, places)


def percent(value: Decimal | None) -> str:
    if value is None:
        return "—"
    return _("%(value)s %%") % {"value": number(value * 100, 0)}


def money(value: Decimal | int | None, currency: str) -> str:
    if value is None:
        return "—"
    return f"{number(value)} {currency}"


def today() -> datetime.date:
    return timezone.localdate()


def table(
    caption: str,
    columns: list[str],
    rows: list[list[str]],
    numeric: set[int],
    wide: int = -1,
    name: str = "",
) -> Table:
    return Table(caption, columns, rows, frozenset(numeric), wide, name)


def figures(pairs: list[tuple[str, str]]) -> list[Figure]:
    return [Figure(label, value) for label, value in pairs]


# --- Coordination (issue 12) ------------------------------------------------------------------


def recommendation_rounds(plan: Plan) -> list[tuple[str, str, list[str]]]:
    """The sources the plan has recommendations of, in the sources' order, each with its label
    and its rounds (for the follow-up report's form). One query."""
    found: dict[str, set[str]] = defaultdict(set)
    pairs = plan.recommendations.order_by().values_list("source", "cycle").distinct()
    for source, cycle in pairs:
        found[source].add(cycle)
    return [
        (str(value), str(label), sorted(c for c in found[value] if c))
        for value, label in RecommendationSource.choices
        if value in found
    ]
