"""`narrative_save`: a section's draft saved with optimistic locking."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from documents.models import NarrativeDraft
from documents.services import NarrativeConflict, narrative_save

pytestmark = pytest.mark.django_db


def _save(plan, user, text, revision, **overrides):
    arguments = {
        "plan": plan,
        "kind": "annual",
        "period": "2025",
        "section": "lessons",
        "language": "en",
        "text": text,
        "revision": revision,
        "user": user,
    } | overrides
    return narrative_save(**arguments)


def test_it_creates_then_updates_a_draft_moving_its_revision_on(plan, coordinator):
    first = _save(plan, coordinator, "One", 0)
    second = _save(plan, coordinator, "Two", first.revision)
    assert (first.revision, second.revision, second.text) == (1, 2, "Two")
    assert second.updated_by == coordinator
    assert NarrativeDraft.objects.count() == 1


def test_it_refuses_a_stale_revision_and_keeps_the_newer_text(plan, coordinator):
    first = _save(plan, coordinator, "One", 0)
    _save(plan, coordinator, "Newer", first.revision)
    with pytest.raises(NarrativeConflict, match="Someone else saved this section") as refused:
        _save(plan, coordinator, "Stale", first.revision)
    assert refused.value.by == coordinator
    assert NarrativeDraft.objects.get().text == "Newer"


def test_it_refuses_a_second_first_save(plan, coordinator):
    _save(plan, coordinator, "One", 0)
    with pytest.raises(NarrativeConflict):
        _save(plan, coordinator, "Also first", 0)


def test_it_keeps_languages_apart(plan, coordinator):
    plan.languages = "en,hy"
    plan.save()
    _save(plan, coordinator, "English", 0)
    _save(plan, coordinator, "Հայերեն", 0, language="hy")
    assert NarrativeDraft.objects.count() == 2


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"section": "area:99"}, "section"),
        ({"language": "ru"}, "language"),
        ({"period": "2031"}, "period"),
        ({"period": "2025-Q1"}, "period"),
        ({"kind": "weekly"}, "kind"),
        ({"text": "x" * 50_001}, "text"),
    ],
)
def test_it_refuses_bad_input_saying_where(plan, coordinator, overrides, field):
    overrides = dict(overrides)
    text = overrides.pop("text", "Text")
    with pytest.raises(ValidationError) as refused:
        _save(plan, coordinator, text, 0, **overrides)
    assert field in refused.value.message_dict
    assert not NarrativeDraft.objects.exists()


def test_it_refuses_anyone_but_the_coordinator(plan, viewer):
    with pytest.raises(PermissionDenied):
        _save(plan, viewer, "Text", 0)
