"""What the production test needs around the application: a fresh PostgreSQL database, the
environment an instance runs with (deploy/tipmonitor.env.example's choices), and processes
(gunicorn, the worker, nginx) started and always stopped again."""

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PORTS = range(8130, 8140)  # this test's own ports (and nginx's 8443)
NGINX_PORT = 8443


def postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if urlsplit(url).scheme in ("postgres", "postgresql", "pgsql") else None


@contextlib.contextmanager
def fresh_database(server_url: str, name: str) -> Iterator[str]:
    """A new, empty database `name` on the server of `server_url`; dropped afterwards."""
    admin = _with_database(server_url, "postgres")
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _with_database(server_url, name)
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))


def production_env(*, database_url: str, var_dir: Path, hosts: str, site_url: str) -> dict:
    """The environment of a production instance: no debug, a strong secret, 2FA on, the
    database worker's queue; HTTPS on (nginx in front) or off (gunicorn reached directly)."""
    env = {key: os.environ[key] for key in ("PATH", "HOME", "LANG", "TZ") if key in os.environ}
    return env | {
        "DJANGO_SETTINGS_MODULE": "tipmonitor.settings",
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": database_url,
        "TIPMONITOR_DEBUG": "0",
        "TIPMONITOR_SECRET_KEY": secrets.token_urlsafe(50),
        "TIPMONITOR_VAR_DIR": str(var_dir),
        "TIPMONITOR_ALLOWED_HOSTS": hosts,
        "TIPMONITOR_SITE_URL": site_url,
        "TIPMONITOR_HTTPS": "1" if site_url.startswith("https:") else "0",
        "TIPMONITOR_CLIENT_IP_HEADER": "HTTP_X_REAL_IP",
        "TIPMONITOR_REQUIRE_2FA": "1",
        "TIPMONITOR_TASKS": "database",
        "TIPMONITOR_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "TIPMONITOR_HOME_COUNTRY": "ARM",
        "TIPMONITOR_WEB_WORKERS": "2",
        "TIPMONITOR_DUCKDB_MEMORY": "1GB",
    }


def tipmonitor(env: dict, *args: str, stdin: str | None = None, timeout: int = 600) -> str:
    """Run a `tipmonitor` command as an administrator would; its output, or a failure."""
    done = subprocess.run(
        [str(BIN / "tipmonitor"), *args],
        env=env,
        cwd=env["TIPMONITOR_VAR_DIR"],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, f"tipmonitor {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def free_port() -> int:
    for port in PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 8130-8139")


def wait_for_port(port: int, processes: Sequence[subprocess.Popen], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for process in processes:
            if process.poll() is not None:
                raise RuntimeError(f"{process.args!r} exited with {process.returncode}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"nothing listens on port {port} after {seconds} s")


@contextlib.contextmanager
def running(args: Sequence[str], env: dict, log: Path) -> Iterator[subprocess.Popen]:
    """A process in its own group, its output in `log`; stopped (and its children) at the end."""
    with log.open("w") as output:
        process = subprocess.Popen(
            list(args),
            env=env,
            cwd=env.get("TIPMONITOR_VAR_DIR", str(ROOT)),
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            yield process
        finally:
            _stop(process)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)
