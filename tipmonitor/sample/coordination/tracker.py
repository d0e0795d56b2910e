"""The demo's recommendation tracker: GRETA's and the TIP report's recommendations created on the
sample plan, traced to its activities and agencies, some statuses confirmed, the tracker's
summary published on the public site."""

import datetime

from coordination import rules
from coordination.models import Recommendation, RecommendationSource, TrackerPublication

from .elements import DAY, Elements, SampleDataError
from .recommendations import (
    GRETA,
    GRETA_ISSUED,
    GRETA_ROUND,
    TIP,
    TIP_ISSUED,
    TIP_YEAR,
    RecommendationData,
)

# When the Secretariat entered them (working group actions of a year and six months ago).
GRETA_ENTERED, TIP_ENTERED = 331, 171
CONFIRMED_AT = datetime.time(11, 30)


def recommendations_create(elements: Elements) -> list[Recommendation]:
    """Every recommendation of the data on the plan; the caller makes sure it has none yet."""
    created = [
        _create(elements, data, RecommendationSource.GRETA, GRETA_ROUND, GRETA_ISSUED)
        for data in GRETA
    ] + [_create(elements, data, RecommendationSource.US_TIP, TIP_YEAR, TIP_ISSUED) for data in TIP]
    entered = {
        RecommendationSource.GRETA: elements.today - GRETA_ENTERED * DAY,
        RecommendationSource.US_TIP: elements.today - TIP_ENTERED * DAY,
    }
    for recommendation in created:
        recommendation.updated_at = recommendation.status_confirmed_at or elements.moment(
            entered[RecommendationSource(recommendation.source)], datetime.time(16, 0)
        )
    Recommendation.objects.bulk_update(created, ["updated_at"])
    elements.recommendations = {r.code: r for r in created}
    return created


def _create(
    elements: Elements,
    data: RecommendationData,
    source: str,
    cycle: str,
    issued_on: datetime.date,
) -> Recommendation:
    targets, error = rules.parse_sdg_targets(data.sdg)
    if error:
        raise SampleDataError(f"{data.code}: {error}")
    recommendation = Recommendation(
        plan=elements.plan,
        code=data.code,
        source=source,
        cycle=cycle,
        reference=data.reference,
        text=data.text,
        issued_on=issued_on,
        strength=data.strength,
        theme=data.theme,
        area=elements.area(data.area),
        response=data.response,
        sdg_targets=",".join(targets),
        high_priority=data.high_priority,
    )
    if data.confirmed is not None:
        recommendation.status = data.confirmed.status
        recommendation.status_comment = data.confirmed.comment
        recommendation.status_confirmed_by = elements.coordinator
        recommendation.status_confirmed_at = elements.moment(
            elements.today - data.confirmed.days_ago * DAY, CONFIRMED_AT
        )
    recommendation.full_clean()
    recommendation.save()
    activities = [elements.activity(code) for code in data.activities]
    recommendation.activities.set(activities)
    leads = [activity.lead_agency for activity in activities if activity.lead_agency]
    others = [elements.agency(code) for code in data.agencies]
    recommendation.agencies.set({agency.pk: agency for agency in [*leads, *others]}.values())
    return recommendation


def tracker_publish(elements: Elements) -> bool:
    """The tracker's summary on the public site, as the coordinator published it; True when
    this run published it (a choice already made, either way, is left alone)."""
    _publication, created = TrackerPublication.objects.get_or_create(
        plan=elements.plan,
        defaults={"published": True, "changed_by": elements.coordinator},
    )
    return created
