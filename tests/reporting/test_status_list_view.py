"""The submission status list: a page, and the same list as XLSX and CSV to circulate before the
working-group meeting (agency, contact, each quarter's state, completeness, timeliness, last
reminder). Coordinators and viewers get it; everyone else is refused."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reporting.models import ReminderKind, ReminderSent, ReportStatus
from tests import factories
from tests.reporting.matrix_data import at, make_report

D = datetime.date
HEADER_2024 = [
    "Agency code",
    "Agency",
    "Contact person",
    "Contact e-mail",
    "2024-Q1",
    "2024-Q2",
    "2024-Q3",
    "2024-Q4",
    "Completeness (%)",
    "Timeliness (%)",
    "Last reminder",
]


def list_url(plan, **query) -> str:
    url = reverse("reporting:status_list", args=[plan.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.fixture
def statuses(plan, agency_a, agency_b):
    agency_a.email = "stats@police.example"
    agency_a.save()
    make_report(plan, agency_a, "2024-Q1", ReportStatus.ACCEPTED, submitted=D(2024, 4, 2))
    make_report(
        plan,
        agency_a,
        "2024-Q2",
        ReportStatus.SUBMITTED,
        submitted=D(2024, 8, 1),
        contact_person='=HYPERLINK("http://evil.example")',
    )
    ReminderSent.objects.create(
        plan=plan,
        agency=agency_b,
        period="2024-Q1",
        kind=ReminderKind.OVERDUE,
        sent_at=at(D(2024, 4, 18), 7),
    )


def test_it_lists_each_agencys_status_on_a_page(client_of, coordinator, plan, statuses):
    response = client_of(coordinator).get(list_url(plan, year=2024))

    assert response.status_code == 200
    page = response.content.decode()
    assert '<th scope="col">Completeness (%)</th>' in page
    assert '<th scope="row">POL</th>' in page
    assert "Not started (overdue)" in page
    assert "2024-04-18 07:00" in page
    assert "format=xlsx" in page
    assert "format=csv" in page


def test_it_downloads_the_list_as_a_workbook(client_of, coordinator, plan, statuses):
    response = client_of(coordinator).get(list_url(plan, year=2024, format="xlsx"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "NAP-TEST-submission-status-2024-" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == HEADER_2024
    assert rows[1] == [
        "NGO1", "Shelter Foundation", None, None,
        "Not started (overdue)", "Not started (overdue)", "Not started (overdue)",
        "Not started (overdue)", 0, 0, "2024-04-18 07:00",
    ]  # fmt: skip
    # The contact person is escaped so that no spreadsheet runs it as a formula.
    assert rows[2][:8] == [
        "POL", "National Police", "'=HYPERLINK(\"http://evil.example\")",
        "stats@police.example", "Accepted", "Submitted late",
        "Not started (overdue)", "Not started (overdue)",
    ]  # fmt: skip
    assert rows[2][8:] == [50, 25, None]


def test_it_downloads_the_list_as_csv_that_excel_reads_as_utf8(
    client_of, coordinator, plan, statuses
):
    response = client_of(coordinator).get(list_url(plan, year=2024, format="csv"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == HEADER_2024
    assert rows[2][2] == '\'=HYPERLINK("http://evil.example")'
    assert rows[2][8:] == ["50", "25", ""]


def test_it_lists_every_quarter_of_the_plan_without_a_year(client_of, viewer, plan, statuses):
    response = client_of(viewer).get(list_url(plan, format="csv"))

    header = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert header[4] == "2024-Q1"
    assert header[15] == "2026-Q4"
    assert "-submission-status-all-" in response["Content-Disposition"]


def test_it_answers_404_for_an_unknown_format(client_of, coordinator, plan):
    assert client_of(coordinator).get(list_url(plan, format="pdf")).status_code == 404


@pytest.mark.parametrize("persona", ["reporter_a", "approver_a", "reporter_b", "administrator"])
@pytest.mark.parametrize("fmt", ["html", "xlsx", "csv"])
def test_it_refuses_everyone_but_coordinators_and_viewers(client_of, request, persona, fmt, plan):
    user = request.getfixturevalue(persona)

    assert client_of(user).get(list_url(plan, format=fmt)).status_code == 403


def test_it_sends_an_anonymous_visitor_to_sign_in(anonymous, plan):
    response = anonymous.get(list_url(plan, format="xlsx"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_it_exports_many_agencies_in_a_bounded_number_of_queries(
    client_of, coordinator, plan, django_assert_max_num_queries
):
    objective = plan.areas.get(code="3").objectives.get()
    for n in range(40):
        agency = factories.AgencyFactory()
        factories.IndicatorFactory(objective=objective, responsible=[agency])
        make_report(plan, agency, "2024-Q1", ReportStatus.SUBMITTED, submitted=D(2024, 4, 1))
        make_report(plan, agency, "2024-Q2", ReportStatus.DRAFT, contact_person=f"P{n}")
    client = client_of(coordinator)

    with django_assert_max_num_queries(16):
        response = client.get(list_url(plan, format="xlsx"))

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 1 + 42
