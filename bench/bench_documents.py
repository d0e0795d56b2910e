"""The annual monitoring report of 2025 as DOCX and PDF over the reporting benchmark's 2.3
million values.

The dataset is `bench/bench_progress.py`'s (itself the reporting benchmark's plan and fast
loader, `bench/reporting_dataset/`, imported, not copied): a 2023–2025 plan of five areas, 20
objectives, 160 activities and 200 quarterly indicators, 80 agencies responsible for each,
2,304,000 values in 960 reports, the last year's report states varied (on time, late, returned,
drafts, a missing 2025-Q4), the indicators' aggregations and targets spread so that every status
occurs, then ANALYZE. On top, what the document reads besides the values, for 2025: every 2025
report's annex-5 entry for every indicator (64,000 entries; one in fifty assessed off track with
a comment, budgets spent and donors on all), the lead agencies' activity updates each quarter
(states and money spent varied, comments on the delayed ones), and a draft of every narrative
section (three paragraphs).

Measured: `documents.generate.render_document` (the content from the data, the charts drawn, the
file rendered) for the annual report of 2025 in English, DOCX and PDF, each call on a freshly
fetched plan: one warm-up each (vl-convert and WeasyPrint load once in a running server), then the
median of three; also the queries of one call, the content builder alone, the pages and the size.
Goals: DOCX under 10 s, PDF under 20 s.

Knobs (environment, as `bench/run.py` passes no arguments; or the command-line flags):
- BENCH_QUICK=1 / --quick: 8 agencies (a tenth of the data);
- BENCH_DOCUMENTS_AGENCIES=N / --agencies N: the number of agencies (default 80).

The database is a throwaway one made like the test suite's: a `test_` database on the server
DATABASE_URL names (PostgreSQL), or a new SQLite file when it is unset.
"""

import argparse
import datetime
import os
import re
import statistics
import sys
import tempfile
import time
import zlib
from decimal import Decimal
from pathlib import Path
from typing import Any

RUNS = 3
YEAR = "2025"
GOALS_S = {"docx": 10.0, "pdf": 20.0}
PARAGRAPH = (
    "Die Arbeitsgruppe hat im Berichtszeitraum viermal getagt; the working group met four times in "
    "the reporting period, reviewed the actions agreed at the previous meeting and followed up "
    "with the agencies that had not reported. Ըստ գործակալությունների հաշվետվությունների, "
    "այս ոլորտում առաջընթաց կա. По данным ведомств, прогресс есть."
)


def _agencies_from_env() -> int:
    from bench.reporting_dataset import AGENCIES, QUICK_AGENCIES

    quick = os.environ.get("BENCH_QUICK", "") not in ("", "0")
    return int(
        os.environ.get("BENCH_DOCUMENTS_AGENCIES") or (QUICK_AGENCIES if quick else AGENCIES)
    )


def main(agencies: int | None = None) -> dict[str, Any]:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bench.harness import database_label, django_setup, machine
    from bench.reporting_dataset import Scale

    scale = Scale(agencies=agencies or _agencies_from_env(), import_agencies=0)
    with tempfile.TemporaryDirectory() as scratch:
        django_setup(Path(scratch))
        from django.conf import settings
        from django.db import connection

        if connection.vendor == "postgresql":
            settings.DATABASES["default"]["TEST"]["NAME"] = "test_bench_documents"
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
        try:
            return {"database": database_label(), "machine": machine(), **_measure(scale)}
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)


def _load(scale: Any) -> tuple[Any, dict[str, Any]]:
    from django.db import connection

    from bench.bench_progress import _load as load_values

    world, figures = load_values(scale)
    started = time.perf_counter()
    entries, updates = _annex5(world)
    drafts = _drafts(world)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return world, figures | {
        "2025 indicator entries": entries,
        "2025 activity updates": updates,
        "narrative drafts": drafts,
        "load seconds (entries, updates, drafts)": round(time.perf_counter() - started, 1),
    }


