"""What differs between PostgreSQL and SQLite in a backup: how the database is dumped in one
consistent snapshot with its rows counted in that same snapshot, how it is restored, and how
rows are counted afterwards."""

import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils.translation import gettext as _

POSTGRESQL = "postgresql"
SQLITE = "sqlite"
VENDORS = (POSTGRESQL, SQLITE)


class BackupError(Exception):
    """A backup or restore that cannot go on, with a message the operator can act on."""


def vendor_of(connection: BaseDatabaseWrapper) -> str:
    if connection.vendor not in VENDORS:
        raise BackupError(
            _("Backups support PostgreSQL and SQLite, not %(vendor)s.")
            % {"vendor": connection.vendor}
        )
    return connection.vendor


def tables_of(connection: BaseDatabaseWrapper) -> list[str]:
    with connection.cursor() as cursor:
        return sorted(connection.introspection.table_names(cursor))


def count_rows(cursor: Any, connection: BaseDatabaseWrapper, tables: Iterable[str]) -> dict:
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
        counts[table] = int(cursor.fetchone()[0])
    return counts


def tables_with_rows(connection: BaseDatabaseWrapper) -> list[str]:
    """The tables of the database that hold at least one row (a restore needs none)."""
    found = []
    with connection.cursor() as cursor:
        for table in tables_of(connection):
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT 1 FROM {quoted} LIMIT 1")  # noqa: S608
            if cursor.fetchone() is not None:
                found.append(table)
    return found


# --- PostgreSQL -----------------------------------------------------------------------------


def pg_program(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            _(
                "%(program)s was not found on the PATH: install the PostgreSQL client of the "
                "server's version (Debian: apt-get install postgresql-client)."
            )
            % {"program": name}
        )
    return path


def _client_major(program: str) -> int:
    output = subprocess.run(  # noqa: S603
        [program, "--version"], capture_output=True, text=True, check=False
    ).stdout
    found = re.search(r"(\d+)(?:\.\d+)?", output)
    if found is None:
        raise BackupError(
            _("Cannot tell the version of %(program)s: %(output)s")
            % {"program": program, "output": output.strip()}
        )
    return int(found.group(1))


def pg_check_client(program: str, connection: BaseDatabaseWrapper) -> None:
    """pg_dump refuses a server newer than itself: say so before starting, with both
    versions."""
    connection.ensure_connection()
    server = int(getattr(connection, "pg_version", 0)) // 10000
    client = _client_major(program)
    if client < server:
        raise BackupError(
            _(
                "%(program)s is version %(client)d but the server is PostgreSQL %(server)d: "
                "install postgresql-client-%(server)d and put it first on the PATH."
            )
            % {"program": Path(program).name, "client": client, "server": server}
        )


def pg_environment(connection: BaseDatabaseWrapper) -> dict[str, str]:
    """The client's connection settings as libpq variables: the password never appears on a
    command line another user could read."""
    params = connection.settings_dict
    env = dict(os.environ)
    for variable, value in (
        ("PGHOST", params.get("HOST")),
        ("PGPORT", params.get("PORT")),
        ("PGUSER", params.get("USER")),
        ("PGPASSWORD", params.get("PASSWORD")),
        ("PGDATABASE", params.get("NAME")),
        ("PGSSLMODE", params.get("OPTIONS", {}).get("sslmode")),
        ("PGSSLROOTCERT", params.get("OPTIONS", {}).get("sslrootcert")),
    ):
        if value:
            env[variable] = str(value)
    return env


def pg_dump(connection: BaseDatabaseWrapper, write: Callable[[IO[bytes]], None]) -> dict:
    """Dump the database (custom format) to `write`, which reads pg_dump's output stream;
    returns the row count of every table, counted in the very snapshot pg_dump dumps."""
    program = pg_program("pg_dump")
    pg_check_client(program, connection)
    tables = tables_of(connection)
    raw = connection.get_new_connection(connection.get_connection_params())
    try:
        raw.autocommit = False
        raw.isolation_level = 3  # psycopg.IsolationLevel.REPEATABLE_READ
        raw.read_only = True
        with raw.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = count_rows(cursor, connection, tables)
        command = [program, "--format=custom", f"--snapshot={snapshot}", "--no-password"]
        _run_streaming(command, pg_environment(connection), write)
    finally:
        raw.rollback()
        raw.close()
    return counts


def _run_streaming(
    command: list[str], env: dict[str, str], write: Callable[[IO[bytes]], None]
) -> None:
    # stderr goes to a file: a pipe nobody reads while stdout streams could fill and stall.
    with (
        tempfile.TemporaryFile() as errors,
        subprocess.Popen(  # noqa: S603
            command, stdout=subprocess.PIPE, stderr=errors, env=env
        ) as process,
    ):
        assert process.stdout is not None
        try:
            write(process.stdout)
        finally:
            process.stdout.close()
            code = process.wait()
        errors.seek(0)
        error = errors.read().decode(errors="replace").strip()
    if code != 0:
        raise BackupError(
            _("%(program)s failed: %(error)s") % {"program": Path(command[0]).name, "error": error}
        )


def pg_restore(connection: BaseDatabaseWrapper, dump: Path) -> None:
    """Restore a custom-format dump in one transaction: it all lands, or nothing does."""
    program = pg_program("pg_restore")
    command = [
        program,
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
        "--clean",
        "--if-exists",
        "--no-password",
        f"--dbname={connection.settings_dict['NAME']}",
        str(dump),
    ]
    result = subprocess.run(  # noqa: S603
        command, capture_output=True, env=pg_environment(connection), check=False
    )
    if result.returncode != 0:
        raise BackupError(
            _("pg_restore failed, nothing was restored: %(error)s")
            % {"error": result.stderr.decode(errors="replace").strip()}
        )


# --- SQLite ---------------------------------------------------------------------------------


def sqlite_dump(connection: BaseDatabaseWrapper, path: Path) -> dict:
    """Copy the database with SQLite's online backup API (a consistent copy while the
    application writes) into `path`; returns the row counts of the copy."""
    if connection.in_atomic_block:
        # The backup API would wait forever for the caller's own write transaction to end.
        raise BackupError(_("A SQLite backup cannot run inside a transaction."))
    connection.ensure_connection()
    copy = sqlite3.connect(path)
    try:
        connection.connection.backup(copy)
        tables = tables_of(connection)
        cursor = copy.cursor()
        counts = {}
        for table in tables:
            quoted = connection.ops.quote_name(table)
            counts[table] = int(cursor.execute(f"SELECT COUNT(*) FROM {quoted}").fetchone()[0])  # noqa: S608
    finally:
        copy.close()
    return counts


def sqlite_restore(connection: BaseDatabaseWrapper, path: Path) -> None:
    """Copy the backup into the database with the same online backup API, after SQLite's own
    check of the file."""
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        try:
            verdict = source.execute("PRAGMA integrity_check").fetchone()[0]
        except sqlite3.DatabaseError as error:
            raise BackupError(
                _("The backup is not a SQLite database: %(error)s") % {"error": error}
            ) from None
        if verdict != "ok":
            raise BackupError(
                _("The backup fails SQLite's integrity check: %(verdict)s") % {"verdict": verdict}
            )
        connection.ensure_connection()
        source.backup(connection.connection)
    finally:
        source.close()
