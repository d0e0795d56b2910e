"""What the two pre-filled agenda items hold: the actions since the body's last meeting, and
what the monitoring flags. The agenda stores them as text when it is drafted (the record of
what the meeting was shown); the meeting page reads them again, live.

"Actions since the last meeting" (the Armenian working group's lesson: actions passed at one
meeting must come back at the next): every action passed at the body's earlier meetings that
is still open or in progress (overdue ones marked), and those done or dropped since the body's
previous meeting, each with its owner, due date, status and the latest word of its owner.

"Flagged by the monitoring": what the progress and reporting pages already flag, as of the
newest quarter ended by the meeting (or by today, for a meeting still ahead):
- indicators computed off track or at risk, and those an agency's own assessment contradicts
  (`progress.selectors.flagged`);
- agencies whose report for the quarter is late (not received after its deadline), assesses
  indicators as off track or lacks values it owes (`reporting.selectors.matrix.attention_list`),
  and agencies whose assessment contradicts the computed status.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _

from coordination.models import Action, ActionUpdate, Meeting
from coordination.rules import action_is_open, action_is_overdue
from plans.models import Indicator, Plan
from progress.engine import Status
from progress.selectors import agency_assessments, indicator_progress, judged
from reporting.matrix import due_date
from reporting.selectors.matrix import attention_list, default_quarter
from tipmonitor.lib.reporting_periods import Period

WORRYING = (Status.OFF_TRACK, Status.AT_RISK)

# --- Actions since the last meeting ----------------------------------------------------------


@dataclass(frozen=True)
class ActionLine:
    action: Action
    latest: ActionUpdate | None
    overdue: bool

    @property
    def comment(self) -> str:
        return self.latest.comment if self.latest is not None else ""


def previous_meeting(meeting: Meeting) -> Meeting | None:
    """The body's meeting before this one (by date, then by creation for the same day)."""
    earlier = Meeting.objects.filter(body_id=meeting.body_id).exclude(pk=meeting.pk)
    earlier = earlier.filter(
        Q(held_on__lt=meeting.held_on) | Q(held_on=meeting.held_on, pk__lt=meeting.pk or 0)
    )
    return earlier.order_by("-held_on", "-pk").first()


def actions_since_last_meeting(meeting: Meeting, *, today: datetime.date) -> list[ActionLine]:
    """The actions of the body's earlier meetings that are open, and those closed since its
    previous meeting, with each one's latest update. Three queries."""
    previous = previous_meeting(meeting)
    if previous is None:
        return []
    still_open = Q(status__in=["open", "in_progress"])
    closed_since = Q(closed_on__gte=previous.held_on)
    updates = ActionUpdate.objects.select_related("by").order_by("-at", "-pk")
    actions = (
        Action.objects.filter(body_meetings_before(meeting, previous))
        .filter(still_open | closed_since)
        .select_related("owner_agency", "owner", "meeting")
        .prefetch_related(Prefetch("updates", queryset=updates, to_attr="newest_first"))
        .order_by("due_on", "pk")
    )
    return [
        ActionLine(
            action=action,
            latest=_newest(action),
            overdue=action_is_overdue(action.status, action.due_on, today),
        )
        for action in actions
    ]


def _newest(action: Action) -> ActionUpdate | None:
    updates: list[ActionUpdate] = getattr(action, "newest_first", [])
    return updates[0] if updates else None


def body_meetings_before(meeting: Meeting, previous: Meeting) -> Q:
    """The actions passed at the body's meetings up to and including `previous`."""
    return Q(meeting__body_id=meeting.body_id) & (
        Q(meeting__held_on__lt=previous.held_on)
        | Q(meeting__held_on=previous.held_on, meeting__pk__lte=previous.pk)
    )


def actions_text(lines: list[ActionLine]) -> str:
    """The snapshot of the actions as the agenda stores it, one line each."""
    if not lines:
        return _("No action of earlier meetings is open or was closed since the last meeting.")
    return "\n".join(_action_line(line) for line in lines)


def _action_line(line: ActionLine) -> str:
    action = line.action
    owner = action.owner_agency.code
    if action.owner is not None:
        owner = f"{owner}, {action.owner.get_full_name() or action.owner.get_username()}"
    text = _("%(text)s — %(owner)s; due %(due)s; %(status)s") % {
        "text": " ".join(action.text.split()),
        "owner": owner,
        "due": action.due_on.isoformat(),
        "status": action.get_status_display(),
    }
    if line.overdue:
        text += " " + _("(overdue)")
    if line.comment:
        text += "\n    " + _("Latest update: %(comment)s") % {
            "comment": " ".join(line.comment.split())
        }
    return "– " + text


def open_count(lines: list[ActionLine]) -> int:
    return sum(1 for line in lines if action_is_open(line.action.status))


# --- Flagged by the monitoring ---------------------------------------------------------------


@dataclass
class FlaggedIndicator:
    indicator: Indicator
    status: str
    status_label: str
    # "POL: on track" for each agency whose own assessment contradicts the status.
    disagreeing: list[str] = field(default_factory=list)


@dataclass
class FlaggedAgency:
    code: str
    name: str
    reasons: list[str]
    pk: int | None = None


