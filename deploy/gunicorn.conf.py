"""Gunicorn's settings for TIP Monitor (docs/deploy.md). Start it as

    gunicorn --config deploy/gunicorn.conf.py tipmonitor.wsgi

behind nginx (deploy/nginx.conf), which terminates TLS, buffers slow clients and sets the
X-Forwarded-Proto and X-Real-IP headers. Every value may be changed through the environment
(the same file as the application's, deploy/tipmonitor.env.example) without editing this one.
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise SystemExit(f"{name}={raw!r} is not a whole number.") from None


# Only nginx on the same machine talks to gunicorn: never listen on a public address.
bind = os.environ.get("TIPMONITOR_BIND", "127.0.0.1:8001")

# Sync workers: each serves one request at a time, and nginx buffers the slow clients, so the
# rule of thumb is two per core plus one. Each takes about 150-250 MB (docs/deploy.md).
workers = _int("TIPMONITOR_WEB_WORKERS", 2 * multiprocessing.cpu_count() + 1)
worker_class = "sync"

# Long work (documents, linkage) goes to the worker (`tipmonitor worker`); what stays in a
# request is at most a workbook or case file import, which this bounds. Keep nginx's
# proxy_read_timeout at least as long.
timeout = _int("TIPMONITOR_WEB_TIMEOUT", 120)
# On restart (an upgrade), requests under way get this long to finish.
graceful_timeout = _int("TIPMONITOR_WEB_GRACEFUL_TIMEOUT", 30)
keepalive = 5

# A worker is replaced after this many requests (jittered so they do not all restart at once):
# whatever memory a big import left behind is given back.
max_requests = _int("TIPMONITOR_WEB_MAX_REQUESTS", 1000)
max_requests_jitter = max_requests // 10

# Heartbeat files in memory, not on a disk that may stall (gunicorn's own advice).
SHARED_MEMORY = "/dev/shm"  # noqa: S108 (a folder of the system's, not a file name to guess)
worker_tmp_dir = SHARED_MEMORY if os.path.isdir(SHARED_MEMORY) else None

# X-Forwarded-* is believed only from the proxy on this machine.
forwarded_allow_ips = os.environ.get("TIPMONITOR_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Logs go to standard error, so systemd's journal keeps them (journalctl -u tipmonitor-web).
# The access log records the path without its query string (%(U)s, not %(r)s): search terms
# and tokens in a query never reach the log. X-Real-IP is the client nginx saw.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("TIPMONITOR_WEB_LOG_LEVEL", "info")
access_log_format = '%({x-real-ip}i)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'

proc_name = "tipmonitor-web"
# systemd starts, reloads and stops gunicorn; its control socket (gunicornc, in the service
# user's home by default, which the unit keeps read-only) is not needed.
control_socket_disable = True
