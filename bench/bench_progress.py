"""Progress for every indicator of a plan, over the reporting benchmark's 2.3 million values.

The dataset is the reporting benchmark's, made by its own code (`bench/reporting_dataset/`,
imported, not copied): a 2023–2025 plan of 200 quarterly number indicators, 80 agencies
responsible for each, twelve values per agency, quarter and indicator (the total, five
single-dimension breakdowns, six combinations): 2,304,000 values in 960 reports, all written by
its fast loader (COPY on PostgreSQL). Its last year's states are then varied as in that
benchmark (submissions on time and late, returns, drafts, a missing 2025-Q4), leaving 2,284,800
values, and the database is ANALYZEd, as autovacuum does soon after a load this size. So that
every path of the engine is taken and the statuses vary, the indicators' settings are then
spread (the values untouched): a third each cumulative, latest and average over time, crossed
with sum, average and highest across agencies, and end targets from 20 to about 130,000
(baseline 10).

Measured in the same run, alternately so that both see the same machine:
- a plain scan of the values table, `SELECT count(*), sum(value) FROM reporting_indicatorvalue`;
- `progress.selectors.indicator_progress(plan, as_of=2025-Q4)` for the whole plan (each call on
  a freshly fetched plan, so nothing is cached on the instance between calls);
one warm-up each, then the median of seven runs; also the queries of one call, the time spent
inside the database during a call, and the provisional view (submitted values counted too).
Goals (PostgreSQL): progress under 1 s, and within 3× the scan.

Knobs (environment, as `bench/run.py` passes no arguments; or the command-line flags):
- BENCH_QUICK=1 / --quick: 8 agencies (a tenth of the data);
- BENCH_PROGRESS_AGENCIES=N / --agencies N: the number of agencies (default 80).

The database is a throwaway one made like the test suite's: a `test_` database on the server
DATABASE_URL names (PostgreSQL), or a new SQLite file when it is unset.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

RUNS = 7
AS_OF = "2025-Q4"
GOAL_MS, GOAL_RATIO = 1000.0, 3.0
SCAN_SQL = "SELECT count(*), sum(value) FROM reporting_indicatorvalue"


def _agencies_from_env() -> int:
    from bench.reporting_dataset import AGENCIES, QUICK_AGENCIES

    quick = os.environ.get("BENCH_QUICK", "") not in ("", "0")
    return int(os.environ.get("BENCH_PROGRESS_AGENCIES") or (QUICK_AGENCIES if quick else AGENCIES))


def main(agencies: int | None = None) -> dict[str, Any]:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bench.harness import database_label, django_setup, machine
    from bench.reporting_dataset import Scale

    # Every agency through the fast loader: this benchmark is about reading the values.
    count = agencies or _agencies_from_env()
    scale = Scale(agencies=count, import_agencies=0)
    with tempfile.TemporaryDirectory() as scratch:
        django_setup(Path(scratch))
        from django.conf import settings
        from django.db import connection

        if connection.vendor == "postgresql":
            settings.DATABASES["default"]["TEST"]["NAME"] = "test_bench_progress"
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
        try:
            return {"database": database_label(), "machine": machine(), **_measure(scale)}
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)


def _load(scale: Any) -> tuple[Any, dict[str, Any]]:
    """The reporting benchmark's plan and values, its last year varied, then ANALYZE."""
    from django.db import connection

    from bench.reporting_dataset import build_world, fast_load, vary_statuses
    from reporting.models import IndicatorValue, Report

    started = time.perf_counter()
    world = build_world(scale)
    fast_load(world, range(scale.agencies))
    stored = IndicatorValue.objects.count()
    assert stored == scale.values, (stored, scale.values)
    vary_statuses(world)
    _vary_indicators(world)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return world, {
        "agencies × indicators": f"{scale.agencies} × {len(world.indicators)}",
        "values loaded": stored,
        "values when measured": IndicatorValue.objects.count(),
        "reports when measured": Report.objects.count(),
        "load seconds (plan, fast loader, states, ANALYZE)": round(
            time.perf_counter() - started, 1
        ),
    }


