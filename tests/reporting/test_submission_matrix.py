"""The submission matrix selector: states, rates per agency, area and country, the year filter,
and a query count that does not grow with the number of agencies.

The `plan` fixture runs 2024–2026 (12 quarters). Agency A (POL) is responsible for a quarterly
indicator, so it owes a report every quarter; agency B (NGO1) leads an activity running in 2024
only, so it owes reports for the four quarters of 2024."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from reporting.matrix import CellState
from reporting.models import ReminderKind, ReminderSent, ReportStatus
from reporting.selectors.matrix import status_list_table, submission_matrix
from tests import factories
from tests.reporting.matrix_data import at, make_report

D = datetime.date
TODAY = D(2024, 7, 20)  # Q2 2024 was due on 15 July


def states(matrix, agency) -> list[CellState]:
    row = next(row for row in matrix.rows if row.agency == agency)
    return [cell.state for cell in row.cells]


def test_it_shows_each_agencys_state_for_each_quarter(plan, agency_a, agency_b):
    make_report(
        plan,
        agency_a,
        "2024-Q1",
        ReportStatus.ACCEPTED,
        submitted=D(2024, 4, 10),
        accepted=D(2024, 4, 20),
    )
    make_report(plan, agency_a, "2024-Q2", ReportStatus.SUBMITTED, submitted=D(2024, 7, 18))
    make_report(plan, agency_b, "2024-Q2", ReportStatus.DRAFT)

    matrix = submission_matrix(plan, year=None, today=TODAY)

    assert [column.code for column in matrix.columns][:3] == ["2024-Q1", "2024-Q2", "2024-Q3"]
    assert len(matrix.columns) == 12
    assert matrix.columns[0].due_on == D(2024, 4, 15)
    assert [row.agency.code for row in matrix.rows] == ["NGO1", "POL"]
    assert states(matrix, agency_a)[:4] == [
        CellState.ACCEPTED,
        CellState.LATE,
        CellState.NOT_DUE,
        CellState.NOT_DUE,
    ]
    assert states(matrix, agency_b)[:5] == [
        CellState.NOT_STARTED,
        CellState.DRAFT,
        CellState.NOT_DUE,
        CellState.NOT_DUE,
        CellState.NOTHING_DUE,
    ]
    b_row = next(row for row in matrix.rows if row.agency == agency_b)
    assert [cell.overdue for cell in b_row.cells[:3]] == [True, True, False]


def test_it_rates_agencies_areas_and_the_country(plan, agency_a, agency_b):
    make_report(plan, agency_a, "2024-Q1", ReportStatus.ACCEPTED, submitted=D(2024, 4, 10))
    make_report(plan, agency_a, "2024-Q2", ReportStatus.SUBMITTED, submitted=D(2024, 7, 18))
    make_report(plan, agency_b, "2024-Q2", ReportStatus.RETURNED, submitted=D(2024, 7, 1))

    matrix = submission_matrix(plan, year=None, today=TODAY)

    rates = {row.agency.code: row.rates for row in matrix.rows}
    assert (rates["POL"].expected, rates["POL"].received, rates["POL"].on_time) == (2, 2, 1)
    assert (rates["NGO1"].expected, rates["NGO1"].received, rates["NGO1"].on_time) == (2, 1, 1)
    assert (matrix.national.expected, matrix.national.received, matrix.national.on_time) == (
        4,
        3,
        2,
    )
    assert matrix.national.completeness_percent == 75
    assert matrix.national.timeliness_percent == 50
    areas = {row.area.code: row for row in matrix.areas}
    # Both agencies work in prevention (an indicator, two activities); nobody in protection.
    assert areas["2"].agencies == 2
    assert (areas["2"].rates.expected, areas["2"].rates.received) == (4, 3)
    assert areas["3"].agencies == 0
    assert areas["3"].rates.completeness is None


def test_it_rates_an_area_by_its_own_agencies_only(plan, agency_a, agency_b):
    protection = plan.areas.get(code="3")
    objective = protection.objectives.get()
    police_only = factories.AgencyFactory(code="BORDER")
    factories.IndicatorFactory(objective=objective, code="I3.1", responsible=[police_only])
    make_report(plan, police_only, "2024-Q1", ReportStatus.SUBMITTED, submitted=D(2024, 4, 1))

    matrix = submission_matrix(plan, year=2024, today=TODAY)

    areas = {row.area.code: row for row in matrix.areas}
    assert areas["3"].agencies == 1
    assert (areas["3"].rates.expected, areas["3"].rates.received) == (2, 1)
    assert areas["2"].agencies == 2


def test_it_limits_the_columns_and_rows_to_the_year_asked(plan, agency_a, agency_b):
    matrix = submission_matrix(plan, year=2025, today=D(2025, 5, 1))

    assert [column.code for column in matrix.columns] == [
        "2025-Q1",
        "2025-Q2",
        "2025-Q3",
        "2025-Q4",
    ]
    # Agency B has nothing due in 2025, so it has no row.
    assert [row.agency.code for row in matrix.rows] == ["POL"]
    assert matrix.years == [2024, 2025, 2026]
    assert states(matrix, agency_a) == [
        CellState.NOT_STARTED,
        CellState.NOT_DUE,
        CellState.NOT_DUE,
        CellState.NOT_DUE,
    ]
    assert matrix.state_counts[CellState.NOT_DUE] == 3


def test_it_keeps_a_corrected_report_received_with_its_first_submission(plan, agency_a):
    make_report(
        plan,
        agency_a,
        "2024-Q1",
        ReportStatus.ACCEPTED,
        submitted=D(2024, 4, 30),
        version=1,
        is_current=False,
    )
    newest = make_report(plan, agency_a, "2024-Q1", ReportStatus.DRAFT, version=2)

    matrix = submission_matrix(plan, year=2024, today=TODAY)

    cell = next(row for row in matrix.rows if row.agency == agency_a).cells[0]
    assert cell.state == CellState.DRAFT
    assert cell.report_id == newest.pk
    assert cell.version == 2
    assert (cell.received, cell.on_time, cell.overdue) == (True, False, False)


def test_it_names_the_contact_person_and_the_last_reminder(plan, agency_a):
    make_report(
        plan,
        agency_a,
        "2024-Q1",
        ReportStatus.ACCEPTED,
        submitted=D(2024, 4, 1),
        contact_person="Anna Petrosyan",
    )
    make_report(plan, agency_a, "2024-Q2", ReportStatus.DRAFT, contact_person="Aram Sargsyan")
    for day, period in [(D(2024, 4, 10), "2024-Q1"), (D(2024, 7, 18), "2024-Q2")]:
        ReminderSent.objects.create(
            plan=plan, agency=agency_a, period=period, kind=ReminderKind.OVERDUE, sent_at=at(day, 6)
        )

    matrix = submission_matrix(plan, year=2024, today=TODAY)
    row = next(row for row in matrix.rows if row.agency == agency_a)

    assert row.contact_person == "Aram Sargsyan"
    assert row.last_reminder == at(D(2024, 7, 18), 6)
    header, rows = status_list_table(matrix)
    line = next(line for line in rows if line[0] == "POL")
    assert header[4:8] == ["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"]
    assert line[:8] == [
        "POL",
        "National Police",
        "Aram Sargsyan",
        "",
        "Accepted",
        "Draft (overdue)",
        "Not due yet",
        "Not due yet",
    ]
    assert line[8:] == [50, 50, "2024-07-18 06:00"]


def _add_agencies(plan, count: int) -> None:
    objective = plan.areas.get(code="3").objectives.get()
    for n in range(count):
        agency = factories.AgencyFactory.create()
        factories.IndicatorFactory(objective=objective, responsible=[agency])
        make_report(plan, agency, "2024-Q1", ReportStatus.SUBMITTED, submitted=D(2024, 4, n + 1))
        make_report(plan, agency, "2024-Q2", ReportStatus.DRAFT, contact_person=f"Person {n}")
        ReminderSent.objects.create(
            plan=plan,
            agency=agency,
            period="2024-Q2",
            kind=ReminderKind.BEFORE,
            sent_at=at(D(2024, 7, 10)),
        )


def _queries(plan) -> int:
    with CaptureQueriesContext(connection) as context:
        matrix = submission_matrix(plan, year=None, today=TODAY)
        status_list_table(matrix)
    return len(context.captured_queries)


def test_it_reads_the_matrix_in_the_same_number_of_queries_for_any_number_of_agencies(plan):
    _add_agencies(plan, 3)
    few = _queries(plan)
    _add_agencies(plan, 30)
    many = _queries(plan)

    assert many == few
    assert many <= 8
    matrix = submission_matrix(plan, year=None, today=TODAY)
    assert len(matrix.rows) == 2 + 33
