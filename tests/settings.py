"""The settings of the test suite: the project's own, with jobs run at once (the immediate
task backend) instead of queued for a worker. A test that wants the real queue overrides TASKS
(tests/jobs/test_db_worker.py). Jobs are still queued on commit: see docs/worker.md."""

from tipmonitor.lib import compat
from tipmonitor.settings import *  # noqa: F403

TASKS = compat.tasks_settings("immediate")["TASKS"]
