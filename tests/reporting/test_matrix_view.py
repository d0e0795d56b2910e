"""The submission matrix page: coordinators and viewers read it, everyone else is refused.

2024's quarters have all passed their deadlines (the plan fixture runs 2024–2026), so the page
shows them the same whatever day the tests run."""

import datetime

import pytest
from django.urls import reverse

from plans.models import PlanStatus
from reporting.models import ReportStatus
from tests import factories
from tests.reporting.matrix_data import make_report

D = datetime.date


def matrix_url(plan, **query) -> str:
    url = reverse("reporting:matrix", args=[plan.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def detail_url(report) -> str:
    return reverse("reporting:report_detail", args=[report.pk])


@pytest.fixture
def reports(plan, agency_a, agency_b):
    return {
        "accepted": make_report(
            plan, agency_a, "2024-Q1", ReportStatus.ACCEPTED, submitted=D(2024, 4, 2)
        ),
        "late": make_report(
            plan, agency_a, "2024-Q2", ReportStatus.SUBMITTED, submitted=D(2024, 8, 1)
        ),
        "draft": make_report(plan, agency_b, "2024-Q1", ReportStatus.DRAFT),
    }


def test_it_shows_the_coordinator_every_state_as_text_with_links(
    client_of, coordinator, plan, reports
):
    response = client_of(coordinator).get(matrix_url(plan, year=2024))

    assert response.status_code == 200
    page = response.content.decode()
    assert "<caption>" in page
    assert '<th scope="col" class="quarter">2024-Q1' in page
    assert '<th scope="row">POL <span class="agency-name">Police</span></th>' in page
    for text in ["Accepted", "Submitted late", "Draft", "Not started", "overdue"]:
        assert text in page, text
    # The coordinator may open every report, drafts included.
    for report in reports.values():
        assert detail_url(report) in page
    assert "2024-Q4" in page
    assert "2025-Q1" not in page
    # NGO1 owes nothing in 2025: its cells say so in words, for screen readers too.
    assert '<span class="visually-hidden">Nothing to report</span>' not in page
    # POL: 2 of 4 received, 1 on time; NGO1: 0 of 4.
    assert '50 % <span class="muted">(2 of 4)</span>' in page
    assert '25 % <span class="muted">(1 of 4)</span>' in page
    assert "25 % (2 of 8 expected reports received)" in page


def test_it_shows_a_viewer_the_matrix_without_links_to_drafts(client_of, viewer, plan, reports):
    response = client_of(viewer).get(matrix_url(plan, year=2024))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Draft" in page
    assert detail_url(reports["draft"]) not in page
    assert detail_url(reports["accepted"]) in page
    assert detail_url(reports["late"]) in page


def test_it_shows_every_quarter_of_the_plan_without_a_year(client_of, coordinator, plan):
    page = client_of(coordinator).get(matrix_url(plan)).content.decode()

    assert "2024-Q1" in page
    assert "2026-Q4" in page
    assert '<option value="" selected>All years</option>' in page
    assert page.count('<span class="visually-hidden">Nothing to report</span>') == 8


def test_it_says_which_year_is_wrong(client_of, coordinator, plan):
    response = client_of(coordinator).get(matrix_url(plan, year=1999))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Select a valid choice. 1999 is not one of the available choices." in page
    assert 'id="id_year_error"' in page
    assert "2026-Q4" in page


def test_it_rates_each_strategic_area(client_of, coordinator, plan, reports):
    page = client_of(coordinator).get(matrix_url(plan, year=2024)).content.decode()

    assert '<th scope="row">2 Prevention</th>' in page
    assert '<th scope="row">3 Protection</th>' in page
    assert "none expected yet" in page  # nobody works in protection


@pytest.mark.parametrize("persona", ["reporter_a", "approver_a", "reporter_b", "administrator"])
def test_it_refuses_everyone_but_coordinators_and_viewers(client_of, request, persona, plan):
    user = request.getfixturevalue(persona)

    assert client_of(user).get(matrix_url(plan)).status_code == 403


def test_it_hides_a_draft_plan_from_a_viewer(client_of, viewer, plan):
    plan.status = PlanStatus.DRAFT
    plan.save()

    assert client_of(viewer).get(matrix_url(plan)).status_code == 404


def test_it_answers_404_for_a_plan_that_does_not_exist(client_of, coordinator, db):
    assert client_of(coordinator).get(reverse("reporting:matrix", args=[999])).status_code == 404


def test_it_sends_an_anonymous_visitor_to_sign_in(anonymous, plan):
    response = anonymous.get(matrix_url(plan))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_it_refuses_to_change_anything(client_of, coordinator, plan):
    assert client_of(coordinator).post(matrix_url(plan)).status_code == 405


def test_it_renders_many_agencies_in_a_bounded_number_of_queries(
    client_of, coordinator, plan, django_assert_max_num_queries
):
    objective = plan.areas.get(code="3").objectives.get()
    for n in range(40):
        agency = factories.AgencyFactory()
        factories.IndicatorFactory(objective=objective, responsible=[agency])
        make_report(plan, agency, "2024-Q1", ReportStatus.SUBMITTED, submitted=D(2024, 4, 1))
        make_report(plan, agency, "2024-Q2", ReportStatus.DRAFT, contact_person=f"P{n}")
    client = client_of(coordinator)

    # 9 for the session, user, roles, plan and header; 8 for the matrix, whatever its size.
    with django_assert_max_num_queries(17):
        response = client.get(matrix_url(plan))

    assert response.content.decode().count("Submitted on time</a>") == 40


def test_it_marks_a_correction_with_its_version(client_of, coordinator, viewer, plan, agency_a):
    make_report(
        plan, agency_a, "2024-Q3", ReportStatus.ACCEPTED, submitted=D(2024, 10, 1), is_current=False
    )
    correction = make_report(plan, agency_a, "2024-Q3", ReportStatus.DRAFT, version=2)

    coordinators = client_of(coordinator).get(matrix_url(plan, year=2024)).content.decode()
    viewers = client_of(viewer).get(matrix_url(plan, year=2024)).content.decode()

    assert f'<a href="{detail_url(correction)}">Draft</a> <span class="version">v2</span>' in (
        coordinators
    )
    assert '<td class="cell state-draft">Draft <span class="version">v2</span></td>' in viewers
