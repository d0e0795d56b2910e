"""My reports: the quarters each agency owes a report for, with the state of each report and a
button to start or open it; the coordinator and viewers follow every agency."""

import re

import pytest
from django.urls import reverse

from reporting.models import Report, ReportStatus
from tests import factories
from tests.reporting.pages import detail_url, open_report, submitted_report

LIST_URL = reverse("reporting:report_list")


def rows(page: str) -> list[str]:
    body = page[page.index("<tbody") : page.rindex("</tbody>")]
    return re.split(r"<tr\b[^>]*>", body)[1:]


def row_of(page: str, quarter: str, agency_name: str = "") -> str:
    header = re.compile(rf'<th scope="row"[^>]*>{re.escape(quarter)}</th>')
    found = [row for row in rows(page) if header.search(row) and agency_name in row]
    assert len(found) == 1, f"{quarter} {agency_name}: {len(found)} rows"
    return found[0]


def test_it_lists_the_quarters_the_agency_owes_with_their_state(
    client_of, reporter_a, plan, agency_a
):
    submitted_report(plan, agency_a, reporter_a, "2024-Q1")
    open_report(plan, agency_a, reporter_a, "2024-Q2")

    page = client_of(reporter_a).get(LIST_URL).content.decode()

    assert "My reports" in page
    assert "Submitted" in row_of(page, "2024-Q1")
    assert "Draft" in row_of(page, "2024-Q2")
    q3 = row_of(page, "2024-Q3")
    assert "Not started" in q3
    assert reverse("reporting:report_open", args=[plan.pk]) in q3
    assert "overdue" in q3  # 2024-Q3 was due in October 2024
    assert "Shelter Foundation" not in page  # agency B's quarters are not agency A's business
    assert reverse("reporting:matrix", args=[plan.pk]) not in page


def test_it_starts_a_quarter_s_report_from_the_list(client_of, reporter_a, plan, agency_a):
    url = reverse("reporting:report_open", args=[plan.pk])

    response = client_of(reporter_a).post(url, {"agency": agency_a.pk, "period": "2024-Q3"})

    report = Report.objects.get(plan=plan, agency=agency_a, period="2024-Q3")
    assert report.status == ReportStatus.DRAFT
    assert response.status_code == 302
    assert response.url == detail_url(report)


def test_it_opens_the_existing_report_rather_than_a_second_one(
    client_of, reporter_a, plan, agency_a
):
    report = open_report(plan, agency_a, reporter_a, "2024-Q3")
    url = reverse("reporting:report_open", args=[plan.pk])

    response = client_of(reporter_a).post(url, {"agency": agency_a.pk, "period": "2024-Q3"})

    assert response.url == detail_url(report)
    assert Report.objects.filter(plan=plan, agency=agency_a).count() == 1


def test_it_says_why_a_quarter_cannot_be_opened(client_of, reporter_a, plan, agency_a):
    url = reverse("reporting:report_open", args=[plan.pk])

    response = client_of(reporter_a).post(
        url, {"agency": agency_a.pk, "period": "2031-Q1"}, follow=True
    )

    assert response.redirect_chain[-1][0] == LIST_URL
    assert 'class="message error"' in response.content.decode()
    assert not Report.objects.exists()


def test_it_refuses_agency_b_a_report_of_agency_a(client_of, reporter_b, plan, agency_a):
    url = reverse("reporting:report_open", args=[plan.pk])

    response = client_of(reporter_b).post(url, {"agency": agency_a.pk, "period": "2024-Q1"})

    assert response.status_code == 404
    assert not Report.objects.exists()


def test_it_refuses_the_viewer_to_start_a_report(client_of, viewer, plan, agency_a):
    url = reverse("reporting:report_open", args=[plan.pk])

    response = client_of(viewer).post(url, {"agency": agency_a.pk, "period": "2024-Q1"})

    assert response.status_code == 404
    assert not Report.objects.exists()


def test_it_shows_the_viewer_every_agency_but_no_draft(
    client_of, viewer, reporter_a, reporter_b, plan, agency_a, agency_b
):
    submitted_report(plan, agency_a, reporter_a, "2024-Q1")
    open_report(plan, agency_b, reporter_b, "2024-Q1")

    page = client_of(viewer).get(LIST_URL).content.decode()

    assert "Submitted" in row_of(page, "2024-Q1", "National Police")
    assert "Not started" in row_of(page, "2024-Q1", "Shelter Foundation")
    assert reverse("reporting:report_open", args=[plan.pk]) not in page
    assert reverse("reporting:matrix", args=[plan.pk]) in page


def test_it_shows_the_coordinator_every_agency_and_the_matrix(
    client_of, coordinator, reporter_b, plan, agency_b
):
    open_report(plan, agency_b, reporter_b, "2024-Q1")

    page = client_of(coordinator).get(LIST_URL).content.decode()

    assert "Draft" in row_of(page, "2024-Q1", "Shelter Foundation")
    assert "Not started" in row_of(page, "2024-Q1", "National Police")
    assert reverse("reporting:matrix", args=[plan.pk]) in page


def test_it_filters_by_status(client_of, coordinator, reporter_a, plan, agency_a):
    submitted_report(plan, agency_a, reporter_a, "2024-Q1")

    page = client_of(coordinator).get(LIST_URL, {"status": "submitted"}).content.decode()

    assert [row for row in rows(page) if "2024-Q1" in row]
    assert len(rows(page)) == 1


def test_it_sends_an_anonymous_visitor_to_sign_in(anonymous, plan):
    for response in [
        anonymous.get(LIST_URL),
        anonymous.post(reverse("reporting:report_open", args=[plan.pk]), {}),
    ]:
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("persona", ["coordinator", "reporter_a"])
def test_it_lists_many_agencies_in_a_bounded_number_of_queries(
    client_of, request, persona, plan, agency_a, django_assert_max_num_queries
):
    user = request.getfixturevalue(persona)
    objective = plan.objectives.get(code="3.1")
    for n in range(25):
        agency = factories.AgencyFactory(code=f"AG-{n}")
        factories.IndicatorFactory(objective=objective, code=f"I3.{n}", responsible=[agency])
        reporter = factories.UserFactory(username=f"rep{n}", agency=agency, roles=["reporter"])
        open_report(plan, agency, reporter, "2024-Q1")
    open_report(plan, agency_a, request.getfixturevalue("reporter_a"), "2024-Q1")
    client = client_of(user)

    with django_assert_max_num_queries(15):
        page = client.get(LIST_URL).content.decode()

    assert "2024-Q1" in page


def test_it_puts_reports_in_the_main_navigation(client_of, reporter_a, plan):
    page = client_of(reporter_a).get(reverse("plans:plan_list")).content.decode()

    navigation = page[page.index('<nav aria-label="Main">') : page.index("</nav>")]
    assert f'href="{LIST_URL}"' in navigation
