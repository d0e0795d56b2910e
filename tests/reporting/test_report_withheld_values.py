"""Values counting victims on the report's pages and in its workbook (issue 10 #4): a viewer sees
them withheld, as the reports API answers them; the coordinator and the reporting agency see
them as entered. Values of other indicators are shown to everyone who may read the report."""

import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from plans.models import Indicator
from reporting import selectors, services
from reporting.models import Report
from tests.reporting.pages import QUARTER, by_sex, detail_url, open_report

WITHHELD = "withheld: a small count"


@pytest.fixture
def victims(plan, agency_a) -> Indicator:
    indicator = by_sex(plan, agency_a)  # I9.1, a count of victims identified
    indicator.counts_victims = True
    indicator.save(update_fields=["counts_victims"])
    return indicator


@pytest.fixture
def report(plan, agency_a, reporter_a, victims) -> Report:
    """Agency A's submitted report: 3 victims identified (I9.1), 12 for its other indicator."""
    report = open_report(plan, agency_a, reporter_a)
    contents = selectors.report_contents(report)
    values = [
        services.ValueInput(
            indicator_id=block.indicator.pk,
            period=period,
            breakdown="",
            value=Decimal(3) if block.indicator == victims else Decimal(12),
        )
        for block in contents.indicators
        for period in block.periods
    ]
    report = services.report_save(
        report=report,
        user=reporter_a,
        revision=report.revision,
        contact_person="Anna Petrosyan",
        general_observations="",
        values=values,
        entries=[],
        activities=[
            services.ActivityInput(activity_id=activity.pk, state="ongoing")
            for activity, _update in contents.activities
        ],
    )
    return services.report_submit(report=report, user=reporter_a, revision=report.revision)


def _total_cell(page: str, code: str) -> str:
    """What the read-only grid of indicator `code` shows in its Total row."""
    grid = re.search(rf"<caption>Values of {code}\b.*?</table>", page, re.S)
    assert grid, f"no grid for {code}"
    row = re.search(r'<tr class="total">.*?<td class="numeric">(.*?)</td>', grid.group(0), re.S)
    assert row, f"no total row for {code}"
    return row.group(1).strip()


def _page(client, report: Report) -> str:
    response = client.get(detail_url(report))
    assert response.status_code == 200
    return response.content.decode()


def test_it_withholds_a_count_of_victims_from_a_viewer_on_the_report_page(
    client_of, viewer, report
):
    page = _page(client_of(viewer), report)

    assert _total_cell(page, "I9.1") == WITHHELD
    assert _total_cell(page, "I2.1") == "12"


@pytest.mark.parametrize("persona", ["coordinator", "reporter_a", "approver_a"])
def test_it_shows_the_count_to_the_coordinator_and_the_reporting_agency(
    client_of, request, persona, report
):
    page = _page(client_of(request.getfixturevalue(persona)), report)

    assert _total_cell(page, "I9.1") == "3"
    assert WITHHELD not in page


def test_it_withholds_a_count_of_victims_stored_outside_the_grid(
    client_of, viewer, coordinator, report, victims
):
    # A multi-dimension cell from a bulk import is listed under the grid, never hidden.
    report.values.create(
        indicator=victims,
        period=QUARTER,
        breakdown="age=child;sex=female",
        value=Decimal(2),
        entered_by=coordinator,
        entered_at=timezone.now(),
    )

    listed = f"{QUARTER} age: child, sex: female:"
    assert _also_stored(_page(client_of(viewer), report)) == f"{listed} {WITHHELD}"
    assert _also_stored(_page(client_of(coordinator), report)) == f"{listed} 2"


def _also_stored(page: str) -> str:
    also = re.search(r"Also stored \(from a bulk import\):(.*?)</p>", page, re.S)
    assert also, "no cell listed under the grid"
    return " ".join(also.group(1).split())


def _workbook_value(client, report: Report, code: str) -> object:
    response = client.get(reverse("reporting:report_workbook", args=[report.pk]))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Values"]
    header = [cell.value for cell in sheet[1]]
    rows = [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(2, values_only=True)]
    (total,) = [row for row in rows if row["Indicator"] == code and not row["Key"]]
    return total["Value"]


def test_it_withholds_a_count_of_victims_in_the_workbook_a_viewer_downloads(
    client_of, viewer, coordinator, reporter_a, report
):
    assert _workbook_value(client_of(viewer), report, "I9.1") == WITHHELD
    assert _workbook_value(client_of(viewer), report, "I2.1") == 12
    assert _workbook_value(client_of(coordinator), report, "I9.1") == 3
    assert _workbook_value(client_of(reporter_a), report, "I9.1") == 3
