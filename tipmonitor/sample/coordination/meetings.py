"""The demo's meetings put on the calendar and written through the models: each meeting with its
agenda (the two items every draft agenda starts with, then its own), attendance, minutes, the
actions it passed and what their owners said since.

The next meeting's two pre-filled items are drafted by the service that drafts every agenda
(`coordination.services.agenda.agenda_prefill`). A held meeting's hold what its agenda was shown
then: "Actions since the last meeting" lists the body's earlier actions still open on the
meeting's day and those closed since its previous meeting, each as its updates then had it, in
the agenda's own wording; "Flagged by the monitoring" is what the monitoring flagged as of the
last quarter ended by the meeting (`coordination.selectors.agenda.flagged_by_monitoring`)"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.utils import translation
from django.utils.formats import date_format

from coordination import rules
from coordination.models import (
    Action,
    ActionStatus,
    ActionUpdate,
    AgendaItem,
    AgendaItemKind,
    Attendance,
    AttendanceStatus,
    Body,
    Meeting,
    MeetingStatus,
)
from coordination.selectors.agenda import flagged_by_monitoring, flags_text
from coordination.services.agenda import agenda_prefill

from .elements import DAY, Elements, SampleDataError, working_day
from .schema import ActionData, ItemData, MeetingData

INVITED_AT, APPROVED_AT, PUBLISHED_AT = (
    datetime.time(9, 30),
    datetime.time(16, 0),
    datetime.time(10, 0),
)
UPDATED_AT, MINUTES_TYPED_AT = datetime.time(15, 0), datetime.time(17, 30)
NOTHING_TO_REVIEW = "No action of earlier meetings is open or was closed since the last meeting."
FLAGS_DISCUSSED = (
    "The indicators with an item of their own are discussed there; the other agencies explain "
    "in their next report."
)
FIRST_REVIEW = (
    "The actions of earlier meetings were reviewed on paper, before the body's work moved to "
    "TIP Monitor."
)


@dataclass
class Passed:
    """An action as created, with its data, for the next meetings' review."""

    action: Action
    data: ActionData
    passed_on: datetime.date

    def state_on(self, day: datetime.date) -> tuple[str, datetime.date | None, str]:
        """Its status, closing day and latest comment as its updates stood on `day`."""
        status, closed_on, comment = str(ActionStatus.OPEN), None, ""
        for update in self.data.updates:
            on = self.passed_on + update.day * DAY
            if on > day:
                break
            closed_on = rules.closed_on_for(update.status, status, closed_on, on)
            status, comment = update.status, update.comment
        return status, closed_on, comment


def meetings_create(elements: Elements, meetings: tuple[MeetingData, ...]) -> list[Meeting]:
    """Every meeting of the data, each body's in date order; the caller makes sure the plan has
    none yet."""
    bodies = {body.code: body for body in Body.objects.all()}
    passed: dict[str, list[Passed]] = defaultdict(list)
    previous: dict[str, datetime.date] = {}
    created = []
    with translation.override("en"):
        for data in sorted(meetings, key=lambda meeting: (meeting.body, meeting.day)):
            body = bodies.get(data.body)
            if body is None:
                raise SampleDataError(f"No coordination body {data.body!r} for a meeting.")
            meeting = _meeting(elements, body, data)
            _prefilled(elements, meeting, passed[data.body], previous.get(data.body), data)
            for order, item_data in enumerate(data.items, start=3):
                item = _item(elements, meeting, order, item_data)
                passed[data.body] += [_action(elements, item, a) for a in item_data.actions]
            if meeting.status != MeetingStatus.PLANNED:
                _attendance(elements, meeting, data)
            previous[data.body] = meeting.held_on
            created.append(meeting)
    _backdate(elements, created, [p for rows in passed.values() for p in rows])
    return created


