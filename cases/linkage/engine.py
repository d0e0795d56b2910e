"""Running the linkage model on a backend: DuckDB in-process, or Spark (local or a cluster)
for data that outgrows one machine. Both get the same settings (cases/linkage/model.py) and
return the same thing: the scored pairs at or above the review band."""

import logging
import os
import sys
import tempfile
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
from django.conf import settings
from django.utils.translation import gettext as _
from splink import Linker

from cases.linkage import model

ENGINES = ("duckdb", "spark")


@dataclass(frozen=True)
class Scored:
    """Pairs (unique_id_l < unique_id_r) with their match probability, and the trained model."""

    pairs: pa.Table
    parameters: dict[str, Any]


def _duckdb_api() -> Any:
    import duckdb
    from splink import DuckDBAPI

    # Bounded, so a big linkage spills to disk instead of taking the web server's memory.
    config: dict[str, str | bool | int | float | list[str]] = {
        "memory_limit": os.environ.get("TIPMONITOR_DUCKDB_MEMORY", "4GB"),
        "temp_directory": tempfile.gettempdir(),
    }
    return DuckDBAPI(duckdb.connect(":memory:", config=config))


def _spark_api() -> Any:
    try:
        from pyspark.sql import SparkSession
    except ImportError as error:
        # pyspark is an extra (hundreds of megabytes); say how to get it, not just its name.
        raise ImportError(
            _(
                "pyspark is not installed: install TIP Monitor with its Spark extra "
                "(pip install 'tipmonitor[spark]') and a Java runtime (17 or later), "
                "or use the duckdb engine."
            )
        ) from error
    from splink import SparkAPI

    # Spark's Python workers must be this interpreter (the venv's), not whatever is on PATH.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    # Settings LINKAGE_SPARK_MASTER and LINKAGE_SPARK_PARTITIONS (docs/cases.md, "Beyond one
    # machine"): a cluster's master URL, or local[*] for this machine's cores.
    master = settings.LINKAGE_SPARK_MASTER
    partitions = str(settings.LINKAGE_SPARK_PARTITIONS)
    session = (
        SparkSession.builder.master(master)
        .appName("tipmonitor-linkage")
        .config("spark.sql.shuffle.partitions", partitions)
        .config("spark.ui.enabled", "false")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.default.parallelism", partitions)
        # Splink keeps its tables in memory; the warehouse directory would otherwise appear
        # in whatever directory the command runs in.
        .config("spark.sql.warehouse.dir", tempfile.mkdtemp(prefix="tipmonitor-spark-"))
        # Splink's SQL is many short queries with wide CASE expressions: compiling each to
        # Java costs more than it saves unless the data is large.
        .config("spark.sql.codegen.wholeStage", os.environ.get("TIPMONITOR_SPARK_CODEGEN", "false"))
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    logging.getLogger("py4j").setLevel(logging.WARNING)  # a line per call otherwise
    # No fuzzy comparisons are used (the keys are hashes), so Splink's UDF jar is not needed;
    # lineage is broken by persisting, which needs no checkpoint directory.
    return SparkAPI(
        spark_session=session,
        register_udfs_automatically=False,
        break_lineage_method="persist",
        num_partitions_on_repartition=int(partitions),
    )


def score(records: pa.Table, *, engine: str = "duckdb", seed: int = 42) -> Scored:
    """Train the model on `records` (unique_id, the key and category columns, nulls for
    missing values) and score every blocked pair; keep those at or above the review band."""
    if engine not in ENGINES:
        raise ValueError(f"unknown linkage engine {engine!r}: use one of {', '.join(ENGINES)}")
    if records.num_rows < 2:
        return Scored(_no_pairs(), {})
    db_api = _spark_api() if engine == "spark" else _duckdb_api()
    table = db_api.register(_with_gram_bits(_with_undated_name(records)), table_name="case_records")
    linker = Linker(table, model.settings(records=records.num_rows), log_level=logging.ERROR)
    trained = model.train(linker, records=records.num_rows, seed=seed)
    predictions = linker.inference.predict(
        threshold_match_probability=model.REVIEW_LOW, warning_mode="never"
    )
    pairs = predictions.as_pyarrow_table().select(
        ["unique_id_l", "unique_id_r", "match_probability"]
    )
    parameters = linker.misc.save_model_to_json() | {"trained": trained}
    predictions.drop_table_from_database_and_remove_from_cache()
    return Scored(_lower_first(pairs), parameters)


def _with_undated_name(records: pa.Table) -> pa.Table:
    undated = pc.if_else(
        pc.is_null(records["key_birth_year"]),
        records["key_name_phonetic"],
        pa.nulls(records.num_rows, records.schema.field("key_name_phonetic").type),
    )
    return records.append_column(model.UNDATED_NAME, undated)


def _with_gram_bits(records: pa.Table) -> pa.Table:
    """Each part's bigram keys folded into 64 bits (model.BIT_COLUMNS): a Bloom filter with one
    hash, the key's low six bits (an HMAC: uniform). The comparisons take the Dice coefficient
    of these with bit_count on one integer instead of intersecting arrays, which is what makes
    it affordable on tens of millions of pairs; two unrelated names of eight bigrams share one
    bit by chance, far below the levels compared."""
    for grams, bits in zip(model.GRAM_COLUMNS, model.BIT_COLUMNS, strict=True):
        if grams in records.column_names:
            records = records.append_column(bits, _fold(records[grams]))
        else:  # records keyed before the bigram keys existed
            records = records.append_column(bits, pa.nulls(records.num_rows, pa.int64()))
    return records.drop_columns(
        [name for name in model.GRAM_COLUMNS if name in records.column_names]
    )


def _fold(grams: pa.ChunkedArray) -> pa.Array:
    folded = []
    for keys in grams.to_pylist():
        bits = 0
        for key in keys or ():
            bits |= 1 << (key & 63)
        folded.append(bits - (1 << 64) if bits >= 1 << 63 else bits or None)
    return pa.array(folded, pa.int64())


def _no_pairs() -> pa.Table:
    return pa.table(
        {
            "unique_id_l": pa.array([], pa.int64()),
            "unique_id_r": pa.array([], pa.int64()),
            "match_probability": pa.array([], pa.float64()),
        }
    )


def _lower_first(pairs: pa.Table) -> pa.Table:
    """Splink orders the ids of a dedupe pair already; cast so both backends give int64."""
    return pa.table(
        {
            "unique_id_l": pairs["unique_id_l"].cast(pa.int64()),
            "unique_id_r": pairs["unique_id_r"].cast(pa.int64()),
            "match_probability": pairs["match_probability"].cast(pa.float64()),
        }
    )
