"""The one task of the project: run a `Job`. Every piece of background work is a Job calling a
plain function (`jobs.runner`), so the task backend only ever sees a job id."""

from jobs.runner import run
from tipmonitor.lib.compat import task


@task()
def run_job(job_id: int) -> str:
    """Run the job `job_id`; return its final status (the Job row holds the rest)."""
    return run(job_id)
