"""What every benchmark that needs Django shares: a throwaway database's settings, a client
signed in past the second factor, timing a call, and the machine and database the figures were
measured on (docs/performance.md records them beside every figure)."""

import os
import platform
import statistics
import time
from pathlib import Path
from typing import Any

# How many timed calls `timings` makes (after one warm-up).
RENDERS = 20


def django_setup(scratch: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tipmonitor.settings")
    os.environ.setdefault("TIPMONITOR_VAR_DIR", str(scratch))
    import django
    from django.conf import settings

    django.setup()
    # Another benchmark run before in the same process may have set Django up with its own,
    # since removed, scratch directory; WhiteNoise warns when STATIC_ROOT is missing.
    settings.STATIC_ROOT = scratch / "static"
    settings.STATIC_ROOT.mkdir()
    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = (
        str(scratch / "bench.sqlite3")
        if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")
        else "test_bench_reporting"
    )
    # Pages render without `collectstatic` (as in the tests): the manifest lookup a deployment
    # does instead is a dictionary lookup and costs nothing measurable.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def signed_in_client(user: Any) -> Any:
    """A client signed in as `user`, past the second factor, as tests/conftest.py makes one."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="default", defaults={"confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def timings(call: Any, renders: int = RENDERS) -> tuple[list[float], int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call()  # warm caches (templates, translations, the connection) as a running server has them
    times = []
    for _ in range(renders):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        call()
    return times, len(queries)


def summary(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return round(statistics.median(ordered), 1), round(p95, 1)


def peak_rss_mb() -> float | None:
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return None


def database_label() -> str:
    from django.db import connection

    if connection.vendor == "postgresql":
        version: int = getattr(connection, "pg_version", 0)
        return f"PostgreSQL {version // 10000}.{version % 10000}"
    import sqlite3

    return f"SQLite {sqlite3.sqlite_version}"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} × {cpu}, Python {platform.python_version()}"
