"""Reading bulk data values (reporting.datavalues): CSV and XLSX files become one ValueRow a row,
located by the row a spreadsheet shows; a file of the wrong shape is refused with every reason.

Decisions tested here: the CSV separator is a comma, or a semicolon or tab when the header row
uses one instead (spreadsheet programs in countries with a decimal comma write semicolons);
the CSV must be UTF-8, with or without Excel's byte-order mark; a header that is neither a known
column nor a dimension code is an error, so a typo never drops a breakdown silently."""

import datetime
from decimal import Decimal

import pytest

from reporting.datavalues import error_text, values_parse
from reporting.models import IndicatorValue
from reporting.services import ValueRow, ValuesInvalid, values_import
from tests.reporting.files_data import csv_bytes, dimension, reporting_plan, xlsx

pytestmark = pytest.mark.django_db

HEADER = "indicator,period,agency,value,comment,sex,age_group"


@pytest.fixture(autouse=True)
def _dimensions():
    dimension("sex", "Sex", [("female", "Female"), ("male", "Male")])
    dimension("age_group", "Age group", [("child", "Child"), ("adult", "Adult")])


def _errors(data: bytes, name: str = "values.csv") -> list[str]:
    with pytest.raises(ValuesInvalid) as caught:
        values_parse(data=data, name=name)
    return [error_text(*error) for error in caught.value.errors]


def test_it_reads_a_csv_row_by_row_with_breakdowns():
    data = csv_bytes(
        [
            HEADER,
            "I1,2025-Q1,POL,12,,,",
            "I1,2025Q1,POL,7,from the shelters,female,",
            "I1,2025-Q1,POL,3,,female,child",
        ]
    )

    rows = values_parse(data=data, name="values.csv")

    assert rows == [
        ValueRow(2, "I1", "2025-Q1", "POL", "12", "", {}),
        ValueRow(3, "I1", "2025Q1", "POL", "7", "from the shelters", {"sex": "female"}),
        ValueRow(4, "I1", "2025-Q1", "POL", "3", "", {"sex": "female", "age_group": "child"}),
    ]


def test_it_reads_a_csv_with_a_byte_order_mark_and_any_column_order():
    data = csv_bytes(["Value , AGENCY,Indicator,Period,Sex", "5,POL,I1,202503,male"], bom=True)

    [row] = values_parse(data=data, name="VALUES.CSV")

    assert (row.indicator_code, row.period, row.agency_code, row.value) == (
        "I1",
        "202503",
        "POL",
        "5",
    )
    assert row.breakdown == {"sex": "male"}


def test_it_reads_a_semicolon_separated_csv_as_excel_writes_it_with_a_decimal_comma():
    data = csv_bytes(["indicator;period;agency;value;comment", 'I1;2025-Q1;POL;12,5;"a; b"'])

    [row] = values_parse(data=data, name="values.csv")

    assert row.value == "12,5"  # the services read a decimal comma
    assert row.comment == "a; b"


def test_it_skips_empty_rows_and_keeps_the_spreadsheet_row_numbers():
    data = csv_bytes([HEADER, "I1,2025-Q1,POL,1,,,", ",,,,,,", "", "I1,2025-Q2,POL,2,,,"])

    rows = values_parse(data=data, name="values.csv")

    assert [row.line for row in rows] == [2, 5]


def test_it_reads_an_xlsx_with_numbers_and_dates_as_typed():
    data = xlsx(
        [
            ["indicator", "period", "agency", "value", "sex"],
            ["I2", datetime.datetime(2025, 3, 1), "POL", 12, None],
            ["I1", "2025-Q1", "POL", 2.5, "female"],
            ["I1", 2025, "POL", 1e-05, None],
            ["I1", "'=2+3", "POL", "7", None],
        ]
    )

    rows = values_parse(data=data, name="values.xlsx")

    # Numeric cells stay numbers (no separator to misread); text goes to the number parser.
    assert [(row.line, row.period, row.value) for row in rows] == [
        (2, "2025-03", 12),
        (3, "2025-Q1", 2.5),
        (4, "2025", 1e-05),
        (5, "=2+3", "7"),  # the escaping apostrophe of a formula-like text is removed
    ]
    assert rows[1].breakdown == {"sex": "female"}


def test_it_refuses_a_column_that_is_no_dimension_and_names_the_known_ones():
    errors = _errors(csv_bytes(["indicator,period,agency,value,age_grup", "I1,2025,POL,1,child"]))

    assert len(errors) == 1
    assert errors[0].startswith(
        "row 1, column 'age_grup': no such column: the columns are indicator, period, agency, "
        "value, comment and the codes of disaggregation dimensions ("
    )
    assert "age_group, " in errors[0]


def test_it_names_every_missing_and_repeated_column():
    errors = _errors(csv_bytes(["indicator,Indicator,value,sex", "I1,I1,1,"]))

    assert errors == [
        "row 1, column 'Indicator': the column appears twice.",
        "row 1, column 'agency': the column is missing.",
        "row 1, column 'period': the column is missing.",
    ]


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "values.csv", "the file is empty"),
        (csv_bytes([HEADER]), "values.csv", "the file holds no values"),
        ("indicator,value\nI1,é".encode("latin-1"), "values.csv", "is not UTF-8 text"),
        (b"PK\x03\x04 broken", "values.xlsx", "the file is not an XLSX workbook"),
        (b"hello", "values.xlsx", "the file is not an XLSX workbook"),
        (b"indicator", "values.txt", "values.txt is neither a .csv nor an .xlsx file"),
        (b"\x00\x01", "values.csv", "not a CSV text file"),
    ],
)
def test_it_refuses_a_file_it_cannot_read_with_the_reason(data, name, message):
    errors = _errors(data, name)

    assert len(errors) == 1
    assert message in errors[0]


def test_it_refuses_a_file_over_the_limit():
    with pytest.raises(ValuesInvalid) as caught:
        values_parse(data=b"x" * (1024 * 1024 + 1), name="values.csv", limit=1024 * 1024)

    assert caught.value.errors == [(0, "", "the file is larger than the limit of 1 MB.")]


# Through the service: a parsed file is what values_import takes -----------------------------


def test_it_stores_dhis2_period_codes_as_ours(agency_a, agency_b, coordinator):
    plan = reporting_plan(agency_a, agency_b)
    data = csv_bytes(
        ["indicator,period,agency,value,sex", "I1,2025Q1,POL,3,", "I2,202502,POL,4,"], bom=True
    )

    values_import(plan=plan, rows=values_parse(data=data, name="v.csv"), user=coordinator)

    assert sorted(IndicatorValue.objects.values_list("period", "value")) == [
        ("2025-02", Decimal(4)),
        ("2025-Q1", Decimal(3)),
    ]


def test_it_locates_an_unknown_category_or_a_dimension_the_indicator_lacks(
    agency_a, agency_b, coordinator
):
    plan = reporting_plan(agency_a, agency_b)
    data = xlsx(
        [
            ["indicator", "period", "agency", "value", "sex", "age_group"],
            ["I1", "2025Q1", "POL", 3, "femme", None],
            ["I1", "2025Q1", "POL", 3, None, "child"],
        ]
    )

    with pytest.raises(ValuesInvalid) as caught:
        values_import(plan=plan, rows=values_parse(data=data, name="v.xlsx"), user=coordinator)

    assert [error_text(*error) for error in caught.value.errors] == [
        "row 2, column 'sex': “femme” is not a category of “sex” (use female, male, other).",
        "row 3, column 'age_group': Indicator I1 is not broken down by “age_group”.",
    ]
    assert not IndicatorValue.objects.exists()
