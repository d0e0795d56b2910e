"""Importing agency files of case records into a growing table: time and memory per file.

Goal (issue 16): a 124,000-record agency file imports within 1 GB on top of the process, at any
table size, and the time per file stays flat as the table grows. The data: about 995,000
generated records (bench/cases_generator, the "default" profile) in eight clear CSV files of
about 124,000 (names and birth dates keyed by the import itself, as an agency sending clear
files has it), imported one after another through `cases_import` (the upload's and the
command's path) into an empty table, then the first file again (every record unchanged) at
about a million records. The linkage job each import queues is not run (it runs in the worker).

Memory: the process's resident set (VmRSS) before each import, and its peak during it
(VmHWM, the high-water mark, reset before each import through /proc/self/clear_refs); the
difference is what the import took on top of the process.

The database is a throwaway one made like the test suite's: a `test_` database on the server
DATABASE_URL names (PostgreSQL), or a new SQLite file when it is unset. Knobs (environment):
BENCH_QUICK=1 (80,000 records), BENCH_CASE_IMPORT_RECORDS=N, BENCH_CASE_IMPORT_FILES=N.
BENCH_CASE_IMPORT_FILL=1 is the short form on a loaded or slow machine: only the first and the
last file are imported, the table between filled to the size it would have by copying the
first file's records in SQL (new record ids under other agencies), so the last file still
meets a table of about 870,000 records and the re-import one of about a million.
"""

import csv
import io
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

RECORDS, FILES = 995_000, 8
GOAL_MB = 1024
COLUMNS = (
    "record_id", "first_name", "last_name", "date_of_birth", "sex", "nationality", "region",
    "exploitation",
)  # fmt: skip


def _rss_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _reset_peak() -> bool:
    """Reset VmHWM to the current resident set (Linux 4.0 and later)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def _files(records: int, files: int, *, fill: bool) -> list[tuple[str, bytes]]:
    """The agency files (code, CSV); with `fill` only the first and the last are made (the
    others are empty: their agencies get the copies)."""
    from bench.cases_generator import generate

    size = -(-records // files)
    rows = generate(2 * size if fill else records, seed=16)
    if fill:
        rows = rows[:size] + [{}] * (size * (files - 2)) + rows[size:]
    out = []
    for number in range(files):
        if fill and 0 < number < files - 1:
            out.append((f"F{number + 1}", b""))
            continue
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(COLUMNS)
        for row in rows[number * size : (number + 1) * size]:
            writer.writerow([row[name] for name in COLUMNS])
        out.append((f"F{number + 1}", buffer.getvalue().encode()))
    return out


def main() -> dict[str, Any]:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    quick = os.environ.get("BENCH_QUICK") == "1"
    records = int(os.environ.get("BENCH_CASE_IMPORT_RECORDS", 80_000 if quick else RECORDS))
    files = int(os.environ.get("BENCH_CASE_IMPORT_FILES", FILES))
    with tempfile.TemporaryDirectory() as scratch:
        from bench.harness import database_label, django_setup, machine

        django_setup(Path(scratch))
        from django.conf import settings
        from django.db import connection

        if connection.vendor == "postgresql":
            settings.DATABASES["default"]["TEST"]["NAME"] = "test_bench_case_import"
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
        try:
            fill = os.environ.get("BENCH_CASE_IMPORT_FILL") == "1"
            figures = _measure(_files(records, files, fill=fill), fill=fill)
            return {"machine": machine(), "database": database_label(), **figures}
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)


def _measure(files: list[tuple[str, bytes]], *, fill: bool) -> dict[str, Any]:
    from accounts.models import Role
    from cases.models import CaseRecord
    from cases.services import cases_import
    from tests import factories

    user = factories.UserFactory.create(username="bench-coordinator", roles=[Role.COORDINATOR])
    agencies = {
        code: factories.AgencyFactory.create(code=code, name=f"Agency {code}") for code, _ in files
    }
    secret = "bench-case-import-not-a-deployment-key"  # noqa: S105 (throwaway)
    figures: dict[str, Any] = {}
    seconds, extra = [], []
    steps = [(f"file {n + 1}", file) for n, file in enumerate(files)]
    if fill:
        steps = [steps[0], steps[-1]]
    for label, (code, data) in [*steps, ("file 1 again (unchanged)", files[0])]:
        if fill and label == steps[-1][0]:
            _fill(copies=len(files) - 2, agencies=[a for c, a in agencies.items()][1:-1])
        table = CaseRecord.objects.count()
        before = _rss_mb("VmRSS")
        resettable = _reset_peak()
        started = time.perf_counter()
        result = cases_import(
            agency=agencies[code], file=data, filename=f"{code}.csv", user=user, secret=secret
        )
        took = time.perf_counter() - started
        peak = _rss_mb("VmHWM") if resettable else float("nan")
        rows = result.created + result.updated + result.unchanged
        seconds.append(took)
        extra.append(peak - before)
        figures[f"{label}: {rows} records into a table of {table}"] = (
            f"{took:.1f} s, +{peak - before:.0f} MB (process {before:.0f} MB before)"
        )
    figures["largest memory on top of the process (MB)"] = round(max(extra))
    figures["goal met (< 1 GB on top)"] = max(extra) < GOAL_MB
    new_files = seconds[: len(steps)]
    figures["seconds per file: first, last, last / first"] = (
        f"{new_files[0]:.1f}, {new_files[-1]:.1f}, {new_files[-1] / new_files[0]:.2f}"
    )
    figures["records in the table"] = CaseRecord.objects.count()
    return figures


def _fill(*, copies: int, agencies: list[Any]) -> None:
    """Copy the records there are (the first file's) under each of `agencies`, in SQL."""
    from django.db import connection

    from cases.models import CaseRecord

    table = CaseRecord._meta.db_table
    columns = [
        str(field.column)
        for field in CaseRecord._meta.concrete_fields
        if field.column not in ("id", "agency_id")
    ]
    others = ", ".join(columns)
    chosen = ", ".join(c if c != "record_id" else "record_id || '-' || %s" for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT min(agency_id) FROM {table}")  # noqa: S608
        (first,) = cursor.fetchone()
        for agency in agencies[:copies]:
            cursor.execute(
                f"INSERT INTO {table} (agency_id, {others}) "  # noqa: S608
                f"SELECT %s, {chosen} FROM {table} WHERE agency_id = %s",
                [agency.pk, agency.code, first],
            )


if __name__ == "__main__":
    for measure, value in main().items():
        print(f"{measure}: {value}", flush=True)
