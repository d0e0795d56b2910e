"""Record linkage across agencies: quality against a known truth, and time and memory at scale.

Data: `bench/cases_generator.py` (mixed scripts, transliteration variants, typos, swapped
names, partial and swapped birth dates, missing categories), pseudonymised through the import's
own key derivation with a throwaway secret.

Measured in one run:
- quality (QUALITY_RECORDS records, default 50,000): pairwise precision, recall and F1 of the
  persons `cases.linkage` forms (the same engine, model and clustering as `tipmonitor
  link-cases`) against the generator's truth; goal F1 ≥ 0.95;
- the baseline on the same records: Splink's out-of-the-box comparisons (NameComparison,
  DateOfBirthComparison, ExactMatch) on the clear names lower-cased, trained the same way and
  clustered at the same threshold, which is what one gets without the keys;
- scale (SCALE_RECORDS records, default 1,000,000): wall time of the linkage (train, predict,
  cluster: everything between the keys in memory and the persons) and the process's peak
  resident memory; goal under 3 minutes within 8 GB;
- the whole link (BENCH_LINKAGE_WHOLE=N records, off by default): the same records stored as
  CaseRecords in a throwaway database (`test_bench_linkage` on DATABASE_URL's PostgreSQL
  server, or an SQLite file), then `cases.linkage.services.linkage_run` exactly as `tipmonitor
  link-cases` runs it, timed in parts: reading the records, scoring, clustering, person ids,
  and writing back (persons, records, review pairs) — and the database server's CPU time.

Knobs (environment, as `bench/run.py` passes no arguments): BENCH_QUICK=1 (10,000 and
100,000 records), BENCH_LINKAGE_QUALITY=N, BENCH_LINKAGE_SCALE=N (0 skips the scale run),
BENCH_LINKAGE_CACHE=DIR (keep the generated scale data there between runs),
BENCH_LINKAGE_PROFILES=default,hard (the generator's profiles the quality is measured on; the
scale and whole runs use the first), BENCH_LINKAGE_SEED=N (the generator's seed for every run:
held-out data; by default 7 for quality, 11 for scale, on which the model was tuned),
BENCH_LINKAGE_WHOLE=N.
"""

import json
import logging
import os
import resource
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

SECRET = "bench-linkage-not-a-deployment-key"  # noqa: S105 (a throwaway key for generated data)
QUALITY_RECORDS, SCALE_RECORDS = 50_000, 1_000_000


def _setup() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tipmonitor.settings")
    import django

    django.setup()  # the key derivation's messages are translatable


def keys_table(records: list[dict[str, object]]) -> Any:
    """The pseudonymised records as the linkage engine reads them (unique_id = position)."""
    import pyarrow as pa

    from bench.cases_generator import pseudonymise
    from cases.linkage.model import (
        CATEGORY_COLUMNS,
        GRAM_COLUMNS,
        KEY_COLUMNS,
        gram_numbers,
        key_number,
    )

    rows = list(pseudonymise(records, SECRET))
    columns: dict[str, Any] = {"unique_id": pa.array(range(len(rows)), pa.int64())}
    for name in KEY_COLUMNS:
        columns[name] = pa.array([key_number(str(row[name])) for row in rows], pa.int64())
    for name in GRAM_COLUMNS:
        grams = [gram_numbers(row[name]) for row in rows]  # type: ignore[arg-type]
        columns[name] = pa.array(grams, pa.list_(pa.int32()))
    for name in CATEGORY_COLUMNS:
        columns[name] = pa.array([row[name] or None for row in rows], pa.string())
    return pa.table(columns)


