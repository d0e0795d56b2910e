"""`tipmonitor worker`: runs the queued jobs and starts the scheduled ones (docs/worker.md).

It is django-tasks-db's `db_worker` (same options: --batch, --interval, --max-tasks,
--worker-id, --queue-name, --reload; SIGTERM/SIGINT finish the running job, then stop), plus
a thread that ticks the schedule every --schedule-every seconds (--no-schedule: none, when cron
runs `tipmonitor run-schedule` instead). With --batch it ticks once, runs what is queued and
exits."""

import os
from argparse import ArgumentParser
from typing import Any

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands import db_worker

from jobs.schedule import schedule_tick
from jobs.worker import SchedulerThread


class Command(db_worker.Command):
    help = "Run the queued background jobs and start the scheduled ones (docs/worker.md)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--no-schedule",
            action="store_false",
            dest="schedule",
            help="Do not start scheduled jobs (cron runs `tipmonitor run-schedule` instead).",
        )
        parser.add_argument(
            "--schedule-every",
            type=float,
            default=30.0,
            help="Seconds between two looks at the schedule (default: %(default)s).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        schedule = options.pop("schedule")
        every = options.pop("schedule_every")
        if every <= 0:
            every = 30.0
        reloading = options.get("reload") and not options.get("batch")
        # With --reload the outer process only restarts the inner one: only the inner ticks.
        in_worker_process = not reloading or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true"
        thread = None
        if schedule and options.get("batch"):
            schedule_tick()
        elif schedule and in_worker_process:
            thread = SchedulerThread(every)
            thread.start()
        try:
            super().handle(*args, **options)
        finally:
            if thread is not None:
                thread.stop()
