"""deploy/tipmonitor.env.example is the environment docs/deploy.md tells an IT unit to use:
with it (read by a shell as the tipmonitor-run wrapper reads it) `tipmonitor check --deploy`
has nothing to say, and it names every TIPMONITOR_* variable the application reads."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "deploy" / "tipmonitor.env.example"
TIPMONITOR = Path(sys.executable).parent / "tipmonitor"
# Where settings are read: the project, its apps and the gunicorn configuration.
READERS = [
    "tipmonitor",
    "accounts",
    "agencies",
    "jobs",
    "plans",
    "reporting",
    "progress",
    "documents",
    "public",
    "cases",
    "deploy",
]


# A quoted TIPMONITOR_ name, except a Django setting of that name (getattr(settings, "…")).
ENV_NAME = re.compile(r"(?<!settings, )[\"'](TIPMONITOR_[A-Z0-9_]+)[\"']")


def run_with_example(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    # A clean environment, the example sourced by sh as the wrapper does; only the instance's
    # folder moves into the test's own (the example's /var/lib/tipmonitor is a real server's).
    script = 'set -a; . "$1"; set +a; TIPMONITOR_VAR_DIR="$2"; shift 2; exec "$@"'
    return subprocess.run(
        ["/bin/sh", "-c", script, "sh", str(EXAMPLE), str(tmp_path), str(TIPMONITOR), *args],
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_it_passes_check_deploy_with_the_documented_environment(tmp_path):
    done = run_with_example(tmp_path, "check", "--deploy", "--fail-level", "WARNING")

    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout
    # The keys were made in the instance's folder, readable by its user only.
    for name in ("secret_key", "linkage_key"):
        assert (tmp_path / name).stat().st_mode & 0o077 == 0


def test_it_refuses_the_documented_environment_with_a_typo(tmp_path):
    example = tmp_path / "typo.env"
    example.write_text(EXAMPLE.read_text().replace("TIPMONITOR_HTTPS=1", "TIPMONITOR_HTTPS=ture"))
    script = 'set -a; . "$1"; set +a; TIPMONITOR_VAR_DIR="$2"; shift 2; exec "$@"'

    done = subprocess.run(
        ["/bin/sh", "-c", script, "sh", str(example), str(tmp_path), str(TIPMONITOR), "check"],
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    assert done.returncode != 0
    assert "TIPMONITOR_HTTPS='ture' is not a boolean" in done.stderr


def test_it_lists_every_setting_the_application_reads():
    documented = set(re.findall(r"^#?(TIPMONITOR_[A-Z0-9_]+)=", EXAMPLE.read_text(), re.M))
    read = set()
    for folder in READERS:
        for path in (ROOT / folder).rglob("*.py"):
            if "migrations" not in path.parts:
                read |= set(ENV_NAME.findall(path.read_text()))

    assert read - documented == set(), "add these to deploy/tipmonitor.env.example"
    assert documented - read == set(), "deploy/tipmonitor.env.example names unknown settings"
