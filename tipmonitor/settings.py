"""The one settings file. Everything that differs between deployments is read from the
environment through `tipmonitor.lib.env`, which refuses values it cannot understand."""

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

from tipmonitor.lib import compat
from tipmonitor.lib.env import (
    env_bool,
    env_int,
    env_list,
    env_str,
    optional_secret,
    refuse_weak_secret,
    secret_from_env_or_file,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("TIPMONITOR_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("TIPMONITOR_DEBUG", default=False)
SECRET_KEY = secret_from_env_or_file("TIPMONITOR_SECRET_KEY", VAR_DIR / "secret_key")
if not DEBUG:
    # Production refuses to start with a key one could guess (sessions, CSRF and password
    # reset tokens are signed with it), rather than only warning in `check --deploy`.
    refuse_weak_secret("TIPMONITOR_SECRET_KEY", SECRET_KEY)
# The HMAC key of case-record linkage keys (docs/cases.md). Separate from SECRET_KEY so that
# rotating sessions' key does not unlink every person; losing it means re-importing.
LINKAGE_KEY = secret_from_env_or_file("TIPMONITOR_LINKAGE_KEY", VAR_DIR / "linkage_key")
# The country whose citizens count as "national" in case statistics (ISO 3166 alpha-3, e.g.
# ARM); empty until set, and then nobody does (docs/disclosure.md).
CASES_HOME_COUNTRY = env_str("TIPMONITOR_HOME_COUNTRY", "").upper()
# Where `link-cases --engine spark` runs (docs/cases.md, "Beyond one machine"): a Spark master
# URL, "local[*]" (this machine, every core) unless set, e.g. spark://host:7077 for a cluster;
# and the partitions its shuffles use (a few per core of the cluster).
LINKAGE_SPARK_MASTER = env_str("TIPMONITOR_SPARK_MASTER", "local[*]")
LINKAGE_SPARK_PARTITIONS = env_int("TIPMONITOR_SPARK_PARTITIONS", 8)
# Backups are encrypted with this key when one is set: the variable, or the file that
# TIPMONITOR_BACKUP_KEY_FILE names. Never generated here: a key kept only beside the database
# is lost with it (docs/operations.md).
BACKUP_KEY = optional_secret("TIPMONITOR_BACKUP_KEY", "TIPMONITOR_BACKUP_KEY_FILE")
# Case records are purged this many years after a person's last identification (the guide:
# personal data "limited to the absolute necessary minimum"; docs/operations.md, "Retention").
CASE_RETENTION_YEARS = env_int("TIPMONITOR_CASE_RETENTION_YEARS", 5)
ALLOWED_HOSTS = env_list("TIPMONITOR_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
# Behind TLS (every real deployment) cookies and redirects must be secure; `tipmonitor check
# --deploy` is clean with TIPMONITOR_HTTPS=1.
HTTPS = env_bool("TIPMONITOR_HTTPS", default=False)

INSTALLED_APPS = [
    "accounts.apps.AdminConfig",  # Django's admin, open to administrators only
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "ninja",  # only for its static Swagger UI, so the API docs need no CDN (CSP: 'self')
    *compat.extra_apps(),
    "django_tasks_db",  # the queue of background jobs, run by `tipmonitor worker`
    "tipmonitor",
    "accounts",
    "agencies",
    "jobs",
    "plans",
    "reporting",
    "progress",
    "exchange",
    "documents",
    "public",
    "cases",
    "coordination",
]

_CSP = compat.csp_settings(
    {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
)
globals().update({key: value for key, value in _CSP.items() if key != "MIDDLEWARE"})

# The header-setting middleware come first, so that answers made by later middleware (the
# API's 401 from SecondFactorMiddleware) carry the same protective headers as every page.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    str(_CSP["MIDDLEWARE"]),
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "tipmonitor.middleware.NoStoreMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SessionLifetimeMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]

ROOT_URLCONF = "tipmonitor.urls"
WSGI_APPLICATION = "tipmonitor.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tipmonitor.context_processors.roles",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        # An empty DATABASE_URL means the same as none: the embedded SQLite file.
        env_str("DATABASE_URL", "") or f"sqlite:///{VAR_DIR / 'tipmonitor.sqlite3'}",
        conn_max_age=env_int("TIPMONITOR_DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed while an import writes; IMMEDIATE avoids upgrade deadlocks.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"  # each role's own work (tipmonitor/views.py)
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# ASVS 3.3: short idle sessions; every request extends the window, closing the browser ends it.
SESSION_COOKIE_AGE = env_int("TIPMONITOR_SESSION_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# ...and however busy, a session ends this long after sign-in (accounts.middleware).
SESSION_MAX_AGE = env_int("TIPMONITOR_SESSION_MAX_HOURS", 12) * 3600
SESSION_COOKIE_HTTPONLY = True
# No script reads the CSRF cookie: forms and htmx send the token from the page's own form.
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# ASVS 2.2: after this many failed logins for one account, it is locked for the window.
LOGIN_LOCKOUT_ATTEMPTS = env_int("TIPMONITOR_LOCKOUT_ATTEMPTS", 5)
LOGIN_LOCKOUT_MINUTES = env_int("TIPMONITOR_LOCKOUT_MINUTES", 15)
# ...and after this many from one address, whatever names were typed (password spraying).
LOGIN_LOCKOUT_IP_ATTEMPTS = env_int("TIPMONITOR_LOCKOUT_IP_ATTEMPTS", 20)
# Where the client's address is: REMOTE_ADDR when clients connect directly; behind a reverse
# proxy the header it sets (HTTP_X_REAL_IP), or every user would share the proxy's address.
LOGIN_CLIENT_IP_HEADER = env_str("TIPMONITOR_CLIENT_IP_HEADER", "REMOTE_ADDR")
# ASVS 2.7: a second factor (TOTP) for every login; only a local demo may switch it off.
REQUIRE_SECOND_FACTOR = env_bool("TIPMONITOR_REQUIRE_2FA", default=True)
OTP_TOTP_ISSUER = "TIP Monitor"
# ASVS 2.7.1: the first authenticator is enrolled only with a one-time activation code given
# with the account (add-user, reset-2fa) or an invitation link; it expires after this long.
ACTIVATION_CODE_HOURS = env_int("TIPMONITOR_ACTIVATION_HOURS", 72)

SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
# ASVS 3.3.1/3.3.3: with HTTPS the "__Host-" prefix makes browsers keep the cookies only if
# Secure, for Path=/ and without Domain (Django's default path and domain), so no subdomain or
# plain-HTTP page can set or shadow them.
SESSION_COOKIE_NAME = "__Host-sessionid" if HTTPS else "sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken" if HTTPS else "csrftoken"
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_TRUSTED_ORIGINS = env_list("TIPMONITOR_CSRF_TRUSTED_ORIGINS", [])

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("hy", _("Armenian")), ("ru", _("Russian"))]
LOCALE_PATHS = [BASE_DIR / "tipmonitor" / "locale"]
USE_I18N = True
TIME_ZONE = env_str("TIPMONITOR_TIME_ZONE", "UTC")
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
# collectstatic compresses each file (gzip, brotli); the vendored libraries' source maps, read
# only by a developer's browser tools, took two thirds of its time. They are served as they are.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map"]

# Uploaded workbooks are read in memory and never written to disk (DATA_UPLOAD_* guard size).
FILE_UPLOAD_HANDLERS = ["django.core.files.uploadhandler.MemoryFileUploadHandler"]
WORKBOOK_MAX_BYTES = env_int("TIPMONITOR_WORKBOOK_MAX_MB", 20) * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = WORKBOOK_MAX_BYTES + 1024 * 1024
# A data values file with more rows than this is imported by the worker (the page shows the
# job) instead of in the request; 0 sends every file to the worker.
IMPORT_IN_WORKER_ROWS = env_int("TIPMONITOR_IMPORT_IN_WORKER_ROWS", 5000)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Files the app keeps (an action's evidence, coordination): under var/ and never served as
# they are; each is downloaded through a page that asks who may (coordination:action_evidence).
MEDIA_ROOT = Path(env_str("TIPMONITOR_MEDIA_DIR", str(VAR_DIR / "media")))

# A development instance prints mail on the console; a real one hands it to an SMTP server.
_MAIL_BACKEND = "console" if DEBUG else "smtp"
globals().update(
    compat.mail_settings(
        env_str(
            "TIPMONITOR_EMAIL_BACKEND", f"django.core.mail.backends.{_MAIL_BACKEND}.EmailBackend"
        )
    )
)
DEFAULT_FROM_EMAIL = env_str("TIPMONITOR_FROM_EMAIL", "tipmonitor@localhost")
# The address people open the site at; e-mails (reminders) link to it.
TIPMONITOR_SITE_URL = env_str("TIPMONITOR_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Reminders of the actions meetings pass (docs/reminders.md): to the owner this many days
# before the due date, and this many days after it while the action is still open.
TIPMONITOR_ACTION_REMINDER_DAYS_BEFORE = env_int("TIPMONITOR_ACTION_REMINDER_DAYS_BEFORE", 5)
TIPMONITOR_ACTION_REMINDER_DAYS_AFTER = env_int("TIPMONITOR_ACTION_REMINDER_DAYS_AFTER", 3)

# Background jobs (docs/worker.md): "database" queues them in a table that `tipmonitor worker`
# runs; "immediate" runs each at once in the process that queued it (no worker; the tests).
globals().update(compat.tasks_settings(env_str("TIPMONITOR_TASKS", "database")))
# A job still "running" this long after it started lost its worker (killed, out of memory):
# the scheduler marks it failed so that the coordinator may retry it (docs/worker.md).
JOB_STALL_HOURS = env_int("TIPMONITOR_JOB_STALL_HOURS", 6)
# What the worker starts by itself, each day at "at" (HH:MM, TIME_ZONE): name -> entry, each
# entry a job function (jobs.schedule). TIPMONITOR_SCHEDULE_OFF=linkage,retention turns
# entries off (e.g. where cron runs them instead).
TIPMONITOR_SCHEDULE = {
    "reminders": {
        "function": "reporting.jobs.send_reminders_due",
        "at": "06:00",
        "title": _("Reminders due today"),
    },
    "action-reminders": {
        "function": "coordination.jobs.send_action_reminders_due",
        "at": "06:10",
        "title": _("Action reminders due today"),
    },
    "linkage": {
        "function": "cases.jobs.relink_all",
        "at": "02:00",
        "title": _("Nightly linkage of case records"),
    },
    "retention": {
        "function": "cases.jobs.purge_expired",
        "at": "03:00",
        "title": _("Deletion of expired case records"),
    },
}
TIPMONITOR_SCHEDULE_OFF = env_list("TIPMONITOR_SCHEDULE_OFF", [])

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("TIPMONITOR_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
