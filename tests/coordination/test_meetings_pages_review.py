"""What a walk through the meetings and tracker pages found: dates written like the rest of the
app (never the ambiguous 05/04/2026), the refused action form shown where its errors are, an
agenda item's recommendations linked, an action's plan elements labelled, "1 activity" in the
singular, and a body named once in its page's breadcrumbs."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from coordination.models import Meeting, Recommendation, RecommendationSource
from coordination.rules import proposed_status
from tests.coordination.meeting_fixtures import pass_action, plan_meeting

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def meeting(working_group, plan, coordinator) -> Meeting:
    return plan_meeting(working_group, plan, coordinator, TODAY)


def test_it_writes_the_dates_of_the_agenda_notes_as_iso_dates(
    working_group, plan, coordinator, reporter_a
):
    first = plan_meeting(working_group, plan, coordinator, datetime.date(2024, 3, 1))
    pass_action(first, reporter_a, "Train border guards", due_on=datetime.date(2024, 5, 4))

    second = plan_meeting(working_group, plan, coordinator, datetime.date(2024, 6, 3))

    notes = second.items.get(order=1).notes
    assert "due 2024-05-04" in notes
    assert "05/04/2024" not in notes


def test_it_writes_the_meeting_dates_on_its_pages_as_iso_dates(meeting, client_of, coordinator):
    day = TODAY.isoformat()
    for name in ("meeting_detail", "meeting_minutes", "meeting_attendance"):
        page = client_of(coordinator).get(reverse(f"coordination:{name}", args=[meeting.pk]))
        assert f"{day}</" in page.content.decode() or f", {day}" in page.content.decode(), name


def test_it_shows_a_refused_action_at_its_form_with_the_fields_stacked(
    meeting, client_of, coordinator, agency_a, reporter_b
):
    url = reverse("coordination:minutes_action_add", args=[meeting.pk])

    response = client_of(coordinator).post(
        url,
        {
            "action-item": meeting.items.get(order=1).pk,
            "action-text": "Count shelter places",
            "action-owner_agency": agency_a.pk,
            "action-owner": reporter_b.pk,  # not of agency A
            "action-due_on": (TODAY - datetime.timedelta(days=1)).isoformat(),
        },
    )

    assert response.status_code == 400
    html = response.content.decode()
    # The browser comes back at the form and its error summary, not at the top of the minutes.
    assert f'action="{url}#new-action"' in html
    assert 'id="new-action"' in html
    assert "does not work for" in html
    assert "is before the meeting" in html
    assert '<div class="field">' in html.split('id="new-action"', 1)[1]


def test_it_links_an_agenda_items_recommendation_and_labels_an_actions_plan_elements(
    meeting, plan, client_of, coordinator, reporter_a
):
    recommendation = Recommendation.objects.create(
        plan=plan, code="GRETA-3-9", source=RecommendationSource.GRETA, text="Train judges."
    )
    item = meeting.items.get(order=1)
    item.recommendations.add(recommendation)
    action = pass_action(meeting, reporter_a, "Ask the academy", due_on=TODAY)
    action.recommendation = recommendation
    action.save()

    html = (
        client_of(coordinator)
        .get(reverse("coordination:meeting_detail", args=[meeting.pk]))
        .content.decode()
    )

    detail = reverse("coordination:recommendation_detail", args=[recommendation.pk])
    assert f'<a href="{detail}">Recommendation GRETA-3-9</a>' in html
    assert "Recommendation GRETA-3-9</td>" in html  # the actions table says what the code is


def test_it_counts_a_single_activity_in_the_singular():
    assert proposed_status(["ongoing"]).reason == "0 of 1 activity completed."
    assert proposed_status(["ongoing", "completed"]).reason == "1 of 2 activities completed."


def test_it_names_the_body_once_in_its_pages_breadcrumbs(working_group, client_of, coordinator):
    html = (
        client_of(coordinator)
        .get(reverse("coordination:body_detail", args=[working_group.pk]))
        .content.decode()
    )

    breadcrumbs = html.split('class="breadcrumbs"', 1)[1].split("</ol>", 1)[0]
    assert breadcrumbs.count(working_group.display_name) == 1
