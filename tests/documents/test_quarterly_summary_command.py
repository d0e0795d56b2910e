"""`tipmonitor quarterly-summary`: the same document for one quarter."""

import pytest
from django.core.management import CommandError, call_command

from tests.documents.files import docx_text

pytestmark = pytest.mark.django_db


def test_it_writes_a_docx_for_the_quarter(reported_plan, tmp_path):
    output = tmp_path / "summary.docx"
    call_command("quarterly_summary", period="2025-Q4", format="docx", output=str(output))
    headings, text = docx_text(output.read_bytes())
    assert headings[:2] == ["1 Introduction", "1.1 Who has been part of the reporting"]
    assert "2 General observations" in headings
    assert "3.1 Overall results and achievements in the reporting period" in headings
    assert "3.2 Prevention" in headings
    assert "4 Next steps / way forward" in headings
    assert "Quarterly progress summary of the National Action Plan, 2025-Q4" in text
    assert "Contractor late" in text


def test_it_refuses_a_year_where_a_quarter_is_wanted(reported_plan, tmp_path):
    with pytest.raises(CommandError, match="--period: “2025” is not a quarter"):
        call_command("quarterly_summary", period="2025", format="pdf", output=str(tmp_path / "x"))
