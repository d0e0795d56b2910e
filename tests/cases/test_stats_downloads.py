"""Case statistics downloads: exactly the figures the page shows (a viewer's never hold a count
the page withholds), refused as the page is, and audited like a read of the page."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cases.models import CaseAccess
from tests.cases.stats_data import many

pytestmark = pytest.mark.django_db

URL = "cases:stats"


@pytest.fixture
def victims_2025(agency_a):
    day = datetime.date(2025, 5, 1)
    many(agency_a, 1, status="presumed", age_at_exploitation=15, identified_on=day, sex="F")
    many(agency_a, 20, status="presumed", age_at_exploitation=30, identified_on=day, sex="F")
    many(agency_a, 15, status="identified", age_at_exploitation=16, identified_on=day, sex="M")
    many(agency_a, 28, status="identified", age_at_exploitation=40, identified_on=day, sex="M")


def _numbers(rows) -> list[int]:
    return [int(c) for row in rows for c in row[1:] if isinstance(c, int) or str(c).isdigit()]


def test_it_gives_a_viewer_only_the_published_figures(client_of, viewer, victims_2025):
    client = client_of(viewer)
    page = client.get(reverse(URL), {"published": 2025})
    assert page.status_code == 200
    before = CaseAccess.objects.count()
    for table in page.context["tables"]:
        key = f"published-{table['dimension']}"
        response = client.get(reverse(URL), {"published": 2025, "download": key, "format": "csv"})
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        shown = [[str(label), *values] for label, values in table["rows"]]
        assert [row[1:] for row in rows[1 : 1 + len(shown)]] == [
            ["" if v is None else str(v) for v in row[1:]] for row in shown
        ]
        assert not [n for n in _numbers(rows[1 : 1 + len(shown)]) if 1 <= n <= 10]
        xlsx = client.get(reverse(URL), {"published": 2025, "download": key, "format": "xlsx"})
        sheet = load_workbook(io.BytesIO(xlsx.content)).active
        cells = [list(row) for row in sheet.iter_rows(min_row=2, values_only=True)][: len(shown)]
        assert not [n for n in _numbers(cells) if 1 <= n <= 10]
    downloads = CaseAccess.objects.filter(target__startswith="download")
    assert downloads.count() == 2 * len(page.context["tables"])
    assert CaseAccess.objects.count() == before + downloads.count()
    assert {a.user for a in downloads} == {viewer}


def test_it_downloads_the_coordinators_table_as_the_page_draws_it(
    client_of, coordinator, victims_2025
):
    client = client_of(coordinator)
    query = {"rows": "sex", "columns": "age_group", "year": 2025, "public": "on"}
    page = client.get(reverse(URL), query)
    response = client.get(reverse(URL), {**query, "download": "persons", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    layout = page.context["layout"]
    assert rows[0][1:] == [str(label) for _code, label in layout["columns"]]
    grid = [[str(label), *values] for label, values in layout["rows"]]
    assert rows[1 : 1 + len(grid)] == grid
    assert CaseAccess.objects.filter(target__startswith="download xlsx public").count() == 1


def test_it_keeps_the_default_table_when_only_downloading(client_of, coordinator, victims_2025):
    client = client_of(coordinator)
    page = client.get(reverse(URL))
    response = client.get(reverse(URL), {"download": "persons", "format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows[1:]) >= len(page.context["layout"]["rows"])
    assert rows[1][0] == str(page.context["layout"]["rows"][0][0])


@pytest.mark.parametrize("persona", ["reporter_a", "case_officer_a", "administrator"])
def test_it_refuses_a_download_to_whom_the_page_refuses(persona, request, client_of):
    client = client_of(request.getfixturevalue(persona))
    assert client.get(reverse(URL)).status_code == 403
    assert client.get(reverse(URL), {"download": "persons", "format": "csv"}).status_code == 403
