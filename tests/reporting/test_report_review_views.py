"""The coordinator's review of a submitted report: return it with a comment (required) or
accept it; an accepted report is locked and a correction opens a new version. Nobody else may
do any of it."""

import pytest
from django.urls import reverse

from reporting import services
from reporting.models import EventKind, Report, ReportStatus
from tests.reporting.pages import (
    activities_done,
    detail_url,
    form_post,
    open_report,
    submitted_report,
    total_field,
)


@pytest.fixture
def submitted(plan, agency_a, reporter_a) -> Report:
    return submitted_report(plan, agency_a, reporter_a)


def action_url(name: str, report: Report) -> str:
    return reverse(f"reporting:report_{name}", args=[report.pk])


def test_it_offers_the_coordinator_the_review_actions(client_of, coordinator, submitted):
    page = client_of(coordinator).get(detail_url(submitted)).content.decode()

    assert action_url("accept", submitted) in page
    assert action_url("return", submitted) in page


def test_it_returns_a_report_with_the_coordinator_s_comment(
    client_of, coordinator, reporter_a, submitted
):
    comment = "The number of victims identified is missing its source."

    response = client_of(coordinator).post(action_url("return", submitted), {"comment": comment})

    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == ReportStatus.RETURNED
    event = submitted.events.get(kind=EventKind.RETURNED)
    assert (event.by.username, event.comment) == ("coordinator", comment)
    page = client_of(reporter_a).get(detail_url(submitted)).content.decode()
    assert comment in page
    assert 'class="report-form"' in page  # the agency can correct it


def test_it_requires_a_comment_to_return_a_report(client_of, coordinator, submitted):
    response = client_of(coordinator).post(action_url("return", submitted), {"comment": "  "})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Say what the agency must correct before returning it." in page
    submitted.refresh_from_db()
    assert submitted.status == ReportStatus.SUBMITTED


def test_it_accepts_a_report_and_locks_it(client_of, coordinator, reporter_a, submitted):
    response = client_of(coordinator).post(action_url("accept", submitted))

    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == ReportStatus.ACCEPTED
    page = client_of(reporter_a).get(detail_url(submitted)).content.decode()
    assert 'class="report-form"' not in page
    assert (
        client_of(reporter_a).post(detail_url(submitted), form_post(submitted)).status_code == 403
    )


def test_it_says_why_a_draft_cannot_be_accepted(client_of, coordinator, plan, agency_a, reporter_a):
    draft = open_report(plan, agency_a, reporter_a, "2024-Q2")

    response = client_of(coordinator).post(action_url("accept", draft), follow=True)

    assert 'class="message error"' in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == ReportStatus.DRAFT


def test_it_opens_a_correction_as_a_new_version(client_of, coordinator, reporter_a, submitted):
    client = client_of(coordinator)
    client.post(action_url("accept", submitted))

    response = client.post(action_url("correct", submitted))

    correction = Report.objects.get(
        plan=submitted.plan, agency=submitted.agency, period=submitted.period, version=2
    )
    assert response.url == detail_url(correction)
    assert correction.status == ReportStatus.DRAFT
    assert correction.is_current
    old = client_of(reporter_a).get(detail_url(submitted))
    assert old.status_code == 200
    assert "superseded by a later version" in old.content.decode()


def test_it_keeps_every_version_readable_with_its_history(
    client_of, coordinator, reporter_a, submitted, plan, agency_a
):
    indicator = plan.indicators.get(code="I2.1")
    client = client_of(coordinator)
    client.post(action_url("return", submitted), {"comment": "Add the source."})
    submitted.refresh_from_db()
    reporter = client_of(reporter_a)
    fields = {total_field(indicator): "13", **activities_done(plan, agency_a)}
    reporter.post(detail_url(submitted), form_post(submitted, "submit", **fields))
    client.post(action_url("accept", submitted))
    client.post(action_url("correct", submitted))

    page = reporter.get(action_url("history", submitted)).content.decode()

    assert "Version 1" in page
    assert "Version 2" in page
    assert "Add the source." in page
    for kind in ["Submitted", "Returned with comments", "Accepted", "Correction opened"]:
        assert kind in page
    assert page.count("coordinator") >= 3


@pytest.mark.parametrize("persona", ["reporter_a", "approver_a", "viewer"])
@pytest.mark.parametrize("action", ["return", "accept"])
def test_it_refuses_the_review_to_anyone_but_the_coordinator(
    client_of, request, persona, action, submitted
):
    response = client_of(request.getfixturevalue(persona)).post(
        action_url(action, submitted), {"comment": "No."}
    )

    assert response.status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == ReportStatus.SUBMITTED


@pytest.mark.parametrize("action", ["return", "accept", "correct", "history"])
def test_it_hides_agency_a_s_report_from_agency_b(client_of, reporter_b, action, submitted):
    client = client_of(reporter_b)
    url = action_url(action, submitted)

    response = client.get(url) if action == "history" else client.post(url, {"comment": "x"})

    assert response.status_code == 404


@pytest.mark.parametrize("action", ["return", "accept", "correct", "history"])
def test_it_sends_an_anonymous_visitor_to_sign_in(anonymous, action, submitted):
    url = action_url(action, submitted)

    response = anonymous.get(url) if action == "history" else anonymous.post(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_it_lets_the_agency_open_a_correction_but_not_the_viewer(
    client_of, coordinator, reporter_a, viewer, submitted
):
    client_of(coordinator).post(action_url("accept", submitted))

    refused = client_of(viewer).post(action_url("correct", submitted))
    opened = client_of(reporter_a).post(action_url("correct", submitted))

    assert refused.status_code == 403
    assert opened.status_code == 302
    assert Report.objects.get(pk=submitted.pk).is_current is False


def test_it_shows_the_versions_in_a_bounded_number_of_queries(
    client_of, coordinator, reporter_a, submitted, django_assert_max_num_queries
):
    report = submitted
    for _version in range(4):
        services.report_accept(report=report, user=coordinator)
        report = services.report_correct(report=report, user=coordinator)
        report = services.report_submit(report=report, user=reporter_a, revision=report.revision)
    client = client_of(coordinator)

    with django_assert_max_num_queries(12):
        page = client.get(action_url("history", report)).content.decode()

    assert page.count('class="version"') == 5
