"""`tipmonitor annual-report`: a valid DOCX or PDF with annex 6's headings and the numbers from
the data; clear errors for a bad year, format or language."""

import pytest
from django.core.management import CommandError, call_command

from tests.documents.files import docx_text, pdf_pages, pdf_title

pytestmark = pytest.mark.django_db


def test_it_writes_a_docx_with_annex_6s_headings_and_the_numbers(reported_plan, tmp_path):
    output = tmp_path / "report.docx"
    call_command("annual_report", year="2025", format="docx", output=str(output))
    headings, text = docx_text(output.read_bytes())
    assert "1 Introduction" in headings
    assert "2 Observations of developments in the area of trafficking in persons" in headings
    assert "5.1 General observations" in headings
    assert "5.2.2 Prevention" in headings
    assert "5.2.3 Protection" in headings
    assert "5.5 Next steps / way forward" in headings
    assert "Resources spent" in headings
    assert "Schools closed for repairs" in text
    # Expected by now, 16.67 persons between the targets, is a count: shown whole.
    assert "17" in text
    assert "16.67" not in text
    assert "-30 %" in text
    assert "105 %" in text


def test_it_writes_a_pdf_with_pages_and_a_title(reported_plan, tmp_path):
    output = tmp_path / "report.pdf"
    call_command("annual_report", year="2025", format="pdf", output=str(output), language="hy")
    data = output.read_bytes()
    assert data.startswith(b"%PDF-")
    assert pdf_pages(data) >= 3
    assert pdf_title(data) != ""


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"year": "2031", "format": "docx"}, "--year: 2031 is outside the plan's period"),
        ({"year": "2025-Q3", "format": "docx"}, "--year: “2025-Q3” is not a year"),
        ({"year": "last", "format": "docx"}, "--year: “last” is not a reporting period"),
        ({"year": "2025", "format": "odt"}, "--format: “odt” is not a format"),
        ({"year": "2025", "format": "pdf", "language": "fr"}, "--language: The plan's documents"),
        ({"year": "2025", "format": "pdf", "plan": "NOPE"}, "There is no plan with the code NOPE"),
    ],
)
def test_it_refuses_bad_options_and_writes_nothing(reported_plan, tmp_path, options, message):
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(CommandError, match=message):
        call_command("annual_report", output=str(folder / "report.out"), **options)
    assert list(folder.iterdir()) == []


def test_it_refuses_a_folder_that_does_not_exist(reported_plan, tmp_path):
    with pytest.raises(CommandError, match="There is no folder"):
        call_command(
            "annual_report", year="2025", format="docx", output=str(tmp_path / "no" / "r.docx")
        )
