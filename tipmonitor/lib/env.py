"""Read settings from the environment, failing loudly on values that cannot be right.

Every setting that varies between deployments comes through these helpers, so a typo in
`TIPMONITOR_DEBUG=ture` stops the process at start instead of silently meaning "false".
"""

import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"Set the environment variable {name}.")
    return value


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    if raw.strip().lower() in _TRUE:
        return True
    if raw.strip().lower() in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean; use 1/0, true/false, yes/no.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def secret_from_env_or_file(name: str, path: Path) -> str:
    """The secret named by `name`, else the one kept in `path`, made on first use.

    Keeping a generated key in the instance's var/ folder means no secret is ever in the code
    and a fresh checkout still starts; a deployment may set the variable instead.
    """
    if value := os.environ.get(name):
        return value
    if path.exists():
        value = path.read_text().strip()
        if not value:
            raise ImproperlyConfigured(f"{path} is empty; delete it or set {name}.")
        return value
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(50)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(value)
    return value


def optional_secret(name: str, file_variable: str) -> str:
    """The secret in the variable `name`, else the one in the file the variable
    `file_variable` names, else "" (none set). Never made up: a key that only this machine
    holds would protect nothing it is meant for (a backup key lost with the server)."""
    if value := os.environ.get(name):
        return value
    if not (path := os.environ.get(file_variable)):
        return ""
    try:
        value = Path(path).read_text().strip()
    except OSError as error:
        raise ImproperlyConfigured(f"{file_variable}={path}: {error.strerror}.") from None
    if not value:
        raise ImproperlyConfigured(f"{file_variable}={path}: the file is empty.")
    return value


# What Django's `check --deploy` calls a weak key (security.W009), plus keys copied from
# examples: shorter than 50 characters, fewer than 5 different ones, Django's insecure prefix.
MIN_SECRET_LENGTH = 50
MIN_SECRET_UNIQUE = 5
KNOWN_BAD_SECRET_PREFIXES = ("django-insecure-", "changeme", "change-me", "secret")


def refuse_weak_secret(name: str, value: str) -> None:
    """Stop the process when `value`, the secret named `name`, could be guessed."""
    weak = (
        len(value) < MIN_SECRET_LENGTH
        or len(set(value)) < MIN_SECRET_UNIQUE
        or value.lower().startswith(KNOWN_BAD_SECRET_PREFIXES)
    )
    if weak:
        raise ImproperlyConfigured(
            f"{name} is too weak for production: use at least {MIN_SECRET_LENGTH} random "
            f"characters (python -c 'import secrets; print(secrets.token_urlsafe(50))'), or "
            f"unset it to have one made in the var folder."
        )
