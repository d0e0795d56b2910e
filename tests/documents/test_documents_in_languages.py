"""What a reader of the Armenian and Russian documents saw wrong (a review of the generated
minutes, follow-up reports and annual report): dates in the English order or month first, a
doubled full stop, the agenda's standard items titled in English, a recommendation's reference
read "paragraph para. 38", the proposed statuses out of order."""

import datetime

import pytest
from django.utils import translation

from coordination.models import AgendaItem, Recommendation
from documents.dates import document_date
from documents.follow_up import follow_up_content
from documents.minutes import minutes_content
from tests.documents.test_coordination_section_content import _rows, _section

pytestmark = pytest.mark.django_db
AS_OF = datetime.date(2026, 1, 15)


@pytest.mark.parametrize(
    ("language", "printed"),
    [("en", "Nov. 12, 2026"), ("hy", "12.11.2026"), ("ru", "12 ноября 2026 г.")],
)
def test_it_prints_dates_in_each_languages_order(language, printed):
    with translation.override(language):
        assert document_date(datetime.date(2026, 11, 12)) == printed


def test_it_prints_armenian_meeting_dates_day_first(coordination_world):
    section = _section(coordination_world["plan"], language="hy")
    # Not "03/14/2025, 06/20/2025": Django's fallback for Armenian puts the month first.
    assert "14.03.2025; 20.06.2025" in [row[1] for row in _rows(section.meetings).values()]


def test_it_prints_armenian_dates_in_the_minutes_day_first(coordination_world):
    content = minutes_content(meeting=coordination_world["march"], language="hy")
    assert content.title.endswith("14.03.2025")
    assert "20.03.2025" in content.status_note


def test_it_ends_the_russian_approval_note_with_one_full_stop(coordination_world):
    content = minutes_content(meeting=coordination_world["march"], language="ru")
    # The date ends with "г." already: "… 20 марта 2025 г.", not "… г..".
    assert content.status_note.endswith("20 марта 2025 г.")
    assert not content.status_note.endswith("..")


def test_it_titles_the_agendas_standard_items_in_the_documents_language(coordination_world):
    june = coordination_world["june"]
    content = minutes_content(meeting=june, language="ru")
    titles = [item.title for item in content.items]
    assert titles[:2] == ["Поручения с прошлого заседания", "Отмечено мониторингом"]
    assert content.agenda.rows[0][1] == "Поручения с прошлого заседания"
    # An item the coordinator renamed keeps its own title.
    AgendaItem.objects.filter(meeting=june, kind="flagged").update(title="Red flags of Q2")
    content = minutes_content(meeting=june, language="ru")
    assert content.items[1].title == "Red flags of Q2"


def test_it_prints_a_reference_that_names_itself_as_written(greta):
    Recommendation.objects.filter(code="R-1").update(reference="para. 112")
    Recommendation.objects.filter(code="R-2").update(reference="Prioritized recommendations, 4")
    content = follow_up_content(plan=greta, source="greta", language="en", as_of=AS_OF)
    headings = {r.heading for theme in content.themes for r in theme.recommendations}
    assert headings == {
        "R-1 (para. 112)",
        "R-2 (Prioritized recommendations, 4)",
        "R-3 (paragraph 8)",
    }


def test_it_lists_the_proposed_statuses_in_the_statuses_order(greta):
    Recommendation.objects.filter(plan=greta).update(status="")
    content = follow_up_content(plan=greta, source="greta", language="en", as_of=AS_OF)
    proposed = [row[0] for row in content.by_status.rows if row[0].startswith("of which")]
    order = ["Not started", "Partly implemented", "Largely implemented", "Fully implemented"]
    labels = [label.removeprefix("of which proposed: ") for label in proposed]
    assert labels == sorted(labels, key=order.index)
