"""The schedule queues each entry's slot once, however often and by however many workers it is
ticked; in the configured time zone; not when too late; and says clearly what is malformed."""

import datetime
import threading
import zoneinfo

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from agencies.models import Agency
from jobs.models import Job, JobStatus, ScheduledRun
from jobs.schedule import _claim, last_slot, schedule_entries, schedule_tick

YEREVAN = zoneinfo.ZoneInfo("Asia/Yerevan")  # UTC+4, no summer time


def at(hour: int, minute: int = 0, day: int = 7) -> datetime.datetime:
    return datetime.datetime(2026, 12, day, hour, minute, tzinfo=YEREVAN)


@pytest.fixture
def schedule(settings):
    settings.TIME_ZONE = "Asia/Yerevan"
    settings.TIPMONITOR_SCHEDULE = {
        "agency": {
            "function": "tests.jobs.functions.make_agency",
            "at": "06:00",
            "title": "Morning agency",
            "kwargs": {"code": "MORNING"},
        },
        "count": {"function": "tests.jobs.functions.count", "at": "23:30", "kwargs": {"n": 2}},
    }
    settings.TIPMONITOR_SCHEDULE_OFF = []
    return settings.TIPMONITOR_SCHEDULE


def test_it_runs_a_due_slot_once_when_ticked_twice(
    schedule, django_capture_on_commit_callbacks, db
):
    with django_capture_on_commit_callbacks(execute=True):
        first = schedule_tick(now=at(6, 1))
        second = schedule_tick(now=at(6, 2))

    assert [job.subject for job in first] == ["schedule:agency"]
    assert second == []
    assert Agency.objects.filter(code="MORNING").count() == 1
    job = Job.objects.get()
    assert (job.status, job.title, job.requested_by) == (JobStatus.DONE, "Morning agency", None)
    run = ScheduledRun.objects.get()
    assert (run.name, run.slot, run.job) == ("agency", at(6), job)


def test_it_lets_the_second_claim_of_a_slot_fail_quietly(schedule, db):
    """The race the unique (name, slot) settles: a worker that found the slot free a moment
    ago loses the insert to the one that claimed it meanwhile."""
    schedule_tick(now=at(6))
    entry = next(e for e in schedule_entries() if e.name == "agency")

    assert _claim(entry, at(6)) is None
    assert Job.objects.count() == ScheduledRun.objects.count() == 1


def test_it_runs_nothing_before_the_time_and_the_next_days_slot_after(schedule, db):
    assert schedule_tick(now=at(5, 59)) == []  # yesterday's 06:00 is a day late
    assert [j.subject for j in schedule_tick(now=at(6))] == ["schedule:agency"]
    assert [j.subject for j in schedule_tick(now=at(6, day=8))] == ["schedule:agency"]
    assert ScheduledRun.objects.count() == 2


def test_it_catches_up_a_missed_slot_only_within_its_window(schedule, db):
    assert [j.subject for j in schedule_tick(now=at(11, 59))] == ["schedule:agency"]
    assert schedule_tick(now=at(12, 1, day=8)) == []  # more than 6 hours late


def test_it_reads_the_time_of_day_in_the_configured_time_zone(schedule):
    entry = next(e for e in schedule_entries() if e.name == "count")
    # 20:00 UTC is 00:00 in Yerevan: the latest 23:30 was 19:30 UTC the same day.
    now = datetime.datetime(2026, 12, 7, 20, 0, tzinfo=datetime.UTC)

    assert last_slot(entry, now) == datetime.datetime(2026, 12, 7, 19, 30, tzinfo=datetime.UTC)


def test_it_leaves_out_the_entries_turned_off(schedule, settings):
    settings.TIPMONITOR_SCHEDULE_OFF = ["count"]

    assert [entry.name for entry in schedule_entries()] == ["agency"]


def test_it_shows_a_function_that_does_not_import_as_a_failed_job(schedule, db):
    schedule["agency"]["function"] = "tests.jobs.nowhere.gone"

    schedule_tick(now=at(6))
    schedule_tick(now=at(6, 1))

    job = Job.objects.get()
    assert job.status == JobStatus.FAILED
    assert "cannot be imported" in job.error


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"at": "6:00"}, r"\['at'\]: '6:00' is not a time HH:MM"),
        ({"at": "24:00"}, "is not a time HH:MM"),
        ({"function": "nodots"}, r"\['function'\]: a dotted path"),
        ({"every": "day"}, r"unknown keys \['every'\]"),
        ({"catch_up_hours": 0}, "catch_up_hours"),
        ({"kwargs": [1]}, "kwargs"),
    ],
)
def test_it_says_which_entry_and_key_is_malformed(schedule, change, says):
    schedule["agency"].update(change)

    with pytest.raises(ImproperlyConfigured, match=r"TIPMONITOR_SCHEDULE\['agency'\]"):
        schedule_entries()
    with pytest.raises(ImproperlyConfigured, match=says):
        schedule_entries()


def test_it_refuses_to_turn_off_an_entry_that_does_not_exist(schedule, settings):
    settings.TIPMONITOR_SCHEDULE_OFF = ["linkage"]

    with pytest.raises(ImproperlyConfigured, match="TIPMONITOR_SCHEDULE_OFF names no entry"):
        schedule_entries()


def test_it_reports_a_malformed_schedule_in_the_system_check(schedule):
    from jobs.checks import check_schedule

    schedule["count"]["at"] = "noon"

    assert [error.id for error in check_schedule()] == ["jobs.E001"]


def test_it_has_a_well_formed_default_schedule(settings):
    from django.conf import settings as project

    assert {e.name for e in schedule_entries()} >= set(project.TIPMONITOR_SCHEDULE) - set(
        project.TIPMONITOR_SCHEDULE_OFF
    )


def test_it_queues_what_is_due_from_the_command(schedule, db, capsys):
    # The command ticks at the real now: make an entry due at the last full minute.
    local = timezone.now().astimezone(YEREVAN)
    schedule["agency"]["at"] = f"{local:%H:%M}"
    del schedule["count"]  # due at 23:30: after that, it would be queued too
    call_command("run_schedule")
    call_command("run_schedule")

    out = capsys.readouterr().out
    assert out.count("Queued job") == 1
    assert "Nothing due." in out
    assert ScheduledRun.objects.filter(name="agency").count() == 1


@pytest.mark.django_db(transaction=True)
def test_it_runs_a_slot_once_when_two_workers_tick_at_the_same_moment(schedule):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers on one file lock; the race needs PostgreSQL")
    barrier = threading.Barrier(4)
    queued: list[int] = []

    def worker() -> None:
        try:
            barrier.wait(10)
            queued.extend(job.pk for job in schedule_tick(now=at(6)))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert len(queued) == 1
    assert ScheduledRun.objects.count() == 1
    assert Agency.objects.filter(code="MORNING").count() == 1
