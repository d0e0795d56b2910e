"""Every table of the progress pages and the submission matrix downloads as CSV and XLSX from
the page's own URL: the same permission, the same filters, the same cells."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


def _xlsx(response) -> list[list]:
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_it_downloads_the_overview_tables_as_the_page_counts_them(client_of, coordinator, plan):
    client = client_of(coordinator)
    url = reverse("progress:overview", args=[plan.pk])
    page = client.get(url, {"as_of": "2024-Q4"})
    areas = page.context["page"].areas
    assert "download=areas&amp;format=xlsx" in page.content.decode()
    rows = _xlsx(client.get(url, {"as_of": "2024-Q4", "download": "areas", "format": "xlsx"}))
    assert [row[0] for row in rows[1:]] == [summary.area.code for summary in areas]
    assert [row[-2] for row in rows[1:]] == [summary.counts.total for summary in areas]
    indicators = _csv(client.get(url, {"download": "indicators", "format": "csv"}))
    assert indicators[1][:2] == ["I2.1", plan.indicators.get().display_name]
    for chart in page.context["charts"]:
        found = _csv(client.get(url, {"download": chart["id"], "format": "csv"}))
        assert found[0] == [str(column) for column in chart["table"]["columns"]]


def test_it_names_the_quarter_and_refuses_an_unknown_table(client_of, viewer, plan):
    client = client_of(viewer)
    url = reverse("progress:overview", args=[plan.pk])
    response = client.get(url, {"as_of": "2024-Q4", "download": "areas", "format": "csv"})
    assert "progress-2024-Q4-areas.csv" in response["Content-Disposition"]
    assert client.get(url, {"download": "nothing", "format": "csv"}).status_code == 404


def test_it_checks_a_download_as_the_page(client_of, reporter_a, reporter_b, agency_a, plan):
    url = reverse("progress:agency", args=[plan.pk, agency_a.pk])
    query = {"download": "activities", "format": "xlsx"}
    assert client_of(reporter_b).get(url).status_code == 403
    assert client_of(reporter_b).get(url, query).status_code == 403
    own = client_of(reporter_a).get(url, query)
    assert own.status_code == 200
    assert _xlsx(own)[1][0] == "2.1.1"


def test_it_downloads_the_branch_tables(client_of, viewer, plan):
    area = plan.areas.get(code="2")
    url = reverse("progress:area", args=[plan.pk, area.pk])
    rows = _csv(client_of(viewer).get(url, {"download": "objectives", "format": "csv"}))
    assert [row[0] for row in rows[1:]] == ["2.1", "2.1.a"]


def test_it_downloads_the_matrix_for_those_who_see_it(client_of, viewer, reporter_a, plan):
    url = reverse("reporting:matrix", args=[plan.pk])
    query = {"download": "agencies", "format": "csv"}
    assert client_of(reporter_a).get(url, query).status_code == 403
    page = client_of(viewer).get(url)
    rows = _csv(client_of(viewer).get(url, query))
    assert [row[0] for row in rows[1:]] == [r.agency.code for r in page.context["matrix"].rows]
    assert rows[0][2 : 2 + len(page.context["matrix"].columns)] == [
        column.code for column in page.context["matrix"].columns
    ]
    areas = _xlsx(client_of(viewer).get(url, {"download": "areas", "format": "xlsx"}))
    assert areas[0][:3] == ["Code", "Strategic area", "Agencies"]
