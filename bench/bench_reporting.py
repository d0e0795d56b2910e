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
import datetime
import os
import platform
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

AGENCIES, QUICK_AGENCIES, INDICATORS = 80, 8, 200
PLAN_START, PLAN_END = datetime.date(2023, 1, 1), datetime.date(2025, 12, 31)
QUARTERS = [f"{year}-Q{q}" for year in (2023, 2024, 2025) for q in (1, 2, 3, 4)]
# The dimensions the initial migration creates, with all their categories, so that every sum check
# applies.
DIMENSIONS = {"sex": ("female", "male", "other"), "age_group": ("child", "adult")}
VALUES_PER_CELL = 1 + 3 + 2 + 3 * 2  # total, single-dimension breakdowns, full combinations
RENDERS, GOAL_MS = 20, 300.0


@dataclass(frozen=True)
class Scale:
    agencies: int
    import_agencies: int

    @property
    def values(self) -> int:
        return self.agencies * len(QUARTERS) * INDICATORS * VALUES_PER_CELL


def _scale_from_env() -> Scale:
    quick = os.environ.get("BENCH_QUICK", "") not in ("", "0")
    agencies = int(
        os.environ.get("BENCH_REPORTING_AGENCIES") or (QUICK_AGENCIES if quick else AGENCIES)
    )
    imported = int(os.environ.get("BENCH_REPORTING_IMPORT_AGENCIES") or agencies)
    return Scale(agencies=agencies, import_agencies=min(imported, agencies))


