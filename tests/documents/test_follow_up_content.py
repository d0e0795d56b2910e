"""The follow-up report on a source's recommendations: grouped by theme, each with its status
(confirmed, or proposed while not), the activities answering it and what the agencies reported;
as DOCX and PDF."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from documents.follow_up import follow_up_blocks, follow_up_content
from documents.generate import render_follow_up
from tests.documents.coordination_data import GRETA_TEXT
from tests.documents.files import docx_text, pdf_pages

pytestmark = pytest.mark.django_db
AS_OF = datetime.date(2026, 1, 15)


def _facts(recommendation):
    return {figure.label: figure.value for figure in recommendation.facts}


def test_it_groups_a_sources_recommendations_by_theme(greta):
    content = follow_up_content(plan=greta, source="greta", language="en", as_of=AS_OF)
    assert [theme.title for theme in content.themes] == ["Prevention", "Protection", "3 Protection"]
    assert [[r.heading for r in t.recommendations] for t in content.themes] == [
        ["R-2 (paragraph 45)"],
        ["R-1 (paragraph 112)"],
        ["R-3 (paragraph 8)"],
    ]
    assert content.title == "Follow-up report on the recommendations of GRETA evaluation"


def test_it_gives_the_confirmed_status_or_the_proposed_one(greta):
    content = follow_up_content(plan=greta, source="greta", language="en", as_of=AS_OF)
    confirmed = _facts(content.themes[1].recommendations[0])
    assert confirmed["Implementation status"] == "Partly implemented"
    assert confirmed["Comment on the status"].startswith("Training started")
    assert confirmed["SDG targets"] == "8.7, 16.2"
    assert confirmed["Responsible agencies"] == "Police"
    proposed = _facts(content.themes[0].recommendations[0])
    assert proposed["Implementation status"] == (
        "Not yet assessed (proposed from the activities: Not started)"
    )
    assert proposed["Why this is proposed"] == "No activity of the plan answers it."
    assert [row[0] for row in content.by_status.rows] == [
        "Partly implemented",
        "Not yet assessed",
        "of which proposed: Not started",
    ]


def test_it_shows_the_activities_and_what_the_agencies_reported(greta):
    content = follow_up_content(plan=greta, source="greta", language="en", as_of=AS_OF)
    answered = content.themes[1].recommendations[0]
    [activity] = answered.activities
    assert (activity.subject, activity.agency) == ("2.1.1", "Police")
    name = greta.activities.get(code="2.1.1").name
    assert activity.text == f"{name}. Latest status: Delayed."
    [said] = answered.reported
    assert (said.subject, said.agency) == ("2.1.1", "Police (2025-Q4)")
    assert said.text == "Delayed, 40 % done: Contractor late"


def test_it_narrows_to_one_round(greta):
    content = follow_up_content(
        plan=greta, source="greta", cycle="Second round", language="en", as_of=AS_OF
    )
    assert [r.heading for t in content.themes for r in t.recommendations] == ["R-3 (paragraph 8)"]
    assert "Second round" in content.title


@pytest.mark.parametrize(
    ("source", "cycle", "field"),
    [("nobody", "", "source"), ("cedaw", "", "source"), ("greta", "Ninth round", "cycle")],
)
def test_it_refuses_a_source_or_round_the_plan_has_none_of(greta, source, cycle, field):
    with pytest.raises(ValidationError) as refused:
        render_follow_up(plan=greta, source=source, cycle=cycle, language="en", fmt="docx")
    assert field in refused.value.message_dict


def test_it_writes_the_report_as_docx(greta):
    rendered = render_follow_up(plan=greta, source="greta", language="en", fmt="docx", as_of=AS_OF)
    assert rendered.filename == "follow-up-greta-2026-01-15-en.docx"
    headings, text = docx_text(rendered.content)
    assert headings[:2] == ["1 About this report", "2 Recommendations by theme"]
    assert "2.2.1 R-1 (paragraph 112)" in headings
    assert GRETA_TEXT in text
    assert "Contractor late" in text
    assert "Increase prosecutions." not in text  # the US TIP report's


def test_it_writes_the_report_in_armenian(greta):
    content = follow_up_content(plan=greta, source="greta", language="hy", as_of=AS_OF)
    texts = [b.text for b in follow_up_blocks(content) if b.kind == "text"]
    assert "ԳՐԵՏԱ-ն հորդորում է իշխանություններին։" in texts


@pytest.mark.parametrize("language", ["en", "hy"])
def test_it_writes_the_report_as_pdf(greta, language):
    rendered = render_follow_up(
        plan=greta, source="greta", cycle="Third round", language=language, fmt="pdf"
    )
    assert rendered.content.startswith(b"%PDF-")
    assert rendered.filename.startswith("follow-up-greta-third-round-")
    assert 1 <= pdf_pages(rendered.content) <= 4
