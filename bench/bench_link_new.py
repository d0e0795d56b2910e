"""Incremental linkage against a full run: time, and the quality it keeps.

Generated records (bench/cases_generator, "default" profile) with a known truth: a full run
(`linkage_run`, training the model) links the first BASE of them; the next NEW arrive as an
import would leave them (no person) and `linkage_link_new` links them with the saved model.
Measured: the full run's time, the incremental link's time, pairwise precision/recall/F1 of
the persons after the incremental link, and after a full run over all records (what the
nightly run gives), so the cost of not re-training shows.

The database is a throwaway one like the test suite's (DATABASE_URL's server, or SQLite).
Knobs: BENCH_QUICK=1 (20,000 + 2,000), BENCH_LINK_NEW_BASE=N, BENCH_LINK_NEW_NEW=N.
"""

import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BASE, NEW = 100_000, 12_500
SECRET = "bench-link-new-not-a-deployment-key"  # noqa: S105 (throwaway)


def main() -> dict[str, Any]:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    quick = os.environ.get("BENCH_QUICK") == "1"
    base = int(os.environ.get("BENCH_LINK_NEW_BASE", 20_000 if quick else BASE))
    new = int(os.environ.get("BENCH_LINK_NEW_NEW", 2_000 if quick else NEW))
    with tempfile.TemporaryDirectory() as scratch:
        from bench.harness import database_label, django_setup, machine

        django_setup(Path(scratch))
        from django.conf import settings
        from django.db import connection

        if connection.vendor == "postgresql":
            settings.DATABASES["default"]["TEST"]["NAME"] = "test_bench_link_new"
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
        try:
            figures = _measure(base, new)
            return {"machine": machine(), "database": database_label(), **figures}
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)


def _store(rows: list[dict[str, object]]) -> dict[int, object]:
    from django.utils import timezone

    from agencies.models import Agency
    from cases.models import CaseRecord
    from tests import factories

    codes = {str(row["agency"]) for row in rows}
    agencies = {agency.code: agency for agency in Agency.objects.filter(code__in=codes)}
    for code in sorted(codes - agencies.keys()):
        agencies[code] = factories.AgencyFactory.create(code=code, name=f"Agency {code}")
    now = timezone.now()
    CaseRecord.objects.bulk_create(
        [
            CaseRecord(
                agency=agencies[str(row["agency"])],
                imported_at=now,
                exploitation=[row["exploitation"]] if row["exploitation"] else [],
                **{k: v for k, v in row.items() if k not in ("agency", "truth", "exploitation")},
            )
            for row in rows
        ],
        batch_size=2000,
    )
    ids = dict(CaseRecord.objects.values_list("record_id", "pk"))
    return {ids[str(row["record_id"])]: row["truth"] for row in rows}


def _quality(truth: dict[int, object]) -> str:
    from bench.bench_linkage import pairwise_quality
    from cases.models import CaseRecord

    person = dict(CaseRecord.objects.values_list("pk", "person_id"))
    ids = sorted(truth)
    quality = pairwise_quality([truth[i] for i in ids], [person[i] for i in ids])
    return " / ".join(f"{quality[k]:.3f}" for k in ("precision", "recall", "f1"))


def _measure(base: int, new: int) -> dict[str, Any]:
    from bench.cases_generator import generate, pseudonymise
    from cases.linkage.incremental import linkage_link_new
    from cases.linkage.services import linkage_run

    rows = list(pseudonymise(generate(base + new, seed=17), SECRET))
    truth = _store(rows[:base])
    started = time.perf_counter()
    linkage_run()
    full_base = time.perf_counter() - started
    truth |= _store(rows[base:])
    started = time.perf_counter()
    result = linkage_link_new(agency_code="bench")
    incremental = time.perf_counter() - started
    assert result.full_run is None
    after_incremental = _quality(truth)
    started = time.perf_counter()
    linkage_run()
    full_all = time.perf_counter() - started
    return {
        f"full run, {base} records (s)": round(full_base, 1),
        f"incremental link of {new} new records (s)": round(incremental, 1),
        "  new persons, persons merged": f"{result.new_persons}, {result.merged}",
        "precision / recall / F1 after the incremental link": after_incremental,
        f"full run, {base + new} records (s)": round(full_all, 1),
        "precision / recall / F1 after a full run over all": _quality(truth),
    }


if __name__ == "__main__":
    for measure, value in main().items():
        print(f"{measure}: {value}", flush=True)
