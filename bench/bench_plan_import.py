"""Import a plan of 1,000 activities and 2,000 indicators into a fresh database.

Goal: under 5 seconds. The database is a throwaway one made like the test suite's: a `test_`
database on the server DATABASE_URL names (PostgreSQL), or a new SQLite file when it is unset.
Peak memory is Python's (tracemalloc), measured around the import alone.
"""

import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

ACTIVITIES, INDICATORS = 1000, 2000
GOAL_SECONDS = 5.0


def _django_setup(scratch: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tipmonitor.settings")
    os.environ.setdefault("TIPMONITOR_VAR_DIR", str(scratch))
    import django
    from django.conf import settings

    django.setup()
    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = (
        str(scratch / "bench.sqlite3")
        if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")
        else "test_bench_plan_import"
    )


def main() -> dict[str, Any]:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    with tempfile.TemporaryDirectory() as scratch:
        _django_setup(Path(scratch))
        from django.db import connection

        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
        try:
            return {"database": connection.vendor, **_measure()}
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)


def _measure() -> dict[str, Any]:
    from plans.models import Indicator
    from plans.workbook.services import plan_export, plan_import
    from tests.plans.workbooks import build, large_plan, set_cell

    sheets = large_plan(activities=ACTIVITIES, indicators=INDICATORS)
    data = build(sheets)
    started = time.perf_counter()
    summary = plan_import(data=data)
    seconds = time.perf_counter() - started
    assert Indicator.objects.count() == INDICATORS
    # tracemalloc slows Python down severalfold, so memory is measured on a second, separate
    # run: the same plan under another code, which creates every element again.
    tracemalloc.start()
    plan_import(data=build(set_cell(sheets, "Plan", "Code", "Value", "NAP-BENCH-2")))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    started = time.perf_counter()
    again = plan_import(data=plan_export(plan=summary.plan, fmt="xlsx"))
    round_trip = time.perf_counter() - started
    assert not any(again.updated.values())
    return {
        "workbook size (KB)": len(data) // 1024,
        "import seconds": round(seconds, 2),
        "import peak memory (MB)": round(peak / 1024 / 1024, 1),
        "goal met (< 5 s)": seconds < GOAL_SECONDS,
        "export + re-import of the same plan (no changes) seconds": round(round_trip, 2),
    }


if __name__ == "__main__":
    for measure, value in main().items():
        print(f"{measure}: {value}")