def _vary_indicators(world: Any) -> None:
    from plans.models import AgencyAggregation, Indicator, TimeAggregation

    over_time, across = list(TimeAggregation), list(AgencyAggregation)
    for n, indicator in enumerate(world.indicators):
        indicator.time_aggregation = over_time[n % 3]
        indicator.agency_aggregation = across[(n // 3) % 3]
        indicator.end_target = Decimal(round(20 * 1.045**n))
    Indicator.objects.bulk_update(
        world.indicators, ["time_aggregation", "agency_aggregation", "end_target"]
    )


def _scan() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(SCAN_SQL)
        count, _ = cursor.fetchone()
    assert count > 0


def _progress_call(plan_pk: int, *, provisional: bool = False) -> Callable[[], list[Any]]:
    from plans.models import Plan
    from progress.selectors import indicator_progress
    from tipmonitor.lib.reporting_periods import parse_period_code

    as_of = parse_period_code(AS_OF)

    def call() -> list[Any]:
        return indicator_progress(
            Plan.objects.get(pk=plan_pk), as_of=as_of, provisional=provisional
        )

    return call


def _timed(call: Callable[[], Any]) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def _in_database_ms(call: Callable[[], Any]) -> tuple[int, float]:
    """The queries of one call and the time spent executing them (server plus transfer)."""
    from django.db import connection

    spent: list[float] = []

    def wrapper(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent.append(time.perf_counter() - started)

    with connection.execute_wrapper(wrapper):
        call()
    return len(spent), sum(spent) * 1000


def _measure(scale: Any) -> dict[str, Any]:
    world, figures = _load(scale)
    progress = _progress_call(world.plan.pk)
    provisional = _progress_call(world.plan.pk, provisional=True)
    rows = progress()  # the warm-ups, as a running server has them
    assert len(rows) == len(world.indicators), len(rows)
    _scan()
    provisional()
    scans, progresses = [], []
    for _ in range(RUNS):  # alternately, so that both see the same machine
        scans.append(_timed(_scan))
        progresses.append(_timed(progress))
    provisionals = [_timed(provisional) for _ in range(RUNS)]
    queries, in_database = _in_database_ms(progress)
    scan_ms, progress_ms = statistics.median(scans), statistics.median(progresses)
    ratio = progress_ms / scan_ms
    statuses = Counter(str(row.status) for row in rows)
    return figures | {
        "indicators with a row": len(rows),
        "statuses as of " + AS_OF: ", ".join(f"{s} {n}" for s, n in sorted(statuses.items())),
        "scan of the values table, median (min–max) ms": _spread(scans),
        "indicator_progress, whole plan, median (min–max) ms": _spread(progresses),
        "indicator_progress queries": queries,
        "indicator_progress time in the database (one call) ms": round(in_database, 1),
        "indicator_progress provisional, median (min–max) ms": _spread(provisionals),
        "progress / scan": round(ratio, 2),
        f"goal met (progress < {GOAL_MS:.0f} ms)": progress_ms < GOAL_MS,
        f"goal met (progress within {GOAL_RATIO:.0f}× the scan)": ratio <= GOAL_RATIO,
    }


def _spread(times: list[float]) -> str:
    return f"{statistics.median(times):.1f} ({min(times):.1f}–{max(times):.1f})"


def _arguments() -> int | None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="8 agencies instead of 80")
    parser.add_argument("--agencies", type=int, help="number of agencies (default 80)")
    args = parser.parse_args()
    if args.quick and not args.agencies:
        from bench.reporting_dataset import QUICK_AGENCIES

        return QUICK_AGENCIES
    return args.agencies


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    for measure, value in main(_arguments()).items():
        print(f"{measure}: {value}")