def _meeting(elements: Elements, body: Body, data: MeetingData) -> Meeting:
    held_on = working_day(elements.today + data.day * DAY)
    minutes_done = data.status in (MeetingStatus.APPROVED, MeetingStatus.PUBLISHED)
    invited_on = held_on - 14 * DAY
    meeting = Meeting(
        body=body,
        plan=elements.plan,
        held_on=held_on,
        starts_at=data.starts,
        ends_at=data.ends,
        place=data.place,
        link=data.link,
        status=data.status,
        chair=elements.coordinator if body.code == "WG" else None,
        invitations_sent_at=(
            elements.moment(invited_on, INVITED_AT) if invited_on < elements.today else None
        ),
        approved_at=elements.moment(held_on + 9 * DAY, APPROVED_AT) if minutes_done else None,
        approved_by=elements.coordinator if minutes_done else None,
        published_at=(
            elements.moment(held_on + 11 * DAY, PUBLISHED_AT)
            if data.status == MeetingStatus.PUBLISHED
            else None
        ),
    )
    meeting.full_clean()
    meeting.save()
    return meeting


def _prefilled(
    elements: Elements,
    meeting: Meeting,
    earlier: list[Passed],
    previous: datetime.date | None,
    data: MeetingData,
) -> None:
    """The two items every draft agenda starts with. The next meeting's are drafted today by
    the service that drafts every agenda; a held meeting's hold what its agenda was shown: the
    actions as their updates stood on its day, the flags as the monitoring gave them then."""
    if meeting.status == MeetingStatus.PLANNED:
        agenda_prefill(meeting, today=elements.today)
        return
    lines, counts = _review(earlier, previous, meeting.held_on)
    review = AgendaItem(
        meeting=meeting,
        order=1,
        kind=AgendaItemKind.ACTIONS,
        title="Actions since the last meeting",
        minutes_planned=20,
        notes="\n".join(lines) if previous is not None else FIRST_REVIEW,
        summary=counts if previous is not None else "",
        decisions=data.review,
    )
    review.full_clean()
    review.save()
    flags = flagged_by_monitoring(meeting, today=meeting.held_on)
    flagged = AgendaItem(
        meeting=meeting,
        order=2,
        kind=AgendaItemKind.FLAGGED,
        title="Flagged by the monitoring",
        minutes_planned=20,
        notes=flags_text(flags),
        summary="" if flags.empty else FLAGS_DISCUSSED,
    )
    flagged.full_clean()
    flagged.save()
    flagged.indicators.set([row.indicator for row in flags.indicators])


def _review(
    earlier: list[Passed], previous: datetime.date | None, day: datetime.date
) -> tuple[list[str], str]:
    """The lines of the actions review on `day`, as the agenda writes them
    (coordination.selectors.agenda), and its count for the minutes."""
    lines: list[str] = []
    outcomes: list[str] = []
    for row in earlier:
        status, closed_on, comment = row.state_on(day)
        if closed_on is not None and (previous is None or closed_on <= previous):
            continue
        outcomes.append(rules.action_outcome(status, row.action.due_on, closed_on, day))
        lines.append(_review_line(row.action, status, comment, day))
    done = sum(1 for outcome in outcomes if outcome.startswith("done"))
    still_open = sum(1 for outcome in outcomes if outcome in ("open", "late"))
    counts = (
        f"{len(outcomes)} actions reviewed: {done} done, {outcomes.count('dropped')} dropped, "
        f"{still_open} still open, {outcomes.count('late')} of them late."
    )
    return lines or [NOTHING_TO_REVIEW], counts


def _review_line(action: Action, status: str, comment: str, day: datetime.date) -> str:
    owner = action.owner_agency.code
    if action.owner is not None:
        owner = f"{owner}, {action.owner.get_full_name() or action.owner.get_username()}"
    line = (
        f"– {action.text} — {owner}; due {date_format(action.due_on, 'SHORT_DATE_FORMAT')}; "
        f"{ActionStatus(status).label}"
    )
    if rules.action_is_overdue(status, action.due_on, day):
        line += " (overdue)"
    return line + (f"\n    Latest update: {comment}" if comment else "")


