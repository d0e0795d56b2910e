"""The public site shows the recommendation tracker's summary of a plan only when the
coordinator published it: counts by confirmed status and by source, no text and no comment."""

import pytest
from django.urls import reverse

from coordination.models import (
    ImplementationStatus,
    Recommendation,
    RecommendationSource,
    TrackerPublication,
)
from coordination.services.recommendations import tracker_publish

pytestmark = pytest.mark.django_db

SECRET_TEXT = "Improve the shelters of Gyumri"
SECRET_COMMENT = "The ministry has not answered our letters"


@pytest.fixture
def tracked(plan):
    Recommendation.objects.create(
        plan=plan,
        code="GRETA3-1",
        source=RecommendationSource.GRETA,
        text=SECRET_TEXT,
        status=ImplementationStatus.PARTLY,
        status_comment=SECRET_COMMENT,
    )
    Recommendation.objects.create(
        plan=plan, code="TIP-1", source=RecommendationSource.US_TIP, text="Prosecute more."
    )
    return plan


def _page(client, plan) -> str:
    response = client.get(reverse("public:plan_detail", args=[plan.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_it_shows_nothing_of_an_unpublished_tracker(anonymous, tracked):
    TrackerPublication.objects.create(plan=tracked, published=False)
    html = _page(anonymous, tracked)
    assert "International recommendations" not in html
    assert "Partly implemented" not in html


def test_it_shows_the_published_summary_without_text_or_comment(anonymous, tracked, coordinator):
    tracker_publish(plan=tracked, user=coordinator, published=True)
    html = _page(anonymous, tracked)
    assert "International recommendations" in html
    assert "Partly implemented" in html
    assert "GRETA evaluation" in html
    assert "US TIP report" in html
    assert "Not yet assessed" in html
    assert SECRET_TEXT not in html
    assert SECRET_COMMENT not in html
    assert "GRETA3-1" not in html


def test_it_takes_the_summary_off_when_withdrawn(anonymous, tracked, coordinator):
    tracker_publish(plan=tracked, user=coordinator, published=True)
    tracker_publish(plan=tracked, user=coordinator, published=False)
    assert "International recommendations" not in _page(anonymous, tracked)
