"""`make load` (or `python bench/load/run.py`): the quarter's deadline under load, on this
machine only, stopping by itself. See docs/performance.md, "Load at the deadline".

1. Creates a throwaway PostgreSQL database `t_load_<pid>` on the server `DATABASE_URL` names
   (default: postgres://postgres@127.0.0.1:5432/postgres), migrates it and builds the world
   (`world.py`): a plan, N agencies × (two clerks, a head) with TOTP devices, a year of
   accepted history, the last quarter due.
2. Starts gunicorn as production runs it (`deploy/gunicorn.conf.py` when there is one, else
   2 × cores + 1 sync workers), DEBUG off, the second factor required, collected static files.
3. Runs locust headless (`locustfile.py`), one user per person, until every one is done (or
   the window and a margin have passed).
4. Stops gunicorn, checks the database against the users' log (`check.py`), prints the figures
   and drops the database. Exits 1 when a goal is not met.

Options: --agencies N (80), --window SECONDS (the compressed hour, 900), --port (8140),
--keep (leave the scratch folder: logs, locust's CSV; the database is always dropped).
"""

import argparse
import datetime
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
MANIFEST_STORAGE = "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"


def main() -> int:
    args = _arguments()
    sys.path.insert(0, str(ROOT))
    scratch = Path(tempfile.mkdtemp(prefix="t_load_"))
    database = f"t_load_{os.getpid()}"
    server_url = os.environ.get("DATABASE_URL") or DEFAULT_SERVER
    url = _with_database(server_url, database)
    env = _production_env(scratch, url)
    os.environ.update(env)
    print(f"database {database}, scratch {scratch}", flush=True)
    _create_database(server_url, database)
    gunicorn = None
    try:
        setup = _prepare(args.agencies, scratch)
        gunicorn = _start_gunicorn(env, args.port, scratch)
        csv_prefix = scratch / "locust"
        people = 3 * len(setup["agencies"])
        started, load_before = time.perf_counter(), os.getloadavg()[0]
        _run_locust(env, args, scratch, people, csv_prefix)
        seconds = time.perf_counter() - started
        print(f"load average: {load_before:.1f} before, {os.getloadavg()[1]:.1f} over 5 min after")
        _stop(gunicorn)
        gunicorn = None
        return _report(setup, scratch, csv_prefix, people, seconds)
    finally:
        if gunicorn is not None:
            _stop(gunicorn)
        _drop_database(server_url, database)
        if args.keep:
            print(f"kept {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--agencies", type=int, default=80)
    parser.add_argument("--window", type=float, default=900.0, help="seconds for the hour")
    parser.add_argument("--port", type=int, default=8140)
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    args = parser.parse_args()
    if args.agencies < 4:
        parser.error("--agencies: at least 4 (each indicator has four responsible agencies)")
    return args


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        raise SystemExit(f"DATABASE_URL must name a PostgreSQL server, not {parts.scheme}:")
    return urlunsplit(parts._replace(path=f"/{name}"))


def _production_env(scratch: Path, url: str) -> dict[str, str]:
    """A production instance's settings (DEBUG off, the second factor on), its own var/."""
    return {
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "tipmonitor.settings",
        "TIPMONITOR_DEBUG": "0",
        "TIPMONITOR_REQUIRE_2FA": "1",
        "TIPMONITOR_VAR_DIR": str(scratch / "var"),
        "TIPMONITOR_SECRET_KEY": secrets.token_urlsafe(50),
        "TIPMONITOR_ALLOWED_HOSTS": "127.0.0.1",
        "TIPMONITOR_LOG_LEVEL": "WARNING",
    }


