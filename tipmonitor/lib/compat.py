"""The places where Django 6.x (Python >= 3.12) and Django 5.2 LTS (Python 3.11) differ.

Django 6 has Content Security Policy and background Tasks built in; on 5.2 the same come from
django-csp and the django-tasks backport, whose task API is Django 6's own. Everything else in
the code base is written once. Delete this module when Python 3.11 is no longer supported.
"""

import django
from django.core.exceptions import ImproperlyConfigured

DJANGO_6 = django.VERSION >= (6, 0)


def csp_settings(policy: dict[str, list[str]]) -> dict[str, object]:
    """Settings and middleware that enforce `policy` on every response."""
    if DJANGO_6:
        return {
            "SECURE_CSP": policy,
            "MIDDLEWARE": "django.middleware.csp.ContentSecurityPolicyMiddleware",
        }
    return {
        "CONTENT_SECURITY_POLICY": {"DIRECTIVES": policy},
        "MIDDLEWARE": "csp.middleware.CSPMiddleware",
    }


TASK_BACKENDS = ("database", "immediate")


def tasks_settings(backend: str = "database") -> dict[str, object]:
    """The TASKS setting for `backend`: "database" (django-tasks-db: the queue is a table, a
    `tipmonitor worker` process runs it; docs/worker.md) or "immediate" (in-process, at
    enqueue time: the test suite, and a deployment without a worker)."""
    if backend == "database":
        return {"TASKS": {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}}
    if backend == "immediate":
        prefix = "django.tasks" if DJANGO_6 else "django_tasks"
        return {"TASKS": {"default": {"BACKEND": f"{prefix}.backends.immediate.ImmediateBackend"}}}
    choices = ", ".join(TASK_BACKENDS)
    raise ImproperlyConfigured(
        f"TIPMONITOR_TASKS={backend!r} is not a task backend; use one of {choices}."
    )


def mail_settings(backend: str) -> dict[str, object]:
    """Django 6.1 replaces EMAIL_BACKEND (deprecated) with MAILERS; 5.2 knows only the former."""
    if django.VERSION >= (6, 1):
        return {"MAILERS": {"default": {"BACKEND": backend}}}
    return {"EMAIL_BACKEND": backend}


if DJANGO_6:
    from django.tasks import task
else:  # the django-tasks backport's decorator, with Django 6's signature
    from django_tasks import task  # type: ignore[no-redef, unused-ignore]

__all__ = [
    "DJANGO_6",
    "TASK_BACKENDS",
    "csp_settings",
    "extra_apps",
    "mail_settings",
    "task",
    "tasks_settings",
]


def extra_apps() -> list[str]:
    return [] if DJANGO_6 else ["csp", "django_tasks"]
