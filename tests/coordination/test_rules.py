"""The pure rules of coordination (coordination/rules.py), which every page, the workbook, the
API and the documents call."""

import datetime

import pytest

from coordination import rules

DUE = datetime.date(2025, 6, 1)


@pytest.mark.parametrize(
    ("states", "indicators", "expected"),
    [
        ([], [], "not_started"),
        (["cancelled"], [], "not_started"),
        ([None, "not_started"], [], "not_started"),
        (["delayed"], [], "partly"),
        (["completed", "ongoing"], [], "partly"),
        (["completed", "completed", "ongoing"], [], "largely"),
        (["completed", "completed"], ["off_track"], "largely"),
        (["completed", "completed"], ["at_risk", "on_track"], "largely"),
        (["completed", "cancelled"], ["on_track", "achieved"], "fully"),
    ],
)
def test_it_proposes_a_status_from_the_activities(states, indicators, expected):
    assert rules.proposed_status(states, indicators).status == expected


def test_it_gives_the_reason_in_words():
    assert rules.proposed_status([]).reason == "No activity of the plan answers it."
    assert rules.proposed_status(["completed", "ongoing"]).reason == (
        "1 of 2 activities completed."
    )
    assert rules.proposed_status(["completed"], ["off_track"]).reason == (
        "1 of 1 activity completed, but 1 indicator off track or at risk."
    )


@pytest.mark.parametrize(
    ("status", "closed_on", "today", "expected"),
    [
        ("open", None, datetime.date(2025, 5, 1), "open"),
        ("in_progress", None, DUE, "open"),
        ("open", None, datetime.date(2025, 6, 2), "late"),
        ("done", datetime.date(2025, 6, 1), datetime.date(2025, 9, 1), "done_on_time"),
        ("done", datetime.date(2025, 6, 2), datetime.date(2025, 9, 1), "done_late"),
        ("dropped", datetime.date(2025, 5, 1), datetime.date(2025, 9, 1), "dropped"),
        # As it stood on a day before it closed: still open then.
        ("done", datetime.date(2025, 9, 1), datetime.date(2025, 7, 1), "late"),
        ("dropped", datetime.date(2025, 9, 1), datetime.date(2025, 5, 1), "open"),
    ],
)
def test_it_judges_an_action_as_it_stood_on_a_day(status, closed_on, today, expected):
    assert rules.action_outcome(status, DUE, closed_on, today) == expected


def test_it_keeps_the_day_an_action_closed_until_it_opens_again():
    today, earlier = datetime.date(2025, 7, 1), datetime.date(2025, 6, 1)

    assert rules.closed_on_for("done", "open", None, today) == today
    assert rules.closed_on_for("done", "done", earlier, today) == earlier
    assert rules.closed_on_for("dropped", "done", earlier, today) == today
    assert rules.closed_on_for("open", "done", earlier, today) is None


def test_it_counts_the_attendance_rate():
    rate = rules.attendance_rate(["present", "absent", "excused", "present"])

    assert (rate.present, rate.excused, rate.absent, rate.meetings) == (2, 1, 1, 4)
    assert rate.rate == 0.5
    assert rules.attendance_rate([]).rate is None


def test_it_reads_sdg_targets_and_names_a_bad_one():
    assert rules.parse_sdg_targets("5.2, 8.7; 16.2 ,17.A") == (["5.2", "8.7", "16.2", "17.a"], None)
    assert rules.parse_sdg_targets("") == ([], None)
    targets, error = rules.parse_sdg_targets("5.2, 18.1")
    assert targets == []
    assert error == "18.1 is not an SDG target (write it as 5.2 or 16.a)."
    assert rules.parse_sdg_targets("5")[1] is not None