def _django_setup(scratch: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tipmonitor.settings")
    os.environ.setdefault("TIPMONITOR_VAR_DIR", str(scratch))
    import django
    from django.conf import settings

    django.setup()
    # Another benchmark run before in the same process may have set Django up with its own,
    # since removed, scratch directory; WhiteNoise warns when STATIC_ROOT is missing.
    settings.STATIC_ROOT = scratch / "static"
    settings.STATIC_ROOT.mkdir()
    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = (
        str(scratch / "bench.sqlite3")
        if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")
        else "test_bench_reporting"
    )
    # Pages render without `collectstatic` (as in the tests): the manifest lookup a deployment
    # does instead is a dictionary lookup and costs nothing measurable.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def main(scale: Scale | None = None) -> dict[str, Any]:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    scale = scale or _scale_from_env()
    with tempfile.TemporaryDirectory() as scratch:
        _django_setup(Path(scratch))
        from django.db import connection
        from django.test.utils import setup_test_environment, teardown_test_environment

        setup_test_environment()
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
        try:
            return {"database": _database_label(), "machine": _machine(), **_measure(scale)}
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
            teardown_test_environment()


# --- The plan -------------------------------------------------------------------------------


@dataclass
class World:
    plan: Any
    coordinator: Any
    agencies: list[Any]
    indicators: list[Any]


def _build_world(scale: Scale) -> World:
    from accounts.models import Role, RoleGrant, User
    from agencies.models import Agency
    from plans.models import (
        Activity,
        Dimension,
        DimensionCategory,
        Indicator,
        Objective,
        Plan,
        PlanStatus,
        StrategicArea,
    )

    secretariat = Agency.objects.create(code="SEC", name="Coordinator's Secretariat")
    coordinator = User.objects.create(username="coordinator", agency=secretariat)
    RoleGrant.objects.create(user=coordinator, role=Role.COORDINATOR)
    Agency.objects.bulk_create(
        Agency(code=f"AG{n:03d}", name=f"Agency {n}", short_name=f"Ag{n}")
        for n in range(1, scale.agencies + 1)
    )
    agencies = list(Agency.objects.exclude(pk=secretariat.pk).order_by("code"))
    # A reporter per agency: reminders and "my reports" have someone to look at.
    reporters = User.objects.bulk_create(
        User(username=f"reporter{n}", agency=agency, email=f"reporter{n}@example.org")
        for n, agency in enumerate(agencies)
    )
    RoleGrant.objects.bulk_create(RoleGrant(user=u, role=Role.REPORTER) for u in reporters)
    plan = Plan.objects.create(
        code="NAP-BENCH",
        title="National Action Plan 2023–2025",
        country="Ruritania",
        starts_on=PLAN_START,
        ends_on=PLAN_END,
        currency="EUR",
        status=PlanStatus.ADOPTED,
    )
    dimensions = list(Dimension.objects.filter(code__in=DIMENSIONS))
    for dimension in dimensions:
        categories = DimensionCategory.objects.filter(dimension=dimension)
        assert set(categories.values_list("code", flat=True)) == set(DIMENSIONS[dimension.code])
    areas = StrategicArea.objects.bulk_create(
        StrategicArea(plan=plan, code=str(n), name=f"Area {n}", position=n) for n in range(1, 6)
    )
    objectives = Objective.objects.bulk_create(
        Objective(
            plan=plan, area=areas[n % 5], code=f"{n % 5 + 1}.{n}", name=f"Objective {n}", position=n
        )
        for n in range(20)
    )
    # Two activities led by each agency, running through the plan: they make quarters due too.
    Activity.objects.bulk_create(
        Activity(
            plan=plan,
            objective=objectives[n % 20],
            code=f"A{n}",
            name=f"Activity {n}",
            lead_agency=agencies[n % len(agencies)],
            starts_on=PLAN_START,
            ends_on=PLAN_END,
            position=n,
        )
        for n in range(2 * len(agencies))
    )
    Indicator.objects.bulk_create(
        Indicator(
            plan=plan,
            objective=objectives[n % 20],
            code=f"I{n:03d}",
            name=f"Indicator {n}",
            frequency="quarterly",
            type="number",
            baseline=Decimal(10),
            end_target=Decimal(40),
            position=n,
        )
        for n in range(INDICATORS)
    )
    indicators = list(Indicator.objects.filter(plan=plan).order_by("position"))
    responsible = Indicator.responsible_agencies.through
    responsible.objects.bulk_create(
        (responsible(indicator_id=i.pk, agency_id=a.pk) for i in indicators for a in agencies),
        batch_size=5000,
    )
    dimensioned = Indicator.dimensions.through
    dimensioned.objects.bulk_create(
        dimensioned(indicator_id=i.pk, dimension_id=d.pk) for i in indicators for d in dimensions
    )
    return World(plan=plan, coordinator=coordinator, agencies=agencies, indicators=indicators)


# --- The values -------------------------------------------------------------------------------


def _cells(
    agency_index: int, quarter_index: int, indicator_index: int
) -> Iterator[tuple[dict[str, str], int]]:
    """The twelve consistent values of one agency, quarter and indicator: (breakdown, value).

    Values stay within a narrow band (about 20–40 for the total) so that no quarter is an
    outlier against the earlier ones (which would need a comment)."""
    seed = agency_index * 7 + indicator_index * 3 + quarter_index
    cross = {
        ("female", "child"): 4 + seed % 3,
        ("female", "adult"): 6 + seed % 4,
        ("male", "child"): 3 + (seed // 3) % 3,
        ("male", "adult"): 7 + (seed // 2) % 4,
        ("other", "child"): seed % 2,
        ("other", "adult"): (seed // 5) % 2,
    }
    yield {}, sum(cross.values())
    for sex in DIMENSIONS["sex"]:
        yield {"sex": sex}, sum(v for (s, _), v in cross.items() if s == sex)
    for age in DIMENSIONS["age_group"]:
        yield {"age_group": age}, sum(v for (_, a), v in cross.items() if a == age)
    for (sex, age), value in cross.items():
        yield {"sex": sex, "age_group": age}, value


def _rows(world: World, agency_index: int) -> list[Any]:
    """One agency's whole file (twelve quarters), as the bulk parser would hand it over."""
    from reporting.services import ValueRow

    agency = world.agencies[agency_index]
    rows: list[ValueRow] = []
    for q, quarter in enumerate(QUARTERS):
        for k, indicator in enumerate(world.indicators):
            for breakdown, value in _cells(agency_index, q, k):
                rows.append(
                    ValueRow(
                        line=len(rows) + 2,
                        indicator_code=indicator.code,
                        period=quarter,
                        agency_code=agency.code,
                        value=str(value),
                        comment="",
                        breakdown=breakdown,
                    )
                )
    return rows


def _import(world: World, indexes: range) -> dict[str, Any]:
    """Each agency's file through `values_import`; the first call alone under tracemalloc."""
    from reporting.services import values_import

    if not indexes:
        return {}
    rows = _rows(world, indexes[0])
    tracemalloc.start()
    values_import(plan=world.plan, rows=rows, user=world.coordinator)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    calls: list[float] = []
    count = 0
    for index in indexes[1:]:
        rows = _rows(world, index)
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


def _fast_load(world: World, indexes: range) -> dict[str, Any]:
    """The same reports and values as `values_import` makes (accepted, with an IMPORTED event),
    written straight to the tables: COPY on PostgreSQL, batched inserts elsewhere."""
    from django.db import connection, transaction
    from django.utils import timezone

    from reporting.models import EventKind, Report, ReportEvent, ReportStatus, ValueSource
    from reporting.validation import format_breakdown

    if not indexes:
        return {}
    started = time.perf_counter()
    now = timezone.now()
    with transaction.atomic():
        reports = Report.objects.bulk_create(
            Report(
                plan=world.plan,
                agency=world.agencies[a],
                period=quarter,
                period_start=start,
                period_end=end,
                due_on=end + datetime.timedelta(days=world.plan.report_deadline_days),
                status=ReportStatus.ACCEPTED,
                accepted_at=now,
                accepted_by=world.coordinator,
            )
            for a in indexes
            for quarter, (start, end) in zip(QUARTERS, _quarter_bounds(), strict=True)
        )
        ReportEvent.objects.bulk_create(
            ReportEvent(report=r, kind=EventKind.IMPORTED, by=world.coordinator, at=now)
            for r in reports
        )
        by_key = {(r.agency_id, r.period): r.pk for r in reports}
        # COPY takes the aware datetime; SQLite wants the text Django itself would store.
        stamp: object = now
        if connection.vendor != "postgresql":
            stamp = connection.ops.adapt_datetimefield_value(now)
        rows = (
            (
                by_key[(world.agencies[a].pk, quarter)],
                indicator.pk,
                quarter,
                format_breakdown(breakdown),
                value,
                "",
                ValueSource.BULK,
                world.coordinator.pk,
                stamp,
            )
            for a in indexes
            for q, quarter in enumerate(QUARTERS)
            for k, indicator in enumerate(world.indicators)
            for breakdown, value in _cells(a, q, k)
        )
        count = _write_values(connection, rows)
    seconds = time.perf_counter() - started
    return {
        "fast loader: agencies": len(indexes),
        "fast loader: values": count,
        "fast loader: rows per second": round(count / seconds),
    }


def _write_values(connection: Any, rows: Iterator[tuple[Any, ...]]) -> int:
    from reporting.models import IndicatorValue

    table = IndicatorValue._meta.db_table
    columns = (
        "report_id, indicator_id, period, breakdown, value, comment, source, "
        "entered_by_id, entered_at"
    )
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        batch: list[tuple[Any, ...]] = []
        sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * 9)})"  # noqa: S608
        for row in rows:
            batch.append(row)
            if len(batch) == 10_000:
                cursor.executemany(sql, batch)
                count, batch = count + len(batch), []
        cursor.executemany(sql, batch)
        return count + len(batch)


def _quarter_bounds() -> list[tuple[datetime.date, datetime.date]]:
    bounds = []
    for year in (2023, 2024, 2025):
        for q in range(4):
            start = datetime.date(year, 3 * q + 1, 1)
            end = (
                datetime.date(year + 1, 1, 1) if q == 3 else datetime.date(year, 3 * q + 4, 1)
            ) - datetime.timedelta(days=1)
            bounds.append((start, end))
    return bounds


def _vary_statuses(world: World) -> None:
    """Give the reports the states a real quarter shows, so that the matrix draws every kind of
    cell: all submitted a week after their quarter and accepted, except in the last year, where
    some agencies submitted on time or late, were returned or are still drafting, and a few have
    not started the last quarter at all."""
    from reporting.models import Report, ReportStatus

    reports = Report.objects.filter(plan=world.plan)
    deadline = datetime.timedelta(days=world.plan.report_deadline_days)
    for quarter, (_, end) in zip(QUARTERS, _quarter_bounds(), strict=True):
        week_after = _noon(end + datetime.timedelta(days=7))
        reports.filter(period=quarter).update(
            first_submitted_at=week_after, submitted_at=week_after
        )
    for rest, status, days_after_due in (
        (1, ReportStatus.SUBMITTED, -3),
        (2, ReportStatus.SUBMITTED, 10),
        (3, ReportStatus.RETURNED, -1),
        (4, ReportStatus.DRAFT, None),
    ):
        agencies = [a.pk for n, a in enumerate(world.agencies) if n % 10 == rest]
        for quarter, (_, end) in list(zip(QUARTERS, _quarter_bounds(), strict=True))[-4:]:
            at = (
                None
                if days_after_due is None
                else _noon(end + deadline + datetime.timedelta(days=days_after_due))
            )
            reports.filter(agency_id__in=agencies, period=quarter).update(
                status=status,
                first_submitted_at=at,
                submitted_at=at,
                accepted_at=None,
                accepted_by=None,
            )
    missing = [a.pk for n, a in enumerate(world.agencies) if n % 10 == 5]
    reports.filter(agency_id__in=missing, period=QUARTERS[-1]).delete()


def _noon(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), datetime.UTC)


