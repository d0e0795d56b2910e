"""Who prepared a report and who signed it off (annex 5's signature line), for the report page
and its workbook.

`prepared_by` is the person who sent the version on for the last time: the reporter who sent it
for the agency's approval, or whoever submitted it when nobody had to approve it (an approver's
own submission too). `report.submitted_by` cannot say it, since an approval submits the report in
the approver's name. A return by the coordinator or a send-back by the approver starts a new
round. While a report awaits approval, `submitted_by` is its sender (what the approvers' list
and reminders show, without reading events)."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from accounts.models import User
from reporting.models import EventKind, Report, ReportEvent, ReportStatus

# The statuses in which a report has been prepared and sent on (and not sent back since).
SENT_ON = frozenset({ReportStatus.AWAITING_APPROVAL, ReportStatus.SUBMITTED, ReportStatus.ACCEPTED})


@dataclass(frozen=True)
class Signature:
    prepared_by: User | None
    prepared_at: datetime | None
    approved_by: User | None
    approved_at: datetime | None
    # The agency signs its reports off (so "not approved yet" is worth saying).
    needs_sign_off: bool

    @property
    def awaits_approval(self) -> bool:
        return self.needs_sign_off and self.approved_by is None


def report_signature(report: Report, events: Iterable[ReportEvent] | None = None) -> Signature:
    """The report's signature line; `events` are its events in order (loaded if not given)."""
    if events is None:
        events = report.events.select_related("by").order_by("at", "pk")
    prepared: ReportEvent | None = None
    for event in events:
        if event.kind in (EventKind.RETURNED, EventKind.SENT_BACK, EventKind.CORRECTION):
            prepared = None
        elif event.kind == EventKind.FOR_APPROVAL or (
            event.kind in (EventKind.APPROVED, EventKind.SUBMITTED) and prepared is None
        ):
            prepared = event
    sent_on = report.status in SENT_ON
    by: User | None = prepared.by if prepared and sent_on else None
    at = prepared.at if prepared and sent_on else None
    if by is None and sent_on and report.submitted_by_id is not None:
        # Values imported in bulk: whoever sent them in, when they did.
        by, at = report.submitted_by, report.submitted_at
    return Signature(
        prepared_by=by,
        prepared_at=at,
        approved_by=report.approved_by if report.approved_by_id else None,
        approved_at=report.approved_at,
        needs_sign_off=bool(report.agency.requires_sign_off),
    )