def _admin(server_url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(sql)


def _create_database(server_url: str, name: str) -> None:
    _admin(server_url, f'CREATE DATABASE "{name}"')


def _drop_database(server_url: str, name: str) -> None:
    from django.db import connections

    connections.close_all()
    _admin(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    print(f"dropped {name}", flush=True)


def _prepare(agencies: int, scratch: Path) -> dict[str, Any]:
    import django
    from django.conf import settings
    from django.core.management import call_command
    from django.test import override_settings

    django.setup()
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrated = time.perf_counter()
    # The manifest the pages' {% static %} tags read, without gzip and Brotli copies of every
    # file (a minute on a busy machine): locust, like a browser with a warm cache, fetches no
    # static file, and the served storage reads the same manifest.
    plain = {**settings.STORAGES, "staticfiles": {"BACKEND": MANIFEST_STORAGE}}
    with override_settings(STORAGES=plain):
        call_command("collectstatic", interactive=False, verbosity=0)
    collected = time.perf_counter()
    from bench.load.world import build_world

    # One agency more than the locust users are: `cost.py` measures its requests afterwards.
    setup = build_world(agencies + 1, datetime.date.today()).as_json()
    setup["spare"] = setup["agencies"].pop()
    (scratch / "setup.json").write_text(json.dumps(setup))
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    connection.close()
    print(
        f"world: {agencies} agencies, {3 * agencies} people, period {setup['period']} "
        f"(migrate {migrated - started:.0f} s, collectstatic {collected - migrated:.0f} s, "
        f"world {time.perf_counter() - collected:.0f} s)",
        flush=True,
    )
    return setup


def _start_gunicorn(env: dict[str, str], port: int, scratch: Path) -> subprocess.Popen:
    conf = ROOT / "deploy" / "gunicorn.conf.py"
    if conf.exists():
        options = ["-c", str(conf)]
    else:
        options = ["--workers", str(2 * (os.cpu_count() or 1) + 1), "--timeout", "30"]
    command = [
        str(BIN / "gunicorn"),
        "tipmonitor.wsgi",
        *options,
        "--bind",
        f"127.0.0.1:{port}",
        "--error-logfile",
        str(scratch / "gunicorn.log"),
        "--access-logfile",
        str(scratch / "access.log"),
    ]
    print(" ".join(command[1:]), flush=True)
    process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env}, start_new_session=True)
    # A busy machine may take a while to boot the workers: wait for an answer, not a time.
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=120):
                _warm_up(port)
                return process
        except OSError:
            if process.poll() is not None:
                break
            time.sleep(0.5)
    _stop(process)
    raise SystemExit(f"gunicorn did not answer on port {port}; see {scratch / 'gunicorn.log'}")


def _warm_up(port: int) -> None:
    """A server at the deadline has been up for hours: let every worker load its URLs,
    templates and translations before the clock starts (a few requests each, at once)."""
    from concurrent.futures import ThreadPoolExecutor

    def fetch(_: int) -> None:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=300):
            pass

    with ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(fetch, range(48)))


def _run_locust(
    env: dict[str, str], args: argparse.Namespace, scratch: Path, people: int, csv_prefix: Path
) -> None:
    # Every person is spawned within seconds and waits for their own start in the window; the run
    # ends when the last is done, or at the window plus a margin whatever happens.
    limit = int(args.window * 2 + 120)
    command = [
        str(BIN / "locust"),
        "-f",
        str(Path(__file__).with_name("locustfile.py")),
        "--headless",
        "--host",
        f"http://127.0.0.1:{args.port}",
        "-u",
        str(people),
        "-r",
        str(min(people, 100)),  # locust's advice; each user then waits for its own start
        "--run-time",
        f"{limit}s",
        "--stop-timeout",
        "30",
        "--csv",
        str(csv_prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    locust_env = {
        **os.environ,
        **env,
        "PYTHONPATH": str(ROOT),
        "LOAD_SETUP": str(scratch / "setup.json"),
        "LOAD_LOG": str(scratch / "saves.jsonl"),
        "LOAD_WINDOW": str(args.window),
    }
    print(f"locust: {people} users, window {args.window:.0f} s, at most {limit} s", flush=True)
    # Its exit status says whether a request failed; the report says which, so it is not used.
    subprocess.run(command, cwd=ROOT, env=locust_env, check=False)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _report(
    setup: dict[str, Any], scratch: Path, csv_prefix: Path, people: int, seconds: float
) -> int:
    from bench.harness import database_label, machine
    from bench.load.check import database_checks, locust_figures, verdict
    from bench.load.cost import request_costs

    figures, rows = locust_figures(csv_prefix)
    database = database_checks(setup, scratch / "saves.jsonl")
    costs = request_costs(setup, setup["spare"])
    print(f"\n== load at the deadline: {machine()}, {database_label()}")
    print(f"run: {seconds:.0f} s for {people} people")
    print(f"{'request':<18} {'count':>6} {'fail':>5} {'median':>7} {'p95':>7} {'p99':>7} max")
    for row in rows:
        print(
            f"{row['Name']:<18} {row['Request Count']:>6} {row['Failure Count']:>5} "
            f"{row['50%']:>7} {row['95%']:>7} {row['99%']:>7} "
            f"{float(row['Max Response Time']):>7.0f}"
        )
    for name, value in (figures | database | costs).items():
        print(f"{name}: {value}")
    failures = csv_prefix.parent / f"{csv_prefix.name}_failures.csv"
    if failures.exists() and len(failures.read_text().splitlines()) > 1:
        print("failures:\n" + failures.read_text())
    problems = verdict(figures, database, people)
    print("GOAL MET" if not problems else "GOAL NOT MET: " + "; ".join(problems))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
