"""pyspark is an extra (`pip install 'tipmonitor[spark]'`): an instance installed without it
links on DuckDB as before, and asking for Spark says how to get it instead of a bare
ModuleNotFoundError. The missing package is simulated by hiding it from the import system."""

import sys
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cases.linkage import engine
from cases.models import LinkageRun
from tests.cases.linkage_data import store_generated

pytestmark = pytest.mark.django_db


@pytest.fixture
def without_pyspark(monkeypatch):
    # A None entry in sys.modules makes `import pyspark…` raise ImportError, as if absent.
    for name in [name for name in sys.modules if name.startswith("pyspark")] + [
        "pyspark",
        "pyspark.sql",
    ]:
        monkeypatch.setitem(sys.modules, name, None)


def test_it_tells_how_to_install_spark_when_pyspark_is_missing(without_pyspark):
    store_generated(20, seed=3)

    with pytest.raises(CommandError) as raised:
        call_command("link_cases", "--engine", "spark", stdout=StringIO())

    message = str(raised.value)
    assert "spark engine is not installed" in message
    assert "pip install 'tipmonitor[spark]'" in message
    assert "Java" in message
    assert not LinkageRun.objects.filter(engine="spark", finished_at__isnull=False).exists()


def test_it_links_on_duckdb_without_pyspark(without_pyspark):
    store_generated(20, seed=3)

    call_command("link_cases", "--engine", "duckdb", stdout=StringIO())

    assert LinkageRun.objects.filter(engine="duckdb").count() == 1


def test_it_raises_an_import_error_naming_the_extra_from_the_engine(without_pyspark):
    import pyarrow as pa

    records = pa.table({"unique_id": pa.array([1, 2], pa.int64())})

    with pytest.raises(ImportError, match=r"tipmonitor\[spark\]"):
        engine.score(records, engine="spark")
