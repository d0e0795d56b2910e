"""The annual report's section on coordination: meetings held by body, each agency's
attendance, what became of the actions passed; a sentence when no meeting was held."""

import datetime

import pytest

from coordination import rules
from documents.builder import document_content
from documents.generate import render_document
from documents.sections import COORDINATION, sections_for
from tests.documents.files import docx_text, pdf_pages
from tests.documents.pages import prepare_url
from tipmonitor.lib.reporting_periods import parse_period_code

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 3, 1)


def _section(plan, year="2025", language="en"):
    content = document_content(
        plan=plan,
        kind="annual",
        period=parse_period_code(year),
        language=language,
        today=TODAY,
        charts=False,
    )
    return content.coordination


def _rows(table):
    return {row[0]: row[1:] for row in table.rows}


def test_it_counts_the_meetings_held_by_body(coordination_world):
    section = _section(coordination_world["plan"])
    # The planned November meeting was not held: it does not count.
    assert _rows(section.meetings) == {
        "Inter-agency working group": ["2", "March 14, 2025; June 20, 2025"],
        "All bodies": ["2", ""],
    }


def test_it_gives_each_agencys_attendance(coordination_world):
    rows = _rows(_section(coordination_world["plan"]).attendance)
    # Present (of its meetings), excused, absent, not recorded.
    assert rows["National Police"] == ["2 of 2", "0", "0", "0"]
    assert rows["Shelter Foundation"] == ["0 of 2", "1", "1", "0"]
    assert rows["National Coordinator's Secretariat"] == ["1 of 2", "0", "0", "1"]


def test_it_says_what_became_of_the_actions(coordination_world):
    section = _section(coordination_world["plan"])
    # Passed, done on time, done late, late, open, dropped: the guidelines were done only in
    # January 2026, so on 31 December 2025 they were still open (due that day, not late).
    assert _rows(section.actions)["All bodies"] == ["4", "1", "0", "1", "1", "1"]
    assert section.actions.caption.endswith("Dec. 31, 2025")


def test_it_judges_an_action_closed_after_the_day_as_it_stood():
    due, closed = datetime.date(2025, 6, 1), datetime.date(2025, 9, 1)

    assert rules.action_outcome("done", due, closed, datetime.date(2025, 7, 1)) == "late"
    assert rules.action_outcome("done", due, closed, datetime.date(2025, 5, 1)) == "open"
    assert rules.action_outcome("done", due, closed, datetime.date(2025, 12, 31)) == "done_late"
    assert rules.action_outcome("dropped", due, closed, datetime.date(2025, 12, 31)) == "dropped"


def test_it_says_so_when_no_meeting_was_held(coordination_world):
    section = _section(coordination_world["plan"], year="2024")
    assert section.none_held == ("No meeting of a coordination body on this plan was held in 2024.")


def test_it_prints_the_section_in_both_formats(coordination_world):
    plan = coordination_world["plan"]
    docx = render_document(plan=plan, kind="annual", period="2025", language="en", fmt="docx")
    headings, text = docx_text(docx.content)
    assert headings[-4:] == [
        "6 Coordination",
        "6.1 Meetings held",
        "6.2 Attendance",
        "6.3 Actions passed",
    ]
    assert "0 of 2" in text
    pdf = render_document(plan=plan, kind="annual", period="2025", language="hy", fmt="pdf")
    assert pdf.content.startswith(b"%PDF-")
    assert pdf_pages(pdf.content) > 1


def test_it_leaves_the_quarterly_summary_without_it(coordination_world):
    content = document_content(
        plan=coordination_world["plan"],
        kind="quarterly",
        period=parse_period_code("2025-Q2"),
        language="en",
        charts=False,
    )
    assert content.coordination is None
    assert COORDINATION not in sections_for("quarterly", [])


def test_it_shows_the_section_on_the_preparation_page(coordination_world, coordinator, client_of):
    page = client_of(coordinator).get(prepare_url(coordination_world["plan"]))
    html = page.content.decode()
    assert 'value="coordination"' in html  # its narrative box
    assert "Actions passed in the year" in html