def _annex5(world: Any) -> tuple[int, int]:
    """What agencies write beside the numbers in 2025's reports: entries and activity updates."""
    from plans.models import Activity
    from reporting.models import ActivityUpdate, IndicatorEntry, Report

    reports = list(Report.objects.filter(plan=world.plan, period__startswith=YEAR))
    entries = (
        IndicatorEntry(
            report=report,
            indicator=indicator,
            budget_spent=Decimal(100 + k),
            donors="EU" if k % 3 else "UNODC",
            assessment="off_track" if (k + n) % 50 == 0 else "on_track",
            comment="Fewer cases referred than planned; staff turnover."
            if (k + n) % 50 == 0
            else "",
        )
        for n, report in enumerate(reports)
        for k, indicator in enumerate(world.indicators)
    )
    made = len(IndicatorEntry.objects.bulk_create(entries, batch_size=5000))
    led: dict[int | None, list[Any]] = {}
    for activity in Activity.objects.filter(plan=world.plan):
        led.setdefault(activity.lead_agency_id, []).append(activity)
    states = ["ongoing", "ongoing", "completed", "delayed", "not_started"]
    updates = [
        ActivityUpdate(
            report=report,
            activity=activity,
            state=states[(activity.pk + n) % 5],
            percent_done=(activity.pk * 7 + n * 13) % 101,
            spent=Decimal(1000 + activity.pk),
            comment="Procurement late." if states[(activity.pk + n) % 5] == "delayed" else "",
        )
        for n, report in enumerate(reports)
        for activity in led.get(report.agency_id, [])
    ]
    return made, len(ActivityUpdate.objects.bulk_create(updates, batch_size=5000))


def _drafts(world: Any) -> int:
    from documents.models import NarrativeDraft
    from documents.sections import sections_for

    sections = sections_for("annual", list(world.plan.areas.all()))
    text = "\n\n".join([PARAGRAPH] * 3)
    return len(
        NarrativeDraft.objects.bulk_create(
            NarrativeDraft(
                plan=world.plan,
                kind="annual",
                period=YEAR,
                section=section.key,
                language="en",
                text=text,
                revision=1,
            )
            for section in sections
        )
    )


def _render(plan_pk: int, fmt: str) -> Any:
    from documents.generate import render_document
    from plans.models import Plan

    plan = Plan.objects.get(pk=plan_pk)
    return render_document(plan=plan, kind="annual", period=YEAR, language="en", fmt=fmt)


def _timed(call: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    result = call()
    return time.perf_counter() - started, result


def _queries(call: Any) -> int:
    from django.db import connection

    count = [0]

    def wrapper(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        count[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        call()
    return count[0]


def _pdf_pages(data: bytes) -> int:
    chunks = [data]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            chunks.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return len(re.findall(rb"/Type\s*/Page\b", b"\n".join(chunks)))


def _measure(scale: Any) -> dict[str, Any]:
    from documents.builder import document_content
    from plans.models import Plan
    from tipmonitor.lib.reporting_periods import parse_period_code

    world, figures = _load(scale)
    pk = world.plan.pk

    def build() -> Any:
        return document_content(
            plan=Plan.objects.get(pk=pk),
            kind="annual",
            period=parse_period_code(YEAR),
            language="en",
            today=datetime.date(2026, 3, 1),
        )

    build()
    builds = [_timed(build)[0] for _ in range(RUNS)]
    figures["content builder (no rendering), median s"] = round(statistics.median(builds), 2)
    figures["content builder queries"] = _queries(build)
    for fmt in ("docx", "pdf"):
        _render(pk, fmt)  # the warm-up
        runs = [_timed(lambda fmt=fmt: _render(pk, fmt)) for _ in range(RUNS)]
        seconds = statistics.median(run[0] for run in runs)
        data = runs[-1][1].content
        figures[f"{fmt}: median (min–max) s"] = (
            f"{seconds:.2f} ({min(r[0] for r in runs):.2f}–{max(r[0] for r in runs):.2f})"
        )
        figures[f"{fmt}: size kB"] = round(len(data) / 1024)
        if fmt == "pdf":
            figures["pdf: pages"] = _pdf_pages(data)
        figures[f"{fmt}: goal met (< {GOALS_S[fmt]:.0f} s)"] = seconds < GOALS_S[fmt]
    return figures


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
