"""Background tasks of case data. `link_cases` links all records into persons; the import
queues it after each committed import, and a scheduler (or `tipmonitor link-cases`) may run it
at any time. See docs/cases.md."""

from cases.linkage.services import linkage_run
from tipmonitor.lib.compat import task


@task()
def link_cases(engine: str = "duckdb") -> int:
    """Run the linkage on `engine` (duckdb or spark); return the id of the LinkageRun."""
    return linkage_run(engine_name=engine).pk
