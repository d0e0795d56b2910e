"""The schedule: work the worker queues by itself at set times of day (reminders, the nightly
linkage, the deletion of expired case records).

Format (settings.TIPMONITOR_SCHEDULE): a dict of entry name -> entry, each entry a dict with
- "function": dotted path of a job function (as for `job_enqueue`), required;
- "at": "HH:MM", the time of day in settings.TIME_ZONE, required;
- "title": what the job list shows (default: the name);
- "kwargs": its keyword arguments (default: none);
- "catch_up_hours": how late a slot may still run when no worker was up at its time
  (default 6; later, that day's run is skipped and the next day's slot waits).
Names listed in settings.TIPMONITOR_SCHEDULE_OFF (env TIPMONITOR_SCHEDULE_OFF) are left out.

Each (name, slot) is claimed by inserting a `ScheduledRun`; the unique pair makes the claim
atomic, so a slot runs once however many workers (or `run-schedule`s from cron) tick.
"""

import datetime
import logging
import re
import zoneinfo
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from jobs.models import Job, JobStatus, ScheduledRun
from jobs.services import job_enqueue, jobs_fail_stalled

logger = logging.getLogger(__name__)

_AT = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
_KEYS = {"function", "at", "title", "kwargs", "catch_up_hours"}


@dataclass(frozen=True)
class Entry:
    name: str
    function: str
    at: datetime.time
    title: str
    kwargs: dict[str, Any] = field(default_factory=dict)
    catch_up: datetime.timedelta = datetime.timedelta(hours=6)


def _entry(name: Any, raw: Any) -> Entry:
    where = f"TIPMONITOR_SCHEDULE[{name!r}]"
    if not isinstance(name, str) or not re.fullmatch(r"[a-z0-9_-]{1,50}", name):
        raise ImproperlyConfigured(f"{where}: a name is 1-50 of a-z, 0-9, '_' and '-'.")
    if not isinstance(raw, dict):
        raise ImproperlyConfigured(f"{where}: an entry is a dict, not {type(raw).__name__}.")
    if unknown := set(raw) - _KEYS:
        raise ImproperlyConfigured(f"{where}: unknown keys {sorted(unknown)}.")
    function = raw.get("function")
    if not isinstance(function, str) or "." not in function:
        raise ImproperlyConfigured(f"{where}['function']: a dotted path, e.g. 'cases.jobs.x'.")
    at = raw.get("at")
    match = _AT.match(at) if isinstance(at, str) else None
    if match is None:
        raise ImproperlyConfigured(f"{where}['at']: {at!r} is not a time HH:MM (00:00-23:59).")
    kwargs = raw.get("kwargs", {})
    if not isinstance(kwargs, dict):
        raise ImproperlyConfigured(f"{where}['kwargs']: a dict of keyword arguments.")
    hours = raw.get("catch_up_hours", 6)
    if not isinstance(hours, int | float) or isinstance(hours, bool) or not 0 < hours <= 24:
        raise ImproperlyConfigured(f"{where}['catch_up_hours']: a number of hours, 0 < h <= 24.")
    return Entry(
        name=name,
        function=function,
        at=datetime.time(int(match[1]), int(match[2])),
        title=raw.get("title") or name,
        kwargs=kwargs,
        catch_up=datetime.timedelta(hours=hours),
    )


def schedule_entries() -> list[Entry]:
    """The entries in force; ImproperlyConfigured says which entry and key is wrong."""
    raw = getattr(settings, "TIPMONITOR_SCHEDULE", {}) or {}
    if not isinstance(raw, dict):
        raise ImproperlyConfigured("TIPMONITOR_SCHEDULE: a dict of name -> entry.")
    off = list(getattr(settings, "TIPMONITOR_SCHEDULE_OFF", []) or [])
    if unknown := sorted(set(off) - set(raw)):
        raise ImproperlyConfigured(
            f"TIPMONITOR_SCHEDULE_OFF names no entry: {', '.join(unknown)} "
            f"(entries: {', '.join(sorted(raw))})."
        )
    return [_entry(name, entry) for name, entry in raw.items() if name not in off]


def _zone() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def last_slot(entry: Entry, now: datetime.datetime) -> datetime.datetime:
    """The latest time at or before `now` the entry was due (an aware datetime)."""
    local = now.astimezone(_zone())
    slot = datetime.datetime.combine(local.date(), entry.at, tzinfo=_zone())
    if slot > local:
        slot = datetime.datetime.combine(
            local.date() - datetime.timedelta(days=1), entry.at, tzinfo=_zone()
        )
    return slot


def next_slot(entry: Entry, now: datetime.datetime) -> datetime.datetime:
    slot = last_slot(entry, now)
    return datetime.datetime.combine(
        slot.date() + datetime.timedelta(days=1), entry.at, tzinfo=_zone()
    )


def _claim(entry: Entry, slot: datetime.datetime) -> Job | None:
    """Insert the entry's ScheduledRun for `slot` and queue its job, in one transaction; None
    when another worker has claimed the slot first."""
    try:
        with transaction.atomic():
            run = ScheduledRun.objects.create(name=entry.name, slot=slot)
            with translation.override(settings.LANGUAGE_CODE):
                title = str(entry.title)
            try:
                job = job_enqueue(
                    function=entry.function,
                    kwargs=entry.kwargs,
                    title=title,
                    user=None,
                    subject=f"schedule:{entry.name}",
                )
            except ValueError as error:
                # A function that does not import: shown as a failed job, not retried each tick.
                logger.error("Scheduled %s not queued: %s", entry.name, error)
                job = Job.objects.create(
                    function=entry.function[:200],
                    kwargs=entry.kwargs,
                    title=title[:200],
                    subject=f"schedule:{entry.name}",
                    status=JobStatus.FAILED,
                    error=str(error),
                    finished_at=timezone.now(),
                )
            run.job = job
            run.save(update_fields=["job"])
    except IntegrityError:
        return None
    logger.info("Scheduled %s for %s queued as job %s", entry.name, slot.isoformat(), job.pk)
    return job


def schedule_tick(*, now: datetime.datetime | None = None) -> list[Job]:
    """Queue every entry whose latest slot is due, not yet claimed and not too late; return
    the jobs queued by this call. Idempotent: a second tick for the same slots queues none."""
    now = now or timezone.now()
    jobs_fail_stalled(now=now)
    queued = []
    for entry in schedule_entries():
        slot = last_slot(entry, now)
        if now - slot > entry.catch_up:
            continue
        if ScheduledRun.objects.filter(name=entry.name, slot=slot).exists():
            continue  # the cheap test first; the insert in _claim is the real lock
        if (job := _claim(entry, slot)) is not None:
            queued.append(job)
    return queued
