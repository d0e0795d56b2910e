"""The minutes of a coordination body's meeting as a document (issue 12), in the plan's languages
and with the annual report's look: the meeting's facts (body, date, place, chair, whether the
minutes are approved), the attendance of every member agency, the agenda, then each item with
its summary, decisions and the actions it passed; under "Actions since the last meeting", the
earlier actions as they stood on the meeting's day.

`minutes_content` reads the meeting in a fixed number of queries (about a dozen, whatever its
size) and returns plain data; `minutes_blocks` lays it out as the blocks both renderers walk
(documents/layout.py).

Where the issue is silent:
- The earlier actions reviewed are the body's actions passed at its earlier meetings that were
  still open on the meeting's day, or were closed since the body's previous meeting.
- An action's status on the meeting's day is that of its latest update made by then (open
  without one); done or dropped after the meeting, it is shown as it stood.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from coordination import rules
from coordination.models import (
    Action,
    ActionStatus,
    ActionUpdate,
    AgendaItem,
    AgendaItemKind,
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingStatus,
    Membership,
)
from documents import selectors as s
from documents.content import Figure, Table
from documents.dates import document_date, end_sentence
from documents.layout import Block, numbered

REVIEWED_STATUSES = (MeetingStatus.HELD, MeetingStatus.APPROVED, MeetingStatus.PUBLISHED)


@dataclass
class MinutesItem:
    number: int
    title: str
    kind: str
    facts: list[Figure]
    notes: str
    summary: str
    decisions: str
    actions: Table
    # The earlier actions as they stood on the meeting's day (the "actions" item only).
    review: Table | None = None


@dataclass
class MinutesContent:
    meeting_id: int
    language: str
    title: str
    subtitle: str
    approved: bool
    status_note: str
    facts: list[Figure]
    attendance: Table
    attendance_summary: str
    agenda: Table
    items: list[MinutesItem]
    # Actions passed outside any agenda item, and the review of earlier actions when the
    # agenda has no "actions since the last meeting" item to put it under.
    other_actions: Table | None
    review: Table | None
    headings: dict[str, str] = field(default_factory=dict)
    paper_size: str = "a4"


def minutes_content(*, meeting: Meeting, language: str) -> MinutesContent:
    """What the minutes of `meeting` say, every text in `language`."""
    with translation.override(language):
        return _MinutesBuilder(meeting, language).build()


class _MinutesBuilder:
    def __init__(self, meeting: Meeting, language: str) -> None:
        self.meeting = (
            Meeting.objects.select_related("body", "plan", "chair", "approved_by")
            .filter(pk=meeting.pk)
            .get()
        )
        self.language = language
        self.day = self.meeting.held_on

    def build(self) -> MinutesContent:
        meeting = self.meeting
        items = list(
            AgendaItem.objects.filter(meeting=meeting)
            .select_related("presenter")
            .prefetch_related("areas", "activities", "indicators", "recommendations")
            .order_by("order", "pk")
        )
        actions = list(_actions().filter(meeting=meeting).order_by("item_id", "due_on", "pk"))
        review = self._review_table()
        has_review_item = any(item.kind == AgendaItemKind.ACTIONS for item in items)
        loose = [action for action in actions if action.item_id is None]
        table, summary = self._attendance()
        approved = meeting.status in (MeetingStatus.APPROVED, MeetingStatus.PUBLISHED)
        return MinutesContent(
            meeting_id=meeting.pk,
            language=self.language,
            title=_("Minutes of the meeting of the %(body)s, %(date)s")
            % {"body": meeting.body.display_name, "date": _date(self.day)},
            subtitle=f"{meeting.plan.display_title} ({meeting.plan.code})",
            approved=approved,
            status_note=self._status_note(approved),
            facts=self._facts(),
            attendance=table,
            attendance_summary=summary,
            agenda=self._agenda(items),
            items=[
                self._item(number, item, actions, review)
                for number, item in enumerate(items, start=1)
            ],
            other_actions=_action_table(loose, _("Other actions passed")) if loose else None,
            review=None if has_review_item or not review.rows else review,
            headings=minutes_headings(),
            paper_size=meeting.plan.paper_size,
        )

    def _status_note(self, approved: bool) -> str:
        meeting = self.meeting
        if not approved:
            return _("Draft: these minutes have not been approved yet.")
        if meeting.approved_by is not None and meeting.approved_at is not None:
            return end_sentence(
                _("Approved by %(who)s on %(date)s.")
                % {
                    "who": meeting.approved_by.display_name,
                    "date": _date(meeting.approved_at.date()),
                }
            )
        return _("Approved.")

    def _facts(self) -> list[Figure]:
        meeting = self.meeting
        pairs = [
            (_("Body"), meeting.body.display_name),
            (_("Date"), _date(self.day)),
        ]
        if meeting.starts_at is not None:
            times = _time(meeting.starts_at)
            if meeting.ends_at is not None:
                times = f"{times}–{_time(meeting.ends_at)}"
            pairs.append((_("Time"), times))
        pairs.append((_("Place"), meeting.place or "—"))
        if meeting.link:
            pairs.append((_("Link to join"), meeting.link))
        pairs.append((_("Chair"), meeting.chair.display_name if meeting.chair else "—"))
        pairs.append((_("Action plan"), f"{meeting.plan.display_title} ({meeting.plan.code})"))
        return s.figures(pairs)

    def _attendance(self) -> tuple[Table, str]:
        """Every member agency and every other agency recorded, with its attendance."""
        recorded = {
            row.agency_id: row
            for row in Attendance.objects.filter(meeting=self.meeting).select_related("agency")
        }
        members = list(
            Membership.objects.filter(body_id=self.meeting.body_id).select_related("agency")
        )
        agencies = {m.agency_id: m.agency for m in members}
        agencies.update({row.agency_id: row.agency for row in recorded.values()})
        labels = dict(AttendanceStatus.choices)
        rows = []
        for agency in sorted(agencies.values(), key=lambda a: (a.code, a.pk)):
            row = recorded.get(agency.pk)
            status = str(labels[row.status]) if row is not None else _("Not recorded")
            rows.append([agency.name, status, (row.attendees if row else "") or "—"])
        rate = rules.attendance_rate(row.status for row in recorded.values())
        summary = _(
            "%(present)s of %(agencies)s agencies present, %(excused)s excused, %(absent)s absent."
        ) % {
            "present": rate.present,
            "agencies": len(agencies),
            "excused": rate.excused,
            "absent": rate.absent,
        }
        columns = [_("Agency"), _("Attendance"), _("Who attended")]
        return s.table(_("Attendance"), columns, rows, set(), 0, "attendance"), summary

    def _agenda(self, items: list[AgendaItem]) -> Table:
        rows = [
            [
                str(number),
                item.display_title,
                str(item.presenter) if item.presenter else "—",
                str(item.minutes_planned) if item.minutes_planned else "—",
            ]
            for number, item in enumerate(items, start=1)
        ]
        columns = [_("No."), _("Item"), _("Presenter"), _("Minutes planned")]
        return s.table(_("Agenda"), columns, rows, {0, 3}, 1, "agenda")

    def _item(
        self, number: int, item: AgendaItem, actions: list[Action], review: Table
    ) -> MinutesItem:
        facts = []
        if item.presenter is not None:
            facts.append((_("Presenter"), item.presenter.name))
        linked = _linked_elements(item)
        if linked:
            facts.append((_("About"), linked))
        passed = [action for action in actions if action.item_id == item.pk]
        return MinutesItem(
            number=number,
            title=item.display_title,
            kind=item.kind,
            facts=s.figures(facts),
            notes=item.notes if item.kind != AgendaItemKind.ACTIONS else "",
            summary=item.summary,
            decisions=item.decisions,
            actions=_action_table(passed, _("Actions passed")),
            review=review if item.kind == AgendaItemKind.ACTIONS else None,
        )

    def _review_table(self) -> Table:
        """The body's earlier actions open on the meeting's day or closed since its previous
        meeting, each as it stood on the day."""
        earlier = Meeting.objects.filter(
            body_id=self.meeting.body_id, held_on__lt=self.day, status__in=REVIEWED_STATUSES
        )
        previous = earlier.order_by("-held_on").values_list("held_on", flat=True).first()
        updates = ActionUpdate.objects.filter(at__date__lte=self.day).order_by("at", "pk")
        candidates = (
            _actions()
            .filter(meeting__in=earlier)
            .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=previous or datetime.date.min))
            .select_related("meeting")
            .prefetch_related(Prefetch("updates", queryset=updates, to_attr="known"))
            .order_by("due_on", "pk")
        )
        statuses = dict(ActionStatus.choices)
        outcomes = rules.action_outcome_labels()
        rows = []
        for action in candidates:
            status, closed_on = _status_on(action, self.day)
            if not rules.action_is_open(status) and (
                previous is not None and closed_on is not None and closed_on <= previous
            ):
                continue
            latest = action.known[-1] if action.known else None
            outcome = rules.action_outcome(status, action.due_on, closed_on, self.day)
            if outcome == "late":
                standing = f"{statuses[status]} ({outcomes[outcome]})"
            else:
                standing = str(outcomes[outcome] if outcome != "open" else statuses[status])
            rows.append(
                [
                    action.text,
                    _owner(action),
                    _date(action.meeting.held_on),
                    _date(action.due_on),
                    standing,
                    _update_text(latest),
                ]
            )
        columns = [
            pgettext("meeting action", "Action"),
            _("Owner"),
            _("Passed on"),
            _("Due"),
            _("Status on the day"),
            _("Latest update"),
        ]
        caption = _("Actions since the last meeting, as they stood on %(date)s") % {
            "date": _date(self.day)
        }
        return s.table(caption, columns, rows, set(), 0, "actions")


def _actions() -> QuerySet[Action]:
    return Action.objects.select_related(
        "owner_agency", "owner", "area", "activity", "indicator", "recommendation"
    )


def _status_on(action: Action, day: datetime.date) -> tuple[str, datetime.date | None]:
    """The action's status on `day` (its latest update by then) and the day it closed."""
    known: list[ActionUpdate] = getattr(action, "known", [])
    status = known[-1].status if known else ActionStatus.OPEN
    if status in rules.CLOSED_ACTION_STATUSES:
        closed_on = action.closed_on if action.closed_on and action.closed_on <= day else None
        return status, closed_on or known[-1].at.date()
    return status, None


