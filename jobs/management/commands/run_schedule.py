"""`tipmonitor run-schedule`: queue the scheduled jobs that are due now and not yet queued;
the cron alternative to the worker's own schedule (run it every few minutes; running it twice,
or beside a worker, queues nothing twice). `--list` shows the schedule."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from jobs.schedule import last_slot, next_slot, schedule_entries, schedule_tick


class Command(BaseCommand):
    help = "Queue the scheduled jobs due now (the cron alternative; docs/worker.md)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--list", action="store_true", help="Show the schedule; queue none.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            now = timezone.now()
            for entry in schedule_entries():
                self.stdout.write(
                    f"{entry.name}: {entry.function} daily at {entry.at:%H:%M}; "
                    f"last {timezone.localtime(last_slot(entry, now)):%Y-%m-%d %H:%M}, "
                    f"next {timezone.localtime(next_slot(entry, now)):%Y-%m-%d %H:%M}"
                )
            return
        jobs = schedule_tick()
        for job in jobs:
            self.stdout.write(f"Queued job {job.pk}: {job.title} ({job.function})")
        if not jobs:
            self.stdout.write("Nothing due.")
