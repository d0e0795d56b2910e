"""The report list and the landing page with the agency's sign-off: an approver lands on their
reports, headed by "N reports await your approval" with links; the coordinator's status filter
offers the new status."""

import pytest
from django.urls import reverse

from reporting.models import Report, ReportStatus
from tests.reporting.matrix_data import make_report


@pytest.fixture
def waiting(plan, agency_a, agency_b, reporter_a):
    agency_a.requires_sign_off = True
    agency_a.save(update_fields=["requires_sign_off"])
    reports = [
        make_report(plan, agency_a, period, ReportStatus.AWAITING_APPROVAL)
        for period in ("2024-Q1", "2024-Q2")
    ]
    Report.objects.filter(pk__in=[r.pk for r in reports]).update(submitted_by=reporter_a)
    # Another agency's report awaiting its approval is not agency A's approver's business.
    make_report(plan, agency_b, "2024-Q1", ReportStatus.AWAITING_APPROVAL)
    return reports


def test_it_lands_an_approver_on_the_reports_awaiting_their_approval(
    client_of, approver_a, waiting
):
    response = client_of(approver_a).get("/", follow=True)

    assert response.redirect_chain[-1][0] == reverse("reporting:report_list")
    page = response.content.decode()
    assert "2 reports await your approval" in page
    for report in waiting:
        assert f'<a href="{reverse("reporting:report_detail", args=[report.pk])}">' in page
    assert "due on 2024-04-15, sent by reporter_a" in page
    assert [r.pk for r in response.context["awaiting_approval"]] == [r.pk for r in waiting]


@pytest.mark.parametrize("persona", ["reporter_a", "reporter_b", "coordinator", "viewer"])
def test_it_shows_no_approval_list_to_anyone_else(client_of, request, waiting, persona):
    page = client_of(request.getfixturevalue(persona)).get(reverse("reporting:report_list"))

    assert page.context["awaiting_approval"] == []
    assert "await your approval" not in page.content.decode()


def test_it_shows_a_reporter_their_report_awaiting_approval_in_the_list(
    client_of, reporter_a, waiting
):
    page = client_of(reporter_a).get(reverse("reporting:report_list")).content.decode()

    assert "Awaiting the agency&#x27;s approval" in page


def test_it_offers_the_coordinator_the_status_as_a_filter(client_of, coordinator, waiting):
    client = client_of(coordinator)
    page = client.get(reverse("reporting:report_list")).content.decode()
    assert '<option value="awaiting_approval">Awaiting the agency&#x27;s approval</option>' in page

    filtered = client.get(reverse("reporting:report_list") + "?status=awaiting_approval")
    rows = [row for section in filtered.context["sections"] for row in section.rows]
    assert {(row.agency.code, row.quarter.code) for row in rows} == {
        ("POL", "2024-Q1"),
        ("POL", "2024-Q2"),
        ("NGO1", "2024-Q1"),
    }
