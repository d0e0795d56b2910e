"""The reporting benchmark's values: twelve consistent values per agency, quarter and indicator,
as rows for `values_import` or written straight to the tables by the fast loader."""

import datetime
import time
from collections.abc import Iterator
from typing import Any

from .world import DIMENSIONS, QUARTERS, World


def cells(
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


def agency_rows(world: World, agency_index: int) -> list[Any]:
    """One agency's whole file (twelve quarters), as the bulk parser would hand it over."""
    from reporting.services import ValueRow

    agency = world.agencies[agency_index]
    rows: list[ValueRow] = []
    for q, quarter in enumerate(QUARTERS):
        for k, indicator in enumerate(world.indicators):
            for breakdown, value in cells(agency_index, q, k):
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


def fast_load(world: World, indexes: range) -> dict[str, Any]:
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
            for quarter, (start, end) in zip(QUARTERS, quarter_bounds(), strict=True)
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
            for breakdown, value in cells(a, q, k)
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


def quarter_bounds() -> list[tuple[datetime.date, datetime.date]]:
    bounds = []
    for year in (2023, 2024, 2025):
        for q in range(4):
            start = datetime.date(year, 3 * q + 1, 1)
            end = (
                datetime.date(year + 1, 1, 1) if q == 3 else datetime.date(year, 3 * q + 4, 1)
            ) - datetime.timedelta(days=1)
            bounds.append((start, end))
    return bounds
