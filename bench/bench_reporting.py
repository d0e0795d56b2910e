"""Quarterly reporting at national scale: 80 agencies × 12 quarters × 200 disaggregated indicators.

Every agency is responsible for every indicator of a three-year plan (2023–2025, twelve quarters).
Each indicator is quarterly and disaggregated by sex (female, male, other) and age group (child,
adult), the dimensions the initial migration creates. For every agency, quarter and indicator the
file holds twelve values: the total, the five single-dimension breakdowns (sex=female, sex=male,
sex=other, age_group=child, age_group=adult; every category filled, so every sum is checked) and
the six full combinations (age_group=child;sex=female, …), all consistent with each other:
80 × 12 × 200 × 12 = 2,304,000 values in 960 reports.

Measured:
- the real way in, `reporting.services.values_import` as a coordinator (values recorded as
  accepted), one call per agency (twelve reports, 28,800 rows): rows per second and the total;
- peak memory of one such call (tracemalloc, on its own call: it slows Python severalfold) and the
  process's resident high-water mark;
- the coordinator's submission matrix (`reporting:matrix`) rendered through Django's test client
  as a signed-in coordinator (median and 95th percentile of 20 renders, queries per render), and
  the selector behind it (`submission_matrix`) alone. Goal: the page under 300 ms on PostgreSQL.

Agencies not sent through `values_import` (see the knobs) are written by a fast loader (COPY on
PostgreSQL, bulk inserts on SQLite) producing the same rows, so the matrix is always measured at
full size. Before the matrix is timed, statuses are varied (drafts, submissions on time and late,
returns, a missing report) so that every state a past quarter can be in is drawn.

Knobs (environment, as `bench/run.py` passes no arguments; or the command-line flags):
- BENCH_QUICK=1 / --quick: 8 agencies (a tenth of the data), all through `values_import`;
- BENCH_REPORTING_AGENCIES=N / --agencies N: the number of agencies (default 80);
- BENCH_REPORTING_IMPORT_AGENCIES=N / --import-agencies N: how many of them go through
  `values_import` (default all); the rest use the fast loader.

The database is a throwaway one made like the test suite's: a `test_` database on the server
DATABASE_URL names (PostgreSQL), or a new SQLite file when it is unset.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bench.reporting_dataset import Scale, World

RENDERS, GOAL_MS = 20, 300.0


def _scale_from_env() -> "Scale":
    from bench.reporting_dataset import AGENCIES, QUICK_AGENCIES, Scale

    quick = os.environ.get("BENCH_QUICK", "") not in ("", "0")
    agencies = int(
        os.environ.get("BENCH_REPORTING_AGENCIES") or (QUICK_AGENCIES if quick else AGENCIES)
    )
    imported = int(os.environ.get("BENCH_REPORTING_IMPORT_AGENCIES") or agencies)
    return Scale(agencies=agencies, import_agencies=min(imported, agencies))


def main(scale: "Scale | None" = None) -> dict[str, Any]:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bench.harness import database_label, django_setup, machine

    scale = scale or _scale_from_env()
    with tempfile.TemporaryDirectory() as scratch:
        django_setup(Path(scratch))
        from django.db import connection
        from django.test.utils import setup_test_environment, teardown_test_environment

        setup_test_environment()
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
        try:
            return {"database": database_label(), "machine": machine(), **_measure(scale)}
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
            teardown_test_environment()


# --- Loading the values ---------------------------------------------------------------------


def _import(world: "World", indexes: range) -> dict[str, Any]:
    """Each agency's file through `values_import`; the first call alone under tracemalloc."""
    from bench.reporting_dataset import AGENCIES, INDICATORS, QUARTERS, VALUES_PER_CELL, agency_rows
    from reporting.services import values_import

    if not indexes:
        return {}
    rows = agency_rows(world, indexes[0])
    tracemalloc.start()
    values_import(plan=world.plan, rows=rows, user=world.coordinator)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    calls: list[float] = []
    count = 0
    for index in indexes[1:]:
        rows = agency_rows(world, index)
        started = time.perf_counter()
        result = values_import(plan=world.plan, rows=rows, user=world.coordinator)
        calls.append(time.perf_counter() - started)
        count += len(rows)
        assert result.values_created == len(rows), result
    seconds = sum(calls)
    rate = count / seconds if seconds else 0.0
    tenth = max(len(calls) // 10, 1)
    return {
        "values_import: agencies (one call of 28,800 rows each)": len(indexes),
        "values_import: rows per second": round(rate),
        "values_import: seconds a call, first tenth / last tenth of the calls": (
            f"{statistics.mean(calls[:tenth]):.2f} / {statistics.mean(calls[-tenth:]):.2f}"
            if calls
            else None
        ),
        "values_import: seconds, all calls timed": round(seconds, 1),
        "values_import: projected seconds for the full dataset": round(
            AGENCIES * len(QUARTERS) * INDICATORS * VALUES_PER_CELL / rate
        )
        if rate
        else None,
        "values_import: peak memory of one call (MB)": round(peak / 1024 / 1024, 1),
    }


# --- The matrix ------------------------------------------------------------------------------


def _matrix(world: "World") -> dict[str, Any]:
    """The page for the whole plan (twelve quarters, the default) and for one year, then the
    selector alone for both."""
    from django.urls import reverse
    from django.utils import timezone

    from bench.harness import signed_in_client, summary, timings
    from reporting.selectors import submission_matrix

    url = reverse("reporting:matrix", kwargs={"plan_id": world.plan.pk})
    client = signed_in_client(world.coordinator)
    figures: dict[str, Any] = {}
    worst = 0.0
    for label, year in (("whole plan", None), ("year 2025", 2025)):
        query = f"?year={year}" if year else ""

        def render(query: str = query) -> None:
            response = client.get(url + query)
            assert response.status_code == 200, response.status_code

        times, queries = timings(render, RENDERS)
        median, p95 = summary(times)
        worst = max(worst, p95)
        figures[f"matrix page ({label}) median / p95 ms"] = f"{median} / {p95}"
        figures[f"matrix page ({label}) queries"] = queries
        figures[f"matrix page ({label}) size (KB)"] = len(client.get(url + query).content) // 1024
    for label, year in (("whole plan", None), ("year 2025", 2025)):

        def select(year: int | None = year) -> None:
            submission_matrix(world.plan, year=year, today=timezone.localdate())

        times, queries = timings(select, RENDERS)
        median, p95 = summary(times)
        figures[f"selector alone ({label}) median / p95 ms"] = f"{median} / {p95}"
        figures[f"selector alone ({label}) queries"] = queries
    table = submission_matrix(world.plan, today=timezone.localdate())
    figures["cells by state"] = ", ".join(
        f"{state.value} {count}" for state, count in table.state_counts.items() if count
    )
    figures[f"goal met (page p95 < {GOAL_MS:.0f} ms)"] = worst < GOAL_MS
    return figures


# --- Putting it together ---------------------------------------------------------------------


def _measure(scale: "Scale") -> dict[str, Any]:
    from django.db import connection

    from bench.harness import peak_rss_mb
    from bench.reporting_dataset import (
        INDICATORS,
        QUARTERS,
        VALUES_PER_CELL,
        build_world,
        fast_load,
        vary_statuses,
    )
    from reporting.models import IndicatorValue, Report

    world = build_world(scale)
    figures: dict[str, Any] = {
        "agencies × quarters × indicators × values": (
            f"{scale.agencies} × {len(QUARTERS)} × {INDICATORS} × {VALUES_PER_CELL}"
        ),
        "values expected": scale.values,
    }
    started = time.perf_counter()
    figures |= _import(world, range(scale.import_agencies))
    figures |= fast_load(world, range(scale.import_agencies, scale.agencies))
    figures["load seconds, all values"] = round(time.perf_counter() - started, 1)
    figures["process peak resident memory (MB)"] = peak_rss_mb()
    stored = IndicatorValue.objects.count()
    assert stored == scale.values, (stored, scale.values)
    figures["values stored"] = stored
    vary_statuses(world)
    figures["reports when the matrix is drawn"] = Report.objects.count()
    figures["values when the matrix is drawn"] = IndicatorValue.objects.count()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # what autovacuum does soon after a load this size
            cursor.execute(
                "SELECT pg_size_pretty(pg_total_relation_size('reporting_indicatorvalue'))"
            )
            figures["values table with indexes"] = cursor.fetchone()[0]
    else:
        size = Path(connection.settings_dict["NAME"]).stat().st_size
        figures["database file (MB)"] = round(size / 1024 / 1024)
    return figures | _matrix(world)


def _arguments() -> "Scale":
    from bench.reporting_dataset import QUICK_AGENCIES, Scale

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="8 agencies instead of 80")
    parser.add_argument("--agencies", type=int, help="number of agencies (default 80)")
    parser.add_argument("--import-agencies", type=int, help="of which through values_import")
    args = parser.parse_args()
    scale = _scale_from_env()  # the flags override the environment
    if args.agencies or args.quick:
        agencies = args.agencies or QUICK_AGENCIES
        scale = Scale(agencies=agencies, import_agencies=agencies)
    if args.import_agencies is not None:
        imported = min(args.import_agencies, scale.agencies)
        scale = Scale(agencies=scale.agencies, import_agencies=imported)
    return scale


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    for measure, value in main(_arguments()).items():
        print(f"{measure}: {value}")