# --- The matrix -------------------------------------------------------------------------------


def _signed_in_client(user: Any) -> Any:
    """A client signed in as `user`, past the second factor, as tests/conftest.py makes one."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="default", defaults={"confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def _timings(call: Any) -> tuple[list[float], int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call()  # warm caches (templates, translations, the connection) as a running server has them
    times = []
    for _ in range(RENDERS):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        call()
    return times, len(queries)


def _summary(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return round(statistics.median(ordered), 1), round(p95, 1)


def _matrix(world: World) -> dict[str, Any]:
    """The page for the whole plan (twelve quarters, the default) and for one year, then the
    selector alone for both."""
    from django.urls import reverse
    from django.utils import timezone

    from reporting.selectors_matrix import submission_matrix

    url = reverse("reporting:matrix", kwargs={"plan_id": world.plan.pk})
    client = _signed_in_client(world.coordinator)
    figures: dict[str, Any] = {}
    worst = 0.0
    for label, year in (("whole plan", None), ("year 2025", 2025)):
        query = f"?year={year}" if year else ""

        def render(query: str = query) -> None:
            response = client.get(url + query)
            assert response.status_code == 200, response.status_code

        times, queries = _timings(render)
        median, p95 = _summary(times)
        worst = max(worst, p95)
        figures[f"matrix page ({label}) median / p95 ms"] = f"{median} / {p95}"
        figures[f"matrix page ({label}) queries"] = queries
        figures[f"matrix page ({label}) size (KB)"] = len(client.get(url + query).content) // 1024
    for label, year in (("whole plan", None), ("year 2025", 2025)):

        def select(year: int | None = year) -> None:
            submission_matrix(world.plan, year=year, today=timezone.localdate())

        times, queries = _timings(select)
        median, p95 = _summary(times)
        figures[f"selector alone ({label}) median / p95 ms"] = f"{median} / {p95}"
        figures[f"selector alone ({label}) queries"] = queries
    table = submission_matrix(world.plan, today=timezone.localdate())
    figures["cells by state"] = ", ".join(
        f"{state.value} {count}" for state, count in table.state_counts.items() if count
    )
    figures[f"goal met (page p95 < {GOAL_MS:.0f} ms)"] = worst < GOAL_MS
    return figures


# --- Putting it together ----------------------------------------------------------------------


def _measure(scale: Scale) -> dict[str, Any]:
    from django.db import connection

    from reporting.models import IndicatorValue, Report

    world = _build_world(scale)
    figures: dict[str, Any] = {
        "agencies × quarters × indicators × values": (
            f"{scale.agencies} × {len(QUARTERS)} × {INDICATORS} × {VALUES_PER_CELL}"
        ),
        "values expected": scale.values,
    }
    started = time.perf_counter()
    figures |= _import(world, range(scale.import_agencies))
    figures |= _fast_load(world, range(scale.import_agencies, scale.agencies))
    figures["load seconds, all values"] = round(time.perf_counter() - started, 1)
    figures["process peak resident memory (MB)"] = _peak_rss_mb()
    stored = IndicatorValue.objects.count()
    assert stored == scale.values, (stored, scale.values)
    figures["values stored"] = stored
    _vary_statuses(world)
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


def _peak_rss_mb() -> float | None:
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return None


def _database_label() -> str:
    from django.db import connection

    if connection.vendor == "postgresql":
        version: int = getattr(connection, "pg_version", 0)
        return f"PostgreSQL {version // 10000}.{version % 10000}"
    import sqlite3

    return f"SQLite {sqlite3.sqlite_version}"


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} × {cpu}, Python {platform.python_version()}"


def _arguments() -> Scale:
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
    for measure, value in main(_arguments()).items():
        print(f"{measure}: {value}")
