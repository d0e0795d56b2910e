"""A second, empty database of the suite's vendor standing in for the wiped server: made for a
test and dropped after it. While it is open it *is* the default database (the connection is
swapped, not reconfigured, so the test database is left as it was)."""

import contextlib
import uuid
from collections.abc import Iterator
from pathlib import Path

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper


@contextlib.contextmanager
def empty_database(folder: Path) -> Iterator[BaseDatabaseWrapper]:
    original = connections["default"]
    settings = dict(original.settings_dict)
    if original.vendor == "postgresql":
        name = f"{settings['NAME']}_restore_{uuid.uuid4().hex[:8]}"
        with original.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
    else:
        name = str(folder / "empty.sqlite3")
    fresh = original.__class__({**settings, "NAME": name}, "default")
    connections["default"] = fresh
    try:
        yield fresh
    finally:
        fresh.close()
        connections["default"] = original
        if original.vendor == "postgresql":
            with original.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
