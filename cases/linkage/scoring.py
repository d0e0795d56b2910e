"""Scoring with a model already trained: the pairs that involve some records only (the new
ones of an import, or the records of one person), predicted by Splink with the parameters a
full run stored (`LinkageRun.parameters`, Splink's saved model), without training again.

The table given holds every record (so that the term frequencies of the names are those of
the whole table, as in the full run) with a column `focus`; each of the model's blocking rules
is narrowed to pairs with at least one focus record (`among_focus`: both), so a pair of two
records linked before is not scored again.
"""

import logging
from typing import Any

import pyarrow as pa
from django.db.models import Count
from splink import Linker

from cases.linkage import engine, model
from cases.linkage.model import (
    key_number,
)
from cases.linkage.services import RECORD_FIELDS, RECORD_NAMES, _Records, records_from_rows
from cases.models import CaseRecord

FOCUS = "focus"


def model_settings(
    parameters: dict[str, Any], *, records: int, trained_on: int, among_focus: bool
) -> dict[str, Any]:
    """The saved model as Splink settings for a table of `records` records: DuckDB, the
    blocking narrowed to the focus records, and the prior scaled to the table's size (the chance
    that two random records match falls as the table grows; a person's records do not)."""
    settings = {key: value for key, value in parameters.items() if key != "trained"}
    prior = float(settings["probability_two_random_records_match"])
    if trained_on > 1 and records > 1:
        prior = min(0.5, prior * (trained_on - 1) / (records - 1))
    settings["probability_two_random_records_match"] = prior
    settings["sql_dialect"] = "duckdb"
    focus = f"l.{FOCUS} AND r.{FOCUS}" if among_focus else f"(l.{FOCUS} OR r.{FOCUS})"
    rules = []
    for rule in settings["blocking_rules_to_generate_predictions"]:
        sql = rule["blocking_rule"] if isinstance(rule, dict) else str(rule)
        rules.append({"blocking_rule": f"({sql}) AND {focus}", "sql_dialect": "duckdb"})
    settings["blocking_rules_to_generate_predictions"] = rules
    return settings


def score_focus(
    records: pa.Table,
    focus: set[int],
    parameters: dict[str, Any],
    *,
    trained_on: int,
    among_focus: bool = False,
    frequencies: dict[str, dict[int, float]] | None = None,
) -> pa.Table:
    """Pairs (unique_id_l < unique_id_r, match_probability at or above the review band) with
    at least one record in `focus` (both, with `among_focus`), scored by the saved model.
    `frequencies` (see term_frequencies: for each key in model.TF_COLUMNS, key number ->
    share of the records with that key) when `records` are not the whole table."""
    if not focus or records.num_rows < 2:
        return engine._no_pairs()
    flags = pa.array([uid in focus for uid in records["unique_id"].to_pylist()], pa.bool_())
    table = engine._with_gram_bits(engine._with_undated_name(records)).append_column(FOCUS, flags)
    settings = model_settings(
        parameters, records=records.num_rows, trained_on=trained_on, among_focus=among_focus
    )
    db_api = engine._duckdb_api()
    registered = db_api.register(table, table_name="case_records")
    linker = Linker(registered, settings, log_level=logging.ERROR)
    if frequencies is not None:
        # A few records of the table (one person's): their keys' frequencies in the whole
        # table, as the full run weighed them, not in these few (where every key is rare and
        # would weigh too much). Every column the model weighs by frequency needs its lookup.
        for column in model.TF_COLUMNS:
            shares = frequencies.get(column, {})
            lookup_table = pa.table(
                {
                    column: pa.array(list(shares), pa.int64()),
                    f"tf_{column}": pa.array(list(shares.values()), pa.float64()),
                }
            )
            lookup = db_api.register(lookup_table, table_name=f"{column}_frequencies")
            linker.table_management.register_term_frequency_lookup(lookup, column)
    predictions = linker.inference.predict(
        threshold_match_probability=model.REVIEW_LOW, warning_mode="never"
    )
    pairs = predictions.as_pyarrow_table().select(
        ["unique_id_l", "unique_id_r", "match_probability"]
    )
    predictions.drop_table_from_database_and_remove_from_cache()
    return engine._lower_first(pairs)


def records_of(pks: list[int]) -> _Records:
    """Some records (a person's) as a run reads them (services._records reads them all)."""
    values = CaseRecord.objects.filter(pk__in=pks).order_by("pk")
    return records_from_rows(values.values_list(*RECORD_FIELDS, *RECORD_NAMES))


def term_frequencies(pks: list[int]) -> dict[str, dict[int, float]]:
    """For each key the model weighs by frequency (model.TF_COLUMNS), the share of the records
    with that key (among those that have one, as Splink counts it in a full run) of each value
    these records have."""
    frequencies: dict[str, dict[int, float]] = {}
    for column in model.TF_COLUMNS:
        keys = set(
            CaseRecord.objects.filter(pk__in=pks)
            .exclude(**{column: ""})
            .values_list(column, flat=True)
        )
        frequencies[column] = {}
        if not keys:
            continue
        having = CaseRecord.objects.exclude(**{column: ""}).count()
        counts = (
            CaseRecord.objects.filter(**{f"{column}__in": sorted(keys)})
            .values_list(column)
            .annotate(n=Count("pk"))
            .order_by()
        )
        for key, n in counts:
            if (number := key_number(key)) is not None:
                frequencies[column][number] = n / having
    return frequencies