@dataclass
class Flags:
    quarter: Period
    indicators: list[FlaggedIndicator]
    agencies: list[FlaggedAgency]

    @property
    def empty(self) -> bool:
        return not self.indicators and not self.agencies


def monitoring_quarter(plan: Plan, meeting: Meeting, today: datetime.date) -> Period:
    return default_quarter(plan, min(today, meeting.held_on))


def flagged_by_monitoring(meeting: Meeting, *, today: datetime.date) -> Flags:
    """The plan's indicators and agencies the monitoring flags for the meeting, counting
    accepted reports only. Statuses and codes, never values: the agenda goes to every member,
    and a status gives back no count of victims that disclosure control would withhold."""
    plan = meeting.plan
    quarter = monitoring_quarter(plan, meeting, today)
    rows = judged(
        indicator_progress(plan, as_of=quarter),
        agency_assessments(plan, as_of=quarter),
    )
    members = set(meeting.body.memberships.values_list("agency_id", flat=True))
    remit = _indicators_of(plan, members)
    indicators: list[FlaggedIndicator] = []
    disagreeing_by_agency: dict[str, tuple[str, list[str], int]] = {}
    for row in rows:
        if row.status not in WORRYING and not row.flagged:
            continue
        if remit is not None and row.indicator.pk not in remit:
            continue
        flagged = FlaggedIndicator(row.indicator, row.status, str(Status(row.status).label))
        for assessment in row.disagreeing:
            flagged.disagreeing.append(f"{assessment.agency.code}: {assessment.label}")
            entry = disagreeing_by_agency.setdefault(
                assessment.agency.code, (assessment.agency.name, [], assessment.agency.pk)
            )
            entry[1].append(row.indicator.code)
        indicators.append(flagged)
    agencies = _flagged_agencies(plan, quarter, disagreeing_by_agency, today)
    if members:
        agencies = [agency for agency in agencies if agency.pk in members]
    return Flags(quarter, indicators, agencies)


def _indicators_of(plan: Plan, members: set[int]) -> set[int] | None:
    """The plan's indicators in a body's remit: those a member agency is responsible for, or
    whose activity a member leads. None (every indicator) for a body without members, or
    whose members answer for every indicator (the working group)."""
    if not members:
        return None
    answered: dict[int, set[int]] = {}
    responsible = Indicator.responsible_agencies.through.objects.filter(indicator__plan=plan)
    for indicator_id, agency_id in responsible.values_list("indicator_id", "agency_id"):
        answered.setdefault(indicator_id, set()).add(agency_id)
    leads = Indicator.objects.filter(plan=plan, activity__lead_agency__isnull=False)
    for indicator_id, agency_id in leads.values_list("pk", "activity__lead_agency_id"):
        answered.setdefault(indicator_id, set()).add(agency_id)
    every = set(Indicator.objects.filter(plan=plan).values_list("pk", flat=True))
    remit = {pk for pk in every if answered.get(pk, set()) & members}
    return None if remit == every else remit


def _flagged_agencies(
    plan: Plan,
    quarter: Period,
    disagreeing: dict[str, tuple[str, list[str], int]],
    today: datetime.date,
) -> list[FlaggedAgency]:
    by_code: dict[str, FlaggedAgency] = {}
    deadline = due_date(quarter.end, plan.report_deadline_days)
    for row in attention_list(plan, quarter=quarter).rows:
        reasons = []
        if not row.received and deadline < today:
            reasons.append(
                _("report for %(quarter)s not received (due %(due)s)")
                % {"quarter": quarter.code, "due": deadline.isoformat()}
            )
        if row.off_track:
            codes = ", ".join(entry.indicator.code for entry in row.off_track)
            reasons.append(_("assesses as off track: %(codes)s") % {"codes": codes})
        if row.missing:
            missing = ", ".join(sorted({value.indicator.code for value in row.missing}))
            reasons.append(_("values not reported: %(codes)s") % {"codes": missing})
        if reasons:
            by_code[row.agency.code] = FlaggedAgency(
                row.agency.code, row.agency.name, reasons, row.agency.pk
            )
    for code, (name, indicators, pk) in disagreeing.items():
        reason = _("disagrees with the computed status: %(codes)s") % {
            "codes": ", ".join(indicators)
        }
        by_code.setdefault(code, FlaggedAgency(code, name, [], pk)).reasons.append(reason)
    return [by_code[code] for code in sorted(by_code)]


def flags_text(flags: Flags) -> str:
    """The snapshot of the flags as the agenda stores it."""
    if flags.empty:
        return _("Nothing flagged by the monitoring as of %(quarter)s.") % {
            "quarter": flags.quarter.code
        }
    lines = [_("As of %(quarter)s:") % {"quarter": flags.quarter.code}]
    for indicator in flags.indicators:
        line = _("– Indicator %(code)s %(name)s: %(status)s") % {
            "code": indicator.indicator.code,
            "name": indicator.indicator.display_name,
            "status": indicator.status_label,
        }
        if indicator.disagreeing:
            line += " " + _("(agencies say: %(said)s)") % {"said": "; ".join(indicator.disagreeing)}
        lines.append(line)
    for agency in flags.agencies:
        lines.append(
            _("– Agency %(code)s %(name)s: %(reasons)s")
            % {"code": agency.code, "name": agency.name, "reasons": "; ".join(agency.reasons)}
        )
    return "\n".join(lines)
