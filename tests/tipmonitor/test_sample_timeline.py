"""The demo history's calendar (tipmonitor/sample/timeline.py): each report's fate around its
deadline, the order of its events, and nothing placed in the future."""

import datetime

from django.utils import timezone

from reporting.matrix import received_on_time
from reporting.models import EventKind
from tipmonitor.sample.timeline import before, event_moments, fate_of, first_sent

DUE = datetime.date(2025, 4, 15)
AGENCIES = ["MOI-POLICE", "NGO-SHELTER", "PGO", "MOJ", "IDCOM", "MOSA", "NGO-LEGAL", "STAT"]
QUARTERS = [f"{year}-Q{q}" for year in (2024, 2025, 2026) for q in (1, 2, 3, 4)]
A_RETURN = [EventKind.IMPORTED, EventKind.RETURNED, EventKind.IMPORTED, EventKind.ACCEPTED]
A_DRAFT = [EventKind.CREATED, EventKind.SAVED, EventKind.IMPORTED, EventKind.ACCEPTED]
A_CORRECTION = [EventKind.CORRECTION, EventKind.SAVED, EventKind.SUBMITTED, EventKind.ACCEPTED]


def test_it_sends_most_reports_before_the_deadline_some_weeks_late_and_returns_a_few():
    fates = [fate_of(agency, quarter) for agency in AGENCIES for quarter in QUARTERS]

    late = [fate for fate in fates if fate.late]
    returned = [fate for fate in fates if fate.returned]
    assert 0 < len(late) < len(fates) / 4
    assert 0 < len(returned) < len(fates) / 4
    assert all(3 <= fate.offset_days <= 28 for fate in late)
    assert fate_of("PGO", "2025-Q1") == fate_of("PGO", "2025-Q1")


def test_it_judges_the_first_submission_as_the_matrix_does():
    for agency in AGENCIES:
        for quarter in QUARTERS:
            fate = fate_of(agency, quarter)
            sent = first_sent(fate, DUE)
            assert received_on_time(sent, DUE) is not fate.late
            assert 9 <= timezone.localtime(sent).hour < 17


def test_it_orders_a_returned_and_corrected_reports_events_after_its_submission():
    fate = next(fate_of("PGO", q) for q in QUARTERS if fate_of("PGO", q).returned)

    moments = event_moments(A_RETURN + A_CORRECTION, fate, DUE)

    assert moments[0] == first_sent(fate, DUE)
    assert moments == sorted(set(moments))
    returned, resent, accepted = moments[1:4]
    assert (resent - returned).days >= 2
    assert accepted > resent


def test_it_pulls_moments_in_the_future_back_before_now_keeping_their_order():
    now = timezone.make_aware(datetime.datetime(2025, 4, 20, 12))
    moments = event_moments(A_RETURN, fate_of("MOJ", "2025-Q1"), DUE)
    moments = [moment + datetime.timedelta(days=10) for moment in moments]

    kept = before(moments, now)

    assert kept == sorted(set(kept))
    assert all(moment < now for moment in kept)
    untouched = [moment for moment in moments if moment < now - datetime.timedelta(days=1)]
    assert kept[: len(untouched)] == untouched


def test_it_places_a_drafts_opening_and_saves_just_before_its_first_submission():
    fate = fate_of("MOSA", "2025-Q1")

    opened, saved, sent, accepted = event_moments(A_DRAFT, fate, DUE)

    assert sent == first_sent(fate, DUE)
    assert opened < saved < sent < accepted
    assert sent - opened < datetime.timedelta(hours=2)
