"""The agency's sign-off on the report page: the reporter sends the report for approval, the
approver approves it (it reaches the coordinator) or sends it back with a comment the reporter
sees; every other role is refused; the history lists who did what; annex 5 carries who
approved it and when."""

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from reporting.models import EventKind, Report, ReportStatus
from reporting.services import (
    ActivityInput,
    ValueInput,
    report_approve,
    report_open,
    report_return,
    report_save,
    report_send_back,
    report_submit,
)
from tests.reporting import sign_off_data
from tests.reporting.pages import detail_url, form_in
from tests.reporting.sign_off_data import PERSONAS, fresh

pytestmark = pytest.mark.django_db

# The shared fixtures (a module attribute is a fixture to pytest).
_fast_password_hashing = sign_off_data._fast_password_hashing
world = sign_off_data.world
ready = sign_off_data.ready
awaiting = sign_off_data.awaiting
approved = sign_off_data.approved


def _approve(client, report: Report, revision: int | None = None):
    url = reverse("reporting:report_approve", args=[report.pk])
    return client.post(url, {"revision": report.revision if revision is None else revision})


def _send_back(client, report: Report, comment: str):
    url = reverse("reporting:report_send_back", args=[report.pk])
    return client.post(url, {"revision": report.revision, "comment": comment})


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_it_sends_the_reporters_submission_for_approval(client_of, ready, reporter_a):
    client = client_of(reporter_a)
    page = client.get(detail_url(ready)).content.decode()
    assert "Send for approval" in page
    assert "Submit to the coordinator" not in page

    response = client.post(detail_url(ready), form_in(page, action="submit"))

    assert response.status_code == 302
    assert any("awaits the agency's approval" in text for text in _messages(response))
    stored = fresh(ready)
    assert stored.status == ReportStatus.AWAITING_APPROVAL
    assert (stored.submitted_by, stored.first_submitted_at) == (reporter_a, None)
    assert stored.events.last().kind == EventKind.FOR_APPROVAL
    again = client.get(detail_url(ready)).content.decode()
    assert "Awaiting the agency&#x27;s approval" in again
    assert 'id="awaiting-note"' in again
    assert "Approve and submit" not in again  # the reporter is not the approver


def test_it_words_the_approvers_own_submission_as_a_sign_off(client_of, ready, approver_a):
    page = client_of(approver_a).get(detail_url(ready)).content.decode()

    assert "Approve and submit to the coordinator" in page


def test_it_keeps_submit_for_an_agency_without_sign_off(client_of, world, agency_b, reporter_b):
    report = report_open(plan=world.plan, agency=agency_b, period="2025-Q2", user=reporter_b)

    page = client_of(reporter_b).get(detail_url(report)).content.decode()

    assert "Submit to the coordinator" in page
    assert "Send for approval" not in page


def test_it_lets_the_approver_approve_and_submit(client_of, awaiting, approver_a):
    client = client_of(approver_a)
    page = client.get(detail_url(awaiting)).content.decode()
    assert "Approve and submit" in page
    assert "Send back to the reporter" in page
    assert "Sent for approval by reporter_a" in page

    response = _approve(client, awaiting)

    assert response.status_code == 302
    assert _messages(response) == ["Report approved and submitted to the coordinator."]
    stored = fresh(awaiting)
    assert stored.status == ReportStatus.SUBMITTED
    assert (stored.approved_by, stored.submitted_by) == (approver_a, approver_a)
    assert stored.first_submitted_at == stored.approved_at == stored.submitted_at
    kinds = list(stored.events.values_list("kind", flat=True))
    assert kinds[-3:] == [EventKind.FOR_APPROVAL, EventKind.APPROVED, EventKind.SUBMITTED]


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "approver_a"])
def test_it_refuses_approval_and_send_back_to_everyone_else(persona, personas, client_of, awaiting):
    client = client_of(personas[persona])

    answers = {
        _approve(client, awaiting).status_code,
        _send_back(client, awaiting, "No").status_code,
    }

    # Agency A's own users and the coordinator see the report (403); the others do not (404):
    # a report awaiting approval is the agency's work in progress.
    assert answers == ({403} if persona in {"reporter_a", "coordinator"} else {404})
    stored = fresh(awaiting)
    assert (stored.status, stored.revision) == (ReportStatus.AWAITING_APPROVAL, awaiting.revision)


def test_it_refuses_an_approval_of_what_the_approver_did_not_read(client_of, awaiting, approver_a):
    response = _approve(client_of(approver_a), awaiting, revision=awaiting.revision - 1)

    assert response.status_code == 302
    assert any("changed this report" in text for text in _messages(response))
    assert fresh(awaiting).status == ReportStatus.AWAITING_APPROVAL


def test_it_refuses_to_approve_a_draft(client_of, ready, approver_a):
    response = _approve(client_of(approver_a), ready)

    assert _messages(response) == ["A report that is Draft cannot be approved."]
    assert fresh(ready).status == ReportStatus.DRAFT