def pairwise_quality(truth: Sequence[object], predicted: Sequence[object]) -> dict[str, float]:
    """Precision, recall and F1 over pairs of records: a pair is predicted when both records
    are in one person, true when the generator made them from one person."""
    true_pairs = _pairs(Counter(truth))
    predicted_pairs = _pairs(Counter(predicted))
    both = _pairs(Counter(zip(truth, predicted, strict=True)))
    precision = both / predicted_pairs if predicted_pairs else 1.0
    recall = both / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def _pairs(sizes: Counter[Any]) -> int:
    return sum(n * (n - 1) // 2 for n in sizes.values())


def link(table: Any, engine: str = "duckdb") -> list[int]:
    """The person (a root record id) of each record, as link-cases forms them."""
    from cases.linkage import clustering
    from cases.linkage.engine import score
    from cases.linkage.model import CLUSTER_SUPPORT, CLUSTER_THRESHOLD

    scored = score(table, engine=engine)
    pairs = zip(
        scored.pairs["unique_id_l"].to_pylist(),
        scored.pairs["unique_id_r"].to_pylist(),
        scored.pairs["match_probability"].to_pylist(),
        strict=True,
    )
    clusters = clustering.cluster(pairs=pairs, threshold=CLUSTER_THRESHOLD, support=CLUSTER_SUPPORT)
    return [clusters.root(i) for i in range(table.num_rows)]


def baseline(records: list[dict[str, object]]) -> list[object]:
    """Splink's out-of-the-box comparisons on clear lower-cased names, clustered at the same
    threshold: what linkage without normalised keys achieves."""
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, block_on

    from cases.linkage.model import CLUSTER_THRESHOLD

    rows = [_clear_row(i, record) for i, record in enumerate(records)]
    settings = {
        "link_type": "dedupe_only",
        "comparisons": [
            cl.NameComparison("first_name"),
            cl.NameComparison("surname"),
            cl.DateOfBirthComparison("dob", input_is_string=True),
            cl.ExactMatch("sex"),
            cl.ExactMatch("nationality"),
            cl.ExactMatch("region"),
        ],
        "blocking_rules_to_generate_predictions": [
            block_on("first_name", "birth_year"),
            block_on("surname", "birth_year"),
            block_on("dob"),
            block_on("first_name", "surname"),
        ],
        "retain_matching_columns": False,
    }
    api = DuckDBAPI()
    table = api.register({key: [row[key] for row in rows] for key in rows[0]})
    linker = Linker(table, settings, log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("first_name", "surname", "dob")], recall=0.5
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=42)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("first_name", "surname")
    )
    predictions = linker.inference.predict(threshold_match_probability=0.5, warning_mode="never")
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=CLUSTER_THRESHOLD
    ).as_pyarrow_table()
    person = dict(
        zip(clusters["unique_id"].to_pylist(), clusters["cluster_id"].to_pylist(), strict=True)
    )
    return [person[i] for i in range(len(records))]


def _clear_row(i: int, record: dict[str, object]) -> dict[str, object]:
    dob = str(record["date_of_birth"])
    return {
        "unique_id": i,
        "first_name": str(record["first_name"]).lower() or None,
        "surname": str(record["last_name"]).lower() or None,
        "dob": dob if len(dob) == 10 else None,  # the comparison needs whole dates
        "birth_year": dob[:4] or None,
        "sex": record["sex"] or None,
        "nationality": record["nationality"] or None,
        "region": record["region"] or None,
    }


def quality(n_records: int, profile: str = "default", seed: int = 7) -> dict[str, Any]:
    from bench.cases_generator import generate

    records = generate(n_records, seed=seed, profile=profile)
    truth = [record["truth"] for record in records]
    started = time.perf_counter()
    ours = pairwise_quality(truth, link(keys_table(records)))
    seconds = time.perf_counter() - started
    theirs = pairwise_quality(truth, baseline(records))
    return {
        f"{profile}: quality records": n_records,
        f"{profile}: true pairs": _pairs(Counter(truth)),
        **{f"{profile}: keys {name}": value for name, value in ours.items()},
        f"{profile}: keys seconds (pseudonymise + link)": round(seconds, 1),
        **{f"{profile}: baseline {name}": value for name, value in theirs.items()},
    }


def _scale_data(n_records: int, profile: str, seed: int = 11) -> tuple[list[object], Any]:
    """The truth and the keys table of the scale run, cached as Parquet in
    BENCH_LINKAGE_CACHE (a directory) when set: generating and hashing a million records
    takes minutes and is not what is measured."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from bench.cases_generator import generate
    from cases.linkage.model import GRAM_COLUMNS

    cache = os.environ.get("BENCH_LINKAGE_CACHE")
    path = Path(cache) / f"linkage-{n_records}-seed{seed}-{profile}.parquet" if cache else None
    if path and path.exists():
        table = pq.read_table(path)
        if set(GRAM_COLUMNS) <= set(table.column_names):  # else made before the bigram keys
            return table["truth"].to_pylist(), _as_numbers(table.drop_columns(["truth"]))
    records = generate(n_records, seed=seed, profile=profile)
    truth: list[object] = [record["truth"] for record in records]
    table = keys_table(records)
    if path:
        pq.write_table(table.append_column("truth", pa.array(truth, pa.int64())), path)
    return truth, table


def _as_numbers(table: Any) -> Any:
    """Keys cached as hex strings (by an earlier version of this file) as the engine's numbers."""
    import pyarrow as pa

    from cases.linkage.model import KEY_COLUMNS, key_number

    for name in KEY_COLUMNS:
        if table[name].type == pa.string():
            numbers = pa.array([key_number(k or "") for k in table[name].to_pylist()], pa.int64())
            table = table.set_column(table.schema.get_field_index(name), name, numbers)
    return table


