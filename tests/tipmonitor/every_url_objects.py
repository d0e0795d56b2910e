"""The objects the every-URL test opens (tests/tipmonitor/test_every_url.py): a document, a
candidate pair, an estimate of hidden victims, a meeting with its action and a recommendation."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.models import User
from cases.models import CandidatePair, CaseRecord, EstimateStatus, PopulationEstimate
from coordination.models import (
    Action,
    ActionUpdate,
    AgendaItem,
    Body,
    BodyKind,
    Meeting,
    MeetingStatus,
    Membership,
    Recommendation,
    RecommendationSource,
)
from documents.models import Document
from plans.models import Plan


def estimate(coordinator: User) -> PopulationEstimate:
    """An estimate of hidden victims, done and not published."""
    return PopulationEstimate.objects.create(
        year=2024,
        lists=[{"name": name, "agencies": [name]} for name in ("A", "B", "C")],
        method="auto",
        status=EstimateStatus.DONE,
        table=[[1, 0, 0, 20], [0, 1, 0, 15], [1, 1, 0, 12], [0, 0, 1, 30], [1, 0, 1, 11]],
        requested_by=coordinator,
        requested_at=timezone.now(),
    )


def coordination_ids(plan: Plan, agency_a, reporter_a: User) -> dict[str, int]:
    """A working group agency A sits in, its meeting (minutes held, not yet published) with one
    agenda item, an action agency A's reporter owns, and a recommendation the plan answers."""
    body = Body.objects.create(code="WG", name="Working group", kind=BodyKind.WORKING_GROUP)
    Membership.objects.create(body=body, agency=agency_a, representative=reporter_a)
    meeting = Meeting.objects.create(
        body=body, plan=plan, held_on=datetime.date(2024, 3, 1), status=MeetingStatus.HELD
    )
    item = AgendaItem.objects.create(meeting=meeting, order=1, title="Shelter capacity")
    action = Action.objects.create(
        meeting=meeting,
        item=item,
        text="Count shelter places",
        owner_agency=agency_a,
        owner=reporter_a,
        due_on=datetime.date(2024, 4, 1),
    )
    update = ActionUpdate(action=action, status="in_progress", by=reporter_a)
    update.evidence_file.save("count.pdf", ContentFile(b"%PDF-1.7 places"), save=True)
    recommendation = Recommendation.objects.create(
        plan=plan, code="GRETA3-1", source=RecommendationSource.GRETA, text="Identify victims."
    )
    return {
        "body_id": body.pk,
        "meeting_id": meeting.pk,
        "item_id": item.pk,
        "action_id": action.pk,
        "update_id": update.pk,
        "recommendation_id": recommendation.pk,
    }


def document(plan: Plan, *, published: bool = False) -> Document:
    return Document.objects.create(
        plan=plan,
        kind="annual",
        period="2024",
        language="en",
        format="pdf",
        filename="report.pdf",
        content=b"%PDF-1.7",
        created_at=timezone.now(),
        published_at=timezone.now() if published else None,
    )


def pair(agency) -> CandidatePair:
    def made(record_id: str) -> CaseRecord:
        return CaseRecord.objects.create(
            agency=agency, record_id=record_id, imported_at=timezone.now()
        )

    return CandidatePair.objects.create(
        record_a=made("P1"), record_b=made("P2"), match_probability=0.7
    )