def _update_text(update: ActionUpdate | None) -> str:
    if update is None:
        return "—"
    when = _date(update.at.date())
    text = update.comment.strip() or str(ActionStatus(update.status).label)
    if update.evidence_link:
        text = f"{text} ({update.evidence_link})"
    return f"{when}: {text}"


def _owner(action: Action) -> str:
    agency = str(action.owner_agency)
    if action.owner is not None:
        return f"{agency}, {action.owner.display_name}"
    return agency


def _action_link(action: Action) -> str:
    """The plan element (or recommendation) an action is about, by its code."""
    if action.activity is not None:
        return _("Activity %(code)s") % {"code": action.activity.code}
    if action.indicator is not None:
        return _("Indicator %(code)s") % {"code": action.indicator.code}
    if action.recommendation is not None:
        return _("Recommendation %(code)s") % {"code": action.recommendation.code}
    if action.area is not None:
        return _("Area %(code)s") % {"code": action.area.code}
    return "—"


def _action_table(actions: list[Action], caption: str) -> Table:
    rows = [
        [action.text, _owner(action), _date(action.due_on), _action_link(action)]
        for action in actions
    ]
    columns = [
        pgettext("meeting action", "Action"),
        _("Owner (agency, person)"),
        _("Due"),
        _("Linked to"),
    ]
    return s.table(caption, columns, rows, set(), 0, "actions")