def scale(n_records: int, profile: str = "default", seed: int = 11) -> dict[str, Any]:
    truth, table = _scale_data(n_records, profile, seed)
    load = os.getloadavg()[0]
    cpu_before = _cpu_seconds()
    started = time.perf_counter()
    persons = link(table)
    seconds = time.perf_counter() - started
    cpu = _cpu_seconds() - cpu_before
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "scale records": n_records,
        "scale profile": profile,
        "scale link seconds": round(seconds, 1),
        # On a busy machine the wall time says more about the neighbours than about linkage:
        # the CPU time (all threads) divided by the cores is what an idle machine would need.
        "scale link CPU seconds (all threads)": round(cpu, 1),
        "scale load average before": load,
        "scale peak RSS (MiB, whole process incl. generator)": round(peak_kib / 1024),
        **{f"scale {name}": value for name, value in pairwise_quality(truth, persons).items()},
    }


def _hex_keys(table: Any) -> dict[str, list[Any]]:
    """The cached key numbers as the database stores keys: hex strings whose first 16 digits
    give back the same numbers (model.key_number), zero-padded to KEY_LENGTH."""
    from cases.linkage.model import GRAM_COLUMNS, KEY_COLUMNS
    from cases.models import KEY_LENGTH

    columns: dict[str, list[Any]] = {}
    for name in KEY_COLUMNS:
        pad = "0" * (KEY_LENGTH - 16)
        columns[name] = [
            "" if n is None else f"{n + (1 << 63):016x}{pad}" for n in table[name].to_pylist()
        ]
    for name in GRAM_COLUMNS:
        columns[name] = [
            json.dumps([f"{g + (1 << 31):08x}" for g in grams or ()])
            for grams in table[name].to_pylist()
        ]
    return columns


def _load_records(table: Any) -> None:
    """The keys table as CaseRecords, by COPY on PostgreSQL (bulk_create elsewhere), spread
    over the generator's agencies; not timed (an import's work, not the linkage's)."""
    from django.db import connection
    from django.utils import timezone

    from agencies.models import Agency
    from bench.cases_generator import AGENCIES
    from cases.linkage.model import CATEGORY_COLUMNS
    from cases.models import CaseRecord

    agencies = [Agency.objects.create(code=code, name=f"Agency {code}") for code in AGENCIES]
    now = timezone.now()
    given = _hex_keys(table)
    for name in CATEGORY_COLUMNS:
        given[name] = [value or "" for value in table[name].to_pylist()]
    given["exploitation"] = [json.dumps([e] if e else []) for e in given["exploitation"]]
    given["agency_id"] = [agencies[i % len(agencies)].pk for i in range(table.num_rows)]
    given["record_id"] = [f"R{i:08d}" for i in range(table.num_rows)]
    fixed: dict[str, Any] = {"imported_at": now.isoformat(), "updated_at": now.isoformat()}
    for field in CaseRecord._meta.concrete_fields:  # the rest: each field's default
        column = str(field.column)
        if field.primary_key or field.null or column in given or column in fixed:
            continue
        default = field.get_default()
        fixed[column] = json.dumps(default) if field.get_internal_type() == "JSONField" else default
    if connection.vendor != "postgresql":
        rows = [
            CaseRecord(**{k: json.loads(v) if k in ("exploitation",) else v for k, v in row})
            for row in _rows(given, fixed)
        ]
        CaseRecord.objects.bulk_create(rows, batch_size=2000)
        return
    names = [*given, *fixed]
    sql = f"COPY {CaseRecord._meta.db_table} ({', '.join(names)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in _rows(given, fixed):
            copy.write_row([value for _, value in row])
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {CaseRecord._meta.db_table}")


def _rows(given: dict[str, list[Any]], fixed: dict[str, Any]) -> Any:
    names = list(given)
    for values in zip(*given.values(), strict=True):
        yield [*zip(names, values, strict=True), *fixed.items()]


