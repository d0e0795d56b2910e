"""The agency's sign-off through the JSON API: submit (for approval when the agency signs its
reports off), approve, send back, each with the revision the client read: 409 on a stale one
or a report not in that state, 403 for a role that may not, 404 for a report the user may not
see, 422 with each problem where it is; the report shows who submitted and approved it; data
values posted by a reporter await the agency's approval."""

import json

import pytest

from reporting.models import ReportStatus
from reporting.services import report_open
from tests.openapi import assert_matches_openapi
from tests.reporting import sign_off_data
from tests.reporting.sign_off_data import PERSONAS, fresh

pytestmark = pytest.mark.django_db

_fast_password_hashing = sign_off_data._fast_password_hashing
world = sign_off_data.world
ready = sign_off_data.ready
awaiting = sign_off_data.awaiting
approved = sign_off_data.approved


def _post(client, url: str, body: dict):
    return client.post(url, json.dumps(body), content_type="application/json")


def submit(client, report, revision=None):
    body = {"revision": report.revision if revision is None else revision}
    response = _post(client, f"/api/v1/reports/{report.pk}/submit", body)
    assert_matches_openapi(response, "/api/v1/reports/{report_id}/submit", "post")
    return response


def approve(client, report, revision=None):
    body = {"revision": report.revision if revision is None else revision}
    response = _post(client, f"/api/v1/reports/{report.pk}/approve", body)
    assert_matches_openapi(response, "/api/v1/reports/{report_id}/approve", "post")
    return response


def send_back(client, report, comment: str):
    body = {"revision": report.revision, "comment": comment}
    response = _post(client, f"/api/v1/reports/{report.pk}/send-back", body)
    assert_matches_openapi(response, "/api/v1/reports/{report_id}/send-back", "post")
    return response


def test_it_sends_a_reporters_submission_for_approval(client_of, ready, reporter_a):
    response = submit(client_of(reporter_a), ready)

    assert response.status_code == 200
    shown = response.json()
    assert (shown["status"], shown["submitted_by"], shown["submitted_at"]) == (
        "awaiting_approval",
        "reporter_a",
        None,
    )
    assert (shown["approved_by"], shown["approved_at"]) == (None, None)


def test_it_approves_and_shows_who_and_when(client_of, awaiting, approver_a):
    response = approve(client_of(approver_a), awaiting)

    assert response.status_code == 200
    shown = response.json()
    assert (shown["status"], shown["approved_by"], shown["submitted_by"]) == (
        "submitted",
        "approver_a",
        "approver_a",
    )
    assert shown["approved_at"] is not None
    assert shown["revision"] == awaiting.revision + 1


def test_it_sends_back_with_a_comment(client_of, awaiting, approver_a):
    response = send_back(client_of(approver_a), awaiting, "Check the June count.")

    assert response.status_code == 200
    assert response.json()["status"] == "draft"
    assert fresh(awaiting).events.last().comment == "Check the June count."


def test_it_refuses_a_send_back_without_a_comment_with_where(client_of, awaiting, approver_a):
    response = send_back(client_of(approver_a), awaiting, "   ")

    assert response.status_code == 422
    assert [item["loc"] for item in response.json()["detail"]] == [["body", "comment"]]
    assert fresh(awaiting).status == ReportStatus.AWAITING_APPROVAL


def test_it_refuses_a_stale_revision_with_409(client_of, awaiting, approver_a):
    response = approve(client_of(approver_a), awaiting, revision=awaiting.revision - 1)

    assert response.status_code == 409
    assert "changed this report" in response.json()["detail"]
    assert fresh(awaiting).status == ReportStatus.AWAITING_APPROVAL


def test_it_refuses_to_approve_a_draft_with_409(client_of, ready, approver_a):
    response = approve(client_of(approver_a), ready)

    assert (response.status_code, response.json()["detail"]) == (
        409,
        "A report that is Draft cannot be approved.",
    )


def test_it_refuses_an_incomplete_submission_with_each_problem(
    client_of, world, agency_a, reporter_a, approver_a
):
    draft = report_open(plan=world.plan, agency=agency_a, period="2025-Q3", user=reporter_a)

    response = submit(client_of(reporter_a), draft)

    assert response.status_code == 422
    locations = [item["loc"] for item in response.json()["detail"]]
    assert locations
    assert all(loc[0] == "report" for loc in locations)
    assert fresh(draft).status == ReportStatus.DRAFT


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "approver_a"])
def test_it_lets_only_the_approver_approve_or_send_back(persona, personas, client_of, awaiting):
    client = client_of(personas[persona])

    answers = {approve(client, awaiting).status_code, send_back(client, awaiting, "No").status_code}

    assert answers == ({403} if persona in {"reporter_a", "coordinator"} else {404})
    assert fresh(awaiting).status == ReportStatus.AWAITING_APPROVAL


@pytest.mark.parametrize("persona", ["approver_a", "coordinator", "reporter_b", "viewer"])
def test_it_lets_only_the_agency_submit(persona, personas, client_of, ready):
    response = submit(client_of(personas[persona]), ready)

    expected = {"approver_a": 200, "coordinator": 403}.get(persona, 404)
    assert response.status_code == expected


def test_it_filters_reports_awaiting_approval(client_of, awaiting, coordinator):
    response = client_of(coordinator).get("/api/v1/reports?status=awaiting_approval")
    assert_matches_openapi(response, "/api/v1/reports", "get")

    assert [report["id"] for report in response.json()] == [awaiting.pk]


def test_it_shows_the_sign_off_in_the_report(client_of, approved, coordinator):
    response = client_of(coordinator).get(f"/api/v1/reports/{approved.pk}")
    assert_matches_openapi(response, "/api/v1/reports/{report_id}", "get")

    shown = response.json()
    assert shown["approved_by"] == "approver_a"
    assert [e["kind"] for e in shown["events"]][-3:] == ["for_approval", "approved", "submitted"]


def test_it_records_a_reporters_posted_values_as_awaiting_approval(client_of, ready, reporter_a):
    body = {
        "plan": "NAP-CORE",
        "values": [{"indicator": "M1", "period": "2025-06", "agency": "POL", "value": 8}],
    }
    response = _post(client_of(reporter_a), "/api/v1/data-values", body)
    assert_matches_openapi(response, "/api/v1/data-values", "post")

    assert response.json()["status"] == "awaiting_approval"
    assert fresh(ready).status == ReportStatus.AWAITING_APPROVAL