def _linked_elements(item: AgendaItem) -> str:
    parts = [
        *(_("Area %(code)s") % {"code": area.code} for area in item.areas.all()),
        *(_("Activity %(code)s") % {"code": a.code} for a in item.activities.all()),
        *(_("Indicator %(code)s") % {"code": i.code} for i in item.indicators.all()),
        *(_("Recommendation %(code)s") % {"code": r.code} for r in item.recommendations.all()),
    ]
    return ", ".join(parts)


def _date(day: datetime.date) -> str:
    return document_date(day)


def _time(moment: datetime.time) -> str:
    return moment.strftime("%H:%M")


def minutes_headings() -> dict[str, str]:
    return {
        "meeting": _("The meeting"),
        "attendance": _("Attendance"),
        "agenda": _("Agenda"),
        "items": _("Items discussed"),
        "summary": _("Summary"),
        "decisions": _("Decisions"),
        "notes": _("Notes"),
        "actions": _("Actions passed"),
        "no_actions": _("No action was passed under this item."),
        "no_review": _("No earlier action was open or closed since the last meeting."),
        "review": _("Actions since the last meeting"),
        "other_actions": _("Other actions passed"),
        "empty": _("(No text yet.)"),
        "page": _("Page"),
    }


# --- Layout -----------------------------------------------------------------------------------


