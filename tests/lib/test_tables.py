"""Tables as files (tipmonitor/lib/tables.py): CSV through the one writer that neutralises
formulas, XLSX that opens with the same cells, and the download answer."""

import datetime
import io
from decimal import Decimal

import pytest
from django.http import Http404
from django.test import RequestFactory
from openpyxl import load_workbook

from tipmonitor.lib.tables import Table, download_response, file_name, page_query, to_csv, to_xlsx

TABLE = Table(
    "Agencies: values [2025]",
    ["Agency", "Value", "Day"],
    [['=HYPERLINK("x")', Decimal("12.5"), datetime.date(2025, 3, 31)], ["Police", 3, None]],
    notes=["@note"],
)


def test_it_neutralises_a_formula_in_csv():
    text = to_csv(TABLE).decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == "Agency,Value,Day"
    assert lines[1].startswith("\"'=HYPERLINK")  # quoted: it holds quotes
    assert lines[1].endswith(",12.5,2025-03-31")
    assert lines[2] == "Police,3,"
    assert lines[3] == "'@note"


def test_it_writes_xlsx_that_opens_with_the_same_cells_formulas_as_text():
    sheet = load_workbook(io.BytesIO(to_xlsx(TABLE))).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["Agency", "Value", "Day"]
    assert rows[1][0] == '\'=HYPERLINK("x")'  # text, not a formula
    assert rows[1][1] == 12.5
    assert rows[2][:2] == ["Police", 3]
    assert rows[3][0] == "'@note"
    assert sheet.title == "Agencies  values  2025"


def test_it_answers_a_download_by_key_and_format():
    request = RequestFactory().get("/page/", {"download": "t", "format": "xlsx"})
    response = download_response(request, {"t": TABLE}, stem="plan page")
    assert response["Content-Disposition"] == 'attachment; filename="plan-page-t.xlsx"'
    assert response.content.startswith(b"PK")


@pytest.mark.parametrize("query", [{"download": "other"}, {"download": "t", "format": "pdf"}])
def test_it_refuses_an_unknown_table_or_format(query):
    with pytest.raises(Http404):
        download_response(RequestFactory().get("/page/", query), {"t": TABLE}, stem="x")


def test_it_keeps_the_page_query_without_the_download_parameters():
    request = RequestFactory().get("/p/", {"year": "2025", "download": "t", "format": "csv"})
    assert page_query(request).urlencode() == "year=2025"


def test_it_makes_safe_file_names():
    assert file_name("../NAP Ардения", "csv") == "NAP.csv"