def _item(elements: Elements, meeting: Meeting, order: int, data: ItemData) -> AgendaItem:
    held = meeting.status != MeetingStatus.PLANNED
    item = AgendaItem(
        meeting=meeting,
        order=order,
        kind=AgendaItemKind.ITEM,
        title=data.title,
        presenter=elements.agency(data.presenter),
        minutes_planned=data.minutes,
        summary=data.summary if held else "",
        decisions=data.decisions if held else "",
    )
    item.full_clean()
    item.save()
    item.activities.set([elements.activity(code) for code in data.activities])
    item.areas.set({elements.area_of(code) for code in data.activities})
    item.indicators.set([elements.indicator(code) for code in data.indicators])
    found = [elements.recommendation(code) for code in data.recommendations]
    item.recommendations.set([recommendation for recommendation in found if recommendation])
    return item


def _action(elements: Elements, item: AgendaItem, data: ActionData) -> Passed:
    passed_on = item.meeting.held_on
    row = Passed(action=Action(), data=data, passed_on=passed_on)
    status, closed_on, _comment = row.state_on(elements.today)
    if data.updates and passed_on + data.updates[-1].day * DAY > elements.today:
        raise SampleDataError(f"An update of {data.text!r} falls after the demo's today.")
    action = Action(
        meeting=item.meeting,
        item=item,
        text=data.text,
        owner_agency=elements.agency(data.owner),
        owner=elements.user(data.user) if data.user else None,
        due_on=passed_on + data.due * DAY,
        status=status,
        closed_on=closed_on,
        activity=elements.activity(data.activity) if data.activity else None,
        area=elements.area_of(data.activity) if data.activity else None,
        indicator=elements.indicator(data.indicator) if data.indicator else None,
        recommendation=(
            elements.recommendation(data.recommendation) if data.recommendation else None
        ),
    )
    action.full_clean()
    action.save()
    row.action = action
    for update in data.updates:
        written = ActionUpdate(
            action=action,
            status=update.status,
            comment=update.comment,
            evidence_link=update.link,
            by=elements.user(update.by) if update.by else elements.coordinator,
        )
        written.full_clean()
        written.save()
    return row


def _attendance(elements: Elements, meeting: Meeting, data: MeetingData) -> None:
    rows = []
    for membership in meeting.body.memberships.select_related("agency", "representative"):
        code = membership.agency.code
        status = (
            AttendanceStatus.ABSENT
            if code in data.absent
            else AttendanceStatus.EXCUSED
            if code in data.excused
            else AttendanceStatus.PRESENT
        )
        person = membership.representative
        name = person.display_name if person else membership.representative_name
        rows.append(
            Attendance(
                meeting=meeting,
                agency=membership.agency,
                status=status,
                attendees=name if status == AttendanceStatus.PRESENT else "",
            )
        )
    for row in rows:
        row.full_clean(validate_unique=False)
    Attendance.objects.bulk_create(rows)


def _backdate(elements: Elements, meetings: list[Meeting], passed: list[Passed]) -> None:
    """The moments the models stamp on saving, moved to when it all happened."""
    for meeting in meetings:
        meeting.created_at = elements.moment(meeting.held_on - 21 * DAY, INVITED_AT)
        meeting.updated_at = (
            meeting.published_at
            or meeting.approved_at
            or elements.moment(meeting.held_on + DAY, MINUTES_TYPED_AT)
        )
    Meeting.objects.bulk_update(meetings, ["created_at", "updated_at"])
    actions, updates = [], []
    for row in passed:
        row.action.created_at = elements.moment(row.passed_on, MINUTES_TYPED_AT)
        row.action.updated_at = row.action.created_at
        written = list(row.action.updates.order_by("pk"))
        for update, data in zip(written, row.data.updates, strict=True):
            update.at = elements.moment(row.passed_on + data.day * DAY, UPDATED_AT)
            row.action.updated_at = update.at
        actions.append(row.action)
        updates += written
    Action.objects.bulk_update(actions, ["created_at", "updated_at"])
    ActionUpdate.objects.bulk_update(updates, ["at"])