def minutes_blocks(content: MinutesContent) -> list[Block]:
    """The minutes in print order: the meeting, attendance, agenda, each item, the rest."""
    h = content.headings
    blocks = [
        Block("assessment", text=content.status_note, level=0),
        _numbered(h["meeting"], 1),
        Block("figures", figures=content.facts),
        _numbered(h["attendance"], 1),
        Block("text", text=content.attendance_summary),
        Block("table", table=content.attendance, text=""),
        _numbered(h["agenda"], 1),
        Block("table", table=content.agenda, text=""),
        _numbered(h["items"], 1),
    ]
    for item in content.items:
        blocks += _item_blocks(content, item)
    if content.review is not None:
        blocks += [_numbered(h["review"], 1), Block("table", table=content.review, text="")]
    if content.other_actions is not None:
        blocks.append(_numbered(h["other_actions"], 1))
        blocks.append(Block("table", table=content.other_actions, text=""))
    return numbered(blocks)


def _numbered(text: str, level: int) -> Block:
    return Block("heading", text=text, level=level)


def _item_blocks(content: MinutesContent, item: MinutesItem) -> list[Block]:
    h = content.headings

    def sub(key: str) -> Block:
        return Block("heading", text=h[key], level=3, numbered=False)

    blocks = [_numbered(item.title, 2)]
    if item.facts:
        blocks.append(Block("figures", figures=item.facts))
    if item.notes.strip():
        blocks += [sub("notes"), Block("text", text=item.notes)]
    if item.review is not None:
        # "Actions since the last meeting, as they stood on …": not the item's own title again.
        blocks.append(Block("heading", text=item.review.caption, level=3, numbered=False))
        if item.review.rows:
            blocks.append(Block("table", table=item.review, text=""))
        else:
            blocks.append(Block("note", text=h["no_review"]))
    for key, text in (("summary", item.summary), ("decisions", item.decisions)):
        blocks.append(sub(key))
        blocks.append(Block("text", text=text) if text.strip() else Block("note", text=h["empty"]))
    blocks.append(sub("actions"))
    if item.actions.rows:
        blocks.append(Block("table", table=item.actions, text=""))
    else:
        blocks.append(Block("note", text=h["no_actions"]))
    return blocks
