"""`tipmonitor check --deploy` is clean for a production configuration (HTTPS, a long secret,
no DEBUG): HSTS, secure cookies, SSL redirect and the rest are on (ASVS 9.1, 3.4, 14.3)."""

import os
import secrets
import subprocess
import sys

from django.conf import settings


def _check_deploy(tmp_path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith("TIPMONITOR_")
    }
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": "tipmonitor.settings",
            "DATABASE_URL": "",
            "TIPMONITOR_VAR_DIR": str(tmp_path),
            "TIPMONITOR_SECRET_KEY": secrets.token_urlsafe(64),
            "TIPMONITOR_ALLOWED_HOSTS": "tip.example.org",
            **env,
        }
    )
    return subprocess.run(
        [sys.executable, "-m", "tipmonitor.cli", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_it_is_clean_in_production(tmp_path):
    result = _check_deploy(tmp_path, TIPMONITOR_HTTPS="1", TIPMONITOR_DEBUG="0")

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_it_warns_when_https_is_off(tmp_path):
    """The check above can fail: without TIPMONITOR_HTTPS the same check warns."""
    result = _check_deploy(tmp_path, TIPMONITOR_HTTPS="0")

    assert result.returncode != 0
    assert "security.W004" in result.stderr  # no HSTS
    assert "security.W012" in result.stderr  # session cookie not secure


def test_it_warns_when_debug_is_on(tmp_path):
    result = _check_deploy(tmp_path, TIPMONITOR_HTTPS="1", TIPMONITOR_DEBUG="1")

    assert result.returncode != 0
    assert "security.W018" in result.stderr


def test_it_refuses_to_start_in_production_with_a_weak_secret_key(tmp_path):
    """Issue 10 #13: not only a warning; the process stops before serving anything."""
    for weak in ["short-key", "django-insecure-" + "x1y2z3w4v5" * 6, "a" * 60]:
        result = _check_deploy(
            tmp_path, TIPMONITOR_HTTPS="1", TIPMONITOR_DEBUG="0", TIPMONITOR_SECRET_KEY=weak
        )

        assert result.returncode != 0, weak
        assert "TIPMONITOR_SECRET_KEY is too weak" in result.stderr, weak


def test_it_lets_a_development_instance_start_with_a_weak_key(tmp_path):
    result = _check_deploy(tmp_path, TIPMONITOR_DEBUG="1", TIPMONITOR_SECRET_KEY="short-key")

    assert "too weak" not in result.stderr