def whole(n_records: int, profile: str = "default", seed: int = 11) -> dict[str, Any]:
    """The whole link as `tipmonitor link-cases` runs it (`linkage_run`): reading every record
    from a throwaway database, scoring, clustering, and writing every person back, each part
    timed; the database is DATABASE_URL's server (a `test_bench_linkage` database)."""
    import tempfile

    from django.conf import settings
    from django.db import connection

    from cases.linkage import clustering, engine, services
    from cases.models import CaseRecord, Person

    truth, table = _scale_data(n_records, profile, seed)
    test = settings.DATABASES["default"].setdefault("TEST", {})
    scratch = tempfile.mkdtemp(prefix="bench-linkage-")
    test["NAME"] = (
        str(Path(scratch) / "bench.sqlite3")
        if connection.vendor == "sqlite"
        else "test_bench_linkage"
    )
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        started = time.perf_counter()
        _load_records(table)
        loaded = time.perf_counter() - started
        parts = _timed_parts(services, engine, clustering)
        load = os.getloadavg()[0]
        cpu_before = _cpu_seconds()
        server_before = _server_cpu_seconds()
        started = time.perf_counter()
        run = services.linkage_run()
        seconds = time.perf_counter() - started
        cpu = _cpu_seconds() - cpu_before
        server_cpu = _server_cpu_seconds() - server_before
        by_pk = dict(CaseRecord.objects.values_list("pk", "person_id"))
        ids = sorted(by_pk)  # loaded in the keys table's order
        persons = [by_pk[pk] for pk in ids]
        stored = (run.records, run.persons, Person.objects.count())
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "whole records": n_records,
        "whole database": connection.vendor,
        "whole load seconds (not timed in the link)": round(loaded, 1),
        "whole link seconds (read, score, cluster, write back)": round(seconds, 1),
        **{f"whole {name} seconds": round(value, 1) for name, value in parts.items()},
        "whole link CPU seconds (this process, all threads)": round(cpu, 1),
        "whole link CPU seconds (the database server's process)": round(server_cpu, 1),
        "whole load average before": load,
        "whole peak RSS (MiB, whole process)": round(peak_kib / 1024),
        "whole run records / persons / stored persons": stored,
        **{f"whole {name}": value for name, value in pairwise_quality(truth, persons).items()},
    }


def _timed_parts(services: Any, engine: Any, clustering: Any) -> dict[str, float]:
    """Wrap the parts of linkage_run so each one's wall time is added up in the result."""
    parts: dict[str, float] = {}

    def timed(owner: Any, attribute: str, name: str) -> None:
        function = getattr(owner, attribute)

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                parts[name] = parts.get(name, 0.0) + time.perf_counter() - started

        setattr(owner, attribute, wrapper)

    timed(services, "_records", "read records")
    timed(engine, "score", "score (train, predict)")
    timed(clustering, "cluster", "cluster")
    timed(services, "_labels", "person ids")
    timed(services, "_store", "write back (all)")
    timed(services, "_store_persons", "write back: persons")
    timed(services, "_update_records", "write back: records")
    timed(services, "_store_pairs", "write back: review pairs")
    return parts


def _server_cpu_seconds() -> float:
    """CPU time of the database connection's server process, when it runs on this machine
    (PostgreSQL: one process per connection); 0 otherwise."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> dict[str, Any]:
    _setup()
    quick = os.environ.get("BENCH_QUICK", "") not in ("", "0")
    n_quality = int(
        os.environ.get("BENCH_LINKAGE_QUALITY") or (10_000 if quick else QUALITY_RECORDS)
    )
    n_scale = int(os.environ.get("BENCH_LINKAGE_SCALE") or (100_000 if quick else SCALE_RECORDS))
    profiles = os.environ.get("BENCH_LINKAGE_PROFILES", "default,hard").split(",")
    results: dict[str, Any] = {}
    held_out = os.environ.get("BENCH_LINKAGE_SEED")  # the generator's seed, for held-out data
    for profile in profiles if n_quality else []:
        results |= quality(n_quality, profile, int(held_out or 7))
    seed = int(held_out or 11)
    if n_scale:
        results |= scale(n_scale, profiles[0], seed)
    n_whole = int(os.environ.get("BENCH_LINKAGE_WHOLE") or 0)
    if n_whole:
        results |= whole(n_whole, profiles[0], seed)
    return results


if __name__ == "__main__":
    for measure, value in main().items():
        print(f"{measure}: {value}", flush=True)