def test_it_needs_a_comment_to_send_back(client_of, awaiting, approver_a):
    response = _send_back(client_of(approver_a), awaiting, "  ")

    assert response.status_code == 200
    assert "Say what the reporter must change before sending it back." in response.content.decode()
    assert fresh(awaiting).status == ReportStatus.AWAITING_APPROVAL


def test_it_sends_back_to_the_reporter_with_the_comment(
    client_of, world, awaiting, approver_a, reporter_a
):
    response = _send_back(client_of(approver_a), awaiting, "Check the June count.")

    assert _messages(response) == ["Report sent back to the reporter with your comment."]
    stored = fresh(awaiting)
    assert stored.status == ReportStatus.DRAFT
    reporter = client_of(reporter_a)
    page = reporter.get(detail_url(stored)).content.decode()
    assert 'id="sent-back-note"' in page
    assert "Check the June count." in page
    assert "Send for approval" in page
    # Fixed and sent again: the comment goes, and the approver sees what changed.
    changed = form_in(page, action="submit", contact_person="B. Clerk")
    assert reporter.post(detail_url(stored), changed).status_code == 302
    assert 'id="sent-back-note"' not in reporter.get(detail_url(stored)).content.decode()
    approver_page = client_of(approver_a).get(detail_url(stored)).content.decode()
    assert "Changed since it was sent back" in approver_page
    assert "B. Clerk" in approver_page


def test_it_sends_an_answer_to_the_coordinator_back_as_returned(
    world, awaiting, approver_a, reporter_a, coordinator
):
    report = report_approve(report=awaiting, user=approver_a, revision=awaiting.revision)
    report = report_return(report=report, user=coordinator, comment="Add the June count.")
    report = report_submit(report=report, user=reporter_a, revision=report.revision)
    assert report.status == ReportStatus.AWAITING_APPROVAL

    report = report_send_back(
        report=report, user=approver_a, comment="Not yet.", revision=report.revision
    )

    assert fresh(report).status == ReportStatus.RETURNED


def test_it_lists_the_sign_off_in_the_history(client_of, awaiting, approver_a, reporter_a):
    report = report_send_back(
        report=awaiting,
        user=approver_a,
        comment="Check the June count.",
        revision=awaiting.revision,
    )
    report = report_submit(report=report, user=reporter_a, revision=report.revision)
    report_approve(report=report, user=approver_a, revision=report.revision)

    page = client_of(reporter_a).get(reverse("reporting:report_history", args=[report.pk]))
    text = page.content.decode()

    for label in (
        "Sent for the agency&#x27;s approval",
        "Sent back by the agency&#x27;s approver",
        "Check the June count.",
        "Approved by the agency",
        "Submitted",
    ):
        assert label in text


def test_it_signs_annex_5_with_the_approver(client_of, approved, approver_a, coordinator):
    approver_a.first_name, approver_a.last_name = "Aram", "Hakobyan"
    approver_a.save()

    page = client_of(coordinator).get(detail_url(approved)).content.decode()

    assert 'id="signature"' in page
    assert "Approved by Aram Hakobyan (National Police) on " in page
    assert "Prepared by" in page
    assert "reporter_a" in page


def test_it_says_annex_5_is_not_approved_yet(client_of, awaiting, reporter_a):
    page = client_of(reporter_a).get(detail_url(awaiting)).content.decode()

    assert "Not approved yet" in page


def test_it_signs_annex_5_of_an_agency_without_sign_off_by_its_submitter(
    client_of, world, agency_b, reporter_b, coordinator
):
    report = report_open(plan=world.plan, agency=agency_b, period="2025-Q3", user=reporter_b)
    report = complete_agency_b(world, report, reporter_b)
    report_submit(report=report, user=reporter_b, revision=report.revision)

    page = client_of(coordinator).get(detail_url(report)).content.decode()

    assert "Submitted by" in page
    assert "reporter_b" in page
    assert "Approved by" not in page
    assert "Not approved" not in page


def complete_agency_b(world, report: Report, user) -> Report:
    return report_save(
        report=report,
        user=user,
        revision=report.revision,
        contact_person="B. Clerk",
        general_observations="",
        values=[
            ValueInput(
                indicator_id=world.shelter.pk, period="2025-Q3", breakdown="", value=Decimal(4)
            )
        ],
        entries=[],
        activities=[ActivityInput(activity_id=world.activity_b.pk, state="ongoing")],
    )


def test_it_keeps_completeness_for_the_approvers_own_submission(ready, approver_a):
    """`complete_q2` made it complete; an approver submitting signs it off at once."""
    report = report_submit(report=ready, user=approver_a, revision=ready.revision)

    assert (report.status, fresh(report).approved_by) == (ReportStatus.SUBMITTED, approver_a)


def test_it_shows_the_sign_off_form_to_the_approver_only_while_it_awaits_approval(
    client_of, ready, approver_a
):
    client = client_of(approver_a)
    draft_page = client.get(detail_url(ready)).content.decode()
    report_submit(report=ready, user=approver_a, revision=ready.revision)
    submitted_page = client.get(detail_url(ready)).content.decode()

    assert 'id="approval"' not in draft_page + submitted_page
