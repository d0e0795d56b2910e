"""The submission matrix, its status list and the attention page with reports awaiting the
agency's approval: a state of its own ("Awaiting agency approval", in words and in colour),
counted as not yet received — overdue past the deadline, out of the rates — unless the quarter
was received before (a returned report on its way back through the approver).

The `plan` fixture: agency A (POL) owes a report every quarter of 2024–2026, agency B (NGO1)
every quarter of 2024; 2024-Q1 is due on 15 April 2024."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from reporting.matrix import CellState, ReportFacts, cell_state, rates_of
from reporting.models import ReportStatus
from reporting.selectors import attention_list, status_list_table, submission_matrix
from reporting.selectors.quarters import plan_quarters
from tests.reporting.matrix_data import make_report

D = datetime.date
UTC = datetime.UTC
DUE = D(2025, 4, 15)


def cell(received_at, today):
    facts = ReportFacts(
        report_id=7, status=ReportStatus.AWAITING_APPROVAL, version=1, received_at=received_at
    )
    return cell_state(
        facts=facts, expected=True, quarter_end=D(2025, 3, 31), due_on=DUE, today=today
    )


def test_it_counts_a_report_awaiting_approval_as_not_received_and_overdue_past_the_deadline():
    waiting = cell(None, D(2025, 4, 20))

    assert waiting.state == CellState.AWAITING_APPROVAL
    assert waiting.label == "Awaiting agency approval"
    assert (waiting.expected, waiting.received, waiting.on_time) == (True, False, False)
    assert waiting.overdue
    assert not waiting.is_published
    rates = rates_of([waiting])
    assert (rates.expected, rates.received, rates.completeness_percent) == (1, 0, 0)


def test_it_is_not_yet_expected_before_the_deadline():
    waiting = cell(None, D(2025, 4, 10))

    assert (waiting.expected, waiting.overdue) == (False, False)


def test_it_keeps_a_returned_quarter_received_while_it_goes_back_through_the_approver():
    first = datetime.datetime(2025, 4, 14, 12, tzinfo=UTC)
    waiting = cell(first, D(2025, 5, 1))

    assert waiting.state == CellState.AWAITING_APPROVAL
    assert (waiting.received, waiting.on_time, waiting.overdue) == (True, True, False)


@pytest.fixture
def awaiting(plan, agency_a, agency_b):
    make_report(plan, agency_a, "2024-Q1", ReportStatus.ACCEPTED, submitted=D(2024, 4, 2))
    return make_report(plan, agency_a, "2024-Q2", ReportStatus.AWAITING_APPROVAL)


def test_it_leaves_the_awaiting_quarter_out_of_the_agencys_rates(plan, awaiting):
    matrix = submission_matrix(plan, year=2024, today=D(2025, 6, 1))

    police = next(row for row in matrix.rows if row.agency.code == "POL")
    assert [c.state for c in police.cells][:2] == [CellState.ACCEPTED, CellState.AWAITING_APPROVAL]
    assert police.cells[1].overdue
    assert (police.rates.expected, police.rates.received) == (4, 1)
    assert matrix.state_counts[CellState.AWAITING_APPROVAL] == 1


def test_it_shows_the_state_in_words_and_colour_with_a_link_for_the_coordinator(
    client_of, coordinator, plan, awaiting
):
    page = (
        client_of(coordinator)
        .get(reverse("reporting:matrix", args=[plan.pk]) + "?year=2024")
        .content.decode()
    )

    assert (
        '<span class="cell-mark state-awaiting_approval">Awaiting agency approval</span>: 1' in page
    )
    detail = reverse("reporting:report_detail", args=[awaiting.pk])
    assert f'<td class="cell state-awaiting_approval overdue"><a href="{detail}">' in page
    assert "A report awaiting its agency's approval has not reached the coordinator" in page


def test_it_shows_a_viewer_the_state_but_not_the_report(client_of, viewer, plan, awaiting):
    page = (
        client_of(viewer)
        .get(reverse("reporting:matrix", args=[plan.pk]) + "?year=2024")
        .content.decode()
    )

    assert '<td class="cell state-awaiting_approval overdue">Awaiting agency approval' in page
    assert reverse("reporting:report_detail", args=[awaiting.pk]) not in page


def test_it_says_so_in_the_status_list_and_its_csv(client_of, coordinator, plan, awaiting):
    header, rows = status_list_table(submission_matrix(plan, year=2024, today=D(2025, 6, 1)))
    police = next(row for row in rows if row[0] == "POL")
    assert police[header.index("2024-Q2")] == "Awaiting agency approval (overdue)"

    response = client_of(coordinator).get(
        reverse("reporting:status_list", args=[plan.pk]) + "?year=2024&format=csv"
    )
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    police = next(row for row in table if row[0] == "POL")
    assert police[table[0].index("2024-Q2")] == "Awaiting agency approval (overdue)"


def test_it_lists_an_agency_awaiting_approval_as_not_received_on_the_attention_page(
    client_of, coordinator, plan, awaiting
):
    quarter = next(q for q in plan_quarters(plan) if q.code == "2024-Q2")
    listing = attention_list(plan, quarter=quarter)
    police = next(row for row in listing.rows if row.agency.code == "POL")
    assert (police.received, police.awaiting_approval) == (False, True)

    page = (
        client_of(coordinator)
        .get(reverse("reporting:attention", args=[plan.pk]) + "?period=2024-Q2")
        .content.decode()
    )
    assert "Current state: Awaiting the agency&#x27;s approval" in page
    assert "The agency's approver has not approved it yet." in page
