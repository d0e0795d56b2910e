"""The recommendation pages: everyone signed in reads the tracker and a recommendation with its
proposed and confirmed status and the evidence; the coordinator adds, edits, deletes, confirms
a status, uploads and downloads the workbook and publishes the summary."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook

from coordination.models import (
    ImplementationStatus,
    Recommendation,
    RecommendationSource,
    TrackerPublication,
)
from reporting.services import ActivityInput, EntryInput
from tests.progress.progress_data import file_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def recommendation(plan) -> Recommendation:
    recommendation = Recommendation.objects.create(
        plan=plan,
        code="GRETA3-1",
        source=RecommendationSource.GRETA,
        text="Identify victims proactively.",
        high_priority=True,
    )
    recommendation.activities.set([plan.activities.get(code="2.1.1")])
    return recommendation


def _list_url(plan) -> str:
    return reverse("coordination:recommendation_list", args=[plan.pk])


def test_it_shows_the_tracker_to_every_role(plan, recommendation, client_of, personas):
    for user in personas.values():
        page = client_of(user).get(_list_url(plan))
        assert page.status_code == 200, user.username
        assert "GRETA3-1" in page.content.decode()
    assert client_of(personas["viewer"]).get(_list_url(plan)).context["may_edit"] is False


def test_it_filters_the_tracker(plan, recommendation, client_of, viewer):
    Recommendation.objects.create(plan=plan, code="TIP-1", source="us_tip", text="Prosecute.")
    page = client_of(viewer).get(_list_url(plan), {"source": "us_tip"})
    codes = [row.recommendation.code for row in page.context["rows"]]
    assert codes == ["TIP-1"]
    page = client_of(viewer).get(_list_url(plan), {"high_priority": "on"})
    assert [row.recommendation.code for row in page.context["rows"]] == ["GRETA3-1"]


def test_it_shows_the_evidence_and_both_statuses(
    plan, recommendation, client_of, reporter_a, coordinator, viewer
):
    activity = plan.activities.get(code="2.1.1")
    indicator = plan.indicators.get(code="I2.1")
    file_report(
        plan,
        reporter_a,
        "2024-Q1",
        entries=[EntryInput(indicator_id=indicator.pk, comment="Not counted yet.")],
        activities=[
            ActivityInput(activity_id=activity.pk, state="ongoing", comment="Training held.")
        ],
        accept_by=coordinator,
    )
    page = client_of(viewer).get(
        reverse("coordination:recommendation_detail", args=[recommendation.pk])
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "Training held." in html
    assert "Partly implemented" in html  # proposed: one ongoing activity
    assert "Not yet assessed" in html  # nothing confirmed
    assert "Confirm the status" not in html  # the viewer has no form


def test_it_lets_the_coordinator_confirm_a_status(recommendation, client_of, coordinator):
    url = reverse("coordination:recommendation_confirm", args=[recommendation.pk])
    response = client_of(coordinator).post(url, {"status": "largely", "comment": "Mostly done."})
    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.status == ImplementationStatus.LARGELY
    assert recommendation.status_comment == "Mostly done."
    assert recommendation.status_confirmed_by == coordinator


def test_it_refuses_a_status_confirmed_without_a_comment(recommendation, client_of, coordinator):
    url = reverse("coordination:recommendation_confirm", args=[recommendation.pk])

    response = client_of(coordinator).post(url, {"status": "fully", "comment": "  "})

    assert response.status_code == 400
    assert "a confirmed status needs a comment" in response.content.decode()
    recommendation.refresh_from_db()
    assert recommendation.status == ""


def test_it_refuses_a_status_that_is_not_one(recommendation, client_of, coordinator):
    url = reverse("coordination:recommendation_confirm", args=[recommendation.pk])
    response = client_of(coordinator).post(url, {"status": "done", "comment": ""})
    assert response.status_code == 400
    recommendation.refresh_from_db()
    assert recommendation.status == ""


def test_it_refuses_others_the_coordinators_pages(plan, recommendation, client_of, reporter_a):
    client = client_of(reporter_a)
    confirm = reverse("coordination:recommendation_confirm", args=[recommendation.pk])
    assert client.post(confirm, {"status": "fully"}).status_code == 403
    create = reverse("coordination:recommendation_create", args=[plan.pk])
    assert client.get(create).status_code == 403
    publish = reverse("coordination:tracker_publish", args=[plan.pk])
    assert client.post(publish, {"published": "1"}).status_code == 403
    recommendation.refresh_from_db()
    assert recommendation.status == ""


def test_it_adds_a_recommendation_traced_to_activities(plan, client_of, coordinator, agency_a):
    activity = plan.activities.get(code="2.1.2")
    response = client_of(coordinator).post(
        reverse("coordination:recommendation_create", args=[plan.pk]),
        {
            "code": "CEDAW-7",
            "source": "cedaw",
            "text": "Protect migrant women.",
            "sdg_targets": "5.2; 8.7",
            "activities": [activity.pk],
            "agencies": [agency_a.pk],
        },
    )
    assert response.status_code == 302
    created = Recommendation.objects.get(code="CEDAW-7")
    assert created.sdg_targets == "5.2,8.7"
    assert list(created.activities.all()) == [activity]
    assert list(created.agencies.all()) == [agency_a]


def test_it_shows_each_refusal_at_its_field(plan, recommendation, client_of, coordinator):
    response = client_of(coordinator).post(
        reverse("coordination:recommendation_create", args=[plan.pk]),
        {"code": "GRETA3-1", "source": "greta", "text": "Again.", "sdg_targets": "5.2, 99.1"},
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "code" in errors
    assert "99.1 is not an SDG target" in errors["sdg_targets"][0]
    assert Recommendation.objects.count() == 1


def test_it_edits_and_deletes(recommendation, client_of, coordinator):
    client = client_of(coordinator)
    edit = reverse("coordination:recommendation_edit", args=[recommendation.pk])
    assert client.get(edit).status_code == 200
    response = client.post(
        edit, {"code": "GRETA3-1", "source": "greta", "text": "Identify all victims."}
    )
    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.text == "Identify all victims."
    assert recommendation.activities.count() == 0  # the form sent no activity
    delete = reverse("coordination:recommendation_delete", args=[recommendation.pk])
    assert client.get(delete).status_code == 200
    assert client.post(delete).status_code == 302
    assert not Recommendation.objects.exists()


def test_it_publishes_and_withdraws_the_summary(plan, client_of, coordinator):
    url = reverse("coordination:tracker_publish", args=[plan.pk])
    client_of(coordinator).post(url, {"published": "1"})
    assert TrackerPublication.objects.get(plan=plan).published
    client_of(coordinator).post(url, {"published": "0"})
    assert not TrackerPublication.objects.get(plan=plan).published


def _workbook(rows) -> io.BytesIO:
    book = Workbook()
    ws = book.active
    ws.title = "Recommendations"
    ws.append(["Code", "Source", "Text", "Activities"])
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "recommendations.xlsx"
    return buffer


def test_it_uploads_a_workbook_and_shows_its_errors(plan, client_of, coordinator):
    url = reverse("coordination:recommendation_upload", args=[plan.pk])
    client = client_of(coordinator)
    assert client.get(url).status_code == 200
    broken = client.post(url, {"workbook": _workbook([["R1", "greta", "Text", "7.7.7"]])})
    assert broken.status_code == 400
    html = broken.content.decode()
    assert "unknown activity “7.7.7”" in html
    assert "Activities" in html
    assert not Recommendation.objects.exists()
    done = client.post(url, {"workbook": _workbook([["R1", "greta", "Text", "2.1.1"]])})
    assert done.status_code == 302
    assert Recommendation.objects.get(code="R1").activities.get().code == "2.1.1"


def test_it_downloads_the_workbook(plan, recommendation, client_of, viewer):
    response = client_of(viewer).get(reverse("coordination:recommendation_export", args=[plan.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "NAP-TEST-recommendations.xlsx" in response["Content-Disposition"]


def test_it_reads_the_tracker_page_in_a_fixed_number_of_queries(
    plan, recommendation, client_of, viewer
):
    client = client_of(viewer)
    client.get(_list_url(plan))
    with CaptureQueriesContext(connection) as one:
        client.get(_list_url(plan))
    for n in range(10):
        extra = Recommendation.objects.create(plan=plan, code=f"X{n}", source="upr", text="T")
        extra.activities.set(plan.activities.all())
    with CaptureQueriesContext(connection) as eleven:
        client.get(_list_url(plan))
    assert len(eleven.captured_queries) == len(one.captured_queries)
