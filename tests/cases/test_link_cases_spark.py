"""`tipmonitor link-cases --engine spark`: the same model on Splink's Spark backend (local
mode, one core) links a small generated set exactly as DuckDB does. Needs pyspark (pinned)
and a Java runtime (17 or later)."""

from io import StringIO

import pytest
from django.core.management import call_command

from cases.models import CaseRecord, LinkageRun
from tests.cases.linkage_data import store_generated

pytestmark = pytest.mark.django_db


@pytest.fixture
def local_spark(settings):
    settings.LINKAGE_SPARK_MASTER = "local[1]"
    settings.LINKAGE_SPARK_PARTITIONS = 1
    yield
    from pyspark.sql import SparkSession

    session = SparkSession.getActiveSession()
    if session is not None:
        session.stop()  # frees the JVM's memory for the rest of the suite


def _persons() -> dict[str, str]:
    return dict(CaseRecord.objects.values_list("record_id", "person__label"))


def test_it_links_on_spark_as_on_duckdb(local_spark):
    # Few enough records to link with the model's defaults (no random sampling), so both
    # engines must score every pair the same.
    store_generated(150, seed=9)
    call_command("link_cases", "--engine", "duckdb", stdout=StringIO())
    on_duckdb = _persons()
    probabilities = dict(CaseRecord.objects.values_list("record_id", "match_probability"))

    call_command("link_cases", "--engine", "spark", stdout=StringIO())

    assert _persons() == on_duckdb
    assert len(set(on_duckdb.values())) < len(on_duckdb)  # some records were linked
    for record_id, probability in CaseRecord.objects.values_list("record_id", "match_probability"):
        assert probability == pytest.approx(probabilities[record_id], abs=1e-6)
    assert list(LinkageRun.objects.order_by("pk").values_list("engine", flat=True)) == [
        "duckdb",
        "spark",
    ]
