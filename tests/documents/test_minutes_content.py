"""The minutes of a meeting as a document: what they say (built content, the DOCX read back,
the PDF produced), in English and Armenian."""

import pytest

from documents.generate import render_minutes
from documents.minutes import minutes_blocks, minutes_content
from tests.documents.coordination_data import (
    DECISION,
    GUIDELINES,
    PUBLISH,
    SHELTER,
    SUMMARY,
    TRAIN,
    UPDATE_COMMENT,
)
from tests.documents.files import docx_text, pdf_pages

pytestmark = pytest.mark.django_db


def _rows(table):
    return {row[0]: row for row in table.rows}


def test_it_lists_every_member_agency_with_its_attendance(coordination_world):
    content = minutes_content(meeting=coordination_world["june"], language="en")
    rows = _rows(content.attendance)
    assert rows["National Police"][1] == "Present"
    assert rows["Shelter Foundation"][1] == "Absent"
    assert rows["National Coordinator's Secretariat"][1] == "Not recorded"
    assert content.attendance_summary == "1 of 3 agencies present, 0 excused, 1 absent."
    assert not content.approved
    assert content.status_note.startswith("Draft")


def test_it_reviews_earlier_actions_as_they_stood_on_the_day(coordination_world):
    content = minutes_content(meeting=coordination_world["june"], language="en")
    review_item = content.items[0]
    assert review_item.kind == "actions"
    rows = _rows(review_item.review)
    assert rows[SHELTER][4] == "Open (Late)"
    assert rows[TRAIN][4] == "Done on time"
    assert UPDATE_COMMENT in rows[TRAIN][5]
    # Done only in January 2026: open on the meeting's day in June 2025.
    assert rows[GUIDELINES][4] == "Open"
    assert content.review is None  # printed under the item, not again


def test_it_prints_each_items_summary_decisions_and_actions(coordination_world):
    content = minutes_content(meeting=coordination_world["march"], language="en")
    training = content.items[1]
    assert (training.summary, training.decisions) == (SUMMARY, DECISION)
    actions = _rows(training.actions)
    assert actions[TRAIN][1:] == ["Police, reporter_a", "May 31, 2025", "Activity 2.1.1"]
    assert actions[SHELTER][1] == "Shelter"
    assert [row[0] for row in content.other_actions.rows] == [GUIDELINES]
    assert content.approved
    assert content.status_note.startswith("Approved by")
    headings = [b.text for b in minutes_blocks(content) if b.kind == "heading" and b.numbered]
    assert headings[:5] == [
        "1 The meeting",
        "2 Attendance",
        "3 Agenda",
        "4 Items discussed",
        "4.1 Actions since the last meeting",
    ]
    assert headings[-1] == "5 Other actions passed"


def test_it_writes_the_minutes_as_docx(coordination_world):
    rendered = render_minutes(meeting=coordination_world["june"], language="en", fmt="docx")
    assert rendered.filename == "minutes-WG-2025-06-20-en.docx"
    headings, text = docx_text(rendered.content)
    assert "4.3 Shelter statistics" in headings
    for expected in (PUBLISH, SHELTER, UPDATE_COMMENT, "Online", "Absent"):
        assert expected in text


def test_it_writes_the_minutes_in_armenian(coordination_world):
    rendered = render_minutes(meeting=coordination_world["june"], language="hy", fmt="docx")
    _headings, text = docx_text(rendered.content)
    assert "Միջգերատեսչական աշխատանքային խումբ" in text


@pytest.mark.parametrize("language", ["en", "hy"])
def test_it_writes_the_minutes_as_pdf(coordination_world, language):
    rendered = render_minutes(meeting=coordination_world["march"], language=language, fmt="pdf")
    assert rendered.content.startswith(b"%PDF-")
    assert rendered.content_type == "application/pdf"
    assert 1 <= pdf_pages(rendered.content) <= 4


def test_it_refuses_a_language_the_plan_is_not_issued_in(coordination_world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        render_minutes(meeting=coordination_world["june"], language="fr", fmt="pdf")
    assert "language" in refused.value.message_dict
