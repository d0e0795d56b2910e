"""The scheduler's thread inside `tipmonitor worker`: every `period` seconds it queues what
the schedule says is due (jobs.schedule), while the main thread runs django-tasks-db's worker
loop unchanged."""

import logging
import threading

from django.db import connections

from jobs.schedule import schedule_tick

logger = logging.getLogger(__name__)


class SchedulerThread(threading.Thread):
    def __init__(self, period: float) -> None:
        # A daemon: a worker stopping (SIGTERM) does not wait for it; a tick cut short is a
        # transaction rolled back, and the next tick (of any worker) claims the slot.
        super().__init__(name="tipmonitor-scheduler", daemon=True)
        self.period = period
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                schedule_tick()
            except Exception:
                logger.exception("The scheduler's tick failed; trying again in %ss", self.period)
            finally:
                connections.close_all()  # this thread's own connections
            self.stopped.wait(self.period)

    def stop(self) -> None:
        self.stopped.set()
